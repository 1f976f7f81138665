"""Where the Linux 6.1 igb / igbvf and ixgbe / ixgbevf sources come from: a tree the user
names (`--src DIR` or LINUX_SRC=DIR, a directory holding drivers/net/ethernet/intel/...),
else the cache under sim_build/cdriver/, filled by `python -m tb.cdriver fetch` from Debian's
linux-source-6.1 package. Nothing from that package is ever committed: it is fetched at build time.
"""

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

from tb.cdriver.errors import CDriverError

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("CDRIVER_CACHE", ROOT / "sim_build" / "cdriver"))
PACKAGE = "linux-source-6.1"
INTEL = Path("drivers/net/ethernet/intel")
# the files the built-in variants compile or include, per driver family
NEEDED = [INTEL / "igbvf" / "mbx.c", INTEL / "igbvf" / "vf.c", INTEL / "igb" / "e1000_mbx.c",
          INTEL / "igb" / "e1000_hw.h"]
NEEDED_IXGBE = [INTEL / "ixgbevf" / "mbx.c", INTEL / "ixgbevf" / "vf.c",
                INTEL / "ixgbe" / "ixgbe_mbx.c", INTEL / "ixgbe" / "ixgbe_type.h"]
FAMILIES = {"igb": NEEDED, "ixgbe": NEEDED_IXGBE}
DIRS = {"igb": "igb and igbvf", "ixgbe": "ixgbe and ixgbevf"}
FETCH_HINT = ("python -m tb.cdriver fetch (as root: apt-get download linux-source-6.1 into "
              "sim_build/cdriver/)")
APT = ["apt-get", "-o", "APT::Sandbox::User=root"]


def cached_tree() -> Path:
    return CACHE / "src" / PACKAGE


def _is_tree(path: Path, family: str = "igb") -> bool:
    return all((path / rel).is_file() for rel in FAMILIES[family])


def linux_tree(src=None, family: str = "igb") -> Path:
    """The kernel tree to build `family` ("igb": igb/igbvf, "ixgbe": ixgbe/ixgbevf) from:
    `src`, else $LINUX_SRC, else the cache. One-line CDriverError if none holds its files."""
    for origin, value in (("--src", src), ("LINUX_SRC", os.environ.get("LINUX_SRC"))):
        if value:
            path = Path(value).expanduser().resolve()
            if not _is_tree(path, family):
                raise CDriverError(
                    f"tb.cdriver: {origin}={value} has no {FAMILIES[family][0]} (want a tree "
                    f"holding drivers/net/ethernet/intel/{DIRS[family]}); unset it to use "
                    f"{FETCH_HINT}")
            return path
    if _is_tree(cached_tree(), family):
        return cached_tree()
    raise CDriverError(
        f"tb.cdriver: no Linux 6.1 {DIRS[family].replace(' and ', '/')} sources: set "
        f"LINUX_SRC=<kernel tree> (or DRIVER_SRC=<your driver dir> for a user driver), or "
        f"run: {FETCH_HINT}")


def have_sources(src=None, family: str = "igb") -> bool:
    try:
        linux_tree(src, family)
        return True
    except CDriverError:
        return False


def ensure(fetch_allowed: bool = True, family: str = "igb"):
    """(tree, None) when the sources of `family` are cached, in $LINUX_SRC, or fetched now;
    else (None, the one-line reason). CDRIVER_FETCH=0 forbids fetching."""
    try:
        return linux_tree(family=family), None
    except CDriverError as missing:
        reason = str(missing)
    if fetch_allowed and os.environ.get("CDRIVER_FETCH", "1") != "0":
        try:
            fetch(log=lambda *_: None)
            return linux_tree(family=family), None
        except CDriverError as exc:
            reason = str(exc)
    return None, reason


def _run(cmd, cwd=None, what=""):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode:
        last = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1:] or ["(no output)"]
        raise CDriverError(f"tb.cdriver fetch: {what or cmd[0]} failed: {last[0]}")
    return proc


def fetch(log=print) -> Path:
    """Download Debian's linux-source-6.1 .deb into the cache (apt-get, as root) and extract
    only the igb, igbvf, ixgbe and ixgbevf directories. Idempotent: reuses the .deb and the
    tarball (a cache holding only igb/igbvf gets the other two from it); one process at a
    time (pytest -n workers may all ask)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".fetch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _fetch(log)


def _complete(path: Path) -> bool:
    return all(_is_tree(path, family) for family in FAMILIES)


def _fetch(log) -> Path:
    if _complete(cached_tree()):
        log(f"tb.cdriver: sources already in {cached_tree()}")
        return cached_tree()
    CACHE.mkdir(parents=True, exist_ok=True)
    tarball = CACHE / "usr" / "src" / f"{PACKAGE}.tar.xz"
    if not tarball.is_file():
        debs = sorted(CACHE.glob(f"{PACKAGE}_*.deb"))
        if not debs:
            if not shutil.which("apt-get"):
                raise CDriverError("tb.cdriver fetch: no apt-get here; set LINUX_SRC=<kernel tree> "
                                   "holding drivers/net/ethernet/intel/igb, igbvf, ixgbe, ixgbevf")
            if os.geteuid() != 0:
                raise CDriverError("tb.cdriver fetch: apt-get download needs root here; run it as "
                                   "root or set LINUX_SRC=<kernel tree>")
            log(f"tb.cdriver: apt-get download {PACKAGE} (about 139 MB) into {CACHE}")
            try:
                _run(APT + ["download", PACKAGE], cwd=CACHE, what="apt-get download")
            except CDriverError:
                _run(APT + ["update"], what="apt-get update")
                _run(APT + ["download", PACKAGE], cwd=CACHE, what="apt-get download")
            debs = sorted(CACHE.glob(f"{PACKAGE}_*.deb"))
            if not debs:
                raise CDriverError(f"tb.cdriver fetch: apt-get left no {PACKAGE}_*.deb in {CACHE}")
        log(f"tb.cdriver: extracting {tarball.name} from {debs[-1].name}")
        deb = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(debs[-1])],
                               stdout=subprocess.PIPE)
        tar = subprocess.run(["tar", "-x", "-C", str(CACHE), f"./usr/src/{PACKAGE}.tar.xz"],
                             stdin=deb.stdout, capture_output=True, text=True)
        deb.stdout.close()
        if deb.wait() or tar.returncode or not tarball.is_file():
            raise CDriverError(f"tb.cdriver fetch: could not extract {tarball.name} from "
                               f"{debs[-1]}: {tar.stderr.strip()[:200]}")
    log("tb.cdriver: extracting drivers/net/ethernet/intel/{igb,igbvf,ixgbe,ixgbevf}")
    dest = CACHE / "src"
    dest.mkdir(exist_ok=True)
    _run(["tar", "-xJf", str(tarball), "-C", str(dest), "--wildcards",
          *(f"*/{INTEL}/{d}/*" for d in ("igb", "igbvf", "ixgbe", "ixgbevf"))],
         what="tar -xJ")
    if not _complete(cached_tree()):
        raise CDriverError(f"tb.cdriver fetch: {tarball} did not give {cached_tree() / NEEDED[0]}")
    return cached_tree()
