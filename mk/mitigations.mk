# The mitigations' picture (included by the top-level Makefile, which defines VPY, READY, tools).
#   make mitigations-png   docs/mitigations-link-down.png measured again: the legacy pair's
#                          explorer sweep on every RTL build (tb/scenarios/mitigation_report.py,
#                          PICTURE_SWEEP) into results/mitigations-link-down/, then plotted;
#                          prints each build's link-down count, as the legend and
#                          docs/mitigations.md quote it
mitigations-png: $(READY) tools
	$(VPY) -m tb.scenarios.mitigation_report picture --out docs/mitigations-link-down.png
