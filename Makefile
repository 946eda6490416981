# apc: the action-program compiler. `make` builds build/apc; `make check` runs every test.
.SUFFIXES:

CC       ?= cc
PKGS     := libxml-2.0 libxslt libexslt libpcre2-8 libutf8proc libzip
CFLAGS   ?= -O2 -g
WARN     := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wpedantic -Wmissing-prototypes \
            -Wstrict-prototypes -Wwrite-strings -Wno-unused-parameter
# pkg-config is asked only once the dependencies are installed (see build/.deps).
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread

SRC      := $(wildcard compiler/*.c)
LIBSRC   := $(filter-out compiler/main.c,$(SRC))
B        ?= build
OBJ      := $(SRC:compiler/%.c=$(B)/obj/%.o)
LIBOBJ   := $(LIBSRC:compiler/%.c=$(B)/obj/%.o)
UNITSRC  := $(wildcard tests/unit/*.c)
UNITBIN  := $(UNITSRC:tests/unit/%.c=$(B)/unit/%)
DATADIR  := $(CURDIR)
# The manual as HTML, which SARIF rules link to (helpUri); an install overrides both.
DOCDIR   := $(CURDIR)/build/doc

all: $(B)/apc

# Install missing -dev packages before anything is compiled (apt-get as root, else a message).
build/.deps: scripts/deps
	@sh scripts/deps build
	@mkdir -p build && touch $@

$(B)/apc: $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(PKG_LIBS)

$(B)/libapc.a: $(LIBOBJ)
	rm -f $@ && ar rcs $@ $(LIBOBJ)

$(B)/obj/%.o: compiler/%.c build/.deps
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -DAPC_DATADIR='"$(DATADIR)"' -DAPC_DOCDIR='"$(DOCDIR)"' -MMD -MP -c -o $@ $<

$(B)/unit/%: tests/unit/%.c $(B)/libapc.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Icompiler -o $@ $< $(B)/libapc.a $(PKG_LIBS) $(UNIT_LDFLAGS)

# test_driver makes thread creation fail on purpose; test_config makes fstat fail.
$(B)/unit/test_driver: UNIT_LDFLAGS = -Wl,--wrap=pthread_create
$(B)/unit/test_config: UNIT_LDFLAGS = -Wl,--wrap=fstat

-include $(OBJ:.o=.d)

units: $(UNITBIN)

# The manual in HTML (mandoc, installed by `scripts/deps check`): what helpUri names.
doc: build/doc/apc.1.html
build/doc/apc.1.html: apc.1
	@mkdir -p build/doc
	mandoc -T html -O man=%N.%S.html apc.1 > $@.tmp && mv $@.tmp $@

# Every test: unit, golden, rules, bad inputs, render, docs. Ends with "N passed, N failed".
check: all units
	@sh scripts/deps check
	@$(MAKE) --no-print-directory doc
	@APC=$(B)/apc UNITDIR=$(B)/unit sh tests/run

# Regenerate the golden files and show what changed.
regen: all
	@REGEN=1 APC=$(B)/apc sh tests/suites/20-golden.sh | grep -v '^ok ' || true

# The same suite against an ASan+UBSan build.
sanitize:
	$(MAKE) B=build/sanitize CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	  LDFLAGS='-fsanitize=address,undefined' build/sanitize/apc build/sanitize/unit-all

build/sanitize/unit-all: $(UNITBIN)
	@touch $@

check-sanitize: sanitize doc
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  APC=build/sanitize/apc UNITDIR=build/sanitize/unit sh tests/run

valgrind: all units
	@APC=build/apc UNITDIR=build/unit APC_WRAP='valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --suppressions=tests/fuzz/pcre2-jit.supp' \
	  APC_QUICK=1 sh tests/run

# Build the bundled example and show what apc says about it.
demo: all
	@echo '$$ build/apc check examples/'; build/apc check examples/ ; \
	 echo '$$ build/apc check tests/corpus-like/parent-date-mismatch.txt   # a copy with a planted defect'; \
	 build/apc check tests/corpus-like/parent-date-mismatch.txt ; \
	 echo '$$ build/apc build examples/tinh-uy-program.txt | head -40'; \
	 build/apc build examples/tinh-uy-program.txt | head -40

bench: all
	@sh bench/run

fuzz:
	@sh tests/fuzz/run

clean:
	rm -rf build

.PHONY: regen all check units doc sanitize check-sanitize valgrind demo bench fuzz clean
