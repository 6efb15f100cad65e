/*
 * st_attr.h - the model's attributes, each described once (STYLE.md 5).
 *
 * One table per model struct (the request queue, the vm sysctls, a
 * device's identity, a partition, an md array, a mount ...).  An entry says
 * where the value comes from (a sysfs attribute or sysctl, and how to read
 * it), where the model keeps it (offsetof into the struct) and its type, and
 * how every later stage names it: the fact rules use, the key in `probe
 * --json`, and the label or column in `probe`'s text.  The probes read, the
 * facts expose, the knob table refers to, and both probe reports print the
 * attributes by looping over these tables; adding a read-only queue
 * attribute is one entry in st_queue_attrs plus its field in struct
 * st_queue.
 *
 * Table order is the order of `probe --json` and of probing.
 */
#ifndef ST_ATTR_H
#define ST_ATTR_H

#include "st_model.h"

enum st_attr_type {
	ST_AT_U64,  /* uint64_t; ST_UNKNOWN when unknown */
	ST_AT_TRI,  /* int: 1, 0 or ST_TRI_UNKNOWN */
	ST_AT_STR,  /* char *; NULL when unknown */
	ST_AT_STRV, /* char **, NULL-terminated; NULL: none */
	ST_AT_KV,   /* struct st_kvlist */
	ST_AT_NR
};

/* How a probe reads the attribute (sysfs path relative to the device's
 * directory, sysctl path relative to the root). */
enum st_attr_read {
	ST_AR_NONE,      /* filled by the probe's own code, or derived */
	ST_AR_NUM,       /* a decimal number no larger than max */
	ST_AR_BOOL,      /* 0 or 1 */
	ST_AR_BLOCK,     /* bytes: a power of two >= min; min 0: 0 or a multiple of 512 */
	ST_AR_WORD,      /* one of values[] */
	ST_AR_SCHEDULER, /* "[none] mq-deadline": the active one here, the choices in the
			    ST_AT_STRV entry that follows */
	ST_AR_DIR,       /* every file of the directory, into a ST_AT_KV (needs a scheduler) */
	ST_AR_COUNT,     /* how many numbered entries the directory has */
	ST_AR_NR
};

/* flags */
#define ST_ATTR_PAREN    (1u << 0) /* probe -v: "(label value)" after the one before */
#define ST_ATTR_ZERO_NONE (1u << 1) /* 0 means there is none: null in JSON */
#define ST_ATTR_EMPTY_LIST (1u << 2) /* STRV: NULL is an empty list in JSON, not null */
/*
 * What the table does not give the attribute: no rule identifier, no JSON
 * key, or no label or column in probe's text (where a heading or sentence
 * of the report shows it instead, or nothing does, the entry says so).  A
 * test checks that every entry reaches facts, JSON and text unless it
 * carries one of these.
 */
#define ST_ATTR_NO_FACT  (1u << 3)
#define ST_ATTR_NO_JSON  (1u << 4)
#define ST_ATTR_NO_TEXT  (1u << 5)

/* One attribute's value, as read out of the model. */
struct st_attr_value {
	enum st_attr_type type;
	bool known;
	uint64_t u;
	int tri;
	const char *s;
	char *const *v;
	const struct st_kvlist *kv;
	char buf[32];           /* s may point here (a getter's formatted text) */
};

struct st_attr {
	const char *key;        /* the key in probe --json; NULL: not there (NO_JSON) */
	enum st_attr_type type; /* of the field, or of what get() gives */
	size_t off;             /* offsetof into the table's struct (not with get) */
	const char *path;       /* where the probe reads it; NULL: not read from one file */
	enum st_attr_read read;
	uint64_t min, max;      /* NUM: max; BLOCK: min */
	const char *const *values; /* WORD: the values the kernel shows */
	/* a size: bytes per unit (1, 512, 1024), so that the fact is a size in
	 * bytes; 0: a plain number */
	uint64_t scale;
	const char *fact;       /* the rule identifier; NULL: none (NO_FACT) */
	const char *column;     /* probe's table: column header (entries with the same
				   header share the cell: "512/4096") */
	const char *label;      /* probe -v: "label value" */
	unsigned char line, pos; /* probe -v: detail line (1..) and place on it */
	unsigned flags;
	/* a value computed from the struct rather than kept in a field (a
	 * partition's transport is its disk's): fills v, of type */
	void (*get)(const void *base, struct st_attr_value *v);
};

struct st_attr_table {
	const char *name; /* "queue", "vm" ... for messages and tests */
	const struct st_attr *v;
	size_t n;
};

/* The tables.  The struct each describes, and where a report finds it. */
extern const struct st_attr_table st_device_attrs;   /* struct st_device: head of a device */
extern const struct st_attr_table st_queue_attrs;    /* struct st_queue (st_device_queue()) */
extern const struct st_attr_table st_identity_attrs; /* struct st_device: what it is */
extern const struct st_attr_table st_part_attrs;     /* struct st_partinfo */
extern const struct st_attr_table st_raid_attrs;     /* struct st_raid */
extern const struct st_attr_table st_dm_attrs;       /* struct st_dm */
extern const struct st_attr_table st_loop_attrs;     /* struct st_loop */
extern const struct st_attr_table st_cache_attrs;    /* struct st_cache */
extern const struct st_attr_table st_crypt_attrs;    /* struct st_crypt */
extern const struct st_attr_table st_fs_attrs;       /* struct st_fsinfo */
extern const struct st_attr_table st_mount_attrs;    /* struct st_mount */
extern const struct st_attr_table st_vm_attrs;       /* struct st_vm */
extern const struct st_attr_table st_system_attrs;   /* struct st_system */
extern const struct st_attr_table st_virt_attrs;     /* struct st_virt */

/* Every table, for tests and for loops over all of them. */
extern const struct st_attr_table *const st_attr_tables[];
extern const size_t st_attr_ntables;

/* The field of the struct at base that a describes, for the probe that fills
 * it. Out of line on purpose: gcc 12 inlines `base + a->off` and then takes
 * the struct's first member for the destination (-Wstringop-overflow). */
void *st_attr_field(void *base, const struct st_attr *a);

/* The value of a in the struct at base; base NULL gives unknown. */
void st_attr_get(const struct st_attr *a, const void *base, struct st_attr_value *v);

/* The value as probe's text shows it: "128", "1"/"0", the string; unknown
 * (and a STRV, a KV) as `unknown`. */
const char *st_attr_text(const struct st_attr_value *v, const char *unknown);

/* The entry of t read from path, or NULL. */
const struct st_attr *st_attr_by_path(const struct st_attr_table *t, const char *path);

/* Sets every field t describes to unknown (numbers ST_UNKNOWN, tri-states
 * ST_TRI_UNKNOWN; a ZERO_NONE number stays 0); strings and lists are left
 * as they are (NULL). */
void st_attr_init(const struct st_attr_table *t, void *base);
/* Frees every string, list and key-value list t describes. */
void st_attr_clear(const struct st_attr_table *t, void *base);

#endif
