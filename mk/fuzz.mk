# mk/fuzz.mk — fuzzing the topology loader and the analytic solver with
# libFuzzer (tests/fuzz/README.md says what was run and how to run longer).
#
#   make fuzz-build     build/fuzz/fuzz_topo (clang, -fsanitize=fuzzer,address,undefined)
#   make fuzz           build, make the seed corpus, fuzz for FUZZ_SECONDS (default 60)
#
# Needs clang and libclang-rt-14-dev (not among `make deps`: only fuzzing uses
# them); the fuzz-tools step says how to install them if missing. Objects live
# under build/fuzz/ so they never mix with the normal build. New inputs go to
# build/fuzz/corpus (kept between runs), crashes to build/fuzz/ as crash-*,
# leak-*, timeout-*, oom-*; the repository's files are only read.

FUZZ_CC      ?= $(shell command -v clang-14 2>/dev/null || command -v clang 2>/dev/null || echo clang)
FUZZ_DIR     := build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_MAX_LEN ?= 16384
FUZZ_TIMEOUT ?= 5
FUZZ_RSS_MB  ?= 2048
FUZZ_ARGS    ?=
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  := -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -g -O1 \
                -fno-omit-frame-pointer $(FUZZ_SAN) $(WARN) $(if $(WERROR),-Werror) \
                $(shell pkg-config --cflags gsl libfyaml 2>/dev/null)
FUZZ_LIBS    := $(shell pkg-config --libs gsl libfyaml 2>/dev/null) -lm
FUZZ_OBJ     := $(patsubst %.c,$(FUZZ_DIR)/%.o,$(MODEL_SRC))

.PHONY: fuzz fuzz-build fuzz-tools

fuzz-tools:
	@if ! command -v $(FUZZ_CC) >/dev/null 2>&1 || \
	    ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1; then \
	    echo "fuzz: needs clang and libFuzzer; install them with:"; \
	    echo "  sudo apt-get install -y --no-install-recommends clang-14 libclang-rt-14-dev"; \
	    exit 1; \
	fi

$(FUZZ_DIR)/%.o: %.c | fuzz-tools
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/fuzz_topo: $(FUZZ_DIR)/tests/fuzz/fuzz_topo.o $(FUZZ_OBJ)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(FUZZ_LIBS)

fuzz-build: $(FUZZ_DIR)/fuzz_topo

# FUZZ_TOPO_STATS: each fuzzing process appends "INPUTS WITH_OVERRIDES" to
# build/fuzz/stats as it exits; the sum is printed at the end
fuzz: fuzz-build
	@sh tests/fuzz/seeds.sh $(FUZZ_DIR)/seeds
	@mkdir -p $(FUZZ_DIR)/corpus
	@rm -f $(FUZZ_DIR)/stats
	cd $(CURDIR) && FUZZ_TOPO_STATS=$(CURDIR)/$(FUZZ_DIR)/stats \
	    $(FUZZ_DIR)/fuzz_topo $(FUZZ_DIR)/corpus $(FUZZ_DIR)/seeds \
	    -dict=tests/fuzz/topo.dict -max_len=$(FUZZ_MAX_LEN) -timeout=$(FUZZ_TIMEOUT) \
	    -rss_limit_mb=$(FUZZ_RSS_MB) -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=$(FUZZ_DIR)/ -print_final_stats=1 $(FUZZ_ARGS)
	@awk '{ n += $$1; s += $$2 } END { printf "fuzz: %d inputs, %d of them with #set override lines\n", n, s }' \
	    $(FUZZ_DIR)/stats 2>/dev/null || true
