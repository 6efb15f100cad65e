# stortune - Linux storage tuning advisor
#
#   make deps          install build and test dependencies (apt-get, Debian/Ubuntu)
#   make / make all    build ./stortune (needs no test library)
#   make check         build and run every test (needs cmocka)
#   make check SANITIZE=1 WERROR=1
#                      the same under AddressSanitizer + UBSan, warnings as errors (CI)
#   make install       binary, rules, profiles, stortune.conf, man pages, completion
#   make uninstall     PREFIX=/usr/local DESTDIR= (and GNU's prefix, bindir, datadir,
#                      mandir, sysconfdir: /etc when the prefix is /usr)
#   make dist          stortune-VERSION.tar.gz from the files git tracks (DISTDIR=.)
#   make check-package build the Debian package from that tarball, lint it, install it
#                      into a scratch root and run it; make install into scratch roots
#   make fuzz          build the libFuzzer harnesses of tests/fuzz/ with clang and run
#                      each FUZZ_SECONDS (30) seconds; any crash, leak or timeout fails
#   make bench-probe   stortune probe against lsblk on synthetic sysroots, alone at 8,192 disks,
#                      and live: wall and CPU time, peak memory, system calls (strace)
#   make bench-advise  advise against probe alone on the 2,048-disk sysroot
#   make bench-apply   apply's fsyncs, renames and wall time on 16 and 202 changes, against the
#                      previous journal format (fd38917) and TuneD's one-shot mode (root; BENCH_*)
#   make bench-fio     stortune bench against fio on a loop device (root; RUNTIME= RAMP= PAIRS=)
#   make bench-observe stortune observe against iostat -dx under fio load on a loop device
#                      (root; INTERVAL= COUNT= RAMP= LOAD_IOPS= ...)
#   make bench-ab      the sequential A/B test: a read-ahead change found, an A/A test not (root; RUNS=)
#   make clean
#
# CC, CFLAGS, CPPFLAGS and LDFLAGS are the user's (dpkg-buildflags' hardening
# flags come in through them) and go last, so they can override ours.

# Installation directories, as the GNU Coding Standards name them; PREFIX is
# the traditional spelling of prefix.  The binary finds its data relative to
# where it is installed (src/core/datadir.c), so building with one prefix
# and installing with another works; pkgdatadir is only the last resort.
PREFIX ?= /usr/local
prefix ?= $(PREFIX)
exec_prefix ?= $(prefix)
bindir ?= $(exec_prefix)/bin
datarootdir ?= $(prefix)/share
datadir ?= $(datarootdir)
mandir ?= $(datarootdir)/man
ifeq ($(patsubst %/,%,$(prefix)),/usr)
sysconfdir ?= /etc
else
sysconfdir ?= $(prefix)/etc
endif
bashcompdir ?= $(datadir)/bash-completion/completions
pkgdatadir = $(datadir)/stortune
pkgconfdir = $(sysconfdir)/stortune
DESTDIR ?=
DISTDIR ?= .

INSTALL ?= install
INSTALL_PROGRAM ?= $(INSTALL) -m 0755
INSTALL_DATA ?= $(INSTALL) -m 0644

# The version is defined once, in include/stortune.h.
VERSION := $(shell sed -n 's/^\#define STORTUNE_VERSION "\(.*\)"$$/\1/p' include/stortune.h)
DIST := stortune-$(VERSION)

CC ?= cc
PKG_CONFIG ?= pkg-config

# libraries the program links.  Loaded with dlopen when first needed, so
# only their headers are needed here (DLOPEN_PKGS; see include/st_dl.h):
# libarchive by capture, libsmartcols when a table is printed, json-c when
# JSON is read or built, and libm, not named here, when something is
# computed.  cmocka, libudev (the oracle of tests/test_probe.c) and json-c,
# which tests call directly: tests
PKGS := blkid mount inih liburing
# Of those, linked from their static archives when installed (Debian ships
# them in the -dev packages), else as shared libraries: both are small and
# parse nothing untrusted, and every shared library costs each run of the
# program ~0.2 ms of CPU to map and relocate (bench-probe: the live probe's
# CPU target is lsblk's, which loads fewer).  PKG_NAME=LIBRARY.
STATIC_PKGS := liburing=uring inih=inih
DLOPEN_PKGS := libarchive smartcols json-c
TEST_PKGS := cmocka libudev json-c

SANITIZE ?= 0
WERROR ?= 0

ifeq ($(SANITIZE),1)
BUILD ?= build-san
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD ?= build
SAN_FLAGS :=
endif

# Evaluated on first use, once: `make deps all` must see what deps installed.
lazy = $(eval $(1) := $$(shell $(PKG_CONFIG) $(2) 2>/dev/null))$($(1))
PKG_CFLAGS = $(call lazy,PKG_CFLAGS,--cflags $(PKGS) $(DLOPEN_PKGS))
static_or_shared = $(if $(wildcard $(shell $(CC) -print-file-name=lib$(1).a)),-l:lib$(1).a,-l$(1))
PKG_LIBS = $(call lazy,PKG_LIBS_DYN,--libs $(filter-out $(foreach p,$(STATIC_PKGS),$(firstword \
	$(subst =, ,$(p)))),$(PKGS))) $(foreach p,$(STATIC_PKGS),$(call static_or_shared,$(lastword \
	$(subst =, ,$(p)))))
TEST_CFLAGS = $(call lazy,TEST_CFLAGS,--cflags $(TEST_PKGS))
# the fuzz harnesses call json-c as tests do, the program through dlopen
FUZZ_LIBS = $(call lazy,FUZZ_LIBS,--libs json-c)
TEST_LIBS = $(call lazy,TEST_LIBS,--libs $(TEST_PKGS))

CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes \
	-Wno-format-nonliteral
ifeq ($(WERROR),1)
WARN += -Werror
endif
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(SAN_FLAGS) -Iinclude $(PATH_DEFS) $(PKG_CFLAGS) \
	$(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS := $(SAN_FLAGS) $(LDFLAGS)

# make V=1 shows the full commands
ifeq ($(V),1)
Q :=
else
Q := @
endif

# src/ holds one folder per stage of the flow (README "Layout"); headers
# shared across folders are in include/, a folder's own next to its code.
SRC_DIRS := $(sort $(dir $(wildcard src/*/*.c)))
SRCS := $(wildcard src/*.c src/*/*.c)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
LIB_OBJS := $(patsubst src/%.c,$(BUILD)/%.o,$(LIB_SRCS))
MAIN_OBJ := $(BUILD)/main.o
DEPS := $(patsubst src/%.c,$(BUILD)/%.d,$(SRCS))
LIB := $(BUILD)/libstortune.a
BIN := $(BUILD)/stortune

TEST_SRCS := $(wildcard tests/test_*.c)
TEST_BINS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))

# Man pages (src/man/NAME.SECTION) and the bash completion, installed when
# they are there; a rule that generates them adds them to install's
# prerequisites.
MANPAGES = $(wildcard src/man/*.[1-8])
COMPLETION = $(BUILD)/stortune.bash-completion

.PHONY: all check deps install uninstall dist check-package clean bench-probe bench-advise \
	bench-apply bench-fio bench-observe bench-ab check-deps check-test-deps fuzz fuzz-build FORCE

all: stortune $(COMPLETION)

# printed by the binary from its option table, so it cannot drift
$(COMPLETION): $(BIN)
	@echo "  GEN     $@"
	$(Q)$(BIN) completion bash >$@.tmp && mv -f $@.tmp $@

stortune: $(BIN)
	@# a new inode, so that a stortune still running (a benchmark) does not
	@# make cp fail with "Text file busy"
	@if [ "$(BUILD)" = build ]; then cp $(BIN) $@.tmp && mv -f $@.tmp $@; fi

# the program needs PKGS and DLOPEN_PKGS; only the tests need TEST_PKGS
check-deps:
	@command -v $(PKG_CONFIG) >/dev/null && $(PKG_CONFIG) --exists $(PKGS) $(DLOPEN_PKGS) || { \
	  echo "missing libraries: run 'make deps' (needs root or sudo)"; \
	  $(PKG_CONFIG) --print-errors --exists $(PKGS) $(DLOPEN_PKGS); exit 1; }

check-test-deps:
	@command -v $(PKG_CONFIG) >/dev/null && $(PKG_CONFIG) --exists $(TEST_PKGS) || { \
	  echo "missing test libraries: run 'make deps' (needs root or sudo)"; \
	  $(PKG_CONFIG) --print-errors --exists $(TEST_PKGS); exit 1; }

# The installation directories the binary falls back on.  Only these two
# objects see them, and $(BUILD)/paths changes (so they are rebuilt) exactly
# when the directories do; but `make install` installs what was built, with
# whatever prefix, and never recompiles (as root, into the user's tree).
PATH_DEFS :=
$(BUILD)/core/datadir.o $(MAIN_OBJ): PATH_DEFS = -DST_DATADIR=\"$(pkgdatadir)\" \
	-DST_SYSCONFDIR=\"$(sysconfdir)\"
$(BUILD)/core/datadir.o $(MAIN_OBJ): $(BUILD)/paths

ifeq ($(filter install uninstall,$(MAKECMDGOALS)),)
$(BUILD)/paths: FORCE
endif
$(BUILD)/paths: | $(BUILD)
	$(Q)echo 'pkgdatadir=$(pkgdatadir) sysconfdir=$(sysconfdir)' | cmp -s - $@ || \
		echo 'pkgdatadir=$(pkgdatadir) sysconfdir=$(sysconfdir)' >$@

# -MMD -MP: each object depends on the headers it includes, as the
# compiler saw them ($(BUILD)/*.d); a deleted header does not break the build
$(BUILD)/%.o: src/%.c | $(BUILD) check-deps
	@echo "  CC      $<"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD):
	$(Q)mkdir -p $(BUILD)/tests

$(LIB): $(LIB_OBJS)
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# test_path pretends openat2 is missing by wrapping syscall(2)
$(BUILD)/tests/test_path: TEST_WRAP := -Wl,--wrap=syscall
# test_apply injects write failures by wrapping the knob writer, and save
# failures by wrapping the journal's
$(BUILD)/tests/test_apply: TEST_WRAP := -Wl,--wrap=st_knob_write -Wl,--wrap=st_journal_save
# test_bench checks that the runner's aqu-sz is iostat's by wrapping it
$(BUILD)/tests/test_bench: TEST_WRAP := -Wl,--wrap=st_iostat_compute

# unit tests are white-box: they may include a folder's own headers
$(BUILD)/tests/%: tests/%.c $(LIB) | $(BUILD) check-test-deps
	@echo "  CC/LD   $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Itests $(addprefix -I,$(SRC_DIRS)) -MMD -MP \
		-o $@ $< $(LIB) $(ALL_LDFLAGS) $(TEST_WRAP) $(PKG_LIBS) $(TEST_LIBS) -lm

# The fuzz harnesses (tests/fuzz/fuzz_NAME.c), each also built with this
# compiler and replay.c's main, so that `make check` (and SANITIZE=1) runs
# them over their regression inputs and corpus without clang.
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_COMMON := tests/fuzz/util.c
FUZZ_REPLAY := $(addprefix $(BUILD)/fuzz-replay/,$(FUZZ_NAMES))

$(BUILD)/fuzz-replay/%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(FUZZ_COMMON) tests/fuzz/fuzz.h \
		$(LIB) | $(BUILD)
	@echo "  CC/LD   $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/fuzz $(addprefix -I,$(SRC_DIRS)) -o $@ $< tests/fuzz/replay.c \
		$(FUZZ_COMMON) $(LIB) $(ALL_LDFLAGS) $(PKG_LIBS) $(FUZZ_LIBS) -lm

check: $(BIN) $(TEST_BINS) $(FUZZ_REPLAY)
	@STORTUNE=$(CURDIR)/$(BIN) BUILD=$(CURDIR)/$(BUILD) sh tests/run-tests.sh $(TEST_BINS)

deps:
	sh .ci/install-deps

# make fuzz: the library again with clang's coverage instrumentation and
# ASan+UBSan (in build-fuzz/), each harness linked with libFuzzer, then
# tests/fuzz/run.sh runs each for FUZZ_SECONDS with -timeout=10 and
# -rss_limit_mb=2048; crashes land in build-fuzz/artifacts/.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 30
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_BINS := $(addprefix build-fuzz/fuzz/,$(FUZZ_NAMES))

fuzz:
	$(Q)$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) \
		SAN_FLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" fuzz-build
	sh tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-build: $(FUZZ_BINS)

build-fuzz/fuzz/%: tests/fuzz/fuzz_%.c $(FUZZ_COMMON) tests/fuzz/fuzz.h $(LIB) | $(BUILD)
	@echo "  CC/LD   $@"
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/fuzz $(addprefix -I,$(SRC_DIRS)) -o $@ $< $(FUZZ_COMMON) \
		$(LIB) -fsanitize=fuzzer $(FUZZ_SAN) $(LDFLAGS) $(PKG_LIBS) $(FUZZ_LIBS) -lm

# A package manager (or an admin) may have changed stortune.conf: install
# keeps a copy that differs and puts the new one next to it as .new, and
# uninstall removes it only when it is the one shipped.  Stale rule and
# profile files of an older version are removed: every *.ini there is loaded.
install: $(BIN) $(COMPLETION)
	$(INSTALL) -d $(DESTDIR)$(bindir) $(DESTDIR)$(pkgdatadir)/rules \
		$(DESTDIR)$(pkgdatadir)/profiles $(DESTDIR)$(pkgconfdir)/rules.d \
		$(DESTDIR)$(pkgconfdir)/profiles.d
	$(INSTALL_PROGRAM) $(BIN) $(DESTDIR)$(bindir)/stortune
	rm -f $(DESTDIR)$(pkgdatadir)/rules/*.ini $(DESTDIR)$(pkgdatadir)/profiles/*.ini
	$(INSTALL_DATA) rules/*.ini $(DESTDIR)$(pkgdatadir)/rules/
	$(INSTALL_DATA) profiles/*.ini $(DESTDIR)$(pkgdatadir)/profiles/
	@conf=$(DESTDIR)$(pkgconfdir)/stortune.conf; \
	if [ -f "$$conf" ] && ! cmp -s etc/stortune.conf "$$conf"; then \
		echo "$(INSTALL_DATA) etc/stortune.conf $$conf.new  (keeping $$conf: it was changed)"; \
		$(INSTALL_DATA) etc/stortune.conf "$$conf.new"; \
	else \
		echo "$(INSTALL_DATA) etc/stortune.conf $$conf"; \
		$(INSTALL_DATA) etc/stortune.conf "$$conf"; \
	fi
	@for m in $(MANPAGES); do \
		d=$(DESTDIR)$(mandir)/man$${m##*.}; \
		echo "$(INSTALL_DATA) $$m $$d/"; \
		$(INSTALL) -d "$$d" && $(INSTALL_DATA) "$$m" "$$d/" || exit 1; \
	done
	@if [ -f $(COMPLETION) ]; then \
		echo "$(INSTALL_DATA) $(COMPLETION) $(DESTDIR)$(bashcompdir)/stortune"; \
		$(INSTALL) -d $(DESTDIR)$(bashcompdir) && \
		$(INSTALL_DATA) $(COMPLETION) $(DESTDIR)$(bashcompdir)/stortune; \
	fi

uninstall:
	rm -f $(DESTDIR)$(bindir)/stortune
	rm -rf $(DESTDIR)$(pkgdatadir)
	@for m in $(MANPAGES); do \
		f=$(DESTDIR)$(mandir)/man$${m##*.}/$${m##*/}; echo "rm -f $$f"; rm -f "$$f"; \
	done
	rm -f $(DESTDIR)$(bashcompdir)/stortune
	@conf=$(DESTDIR)$(pkgconfdir)/stortune.conf; \
	if [ -f "$$conf" ] && ! cmp -s etc/stortune.conf "$$conf"; then \
		echo "keeping $$conf: it was changed"; \
	else \
		echo "rm -f $$conf"; rm -f "$$conf"; \
	fi; \
	rm -f "$$conf.new"; \
	rmdir $(DESTDIR)$(pkgconfdir)/rules.d $(DESTDIR)$(pkgconfdir)/profiles.d 2>/dev/null; \
	rmdir $(DESTDIR)$(pkgconfdir) 2>/dev/null || true

# The files git tracks (or, in an unpacked tarball without .git, the same
# top-level entries), under stortune-VERSION/, reproducibly: sorted, owned
# by root, dated by the last commit (or SOURCE_DATE_EPOCH).
DIST_TOP := .ci .gitignore LICENSE Makefile README.md ansible debian etc include profiles rules src tests

dist:
	$(Q)if [ -z "$(VERSION)" ]; then echo "no STORTUNE_VERSION in include/stortune.h"; exit 1; fi
	$(Q)set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files >"$$tmp/all"; \
		git ls-files --others --exclude-standard | sed 's/^/make dist: not in the tarball (untracked): /' >&2; \
		epoch=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct)}; \
	else \
		find $(DIST_TOP) \( -type f -o -type l \) >"$$tmp/all"; \
		epoch=$${SOURCE_DATE_EPOCH:-$$(date +%s)}; \
	fi; \
	while IFS= read -r f; do [ -e "$$f" ] || [ -L "$$f" ] && echo "$$f"; done <"$$tmp/all" | LC_ALL=C sort >"$$tmp/files"; \
	tar --create --file=- --files-from="$$tmp/files" --transform='s,^,$(DIST)/,SH' \
		--sort=name --format=gnu --owner=0 --group=0 --numeric-owner \
		--mode='u+rw,go+r,go-w' --mtime="@$$epoch" | gzip -n -9 >"$$tmp/out"; \
	mv "$$tmp/out" $(DISTDIR)/$(DIST).tar.gz
	@echo "  DIST    $(DISTDIR)/$(DIST).tar.gz"

check-package:
	sh tests/check-package.sh

$(BUILD)/gen-sysroot: tests/bench/gen-sysroot.c | $(BUILD)
	@echo "  CC/LD   $@"
	$(Q)$(CC) -std=c11 -D_GNU_SOURCE -O2 $(WARN) -o $@ $<

$(BUILD)/cputime: tests/bench/cputime.c | $(BUILD)
	@echo "  CC/LD   $@"
	$(Q)$(CC) -std=c11 -D_GNU_SOURCE -O2 $(WARN) -o $@ $<

bench-probe: $(BIN) $(BUILD)/gen-sysroot $(BUILD)/cputime
	bash tests/bench/bench-probe.sh $(CURDIR)/$(BIN) $(CURDIR)/$(BUILD)/gen-sysroot \
		$(CURDIR)/$(BUILD)/cputime

bench-advise: $(BIN) $(BUILD)/gen-sysroot
	bash tests/bench/bench-advise.sh $(CURDIR)/$(BIN) $(CURDIR)/$(BUILD)/gen-sysroot

bench-apply: $(BIN) $(BUILD)/gen-sysroot
	bash tests/bench/bench-apply.sh $(CURDIR)/$(BIN) $(CURDIR)/$(BUILD)/gen-sysroot

bench-fio: $(BIN)
	bash tests/bench/bench-fio.sh $(CURDIR)/$(BIN)

bench-observe: $(BIN)
	bash tests/bench/bench-observe.sh $(CURDIR)/$(BIN)

bench-ab: $(BIN)
	bash tests/bench/bench-ab.sh $(CURDIR)/$(BIN)

clean:
	rm -rf build build-san build-fuzz stortune

-include $(DEPS) $(TEST_BINS:=.d)
