# mk/tsan.mk — `make tsan`: the engine's thread pool under ThreadSanitizer.
#
# Builds the suites that run several threads (test_mc_threads,
# test_mc_crn, test_mc_attrib; test_plot_charts tracks chart temporaries from
# four threads at once) and ./nines with gcc's -fsanitize=thread, objects
# under build/tsan, and runs them: the suites, a multithreaded `nines run` and
# `nines sensitivity`, and a run stopped half-way by SIGINT (the stop request
# crosses from the signal handler to the workers). Any TSan report fails the
# target (halt_on_error=1, exitcode=66). Library false positives, if any, are suppressed narrowly in
# tests/tsan.supp, each with its reason.
#
# Some kernels map memory where TSan does not expect it ("FATAL:
# ThreadSanitizer: unexpected memory mapping", seen with vm.mmap_rnd_bits
# above 28 and older gcc): the programs then run under `setarch -R` (no address
# randomisation), which is used whenever it works here.
#
# `make sanitize` runs this target after the ASan + UBSan tests.

TSAN_BUILD  := build/tsan
TSAN_SUITES := test_mc_threads test_mc_crn test_mc_attrib test_plot_charts
TSAN_ENV     = TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/tsan.supp"
TSAN_SETARCH = $(shell setarch $$(uname -m) -R true >/dev/null 2>&1 && echo "setarch $$(uname -m) -R")

.PHONY: tsan tsan-build

tsan-build:
	@$(MAKE) --no-print-directory BUILD=$(TSAN_BUILD) OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=thread" $(TSAN_BUILD)/nines $(addprefix $(TSAN_BUILD)/tests/,$(TSAN_SUITES))

tsan: tsan-build
	@set -e; for t in $(TSAN_SUITES); do \
	    echo "== tsan $$t"; \
	    $(TSAN_ENV) $(TSAN_SETARCH) $(TSAN_BUILD)/tests/$$t; \
	done
	@echo "== tsan nines run --threads 4"
	@$(TSAN_ENV) $(TSAN_SETARCH) $(TSAN_BUILD)/nines run topologies/openstack/b-three-controllers.yaml \
	    --trials 2000 --threads 4 --no-db --quiet >/dev/null
	@echo "== tsan nines sensitivity --threads 3 (downtime attribution)"
	@$(TSAN_ENV) $(TSAN_SETARCH) $(TSAN_BUILD)/nines sensitivity topologies/examples/active-passive-hot.yaml \
	    --trials 512 --threads 3 --no-db --quiet >/dev/null
	@echo "== tsan nines run --threads 3, stopped by SIGINT"
	@$(TSAN_ENV) $(TSAN_SETARCH) $(TSAN_BUILD)/nines run topologies/openstack/b-three-controllers.yaml \
	    --trials 100000000 --threads 3 --no-db --quiet >/dev/null 2>$(TSAN_BUILD)/sigint.err & pid=$$!; \
	    sleep 2; kill -INT $$pid; rc=0; wait $$pid || rc=$$?; \
	    if [ $$rc -ne 130 ] || grep -q ThreadSanitizer $(TSAN_BUILD)/sigint.err; then \
	        cat $(TSAN_BUILD)/sigint.err; echo "tsan: interrupted run exited $$rc, expected 130"; exit 1; fi
	@echo "tsan: no data race reported"
