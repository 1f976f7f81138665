"""python -m tb.cdriver fetch | build | list

  fetch                       download Debian's linux-source-6.1 (apt-get, as root) into
                              sim_build/cdriver/ and extract only igb/, igbvf/,
                              ixgbe/ and ixgbevf/
  build [VARIANT ...]         compile the variants (default: all) to sim_build/cdriver/<v>.so
        [--src DIR]           kernel tree to use instead of $LINUX_SRC or the cache
        [--force]             rebuild even when no input changed
  build --src DIR --name N    compile every .c in DIR (your driver, Linux or Intel
        [--role vf|pf]        shared-code style) with the shim and the role's glue as
        [--header H]          library N. Defaults from DRIVER_SRC, DRIVER_NAME,
        [--ops OP=FUNC,...]   DRIVER_ROLE (vf), DRIVER_HEADER (the first of the glue's list
                              present, e.g. e1000_api.h), DRIVER_OPS (glue ops your code
                              offers under another name, e.g. set_vfta=e1000_vfta_set_vf)
  list                        the variants, the user libraries built, and the source tree
"""

import argparse
import os
import sys

from tb.cdriver import build as B
from tb.cdriver import sources
from tb.cdriver.errors import CDriverError
from tb.cdriver.variants import VARIANTS


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tb.cdriver", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("fetch", "build", "list"))
    ap.add_argument("variants", nargs="*")
    ap.add_argument("--src")
    ap.add_argument("--name")
    ap.add_argument("--header")
    ap.add_argument("--role")
    ap.add_argument("--ops")
    ap.add_argument("--force", action="store_true")
    args = ap.parse_intermixed_args(argv)
    try:
        if args.command == "fetch":
            print(f"tb.cdriver: sources in {sources.fetch()}")
        elif args.command == "build":
            user = {k: getattr(args, k.lower()) or os.environ.get(f"DRIVER_{k}") or None
                    for k in ("NAME", "ROLE", "HEADER", "OPS")}
            if user["NAME"] or os.environ.get("DRIVER_SRC"):
                src = args.src or os.environ.get("DRIVER_SRC")
                print(B.build_user(src, user["NAME"], user["HEADER"], args.force, log=print,
                                   role=user["ROLE"] or "vf", ops=user["OPS"]))
            elif any(user.values()):
                given = next(k for k, v in user.items() if v)
                raise CDriverError(f"tb.cdriver: DRIVER_{given}={user[given]} needs "
                                   "DRIVER_SRC=<your driver directory>")
            else:
                for name in args.variants or list(VARIANTS):
                    B.variant(name)          # an unknown name fails before any work
                for name in args.variants or list(VARIANTS):
                    print(B.build(name, args.src, args.force, log=print))
        else:
            for v in VARIANTS.values():
                built = "built" if B.library_file(v.name).is_file() else "not built"
                print(f"{v.name:28} {v.role}  {built:9}  {v.description}")
            for name, meta in B.user_libraries().items():
                print(f"{name:28} {meta['role']}  built      user driver from {meta['user_dir']}")
            try:
                print(f"kernel sources: {sources.linux_tree(args.src)}")
            except CDriverError as exc:
                print(str(exc))
    except CDriverError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
