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
COCOTB_TEST_MODULES ?= test_mailbox_regs,test_mailbox_random,test_drivers,test_faults,test_hostile_vf,test_stress,test_coverage,test_race
COCOTB_HDL_TIMEUNIT = 1ns
COCOTB_HDL_TIMEPRECISION = 1ps
COCOTB_RESULTS_FILE = $(SIM_BUILD)/results.xml
COMPILE_ARGS += -P$(COCOTB_TOPLEVEL).NUM_VFS=$(NUM_VFS)
export PYTHONPATH := $(CURDIR):$(CURDIR)/tests:$(PYTHONPATH)

# WAVES=1: the dump is named after what ran (modules[.testcase][.race pairs], the rule of
# tb/waves.py dump_stem), e.g. test_race.igbvf-1.1.5_igb-3.2.10.fst. cocotb's Makefile dump
# module has a fixed file name, so tb/waves_dump.v (the module cocotb's runner writes, which
# takes +dumpfile_path) is put in its place before cocotb's rule would write it.
ifeq ($(WAVES),1)
comma := ,
WAVES_NAME := $(subst $(comma),+,$(COCOTB_TEST_MODULES))$(if $(COCOTB_TESTCASE),.$(subst $(comma),+,$(COCOTB_TESTCASE)))$(if $(RACE_PAIRS),.$(subst :,_,$(subst $(comma),+,$(RACE_PAIRS))))
COCOTB_PLUSARGS += +dumpfile_path=$(CURDIR)/$(SIM_BUILD)/$(WAVES_NAME).fst
$(shell mkdir -p $(SIM_BUILD) && cmp -s tb/waves_dump.v $(SIM_BUILD)/cocotb_iverilog_dump.v || cp tb/waves_dump.v $(SIM_BUILD)/cocotb_iverilog_dump.v)
endif

include $(shell cocotb-config --makefiles)/Makefile.sim
