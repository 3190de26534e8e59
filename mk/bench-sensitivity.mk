# mk/bench-sensitivity.mk — `make bench` also reports the time of
# `nines sensitivity` over one `nines run` with the same trials on
# topologies/openstack/b-three-controllers.yaml (bench/sensitivity.sh;
# issue 18, docs/sensitivity.md "Cost"). Runs before the engine's figures.
.PHONY: bench-sensitivity
bench: bench-sensitivity
bench-sensitivity: $(BUILD)/nines
	@NINES=$(CURDIR)/$(BUILD)/nines sh bench/sensitivity.sh
