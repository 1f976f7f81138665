"""Where the Linux 6.1 igb / igbvf sources come from: a tree the user names (`--src DIR` or
LINUX_SRC=DIR, a directory holding drivers/net/ethernet/intel/...), else the cache under
sim_build/cdriver/, filled by `python -m tb.cdriver fetch` from Debian's linux-source-6.1
package. Nothing from that package is ever committed: it is fetched at build time.
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
# the files the built-in variants compile or include
NEEDED = [INTEL / "igbvf" / "mbx.c", INTEL / "igbvf" / "vf.c", INTEL / "igb" / "e1000_mbx.c",
          INTEL / "igb" / "e1000_hw.h"]
FETCH_HINT = ("python -m tb.cdriver fetch (as root: apt-get download linux-source-6.1 into "
              "sim_build/cdriver/)")
APT = ["apt-get", "-o", "APT::Sandbox::User=root"]


def cached_tree() -> Path:
    return CACHE / "src" / PACKAGE


def _is_tree(path: Path) -> bool:
    return all((path / rel).is_file() for rel in NEEDED)


def linux_tree(src=None) -> Path:
    """The kernel tree to build from: `src`, else $LINUX_SRC, else the cache. One-line
    CDriverError if none holds the igb/igbvf files."""
    for origin, value in (("--src", src), ("LINUX_SRC", os.environ.get("LINUX_SRC"))):
        if value:
            path = Path(value).expanduser().resolve()
            if not _is_tree(path):
                raise CDriverError(
                    f"tb.cdriver: {origin}={value} has no {NEEDED[0]} (want a tree holding "
                    f"drivers/net/ethernet/intel/igb and igbvf); unset it to use {FETCH_HINT}")
            return path
    if _is_tree(cached_tree()):
        return cached_tree()
    raise CDriverError(
        f"tb.cdriver: no Linux 6.1 igb/igbvf sources: set LINUX_SRC=<kernel tree> (or "
        f"DRIVER_SRC=<your driver dir> for a user driver), or run: {FETCH_HINT}")


def have_sources(src=None) -> bool:
    try:
        linux_tree(src)
        return True
    except CDriverError:
        return False


def ensure():
    """(tree, None) when the sources are cached or in $LINUX_SRC; else (None, the one-line
    reason). Never downloads: only `make cdriver` (python -m tb.cdriver fetch) does, and
    says so."""
    try:
        return linux_tree(), None
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
    with its size first), extract only the igb and igbvf directories, then delete the .deb
    and the tarball. Idempotent: reuses a .deb or tarball an interrupted run left; one
    process at a time."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / ".fetch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _fetch(log)


def _fetch(log) -> Path:
    if _is_tree(cached_tree()):
        log(f"tb.cdriver: sources already in {cached_tree()}")
        return cached_tree()
    CACHE.mkdir(parents=True, exist_ok=True)
    tarball = CACHE / "usr" / "src" / f"{PACKAGE}.tar.xz"
    if not tarball.is_file():
        debs = sorted(CACHE.glob(f"{PACKAGE}_*.deb"))
        if not debs:
            if not shutil.which("apt-get"):
                raise CDriverError("tb.cdriver fetch: no apt-get here; set LINUX_SRC=<kernel tree> "
                                   "holding drivers/net/ethernet/intel/igb and igbvf")
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
    log("tb.cdriver: extracting drivers/net/ethernet/intel/{igb,igbvf}")
    dest = CACHE / "src"
    dest.mkdir(exist_ok=True)
    _run(["tar", "-xJf", str(tarball), "-C", str(dest), "--wildcards",
          "*/drivers/net/ethernet/intel/igbvf/*", "*/drivers/net/ethernet/intel/igb/*"],
         what="tar -xJ")
    if not _is_tree(cached_tree()):
        raise CDriverError(f"tb.cdriver fetch: {tarball} did not give {cached_tree() / NEEDED[0]}")
    # The builds need only igb/ and igbvf/ (1 MB): drop the package and its tarball (266 MB).
    for deb in CACHE.glob(f"{PACKAGE}_*.deb"):
        deb.unlink()
    shutil.rmtree(CACHE / "usr", ignore_errors=True)
    log(f"tb.cdriver: kept only {cached_tree().relative_to(CACHE)}/{INTEL}/{{igb,igbvf}}; removed the package")
    return cached_tree()
