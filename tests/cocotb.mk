# cocotb's own Makefile flow for the register regression. The top-level Makefile calls
# this with the project's .venv on PATH; run from the repository root.
SIM ?= icarus
TOPLEVEL_LANG = verilog
NUM_VFS ?= 8
WAVES ?= 0
# One build directory per simulator, parameter set and dump setting: switching WAVES
# never reuses a build whose dump format differs.
SIM_BUILD = sim_build/make/$(SIM)-vfs$(NUM_VFS)-waves$(WAVES)

VERILOG_SOURCES = $(wildcard $(CURDIR)/rtl/*.v)
VERILOG_INCLUDE_DIRS = $(CURDIR)/rtl
COCOTB_TOPLEVEL = pf_vf_mailbox
COCOTB_TEST_MODULES ?= test_mailbox_regs,test_mailbox_random,test_drivers,test_race
COCOTB_HDL_TIMEUNIT = 1ns
COCOTB_HDL_TIMEPRECISION = 1ps
COCOTB_RESULTS_FILE = $(SIM_BUILD)/results.xml
COMPILE_ARGS += -P$(COCOTB_TOPLEVEL).NUM_VFS=$(NUM_VFS)
export PYTHONPATH := $(CURDIR):$(CURDIR)/tests:$(PYTHONPATH)

include $(shell cocotb-config --makefiles)/Makefile.sim
