/*
 * remount.c - owns changing a live mount's options: `apply --remount` and
 * the revert of it.  libmount does what `mount -o remount,OPTION TARGET`
 * does: it takes the mount's current options from fstab or mountinfo, adds
 * ours, and calls mount(2) with MS_REMOUNT, so nosuid, ro and the rest are
 * kept.  fstab itself is never edited.
 */
#include <errno.h>
#include <libmount.h>
#include <stdlib.h>
#include <string.h>

#include "st_log.h"
#include "st_mount.h"
#include "st_util.h"

int st_remount(const char *target, const char *option)
{
	struct libmnt_context *cxt = mnt_new_context();
	char *opts = st_xasprintf("remount,%s", option);
	int rc;

	if (!cxt) {
		free(opts);
		return -ENOMEM;
	}
	rc = mnt_context_set_target(cxt, target);
	if (rc == 0)
		rc = mnt_context_set_options(cxt, opts);
	if (rc == 0)
		rc = mnt_context_mount(cxt);
	if (rc == 0 && mnt_context_get_status(cxt) != 1)
		rc = -EIO;
	if (rc > 0) {
		/* a mount(2) failure: libmount keeps its errno */
		int err = mnt_context_get_syscall_errno(cxt);

		rc = err ? -err : -EIO;
	}
	st_debug("remount %s -o %s: %s", target, opts, rc ? strerror(-rc) : "ok");
	mnt_free_context(cxt);
	free(opts);
	return rc;
}
