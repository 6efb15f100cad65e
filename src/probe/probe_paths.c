/*
 * probe_paths.c - which of some paths hold files: the directories whose
 * presence tells what a machine is for (`stortune recommend`).  The paths
 * come from the caller (the profiles' `recognize` keys), so this is not in
 * the registry of probes that every run makes.
 */
#include <stdlib.h>

#include "st_probe.h"
#include "st_util.h"

char **st_probe_paths(struct st_path *pc, char *const *paths)
{
	char **found = NULL;

	for (size_t i = 0; paths && paths[i]; i++) {
		char **names = NULL;

		/* rooted: "/var/lib/mysql" is <root>/var/lib/mysql */
		if (st_path_list_dirf(pc, &names, "%s", paths[i] + 1) == 0 && names && names[0])
			st_strv_push(&found, paths[i]);
		st_strv_free(names);
	}
	return found;
}
