# Makefile — one non-recursive build for nines.
#
#   make            build ./nines
#   make test       build and run every CUnit suite, the bad-input corpus and the CLI tests
#                   (after `make check-cycles`)
#   make check-cycles  no two files of a module call each other (tools/cycles.py on nm)
#   make sanitize   the same tests under ASan + UBSan (objects under build/san)
#                   then `make tsan` (mk/tsan.mk): the thread pool under TSan
#   make bench      engine speed against ../shared/bench/limit-kernel.c
#   make demo       install what is missing, build, run the flagship comparison
#   make deps       install the Debian packages nines needs (only those missing)
#   make install    PREFIX=/usr/local DESTDIR= (PREFIX is compiled in: the profile
#                   library $(PREFIX)/share/nines/profiles that bare includes fall back to)
#   make clean
#   make MPI=1      the same nines built against Open MPI: build/mpi/nines (objects
#                   under build/mpi): mpirun -n N build/mpi/nines run|compare|sweep|...
#                   (docs/cluster.md); `make test-mpi` checks it, `make deps MPI=1`
#                   installs Open MPI
#
# WERROR=1 turns warnings into errors (CI sets it).

CC      ?= cc
PKGS    := gsl sqlite3 libfyaml jansson nettle
ifneq ($(MPI),)
BUILD   ?= build/mpi
PKGS    += ompi-c
MPI_DEF := -DNINES_MPI
else
BUILD   ?= build
endif
PREFIX  ?= /usr/local
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wvla -fno-common
OPT     ?= -O2 -g
CFLAGS_ALL = -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
           -DNINES_VERSION='"$(VERSION)"' -DNINES_DATADIR='"$(PREFIX)/share/nines"' $(OPT) $(WARN) $(if $(WERROR),-Werror) \
           -pthread $(MPI_DEF) $(SAN) $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS)
LDLIBS_ALL = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread $(LDLIBS)
CUNIT_LIBS = $(shell pkg-config --libs cunit 2>/dev/null || echo -lcunit)

MODEL_SRC := $(wildcard model/*.c)
MC_SRC    := $(wildcard montecarlo/*.c)
ifeq ($(MPI),)
MC_SRC    := $(filter-out montecarlo/mc_mpi.c,$(MC_SRC))
endif
DATA_SRC  := $(wildcard data/*.c)
PLOTS_SRC := $(wildcard plots/*.c)
STUDY_SRC := $(wildcard study/*.c)
CLI_SRC   := $(filter-out cli/main.c,$(wildcard cli/*.c))
TEST_SRC  := $(wildcard tests/test_*.c)

obj = $(patsubst %.c,$(BUILD)/%.o,$(1))

LIBMODEL := $(BUILD)/libmodel.a
LIBMC    := $(BUILD)/libmc.a
LIBDATA  := $(BUILD)/libdata.a
LIBPLOTS := $(BUILD)/libplots.a
LIBSTUDY := $(BUILD)/libstudy.a
LIBCLI   := $(BUILD)/libcli.a
LIBS_ALL := $(LIBCLI) $(LIBSTUDY) $(LIBPLOTS) $(LIBDATA) $(LIBMC) $(LIBMODEL)

TESTS    := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))
HARNESS  := $(BUILD)/tests/harness.o

.SECONDARY:
.PHONY: all test check check-cycles sanitize bench demo deps install uninstall clean fuzz
.DEFAULT_GOAL := all

# MPI=1 builds build/mpi/nines only: ./nines stays the build without MPI
all: $(if $(MPI),$(BUILD)/nines,nines)

nines: $(BUILD)/nines
	@if [ "$(BUILD)" = build ]; then cp $(BUILD)/nines nines; fi

$(BUILD)/nines: $(call obj,cli/main.c) $(LIBS_ALL)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(LIBMODEL): $(call obj,$(MODEL_SRC))
$(LIBMC):    $(call obj,$(MC_SRC))
$(LIBDATA):  $(call obj,$(DATA_SRC))
$(LIBPLOTS): $(call obj,$(PLOTS_SRC))
$(LIBSTUDY): $(call obj,$(STUDY_SRC))
$(LIBCLI):   $(call obj,$(CLI_SRC))
$(BUILD)/lib%.a:
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

# Test binaries link only the modules they test (and what those depend on):
# test_model_* model; test_mc_* engine; test_store_* store; test_plot_* charts
# (and model/text.c); test_study_* studies over several runs (and what they use);
# test_cli_* everything.
$(BUILD)/tests/test_model_%: $(BUILD)/tests/test_model_%.o $(HARNESS) $(LIBMODEL)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(CUNIT_LIBS) $(LDLIBS_ALL)
$(BUILD)/tests/test_mc_%: $(BUILD)/tests/test_mc_%.o $(HARNESS) $(LIBMC) $(LIBMODEL)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(CUNIT_LIBS) $(LDLIBS_ALL)
$(BUILD)/tests/test_store_%: $(BUILD)/tests/test_store_%.o $(HARNESS) $(LIBDATA) $(LIBMC) $(LIBMODEL)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(CUNIT_LIBS) $(LDLIBS_ALL)
$(BUILD)/tests/test_plot_%: $(BUILD)/tests/test_plot_%.o $(HARNESS) $(LIBPLOTS) $(LIBMODEL)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(CUNIT_LIBS) $(LDLIBS_ALL)
$(BUILD)/tests/test_study_%: $(BUILD)/tests/test_study_%.o $(HARNESS) $(LIBSTUDY) $(LIBDATA) $(LIBMC) $(LIBMODEL)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(CUNIT_LIBS) $(LDLIBS_ALL)
$(BUILD)/tests/test_cli_%: $(BUILD)/tests/test_cli_%.o $(HARNESS) $(LIBS_ALL)
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(CUNIT_LIBS) $(LDLIBS_ALL)

test check: $(BUILD)/nines $(TESTS)
	@python3 tools/cycles.py --build $(BUILD)
	@NINES=$(CURDIR)/$(BUILD)/nines TEST_BIN=$(CURDIR)/$(BUILD)/tests sh tests/run_all.sh

# The file-level call graph of each module (nm: defined vs undefined symbols
# per object) has no strongly connected component of more than one file.
check-cycles: $(BUILD)/nines
	@python3 tools/cycles.py --build $(BUILD)

sanitize:
	$(MAKE) BUILD=build/san OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" test
	$(MAKE) tsan

bench: $(BUILD)/nines
	@NINES=$(CURDIR)/$(BUILD)/nines CC="$(CC)" CFLAGS_BENCH="-std=c11 $(OPT)" sh bench/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@sh topologies/demo.sh

deps:
	@sh tools/deps.sh $(if $(MPI),mpi)

install: $(BUILD)/nines
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/nines
	install -m 755 $(BUILD)/nines $(DESTDIR)$(PREFIX)/bin/nines
	cp -R topologies data/reference $(DESTDIR)$(PREFIX)/share/nines/
	install -d $(DESTDIR)$(PREFIX)/share/nines/profiles
	install -m 644 topologies/profiles/*.yaml $(DESTDIR)$(PREFIX)/share/nines/profiles/
	install -m 644 data/failure-rates.csv $(DESTDIR)$(PREFIX)/share/nines/ 2>/dev/null || true

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/nines
	rm -rf $(DESTDIR)$(PREFIX)/share/nines

clean:
	rm -rf build nines

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# Further targets (fuzz, tsan) live in mk/, one file per concern.
-include $(wildcard mk/*.mk)
