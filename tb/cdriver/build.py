"""Compile one shared library per variant: sim_build/cdriver/<variant>.so.

gcc -shared -fPIC over the driver's .c files (transformed copies where the variant says so,
written to sim_build/cdriver/gen/<variant>/), our glue and runtime from shim/, with the shim's
headers first on the include path. A library is rebuilt only when an input changed (a hash of
the command line and every input text is kept next to it). A compile error raises
CDriverError carrying the compiler's own messages (they name the file).
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from tb.cdriver import sources
from tb.cdriver.errors import CDriverError
from tb.cdriver.variants import VARIANTS, variant

SHIM = Path(__file__).resolve().parent / "shim"
CC = os.environ.get("CDRIVER_CC", "gcc")
CFLAGS = ["-shared", "-fPIC", "-O2", "-std=gnu11", "-fno-strict-aliasing", "-w"]
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def user_dir() -> Path:
    """Where user libraries live: $CDRIVER_USER_DIR, else the kernel variants' cache. The
    test suite points it at its own directory (tests/conftest.py), so that the drivers it
    builds never join the user's list of drivers."""
    return Path(os.environ.get("CDRIVER_USER_DIR") or sources.CACHE)


def _home(name: str) -> Path:
    return sources.CACHE if name in VARIANTS else user_dir()


def library_file(name: str) -> Path:
    return _home(name) / f"{name}.so"


def _meta_file(name: str) -> Path:
    return _home(name) / f"{name}.json"


def _shim_inputs():
    return sorted(p for p in SHIM.rglob("*") if p.is_file() and p.suffix in (".c", ".h"))


def _compile(name: str, role: str, c_files, include_dirs, defines, inputs, force: bool,
             meta: dict, log=None) -> Path:
    out = library_file(name)
    cmd = [CC, *CFLAGS, *(f"-D{d}" for d in defines), f"-I{SHIM}", f"-I{SHIM / 'include'}",
           *(f"-I{d}" for d in include_dirs), *map(str, c_files)]
    digest = hashlib.sha256("\0".join(cmd).encode())
    for path in sorted(set(map(Path, inputs)) | set(map(Path, c_files))):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    stamp = digest.hexdigest()
    meta = {**meta, "name": name, "role": role, "inputs": stamp}
    if not force and out.is_file() and _meta_file(name).is_file():
        try:
            if json.loads(_meta_file(name).read_text()).get("inputs") == stamp:
                return out
        except ValueError:
            pass
    if not shutil.which(CC):
        raise CDriverError(f"tb.cdriver: no C compiler {CC!r} on PATH (set CDRIVER_CC)")
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".so", dir=out.parent)
    os.close(fd)
    proc = subprocess.run(cmd + ["-o", tmp], capture_output=True, text=True)
    if proc.returncode:
        os.unlink(tmp)
        raise CDriverError(f"tb.cdriver: compiling {name} failed ({CC} exit {proc.returncode}):\n"
                           + (proc.stderr.strip() or proc.stdout.strip()))
    os.replace(tmp, out)
    _meta_file(name).write_text(json.dumps(meta, indent=1) + "\n")
    if log:
        log(f"tb.cdriver: built {out}")
    return out


def build(name: str, src=None, force: bool = False, log=None) -> Path:
    """Build the named variant from the kernel tree (`src`, $LINUX_SRC or the cache)."""
    v = variant(name)
    tree = sources.linux_tree(src)
    driver_dir = tree / v.driver_dir
    c_files = []
    for fname in v.files:
        path = driver_dir / fname
        funcs = v.transforms.get(fname, ())
        if funcs:
            text = path.read_text()
            for func in funcs:
                text = func(text, str(path))
            gen = sources.CACHE / "gen" / name / fname
            gen.parent.mkdir(parents=True, exist_ok=True)
            if not gen.is_file() or gen.read_text() != text:
                gen.write_text(text)
            path = gen
        c_files.append(path)
    c_files += [SHIM / v.glue, SHIM / "cdrv_runtime.c"]
    defines = [f'CDRV_VF_HEADER="{v.header}"'] if v.header else []
    inputs = _shim_inputs() + sorted(driver_dir.glob("*.h"))
    return _compile(name, v.role, c_files, [driver_dir], defines, inputs, force,
                    {"variant": name, "tree": str(tree)}, log)


def build_user(directory, name: str, header: str = None, force: bool = False, log=None) -> Path:
    """Build every .c in `directory` (a VF driver, Linux or Intel shared-code style) with the
    shim and the VF glue, as library `name`. See examples/shared-code-vf/README.md for what the
    directory must provide."""
    if not directory:
        raise CDriverError("tb.cdriver: no driver directory: pass --src DIR or set DRIVER_SRC=DIR")
    d = Path(directory).expanduser().resolve()
    if not _NAME.match(name or ""):
        raise CDriverError(f"tb.cdriver: bad library name {name!r} (letters, digits, _ . -)")
    from tb.drivers.catalog import PF_DRIVERS, VF_DRIVERS
    if name in VARIANTS or name in VF_DRIVERS or name in PF_DRIVERS:
        # A model's name would shadow the library: the user's code would never run.
        taken = list(VF_DRIVERS) + list(PF_DRIVERS) + list(VARIANTS)
        raise CDriverError(f"tb.cdriver: DRIVER_NAME/--name {name!r} is taken by a built-in driver; "
                           f"pick another (taken: {', '.join(taken)})")
    if not d.is_dir():
        raise CDriverError(f"tb.cdriver: DRIVER_SRC/--src {directory} is not a directory "
                           "(want the directory of your VF driver's .c and .h files)")
    c_files = sorted(d.glob("*.c"))
    if not c_files:
        raise CDriverError(f"tb.cdriver: DRIVER_SRC/--src {directory} holds no .c files")
    if header is None:
        header = next((h for h in ("e1000_vf.h", "vf.h") if (d / h).is_file()), None)
        if header is None:
            raise CDriverError(f"tb.cdriver: {d} has neither e1000_vf.h nor vf.h; pass --header "
                               "NAME (the header declaring struct e1000_hw)")
    elif not (d / header).is_file():
        raise CDriverError(f"tb.cdriver: {d} has no header {header}")
    inputs = _shim_inputs() + sorted(d.glob("*.h"))
    return _compile(name, "vf", c_files + [SHIM / "glue_vf.c", SHIM / "cdrv_runtime.c"], [d],
                    [f'CDRV_VF_HEADER="{header}"'], inputs, force,
                    {"user_dir": str(d), "header": header}, log)


def user_libraries() -> dict:
    """name -> meta of the user libraries built so far."""
    out = {}
    for meta in sorted(user_dir().glob("*.json")):
        try:
            data = json.loads(meta.read_text())
        except ValueError:
            continue
        if "user_dir" in data and library_file(data["name"]).is_file():
            out[data["name"]] = data
    return out


def library_path(name: str, src=None) -> tuple:
    """(path, role) of a loadable library: a built-in variant (built if needed) or a user
    library built earlier with build_user."""
    if name in VARIANTS:
        return build(name, src), VARIANTS[name].role
    users = user_libraries()
    if name in users:
        return library_file(name), users[name]["role"]
    known = list(VARIANTS) + list(users)
    raise CDriverError(f"tb.cdriver: unknown variant {name!r}; known: {', '.join(known)}")
