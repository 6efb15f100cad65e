/*
 * probe_system.c - owns the machine-wide facts: the vm writeback sysctls
 * (st_vm_attrs), MemTotal, the number of online CPUs, the module parameters
 * stortune advises on (nvme_core's io_timeout), and whether the machine is
 * virtualized (the "hypervisor" CPU flag, the DMI vendor, /sys/hypervisor).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "st_attr.h"
#include "st_log.h"
#include "st_probe.h"
#include "st_util.h"

static void read_vm(struct st_probe_ctx *ctx)
{
	if (st_path_existsf(ctx->pc, "proc/sys/vm") < 0) {
		char *disp = st_path_display(ctx->pc, "proc/sys/vm");

		st_warn("%s: missing; writeback settings unknown", disp);
		free(disp);
		return;
	}
	for (size_t i = 0; i < st_vm_attrs.n; i++) {
		const struct st_attr *a = &st_vm_attrs.v[i];

		st_probe_u64(ctx, st_attr_field(&ctx->sys->vm, a), a->max, "%s",
			     a->path);
	}
}

/* One "Key:   123 kB" line of meminfo, in bytes: 0, -ENOENT (no such
 * line), or -EINVAL. */
static int meminfo_value(const char *buf, const char *key, uint64_t *bytes)
{
	size_t klen = strlen(key);
	const char *line = buf;
	char num[32];
	uint64_t kb;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (len > klen && strncmp(line, key, klen) == 0 && line[klen] == ':') {
			const char *p = line + klen + 1;
			size_t n = len - klen - 1;

			if (n >= sizeof(num))
				return -EINVAL;
			memcpy(num, p, n);
			num[n] = '\0';
			if (st_endswith(num, "kB"))
				num[strlen(num) - 2] = '\0';
			if (st_parse_u64(num, &kb) < 0 || kb > UINT64_MAX / 1024)
				return -EINVAL;
			*bytes = kb * 1024;
			return 0;
		}
		line = end ? end + 1 : NULL;
	}
	return -ENOENT;
}

static void read_meminfo(struct st_probe_ctx *ctx)
{
	char *buf = NULL;
	int rc;

	rc = st_path_read_stringf(ctx->pc, &buf, "proc/meminfo");
	if (rc < 0) {
		char *disp = st_path_display(ctx->pc, "proc/meminfo");

		if (rc == -ENOENT)
			st_warn("%s: missing; memory size unknown", disp);
		free(disp);
		return;
	}
	rc = meminfo_value(buf, "MemTotal", &ctx->sys->mem_total);
	if (rc == -ENOENT)
		st_path_warn_value(ctx->pc, "proc/meminfo", "no MemTotal line");
	else if (rc < 0)
		st_path_warn_value(ctx->pc, "proc/meminfo", "unparsable MemTotal line");
	/* optional: kernels before 3.14 have no MemAvailable */
	if (meminfo_value(buf, "MemAvailable", &ctx->sys->mem_available) == -EINVAL)
		st_path_warn_value(ctx->pc, "proc/meminfo", "unparsable MemAvailable line");
	free(buf);
}

/* "0-3,8-11" -> 8.  Returns -EINVAL on anything else. */
static int count_cpu_list(const char *s, uint64_t *n)
{
	uint64_t total = 0;
	const char *p = s;

	while (*p) {
		char *end;
		unsigned long a = strtoul(p, &end, 10), b;

		if (end == p)
			return -EINVAL;
		b = a;
		p = end;
		if (*p == '-') {
			b = strtoul(p + 1, &end, 10);
			if (end == p + 1 || b < a)
				return -EINVAL;
			p = end;
		}
		total += b - a + 1;
		if (*p == ',')
			p++;
		else if (*p)
			return -EINVAL;
	}
	if (!total)
		return -EINVAL;
	*n = total;
	return 0;
}

static char *cpuinfo_flags(const char *cpuinfo)
{
	const char *p = cpuinfo;

	/* x86 says "flags", arm64 "Features"; the first CPU is enough */
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		if ((st_startswith(p, "flags") || st_startswith(p, "Features")) &&
		    memchr(p, ':', len)) {
			const char *colon = memchr(p, ':', len);

			return st_xstrndup(colon + 1, len - (size_t)(colon + 1 - p));
		}
		p = eol ? eol + 1 : NULL;
	}
	return NULL;
}

static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n) {
		bool start = p == list || isspace((unsigned char)p[-1]);
		bool end = !p[n] || isspace((unsigned char)p[n]);

		if (start && end)
			return true;
	}
	return false;
}

static void read_cpus(struct st_probe_ctx *ctx, const char *cpuinfo)
{
	char *online = NULL;

	if (st_path_read_stringf(ctx->pc, &online, "sys/devices/system/cpu/online") == 0) {
		if (count_cpu_list(online, &ctx->sys->cpus) < 0)
			st_path_warn_value(ctx->pc, "sys/devices/system/cpu/online",
					   "not a CPU list: \"%.32s\"", online);
		free(online);
		if (ctx->sys->cpus != ST_UNKNOWN)
			return;
	}
	/* fall back to counting "processor" lines */
	if (cpuinfo) {
		uint64_t n = 0;

		for (const char *p = cpuinfo; p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
			if (st_startswith(p, "processor") && strchr(" \t:", p[9]))
				n++;
		if (n)
			ctx->sys->cpus = n;
	}
}

/* DMI sys_vendor strings of hypervisors and clouds, to a short name. */
static const struct {
	const char *vendor;
	const char *name;
} dmi_hypervisors[] = {
	{ "QEMU", "kvm" },          { "Red Hat", "kvm" },        { "oVirt", "kvm" },
	{ "Nutanix", "kvm" },       { "Amazon EC2", "amazon" },  { "Google", "google" },
	{ "Microsoft Corporation", "hyperv" },                   { "VMware", "vmware" },
	{ "Xen", "xen" },           { "innotek GmbH", "virtualbox" },
	{ "Parallels", "parallels" }, { "OpenStack", "kvm" },    { "DigitalOcean", "kvm" },
	{ "Hetzner", "kvm" },       { "Alibaba Cloud", "kvm" },  { "Oracle Corporation", NULL },
};

static void read_virt(struct st_probe_ctx *ctx, const char *cpuinfo)
{
	struct st_virt *v = &ctx->sys->virt;
	char *flags = cpuinfo ? cpuinfo_flags(cpuinfo) : NULL, *xen = NULL;

	if (flags)
		v->hypervisor_flag = has_word(flags, "hypervisor");
	free(flags);
	st_probe_str(ctx, &v->dmi_vendor, "sys/class/dmi/id/sys_vendor");
	st_probe_str(ctx, &v->dmi_product, "sys/class/dmi/id/product_name");
	st_probe_str(ctx, &xen, "sys/hypervisor/type");

	if (xen && *xen)
		v->hypervisor = st_xstrdup(xen);
	for (size_t i = 0; !v->hypervisor && v->dmi_vendor && i < ST_ARRAY_SIZE(dmi_hypervisors);
	     i++)
		if (st_startswith(v->dmi_vendor, dmi_hypervisors[i].vendor) &&
		    dmi_hypervisors[i].name)
			v->hypervisor = st_xstrdup(dmi_hypervisors[i].name);
	/* Microsoft and Oracle also make hardware: only their VMs say so */
	if (!v->hypervisor && v->dmi_product &&
	    (strstr(v->dmi_product, "Virtual Machine") || strstr(v->dmi_product, "VirtualBox") ||
	     st_streq(v->dmi_product, "KVM")))
		v->hypervisor = st_xstrdup(strstr(v->dmi_product, "VirtualBox") ? "virtualbox"
					   : strstr(v->dmi_product, "KVM")      ? "kvm"
										: "hyperv");
	free(xen);

	if (v->hypervisor || v->hypervisor_flag == 1)
		v->virtualized = 1;
	else if (v->hypervisor_flag == 0)
		v->virtualized = 0;
}

/* The entries of st_system_attrs read from one file each: module
 * parameters, absent (unknown) when the module is not loaded. */
static void read_params(struct st_probe_ctx *ctx)
{
	for (size_t i = 0; i < st_system_attrs.n; i++) {
		const struct st_attr *a = &st_system_attrs.v[i];

		if (a->read == ST_AR_NUM && a->path)
			st_probe_u64(ctx, st_attr_field(ctx->sys, a), a->max, "%s", a->path);
	}
}

static int system_system(struct st_probe_ctx *ctx)
{
	char *cpuinfo = NULL;

	read_vm(ctx);
	read_meminfo(ctx);
	if (st_path_read_stringf(ctx->pc, &cpuinfo, "proc/cpuinfo") < 0)
		cpuinfo = NULL;
	read_cpus(ctx, cpuinfo);
	read_virt(ctx, cpuinfo);
	free(cpuinfo);
	read_params(ctx);
	return 0;
}

const struct st_probe_ops st_probe_system_ops = {
	.name = "system",
	.system = system_system,
};
