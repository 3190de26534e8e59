# mk/mpi.mk — make test-mpi: nines built with MPI=1 (build/mpi/nines), run
# under mpirun against the same command in one process (tests/mpi/test_mpi.sh).
# Needs Open MPI (`make deps MPI=1`). Runs as root only with
# OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1, which the script
# sets when it runs as root (CI does).
.PHONY: test-mpi deps-mpi

test-mpi: $(BUILD)/nines
	@$(MAKE) --no-print-directory MPI=1 BUILD=build/mpi build/mpi/nines
	@NINES=$(CURDIR)/$(BUILD)/nines NINES_MPI=$(CURDIR)/build/mpi/nines sh tests/mpi/test_mpi.sh

deps-mpi:
	@sh tools/deps.sh mpi
