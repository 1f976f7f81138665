"""Compile one shared library per driver: sim_build/cdriver/<name>.so.

gcc -shared -fPIC over the driver's .c files (transformed copies where a variant says so,
written to sim_build/cdriver/gen/<variant>/; a user directory's files staged there without
its own *_osdep.h), our glue and runtime from shim/, with the shim's headers first on the
include path. The glue's operations are chosen per driver (tb/cdriver/glue.py). A library is
rebuilt only when an input changed (a hash of the command line and every input text is kept
next to it).

A build either gives a library that loads, or fails at build time: a compile error carries
the compiler's own messages (they name the file); the link refuses undefined symbols
(-z defs) and the failure names every unresolved symbol at once with the file that needs it;
a last load check opens the library in a separate process.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tb.cdriver import glue as G
from tb.cdriver import sources
from tb.cdriver.errors import CDriverError
from tb.cdriver.variants import VARIANTS, variant

SHIM = Path(__file__).resolve().parent / "shim"
CC = os.environ.get("CDRIVER_CC", "gcc")
CFLAGS = ["-shared", "-fPIC", "-O2", "-std=gnu11", "-fno-strict-aliasing"]
# Default warnings stay on; these are the ones that mean a wrong call or a missing name (the
# link check turns an implicit declaration that does not resolve into a build failure).
WARNINGS = ["-Wimplicit-function-declaration", "-Wincompatible-pointer-types",
            "-Wint-conversion", "-Wreturn-type"]
LDFLAGS = ["-Wl,-z,defs"]
RUNTIME = ("cdrv_runtime.c", "cdrv_osdep.c")
_IMPLICIT = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):\d+: (?:warning|error): implicit "
                       r"declaration of function '(?P<sym>\w+)'", re.M)
_UNDEFINED = re.compile(r"(?P<file>[^\s:/][^:\s]*):\([^)]*\): undefined reference to "
                        r"`(?P<sym>[^']+)'")
_COMPILE_ERROR = re.compile(r":\d+:\d+: (?:fatal )?error:")
_CC_ENV = {**os.environ, "LC_ALL": "C"}     # plain quotes in the messages we parse


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


def shim_osdeps() -> set:
    """The *_osdep.h names the shim provides (a driver directory's own are left out)."""
    return {p.name for p in (SHIM / "include").glob("*_osdep.h")}


def _include_flags(include_dirs, shim_dirs=()):
    """A family shim's directories (shim_dirs) come before the generic shim's."""
    return [*(f"-I{d}" for d in shim_dirs), f"-I{SHIM}", f"-I{SHIM / 'include'}",
            *(f"-I{d}" for d in include_dirs)]


def _shown(text: str, display: dict) -> str:
    """Compiler text with staged paths turned back into the user's."""
    for staged, real in display.items():
        text = text.replace(str(staged), str(real))
    return text


def _fail(name: str, proc, display) -> CDriverError:
    return CDriverError(f"tb.cdriver: compiling {name} failed ({CC} exit {proc.returncode}):\n"
                        + _shown(proc.stderr.strip() or proc.stdout.strip(), display))


def _require_cc():
    if not shutil.which(CC):
        raise CDriverError(f"tb.cdriver: no C compiler {CC!r} on PATH (set CDRIVER_CC)")


def resolve_ops(name: str, g: G.Glue, header: str, include_dirs, overrides: dict,
                display=None) -> dict:
    """op -> the C expression the glue calls it through: the user's DRIVER_OPS function, else
    the first of the op's sources `header` declares. One compiler run probes them all."""
    for op in overrides:
        g.op(op)                                    # an unknown op: one line
    probes = [(op.name, src, "override" if op.name in overrides else kind)
              for op in g.ops.values()
              for src, kind in ([(overrides[op.name], "override")] if op.name in overrides else
                                [*((s, "source") for s in op.sources),
                                 *((h, "hint") for h in op.hints)])]
    first = 3
    text = f'#include "{header}"\n#include "cdrv_glue.h"\n\n' + "".join(
        f"void cdrv_probe_{i}({g.hw_type} *hw) {{ (void)hw; (void)({src}); }}\n"
        for i, (_, src, _) in enumerate(probes))
    _require_cc()
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / "cdrv_probe.c"
        probe.write_text(text)
        proc = subprocess.run([CC, "-fsyntax-only", "-std=gnu11", *_include_flags(include_dirs),
                               str(probe)], capture_output=True, text=True, env=_CC_ENV)
        at = rf"^{re.escape(str(probe))}:(\d+):\d+: (?:fatal )?error"
        bad_lines = {int(m) for m in re.findall(at, proc.stderr, re.M)}
        other = [ln for ln in proc.stderr.splitlines() if ": error" in ln and str(probe) not in ln]
        if other or any(n < first + 1 for n in bad_lines):
            raise _fail(f"{name} (the header {header} the glue includes)", proc, display or {})
    found = {}
    declared_hints = {}
    for i, (op, src, kind) in enumerate(probes):
        ok = first + 1 + i not in bad_lines
        if kind == "override" and not ok:
            raise CDriverError(f"tb.cdriver: DRIVER_OPS: {op}={src}: {header} (or what it "
                               f"includes) declares no {src}")
        if kind == "hint":
            if ok:
                declared_hints.setdefault(op, src)
        elif ok and op not in found:
            found[op] = src
    for op in g.ops.values():
        if op.name not in found and not op.optional:
            hint = declared_hints.get(op.name)
            raise CDriverError(
                f"tb.cdriver: {name}: the {g.role.upper()} glue needs op {op.name} ({op.what}); "
                f"{header} declares none of {', '.join(op.sources)}: name your function with "
                f"DRIVER_OPS={op.name}=<function>"
                + (f", e.g. DRIVER_OPS={op.name}={hint} (declared there)" if hint else ""))
    return found


def unresolved(stderr: str) -> dict:
    """symbol -> where it is needed (file:line of an implicit declaration, else the file the
    linker names), from a failed link's compiler output."""
    where = {}
    for m in _IMPLICIT.finditer(stderr):
        where.setdefault(m["sym"], []).append(f"{Path(m['file']).name}:{m['line']}")
    needed = {}
    for m in _UNDEFINED.finditer(stderr):
        places = needed.setdefault(m["sym"], [])
        for place in where.get(m["sym"], [m["file"]]):
            if place not in places:
                places.append(place)
    return needed


def _unresolved_error(name: str, needed: dict) -> CDriverError:
    items = "; ".join(f"{sym} ({', '.join(places)})" for sym, places in sorted(needed.items()))
    return CDriverError(
        f"tb.cdriver: {name}: {len(needed)} unresolved symbol{'s' * (len(needed) != 1)}, "
        f"defined nowhere in the driver files, the shim or libc: {items} (a macro of your "
        "osdep: define it in cdrv_local.h in DRIVER_SRC; a function: add its .c file)")


def _load_check(path: Path, role: str):
    """Open the library in a fresh process (every symbol bound now) and find its entry,
    cdrv_<role>_new (a family's own glue names it after its driver: cdrv_ixgbevf_new)."""
    code = ("import ctypes, sys; d = ctypes.CDLL(sys.argv[1], mode=ctypes.RTLD_LOCAL); "
            "[getattr(d, n) for n in sys.argv[2:]]")
    proc = subprocess.run([sys.executable, "-c", code, str(path), "cdrv_set_callbacks",
                           f"cdrv_{role}_new"], capture_output=True, text=True)
    if proc.returncode:
        last = (proc.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise CDriverError(f"tb.cdriver: the library built for {path.stem} does not load: {last}")


def _compile(name: str, role: str, c_files, include_dirs, header: str, glue_file: str,
             inputs, force: bool, meta: dict, log=None, overrides=None, display=None,
             defines=(), shim_dirs=(), entry=None) -> Path:
    out = library_file(name)
    overrides = dict(overrides or {})
    display = display or {}
    g = G.glue(glue_file)
    header_define = [f'-D{g.header_macro if g else f"CDRV_{role.upper()}_HEADER"}="{header}"'] \
        if header else []
    cmd = [CC, *CFLAGS, *WARNINGS, *header_define, *(f"-D{d}" for d in defines),
           *_include_flags(include_dirs, shim_dirs), *map(str, c_files)]
    digest = hashlib.sha256("\0".join(cmd + LDFLAGS + sorted(f"{k}={v}" for k, v in
                                                             overrides.items())).encode())
    for path in sorted(set(map(Path, inputs)) | set(map(Path, c_files))):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    stamp = digest.hexdigest()
    if not force and out.is_file() and _meta_file(name).is_file():
        try:
            if json.loads(_meta_file(name).read_text()).get("inputs") == stamp:
                return out
        except ValueError:
            pass
    _require_cc()
    ops = resolve_ops(name, g, header, include_dirs, overrides, display) if g else {}
    op_defines = [f"-DCDRV_OP_{op}={expr}" for op, expr in ops.items()]
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".so", dir=out.parent)
    os.close(fd)
    full = cmd[:1] + op_defines + cmd[1:] + LDFLAGS + ["-o", tmp]
    proc = subprocess.run(full, capture_output=True, text=True, env=_CC_ENV)
    if proc.returncode:
        Path(tmp).unlink(missing_ok=True)    # the linker may have removed it already
        needed = unresolved(proc.stderr)
        if needed and not _COMPILE_ERROR.search(proc.stderr):
            raise _unresolved_error(name, needed)
        raise _fail(name, proc, display)
    try:
        _load_check(Path(tmp), entry or role)
    except CDriverError:
        os.unlink(tmp)
        raise
    os.replace(tmp, out)
    warnings = [ln for ln in _shown(proc.stderr, display).splitlines() if ": warning:" in ln]
    meta = {**meta, "name": name, "role": role, "header": header, "ops": ops,
            "warnings": warnings, "inputs": stamp}
    _meta_file(name).write_text(json.dumps(meta, indent=1) + "\n")
    if log:
        for line in warnings:
            log(f"tb.cdriver: {name}: {line}")
        log(f"tb.cdriver: built {out}")
    return out


def build(name: str, src=None, force: bool = False, log=None) -> Path:
    """Build the named variant from the kernel tree (`src`, $LINUX_SRC or the cache)."""
    v = variant(name)
    tree = sources.linux_tree(src, v.family)
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
    c_files += [SHIM / f for f in (v.glue, *v.shim_files, *RUNTIME)]
    inputs = (_shim_inputs() + sorted(driver_dir.glob("*.h"))
              + [driver_dir / f for f in v.included])
    shim_dirs = [SHIM / v.shim, SHIM / v.shim / "include"] if v.shim else []
    return _compile(name, v.role, c_files, [driver_dir], v.header, v.glue, inputs, force,
                    {"variant": name, "tree": str(tree)}, log, defines=v.defines,
                    shim_dirs=shim_dirs, entry=v.entry)


def _stage(d: Path, name: str, log=None) -> Path:
    """A copy of the directory's .c and .h files under gen/user/<name>/<content hash>/,
    without the *_osdep.h files the shim provides (quoted includes look in the file's own
    directory first, so a copy there would replace the shim's). Named by content, so an
    unchanged directory keeps its path (no rebuild) and builds running at once never write
    into a copy another is compiling."""
    files = []
    for path in sorted(d.iterdir()):
        if path.suffix not in (".c", ".h") or not path.is_file():
            continue
        if path.name in shim_osdeps():
            if log:
                log(f"tb.cdriver: {path} left out: the shim's {path.name} stands in for it "
                    f"(anything else you need from yours goes in {d / 'cdrv_local.h'})")
            continue
        files.append((path.name, path.read_bytes()))
    digest = hashlib.sha256(b"".join(n.encode() + b"\0" + t + b"\0" for n, t in files))
    stage = user_dir() / "gen" / "user" / name / digest.hexdigest()[:16]
    if not stage.is_dir():
        stage.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=stage.parent))
        for fname, text in files:
            (tmp / fname).write_bytes(text)
        try:
            tmp.rename(stage)
        except OSError:          # another build staged the same content first
            shutil.rmtree(tmp)
    return stage


def check_user_input(directory, name: str, role: str = "vf", header: str = None,
                     ops: str = None) -> tuple:
    """The user build's inputs, each checked by its option's parser (tb/options.py) and
    refused in one line; returns the directory and the ops {op: function}."""
    from tb.options import OPTIONS
    if not directory:
        raise CDriverError("tb.cdriver: no driver directory: pass --src DIR or set DRIVER_SRC=DIR")
    values = {"DRIVER_SRC": str(directory), "DRIVER_NAME": name or "", "DRIVER_ROLE": role,
              "DRIVER_HEADER": header, "DRIVER_OPS": ops}
    try:
        parsed = {k: OPTIONS[k].parse(k, v) for k, v in values.items() if v is not None}
    except ValueError as e:
        raise CDriverError(f"tb.cdriver: {e}") from None
    return parsed["DRIVER_SRC"], parsed.get("DRIVER_OPS", {})


def build_user(directory, name: str, header: str = None, force: bool = False, log=None,
               role: str = "vf", ops=None) -> Path:
    """Build every .c in `directory` (a VF or PF driver, Linux or Intel shared-code style)
    with the shim and the role's glue, as library `name`. `header`: the header the glue
    includes (default: the first of the glue's list present); `ops`: {op: function} for ops
    the code offers under another name (DRIVER_OPS). README "Your own driver" has the steps."""
    if not isinstance(ops, str):
        ops = ",".join(f"{k}={v}" for k, v in (ops or {}).items())
    d, ops = check_user_input(directory, name, role, header, ops)
    g = G.for_user(role, d)
    if header is None:
        header = next((h for h in g.headers if (d / h).is_file()), None)
        if header is None:
            raise CDriverError(f"tb.cdriver: {d} has none of {', '.join(g.headers)}: set "
                               f"DRIVER_HEADER=<the header declaring {g.hw_type}>")
        if log:
            log(f"tb.cdriver: {name}: the {role.upper()} glue includes {header} (DRIVER_HEADER= "
                "names another)")
    elif not (d / header).is_file():
        raise CDriverError(f"tb.cdriver: DRIVER_HEADER={header} is not allowed: {d} has no "
                           f"{header}")
    stage = _stage(d, name, log)
    inputs = _shim_inputs() + sorted(stage.glob("*.h"))
    c_files = sorted(stage.glob("*.c")) + [SHIM / f for f in (g.file, *RUNTIME)]
    return _compile(name, role, c_files, [stage], header, g.file, inputs, force,
                    {"user_dir": str(d), "family": g.family}, log, ops,
                    {f"{stage}/": f"{d}/"})


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
