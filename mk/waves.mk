# Waveforms (included by the top-level Makefile, which defines VPY, READY and tools).
#   make waves [SCENARIO=vf:pf]   GTKWave on the latest dump of a race scenario with its view
#                                 (records it first if there is none; without $DISPLAY it
#                                 prints the command)
#   make waves-record [SCENARIO=vf:pf]   record that scenario alone: dump + view
#   make waves-png                the README's pictures of the race, docs/*.png (GTKWave, Xvfb),
#                                 and each marker's time in the dump and from the scenario start
#   make waves-png-ixgbe          the README's picture of the ixgbe hunt (hypothesis 1: the
#                                 watchdog's ping erasing SET_MULTICAST), 18 us around the erase
#   make waves-views              rewrite the committed GTKWave views waves/*.gtkw
SCENARIO   ?= igbvf-1.1.5:igb-3.2.10
WAVES_PNG_SCENARIO := igbvf-1.1.5:igb-3.2.10
WAVES_PNG  := docs/race-window.png docs/race-closeup.png
# the view tests/ixgbe_hypotheses_tests.py's h1_ping_erases_request writes, and its picture
IXGBE_PNG_SCENARIO := ixgbevf-6.1:ixgbe-6.1-SET_MULTICAST-req+2us
IXGBE_PNG_MARKER   := SET_MULTICAST erased
IXGBE_PNG_SPAN_US  := 18
IXGBE_PNG          := docs/ixgbe-ping-erases-request.png

waves: $(READY) tools
	@$(VPY) -m tb.waves.views check "$(SCENARIO)"
	@$(VPY) -m tb.waves.views latest "$(SCENARIO)" >/dev/null || \
	  $(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) waves-record SCENARIO="$(SCENARIO)"
	@$(VPY) -m tb.waves.views open "$(SCENARIO)"

waves-record: $(READY) tools
	@$(VPY) -m tb.waves.views check "$(SCENARIO)"
	@SIM=$(SIM) WAVES=1 COCOTB_TEST_MODULES=race_tests RACE_PAIRS="$(SCENARIO)" $(VPY) -m tb.build

waves-png: $(READY) tools
	@$(VPY) -m tb.waves.png --check
	@$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) waves-record SCENARIO="$(WAVES_PNG_SCENARIO)"
	$(VPY) -m tb.waves.png "$(WAVES_PNG_SCENARIO)" $(WAVES_PNG)

waves-png-ixgbe: $(READY) tools
	@$(VPY) -m tb.waves.png --check
	@SIM=$(SIM) FAMILY=ixgbe NUM_VFS=1 WAVES=1 COCOTB_TEST_MODULES=ixgbe_hypotheses_tests \
	  COCOTB_TEST_FILTER=h1_ping_erases_request $(VPY) -m tb.build
	$(VPY) -m tb.waves.png "$(IXGBE_PNG_SCENARIO)" $(IXGBE_PNG) --around "$(IXGBE_PNG_MARKER)" $(IXGBE_PNG_SPAN_US)

waves-views: $(READY)
	$(VPY) -m tb.waves.views templates
