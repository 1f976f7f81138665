"""pytest entry points of the register rules (mailbox_regs_tests.py), parametrized like the
verilog-axi testbenches: every rule test at NUM_VFS = 8, 1 and an odd size; the dump holds
every word and state bit; an out-of-range NUM_VFS stops elaboration."""

import shutil

import pytest
import pywellen

from tb import build


@pytest.mark.parametrize("num_vfs", [8, 1, 3])
def test_register_rules(sim, num_vfs):
    sim("mailbox_regs_tests", num_vfs)


@pytest.mark.parametrize("num_vfs", [0, 9])
def test_num_vfs_out_of_range_is_refused(simulator, num_vfs, tmp_path):
    log = tmp_path / "build.log"
    with pytest.raises(build.SimulationFailed):
        build.build(tmp_path / "build", num_vfs, sim=simulator, log_file=log)
    assert "NUM_VFS_must_be_1_to_8" in log.read_text()


@pytest.mark.parametrize("num_vfs", [3])
def test_every_mailbox_word_and_state_bit_is_in_the_dump(sim, num_vfs):
    testcase = "s2_vmbmem_is_the_same_storage_as_the_vf_window"
    build_dir = sim("mailbox_regs_tests", num_vfs, testcase=testcase, waves=True)
    wave = pywellen.Waveform(str(build.dump_file(build_dir, "mailbox_regs_tests", testcase)))
    names = {v.full_name for v in wave.all_vars()}
    for n in range(num_vfs):
        for i in range(16):
            assert f"pf_vf_mailbox.vf[{n}].mbx.word[{i}].data" in names
        for bit in ("vfu", "pfu", "pfsts", "pfack", "rsti", "rstd", "vfreq", "vfack", "vf_irq"):
            assert f"pf_vf_mailbox.vf[{n}].mbx.{bit}" in names
    for reg in ("icr_vmmb", "ims_vmmb", "mbvfimr", "vflre", "ctrl_ext", "pf_irq", "vf_irq"):
        assert f"pf_vf_mailbox.{reg}" in names


def test_rtl_dir_builds_the_users_copy(sim, tmp_path, monkeypatch):
    """RTL_DIR=<dir> simulates that RTL in place of rtl/: a faithful copy passes the rules; the
    same copy reading 0x82 for STATUS fails them (so the copy, not rtl/, was simulated)."""
    copy = tmp_path / "rtl"
    shutil.copytree(build.RTL, copy)
    monkeypatch.setenv("RTL_DIR", str(copy))
    rules = "s2_status"
    sim("mailbox_regs_tests", 8, test_filter=rules)
    header = copy / "pf_vf_mailbox_regs.vh"
    text = header.read_text()
    assert text.count("32'h0000_0083") == 1
    header.write_text(text.replace("32'h0000_0083", "32'h0000_0082"))
    with pytest.raises(build.SimulationFailed, match="s2_status_fd_lu_speed_follow_link_up"):
        sim("mailbox_regs_tests", 8, test_filter=rules)
