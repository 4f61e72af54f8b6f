# poa2xml - published work programmes (PDF or text) to validated XML.
#
#   make            build build/libpoa.a and build/poa2xml
#   make check      install missing Debian packages, build, run every test
#   make demo       convert every sample into out/ and validate each result
#   make bench      time convert against pdftotext -bbox-layout on 50 and 500 pages, a batch, plain text per MB
#   make install    PREFIX=/usr/local LIBDIR=PREFIX/lib DESTDIR=
#   make uninstall  remove what make install put (same PREFIX, LIBDIR, DESTDIR)
#   make samples    regenerate the sample PDFs from samples/src (cairo + pango)
#   make golden     rewrite samples/NAME.xml, the stored conversions of the samples
#   make leakcheck  run the unit tests under valgrind
#   make fuzz       libFuzzer harnesses (clang), each run FUZZ_SECONDS (60)
#   SANITIZE=1 make check   the same with AddressSanitizer and UBSan
#   make help       this list

PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
DESTDIR ?=
VERSION := 0.1.0
SOMAJOR := 0
CC ?= cc
PKGS := poppler-glib gio-2.0 libxml-2.0 libxslt json-glib-1.0 libpcre2-8 libqpdf libcmark-gfm
GEN_PKGS := cairo pangocairo
TEST_PKGS := cmocka $(GEN_PKGS)

ifeq ($(FUZZ),1)
# make fuzz: the library instrumented for libFuzzer (clang only)
BUILD ?= build/fuzz
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else ifeq ($(SANITIZE),1)
BUILD ?= build/san
# float-cast-overflow: gcc leaves it out of "undefined" (clang has it there)
SANFLAGS := -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD ?= build
SANFLAGS :=
endif

# Recursively expanded on purpose: pkg-config runs after `make deps`.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS)) -lm
WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS ?= -O2 -g
# -fPIC: the same objects make libpoa.a and libpoa.so.
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE -fPIC $(WARN) $(CFLAGS) $(SANFLAGS) -Iinclude -Isrc -I$(BUILD)/gen $(PKG_CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/resources.o
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
RESOURCES := schemas/programa-trabajo.xsd schemas/validacion.xsd schemas/rules/default.rules \
  schemas/programa-trabajo.xsl schemas/resumen.xsl schemas/diferencias.xsl
SAMPLES := $(sort $(wildcard samples/*.pdf samples/*.txt))

.PHONY: fuzz fuzz-run all deps check check-run demo demo-run bench install uninstall samples golden leakcheck lint clean help

SHLIB := libpoa.so.$(VERSION)
all: $(BUILD)/libpoa.a $(BUILD)/$(SHLIB) $(BUILD)/poa2xml

help:
	@sed -n 's/^#   //p' Makefile

deps:
	@sh tools/deps.sh

$(BUILD)/embed: tools/embed.c
	@mkdir -p $(@D)
	@$(CC) -std=c17 -O2 -o $@ $<

$(BUILD)/gen/resources.c: $(BUILD)/embed $(RESOURCES)
	@mkdir -p $(@D)
	@$(BUILD)/embed poa_res_programa_xsd schemas/programa-trabajo.xsd \
	  poa_res_validacion_xsd schemas/validacion.xsd \
	  poa_res_default_rules schemas/rules/default.rules \
	  poa_res_programa_xsl schemas/programa-trabajo.xsl \
	  poa_res_resumen_xsl schemas/resumen.xsl \
	  poa_res_diferencias_xsl schemas/diferencias.xsl > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/resources.o: $(BUILD)/gen/resources.c Makefile
	@mkdir -p $(@D)
	@$(CC) -std=c17 -fPIC $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h) include/poa.h Makefile
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libpoa.a: $(LIB_OBJ)
	@rm -f $@
	@echo "  AR      $@"
	@$(AR) rcs $@ $^

# The shared library exports the functions of include/poa.h and nothing
# else (a version script made from the header), under the SONAME
# libpoa.so.$(SOMAJOR).
$(BUILD)/gen/libpoa.map: include/poa.h
	@mkdir -p $(@D)
	@{ echo 'POA_$(SOMAJOR) {'; echo '  global:'; \
	  grep -o '\bpoa_[a-z_0-9]*(' $< | tr -d '(' | sort -u | sed 's/.*/    &;/'; \
	  echo '  local: *;'; echo '};'; } > $@

$(BUILD)/$(SHLIB): $(LIB_OBJ) $(BUILD)/gen/libpoa.map
	@echo "  LD      $@"
	@$(CC) -shared -Wl,-soname,libpoa.so.$(SOMAJOR) -Wl,--version-script=$(BUILD)/gen/libpoa.map \
	  $(ALL_LDFLAGS) -o $@ $(LIB_OBJ) $(PKG_LIBS)
	@ln -sf $(SHLIB) $(BUILD)/libpoa.so.$(SOMAJOR)
	@ln -sf $(SHLIB) $(BUILD)/libpoa.so

$(BUILD)/poa2xml: $(BUILD)/obj/main.o $(BUILD)/libpoa.a
	@echo "  LD      $@"
	@$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Unit tests: one cmocka program per module; tests may make PDFs with cairo.
$(BUILD)/tests/%: tests/%.c tests/testutil.h tests/testqpdf.h $(BUILD)/libpoa.a
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags $(TEST_PKGS)) -Itests -o $@ $< \
	  $(BUILD)/libpoa.a $(ALL_LDFLAGS) $(PKG_LIBS) $(shell pkg-config --libs $(TEST_PKGS))

check: deps
	@$(MAKE) --no-print-directory check-run

check-run: all $(TEST_BIN)
	@sh tools/include_cycles.sh src
	@sh tests/run.sh $(BUILD)

demo: deps
	@$(MAKE) --no-print-directory demo-run

demo-run: all
	@sh tools/demo.sh $(BUILD)/poa2xml out $(SAMPLES)

bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/pdfgen
	@sh tools/bench.sh $(BUILD)

$(BUILD)/pdfgen: tools/pdfgen.c
	@mkdir -p $(@D)
	$(CC) -std=c17 -D_GNU_SOURCE $(WARN) $(CFLAGS) -o $@ $< $(shell pkg-config --cflags --libs $(GEN_PKGS))

samples: deps
	@$(MAKE) --no-print-directory $(BUILD)/pdfgen
	@sh tools/make-samples.sh $(BUILD)/pdfgen

# Stored conversions (tests/golden.sh compares against them): review the diff.
golden: all
	@for f in $(SAMPLES); do SOURCE_DATE_EPOCH=0 $(BUILD)/poa2xml convert $$f \
	  -o $${f%.*}.xml 2>/dev/null; [ $$? -le 1 ] || echo "golden: $$f failed"; done

# libFuzzer harnesses (tests/fuzz/): each a program of its own, linked with
# the instrumented library; tools/fuzz.sh runs them from their seeds.
FUZZ_SECONDS ?= 60
FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

fuzz:
	@CC=clang sh tools/deps.sh
	@$(MAKE) --no-print-directory FUZZ=1 CC=clang fuzz-run

fuzz-run: $(BUILD)/poa2xml $(FUZZ_BIN)
	@sh tools/fuzz.sh $(BUILD) $(FUZZ_SECONDS)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libpoa.a
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libpoa.a $(ALL_LDFLAGS) $(PKG_LIBS)

leakcheck: deps
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@VALGRIND=1 sh tests/run.sh $(BUILD)

lint:
	sh tools/include_cycles.sh src
	cppcheck --quiet --error-exitcode=1 --std=c11 -Iinclude -Isrc src tools

INSTALLED := $(PREFIX)/bin/poa2xml $(LIBDIR)/libpoa.a $(LIBDIR)/$(SHLIB) \
  $(LIBDIR)/libpoa.so.$(SOMAJOR) $(LIBDIR)/libpoa.so $(LIBDIR)/pkgconfig/poa.pc \
  $(PREFIX)/include/poa.h $(PREFIX)/share/poa2xml/programa-trabajo.xsd \
  $(PREFIX)/share/poa2xml/validacion.xsd $(PREFIX)/share/poa2xml/programa-trabajo.xsl \
  $(PREFIX)/share/poa2xml/rules/default.rules \
  $(PREFIX)/share/man/man1/poa2xml.1 $(PREFIX)/share/doc/poa2xml/schema.md \
  $(PREFIX)/share/doc/poa2xml/rules.md

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(LIBDIR)/pkgconfig \
	  $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/poa2xml/rules \
	  $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/doc/poa2xml
	install -m 755 $(BUILD)/poa2xml $(DESTDIR)$(PREFIX)/bin/poa2xml
	install -m 644 $(BUILD)/libpoa.a $(DESTDIR)$(LIBDIR)/libpoa.a
	install -m 755 $(BUILD)/$(SHLIB) $(DESTDIR)$(LIBDIR)/$(SHLIB)
	ln -sf $(SHLIB) $(DESTDIR)$(LIBDIR)/libpoa.so.$(SOMAJOR)
	ln -sf $(SHLIB) $(DESTDIR)$(LIBDIR)/libpoa.so
	install -m 644 include/poa.h $(DESTDIR)$(PREFIX)/include/poa.h
	install -m 644 schemas/programa-trabajo.xsd schemas/validacion.xsd schemas/programa-trabajo.xsl \
	  $(DESTDIR)$(PREFIX)/share/poa2xml/
	install -m 644 schemas/rules/default.rules $(DESTDIR)$(PREFIX)/share/poa2xml/rules/
	install -m 644 docs/poa2xml.1 $(DESTDIR)$(PREFIX)/share/man/man1/poa2xml.1
	install -m 644 docs/schema.md docs/rules.md $(DESTDIR)$(PREFIX)/share/doc/poa2xml/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	  -e 's|@REQUIRES@|$(PKGS)|' tools/poa.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/poa.pc

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(PREFIX)/share/poa2xml/rules $(DESTDIR)$(PREFIX)/share/poa2xml \
	  $(DESTDIR)$(PREFIX)/share/doc/poa2xml 2>/dev/null

clean:
	rm -rf build out
