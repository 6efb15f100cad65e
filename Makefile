# stortune - Linux storage tuning advisor
#
#   make deps          install build and test dependencies (apt-get, Debian/Ubuntu)
#   make / make all    build ./stortune
#   make check         build and run every test
#   make check SANITIZE=1 WERROR=1
#                      the same under AddressSanitizer + UBSan, warnings as errors (CI)
#   make install       PREFIX=/usr/local DESTDIR=
#   make bench-probe   stortune probe against lsblk on synthetic sysroots
#   make bench-advise  advise against probe alone on the 2,048-disk sysroot
#   make bench-fio     stortune bench against fio on a loop device (root; RUNTIME= RAMP= PAIRS=)
#   make bench-observe stortune observe against iostat -dx under fio load on a loop device
#                      (root; INTERVAL= COUNT= RAMP= LOAD_IOPS= ...)
#   make clean

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/stortune
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config

# libraries the program links; libarchive is loaded by capture when it runs
# (see src/capture.c), so only its headers are needed here; cmocka: tests
PKGS := blkid mount libudev json-c inih liburing smartcols
DLOPEN_PKGS := libarchive
TEST_PKGS := cmocka

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
PKG_LIBS = $(call lazy,PKG_LIBS,--libs $(PKGS))
TEST_CFLAGS = $(call lazy,TEST_CFLAGS,--cflags $(TEST_PKGS))
TEST_LIBS = $(call lazy,TEST_LIBS,--libs $(TEST_PKGS))

CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes -Wstrict-prototypes \
	-Wno-format-nonliteral
ifeq ($(WERROR),1)
WARN += -Werror
endif
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(SAN_FLAGS) -Iinclude -DST_DATADIR=\"$(DATADIR)\" $(PKG_CFLAGS) $(CFLAGS)
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

.PHONY: all check deps install uninstall clean bench-probe bench-advise bench-fio bench-observe check-deps

all: stortune

stortune: $(BIN)
	@# a new inode, so that a stortune still running (a benchmark) does not
	@# make cp fail with "Text file busy"
	@if [ "$(BUILD)" = build ]; then cp $(BIN) $@.tmp && mv -f $@.tmp $@; fi

check-deps:
	@command -v $(PKG_CONFIG) >/dev/null && $(PKG_CONFIG) --exists $(PKGS) $(DLOPEN_PKGS) $(TEST_PKGS) || { \
	  echo "missing libraries: run 'make deps' (needs root or sudo)"; \
	  $(PKG_CONFIG) --print-errors --exists $(PKGS) $(DLOPEN_PKGS) $(TEST_PKGS); exit 1; }

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
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS) -lm

# test_path pretends openat2 is missing by wrapping syscall(2)
$(BUILD)/tests/test_path: TEST_WRAP := -Wl,--wrap=syscall
# test_apply injects write failures by wrapping the knob writer
$(BUILD)/tests/test_apply: TEST_WRAP := -Wl,--wrap=st_knob_write
# test_bench checks that the runner's aqu-sz is iostat's by wrapping it
$(BUILD)/tests/test_bench: TEST_WRAP := -Wl,--wrap=st_iostat_compute

# unit tests are white-box: they may include a folder's own headers
$(BUILD)/tests/%: tests/%.c $(LIB) | $(BUILD)
	@echo "  CC/LD   $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Itests $(addprefix -I,$(SRC_DIRS)) -MMD -MP \
		-o $@ $< $(LIB) $(ALL_LDFLAGS) $(TEST_WRAP) $(PKG_LIBS) $(TEST_LIBS) -lm

check: $(BIN) $(TEST_BINS)
	@STORTUNE=$(CURDIR)/$(BIN) BUILD=$(CURDIR)/$(BUILD) sh tests/run-tests.sh $(TEST_BINS)

deps:
	sh .ci/install-deps

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(DATADIR)/profiles
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/stortune
	install -m 0644 rules/*.ini $(DESTDIR)$(DATADIR)/rules/
	install -m 0644 profiles/*.ini $(DESTDIR)$(DATADIR)/profiles/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/stortune
	rm -rf $(DESTDIR)$(DATADIR)

$(BUILD)/gen-sysroot: tests/bench/gen-sysroot.c | $(BUILD)
	@echo "  CC/LD   $@"
	$(Q)$(CC) -std=c11 -D_GNU_SOURCE -O2 $(WARN) -o $@ $<

bench-probe: $(BIN) $(BUILD)/gen-sysroot
	bash tests/bench/bench-probe.sh $(CURDIR)/$(BIN) $(CURDIR)/$(BUILD)/gen-sysroot

bench-advise: $(BIN) $(BUILD)/gen-sysroot
	bash tests/bench/bench-advise.sh $(CURDIR)/$(BIN) $(CURDIR)/$(BUILD)/gen-sysroot

bench-fio: $(BIN)
	bash tests/bench/bench-fio.sh $(CURDIR)/$(BIN)

bench-observe: $(BIN)
	bash tests/bench/bench-observe.sh $(CURDIR)/$(BIN)

clean:
	rm -rf build build-san stortune

-include $(DEPS) $(TEST_BINS:=.d)
