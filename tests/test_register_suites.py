"""pytest entry points for the register-level cocotb suites, parametrized like the
verilog-axi testbenches: every rule test at NUM_VFS = 8, 1 and an odd size, and the
random regression over several seeds (6 runs x 4000 accesses)."""

import subprocess

import pytest
import pywellen

from sim_runner import ROOT, RTL, dump_file, run_cocotb


@pytest.mark.parametrize("num_vfs", [8, 1, 3])
def test_register_rules(num_vfs):
    run_cocotb("test_mailbox_regs", f"regs-vfs{num_vfs}", num_vfs)


@pytest.mark.parametrize("num_vfs,seed", [(8, 1), (8, 2), (1, 3), (1, 4), (3, 5), (5, 6)])
def test_random_regression(num_vfs, seed):
    run_cocotb("test_mailbox_random", f"random-vfs{num_vfs}-seed{seed}", num_vfs,
               env={"MAILBOX_SEED": str(seed), "MAILBOX_ACCESSES": "4000"})


@pytest.mark.parametrize("num_vfs", [0, 9])
def test_num_vfs_out_of_range_is_refused(num_vfs, tmp_path):
    build = subprocess.run(
        ["iverilog", "-g2012", "-I", str(RTL), f"-Ppf_vf_mailbox.NUM_VFS={num_vfs}",
         "-o", str(tmp_path / "sim.vvp")] + [str(p) for p in sorted(RTL.glob("*.v"))],
        cwd=ROOT, capture_output=True, text=True)
    assert build.returncode != 0
    assert "NUM_VFS_must_be_1_to_8" in build.stdout + build.stderr


@pytest.mark.parametrize("num_vfs", [3])
def test_every_mailbox_word_and_state_bit_is_in_the_dump(num_vfs):
    build = run_cocotb("test_mailbox_regs", f"dump-vfs{num_vfs}", num_vfs,
                       testcase="s2_vmbmem_is_the_same_storage_as_the_vf_window", waves=True)
    wave = pywellen.Waveform(str(dump_file(build, "test_mailbox_regs",
                                           "s2_vmbmem_is_the_same_storage_as_the_vf_window")))
    names = {v.full_name for v in wave.all_vars()}
    for n in range(num_vfs):
        for i in range(16):
            assert f"pf_vf_mailbox.vf[{n}].mbx.word[{i}].data" in names
        for bit in ("vfu", "pfu", "pfsts", "pfack", "rsti", "rstd", "vfreq", "vfack", "vf_irq"):
            assert f"pf_vf_mailbox.vf[{n}].mbx.{bit}" in names
    for reg in ("icr_vmmb", "ims_vmmb", "mbvfimr", "vflre", "ctrl_ext", "pf_irq", "vf_irq"):
        assert f"pf_vf_mailbox.{reg}" in names
