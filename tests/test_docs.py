"""The repository stands alone: every document that the README, a docstring, a comment, an
error message or another document names is in it (docs/ holds the project's own), and nothing
tracked sends a reader to the team's shared folder, which a clone does not have."""

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# CI's script may use the shared folder that sits beside a CI clone; nothing else may. This
# file names missing documents on purpose, to test the finder.
OUTSIDE_THE_PROJECT = (".ci/", "tests/test_docs.py")
# How a document is named: a path into docs/ or out of the repository (`../x.md`), a link of
# a markdown page (`[text](x.md)`, `![text](x.png)`), or a bare name cited by section or rule
# (`hardware.md section 4`). Output files (`summary.md` of a sweep) are none of these.
DOCUMENT = re.compile(r"(?<![\w/.-])((?:\.\./)+(?:[\w.-]+/)*[\w.-]*\w|docs/[\w.-]*\w)"
                      r"|\]\(([\w./-]+\.(?:md|png))\)"
                      r"|(?<![\w/.-])([\w-]+\.md)(?= (?:section|sec\.|rule|§))")
SHARED = re.compile(r"shared/(spec|seed)")


def tracked_text_files() -> list:
    """The files git tracks (every file, outside a git checkout), text only."""
    try:
        names = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                               check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        names = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if p.is_file()
                 and not {".git", ".venv", "sim_build", "results"} & set(p.parts)]
    files = []
    for name in names:
        path = ROOT / name
        if name.startswith(OUTSIDE_THE_PROJECT) or not path.is_file():
            continue
        try:
            files.append((name, path.read_text()))
        except UnicodeDecodeError:
            pass   # a picture
    return files


def resolves(name: str, where: Path) -> bool:
    """A named document exists: as a path from the root or from the naming file's folder, or,
    a bare name, in docs/ (the code names a document by its file name: `hardware.md`)."""
    candidates = [ROOT / name, where.parent / name]
    if "/" not in name:
        candidates.append(ROOT / "docs" / name)
    return any(c.resolve().is_file() and ROOT in c.resolve().parents for c in candidates)


def test_every_document_named_is_in_the_repository():
    missing = []
    for name, text in tracked_text_files():
        for doc in {"".join(m) for m in DOCUMENT.findall(text)}:
            if not resolves(doc, ROOT / name):
                missing.append(f"{name} names {doc}")
    assert not missing, "documents named but not in the repository:\n" + "\n".join(missing)


def test_nothing_points_into_the_shared_folder():
    pointing = [f"{name}:{i}" for name, text in tracked_text_files()
                for i, line in enumerate(text.splitlines(), 1) if SHARED.search(line)]
    assert not pointing, "use docs/ instead of the shared folder: " + ", ".join(pointing)


@pytest.mark.parametrize("doc", ["hardware.md", "hardware-ixgbe.md", "drivers.md",
                                 "drivers-ixgbe.md", "timing.md", "race-2011.md",
                                 "mitigations.md"])
def test_the_readme_lists_each_project_document(doc):
    assert (ROOT / "docs" / doc).is_file()
    assert f"`docs/{doc}`" in (ROOT / "README.md").read_text()


def test_the_document_finder_sees_what_a_reader_sees():
    """The pattern finds the names as they are written: paths, bare names, links, pictures."""
    outside = "../shared/" + "spec/drivers.md"   # split: this file is not to name it whole
    text = ("see `docs/timing.md`, hardware.md section 4, [race](race-2011.md), "
            f"![x](docs/race-window.png), {outside}; not e1000_vf.c, nor a sweep's summary.md")
    assert sorted("".join(m) for m in DOCUMENT.findall(text)) == [
        outside, "docs/race-window.png", "docs/timing.md", "hardware.md", "race-2011.md"]
    assert SHARED.search(text)
    assert not resolves("architecture-of-nothing.md", ROOT / "README.md")
    assert not resolves(outside, ROOT / "README.md")


# ---------------------------------------------------------------------- pictures
def test_a_make_target_regenerates_every_committed_picture():
    """Each picture in docs/ is written by a make target (make waves-png, explorer-docs,
    mitigations-png), so none can go stale without a way to make it again."""
    makefiles = "\n".join(line for p in [ROOT / "Makefile", *(ROOT / "mk").glob("*.mk")]
                          for line in p.read_text().splitlines()
                          if not line.lstrip().startswith("#"))   # rules, not comments
    orphans = [p.name for p in (ROOT / "docs").glob("*.png") if f"docs/{p.name}" not in makefiles]
    assert not orphans, f"no make target writes {orphans}"


def test_the_mitigations_picture_and_its_text_give_the_same_counts():
    """make mitigations-png keeps the legend's counts in the PNG (its Description); the README's
    text beside the picture quotes them."""
    from PIL import Image
    with Image.open(ROOT / "docs" / "mitigations-link-down.png") as picture:
        counts = picture.info["Description"].split("; ")
    assert [c.split(":")[0] for c in counts] == ["RTL off", "RTL PFU_WAITS_FOR_REQ",
                                                 "RTL PROTECT_VF_REQUEST"]
    readme = (ROOT / "README.md").read_text()
    text = " ".join(readme[readme.index("![Link down per RTL build]"):][:1500].split())
    for count in counts:
        build, numbers = count.split(": ")
        n, total = re.match(r"(\d+) of (\d+)", numbers).groups()
        assert f"{build.split()[1]} {n} of {total}" in text, (count, "not in the README's text")
