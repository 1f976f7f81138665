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
ALL_DIRS = ("igb", "igbvf", "ixgbe", "ixgbevf")   # what the cache keeps of the package
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


def ensure(family: str = "igb"):
    """(tree, None) when the sources of `family` are cached or in $LINUX_SRC; else (None, the
    one-line reason). Never downloads: only `make cdriver` (python -m tb.cdriver fetch) does,
    and says so."""
    try:
        return linux_tree(family=family), None
    except CDriverError as missing:
        return None, str(missing)


def package_size() -> str:
    """The package's download size as apt reports it ("139 MB"), or "size unknown"."""
    try:
        proc = _run(["apt-cache", "show", "--no-all-versions", PACKAGE], what="apt-cache show")
    except (CDriverError, OSError):
        return "size unknown"
    sizes = [int(line.split()[1]) for line in proc.stdout.splitlines()
             if line.startswith("Size:") and line.split()[1:2] and line.split()[1].isdigit()]
    return f"{sizes[0] / 1e6:.0f} MB" if sizes else "size unknown"


def _run(cmd, cwd=None, what=""):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode:
        last = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1:] or ["(no output)"]
        raise CDriverError(f"tb.cdriver fetch: {what or cmd[0]} failed: {last[0]}")
    return proc


def fetch(log=print) -> Path:
    """Download Debian's linux-source-6.1 .deb into the cache (apt-get, as root; one line
    with its size first), extract only the igb, igbvf, ixgbe and ixgbevf directories, then
    delete the .deb and the tarball (the builds need only those directories). Idempotent:
    reuses a .deb or tarball an interrupted run left; one process at a time."""
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
            log(f"tb.cdriver: downloading {PACKAGE} ({package_size()}, apt-get download) into {CACHE}")
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
          *(f"*/{INTEL}/{d}/*" for d in ALL_DIRS)],
         what="tar -xJ")
    if not _complete(cached_tree()):
        raise CDriverError(f"tb.cdriver fetch: {tarball} did not give {cached_tree() / NEEDED[0]}")
    # The builds need only these directories (a few MB): drop the package and its tarball
    # (266 MB).
    for deb in CACHE.glob(f"{PACKAGE}_*.deb"):
        deb.unlink()
    shutil.rmtree(CACHE / "usr", ignore_errors=True)
    log(f"tb.cdriver: kept only {cached_tree().relative_to(CACHE)}/{INTEL}/{{{','.join(ALL_DIRS)}}}; "
        "removed the package")
    return cached_tree()
