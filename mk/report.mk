# mk/report.mk — the charts and the report as a reader sees them.
#
#   make charts        redraw the gallery in docs/img/ (tools/charts.sh): every
#                      chart kind on the shipped designs, fixed seed, modest trials
#   make check-report  write a report of two shipped designs into a temporary
#                      folder and open report.html in headless Chromium
#                      (tools/check-report.sh): no console error, every image
#                      and chart loads, a screenshot that is not blank.
#                      Needs the `chromium` package (`make deps` installs it).

.PHONY: charts check-report

charts: $(BUILD)/nines
	@NINES=$(CURDIR)/$(BUILD)/nines sh tools/charts.sh

check-report: $(BUILD)/nines
	@NINES=$(CURDIR)/$(BUILD)/nines sh tools/check-report.sh
