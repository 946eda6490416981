# apc: the action-program compiler. `make` builds build/apc; `make check` runs every test.
.SUFFIXES:

CC       ?= cc
PKGS     := libxml-2.0 libpcre2-8 libutf8proc
# Opened on first use by compiler/lazylib.c, not linked: their dependencies' relocation cost every
# run ~11 M instructions before main(). Their headers are still needed; LAZY_SO names the sonames.
LAZY_PKGS := libzip libmicrohttpd libxslt libexslt
CFLAGS   ?= -O2 -g
WARN     := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wpedantic -Wmissing-prototypes \
            -Wstrict-prototypes -Wwrite-strings -Wno-unused-parameter
# pkg-config is asked only once the dependencies are known to be there (see build/.deps).
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(LAZY_PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -ldl
soname     = $(shell objdump -p "$$(pkg-config --variable=libdir $(1) 2>/dev/null)/$(2)" 2>/dev/null | sed -n 's/^ *SONAME *//p')
LAZY_SO    = -DAPC_LIBZIP_SO='"$(or $(call soname,libzip,libzip.so),libzip.so)"' \
             -DAPC_LIBMHD_SO='"$(or $(call soname,libmicrohttpd,libmicrohttpd.so),libmicrohttpd.so)"' \
             -DAPC_LIBXSLT_SO='"$(or $(call soname,libxslt,libxslt.so),libxslt.so)"' \
             -DAPC_LIBEXSLT_SO='"$(or $(call soname,libexslt,libexslt.so),libexslt.so)"'

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
# make install: PREFIX, DESTDIR (a staging root), and where the data goes.
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
APCDATA  ?= $(PREFIX)/share/apc
APCDOC   ?= $(PREFIX)/share/doc/apc

all: $(B)/apc

# Install every Debian package apc, its tests and its heavy optional tools use (FOP, a JRE,
# Chromium...): apt-get as root, else the command to run.
deps:
	@sh scripts/deps all

# Before anything is compiled, say which -dev packages are missing (and stop); never install.
build/.deps: scripts/deps
	@sh scripts/deps --check build
	@mkdir -p build && touch $@

$(B)/apc: $(OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(PKG_LIBS)

$(B)/libapc.a: $(LIBOBJ)
	rm -f $@ && ar rcs $@ $(LIBOBJ)

$(B)/obj/%.o: compiler/%.c build/.deps
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -DAPC_DATADIR='"$(DATADIR)"' -DAPC_DOCDIR='"$(DOCDIR)"' $(if $(filter %/lazylib.o,$@),$(LAZY_SO)) -MMD -MP -c -o $@ $<

$(B)/unit/%: tests/unit/%.c $(B)/libapc.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Icompiler -o $@ $< $(B)/libapc.a $(PKG_LIBS) $(UNIT_LDFLAGS)

# test_driver makes thread creation fail on purpose; test_config makes fstat fail; test_oom
# makes PCRE2's constructors fail; test_docxpkg counts libzip's error inits and finis.
$(B)/unit/test_driver: UNIT_LDFLAGS = -Wl,--wrap=pthread_create
$(B)/unit/test_config: UNIT_LDFLAGS = -Wl,--wrap=fstat
$(B)/unit/test_docxpkg: UNIT_LDFLAGS = -Wl,--wrap=zip_error_init,--wrap=zip_error_fini
$(B)/unit/test_oom: UNIT_LDFLAGS = -Wl,--wrap=pcre2_match_data_create_8,--wrap=pcre2_match_context_create_8

-include $(OBJ:.o=.d)

units: $(UNITBIN)

# The manual in HTML (mandoc, installed by `scripts/deps check`): what helpUri names.
# apc.vi.1 is the Vietnamese manual, what helpUri names when a run speaks Vietnamese.
doc: build/doc/apc.1.html build/doc/apc.vi.1.html
build/doc/%.html: %
	@mkdir -p build/doc
	mandoc -T html -O man=%N.%S.html $< > $@.tmp && mv $@.tmp $@

# Every test: unit, golden, rules, bad inputs, render, docs. Ends with "N passed, N failed".
# Missing test tools are named (make deps installs them); tests that need FOP, a JRE or
# Chromium say "skip" when those are absent.
check: all units
	@sh scripts/deps --check check || true
	@$(MAKE) --no-print-directory doc
	@APC=$(B)/apc UNITDIR=$(B)/unit sh tests/run

# The binary and its data (schemas, stylesheets, library, man page, HTML manual) under DESTDIR+PREFIX. The
# installed binary is built apart (build/install) with APCDATA as its data directory.
install: doc
	$(MAKE) B=build/install DATADIR='$(APCDATA)' DOCDIR='$(APCDOC)' build/install/apc
	install -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(MANDIR)/man1' '$(DESTDIR)$(MANDIR)/vi/man1' '$(DESTDIR)$(APCDATA)' '$(DESTDIR)$(APCDOC)'
	install -m 755 build/install/apc '$(DESTDIR)$(BINDIR)/apc'
	install -m 644 apc.1 '$(DESTDIR)$(MANDIR)/man1/apc.1'
	install -m 644 apc.vi.1 '$(DESTDIR)$(MANDIR)/vi/man1/apc.1'
	install -m 644 build/doc/apc.1.html build/doc/apc.vi.1.html '$(DESTDIR)$(APCDOC)/'
	cp -R schemas stylesheets library '$(DESTDIR)$(APCDATA)/'
	chmod -R u+rwX,go+rX,go-w '$(DESTDIR)$(APCDATA)'

uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/apc' '$(DESTDIR)$(MANDIR)/man1/apc.1' '$(DESTDIR)$(MANDIR)/vi/man1/apc.1'
	rm -rf '$(DESTDIR)$(APCDATA)' '$(DESTDIR)$(APCDOC)'

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

# The suite against a ThreadSanitizer build, every run of apc with four workers (APC_JOBS); time
# bounds are not checked (APC_SLOW) or widened (HOSTILE_TIMEOUT): TSan runs 5-15 times slower.
tsan: doc
	$(MAKE) B=build/tsan CFLAGS='-O1 -g -fsanitize=thread -fno-omit-frame-pointer' \
	  LDFLAGS='-fsanitize=thread' build/tsan/apc build/tsan/unit-all
	@TSAN_OPTIONS='halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/tsan.supp' APC_JOBS=4 \
	  APC_SLOW=1 HOSTILE_TIMEOUT=300 \
	  APC=build/tsan/apc UNITDIR=build/tsan/unit sh tests/run

build/tsan/unit-all: $(UNITBIN)
	@touch $@

# apc's threads under valgrind's helgrind: check and render with -j 2, and apc serve answering
# requests at once; fails on any race reported (libxml2 and libxslt included, which make tsan
# cannot see). Reports in build/helgrind/; tests/helgrind.supp says what is suppressed and why.
helgrind: all
	@APC=$(B)/apc sh tests/helgrind/run

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
	@sh bench/serve

fuzz:
	@sh tests/fuzz/run

clean:
	rm -rf build

.PHONY: regen all deps check install uninstall units doc sanitize check-sanitize tsan helgrind valgrind demo bench fuzz clean
