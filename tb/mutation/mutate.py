"""Apply a mutant to a copy of rtl/: the tracked sources are never touched. Every edit's
target text must occur exactly once in its file, or the catalogue is out of date with the
RTL and the mutant is refused loudly."""

import shutil
from pathlib import Path

from tb.build import RTL


class StaleMutant(ValueError):
    """A mutant whose target text is not found exactly once in the RTL."""


def mutated_source(mutant, rtl_dir: Path = RTL) -> dict:
    """{file name: mutated text} of the files the mutant edits; checks every edit."""
    texts = {}
    for edit in mutant.edits:
        text = texts.get(edit.file)
        if text is None:
            path = Path(rtl_dir) / edit.file
            if not path.is_file():
                raise StaleMutant(f"mutant {mutant.name}: rtl file {edit.file} does not exist")
            text = path.read_text()
        count = text.count(edit.find)
        if count != 1:
            raise StaleMutant(f"mutant {mutant.name}: its target text occurs {count} times in "
                              f"{edit.file} (must be exactly once): {edit.find!r}")
        texts[edit.file] = text.replace(edit.find, edit.replace)
    return texts


def write_mutant(mutant, dest: Path, rtl_dir: Path = RTL) -> Path:
    """A fresh copy of rtl/ in `dest` with the mutant applied; returns `dest`."""
    texts = mutated_source(mutant, rtl_dir)   # check first: nothing is written for a stale mutant
    dest = Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(rtl_dir, dest)
    for name, text in texts.items():
        (dest / name).write_text(text)
    return dest
