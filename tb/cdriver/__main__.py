"""python -m tb.cdriver fetch | build | list

  fetch                       download Debian's linux-source-6.1 (apt-get, as root) into
                              sim_build/cdriver/ and extract only igb/, igbvf/,
                              ixgbe/ and ixgbevf/
  build [VARIANT ...]         compile the variants (default: all) to sim_build/cdriver/<v>.so
        [--src DIR]           kernel tree to use instead of $LINUX_SRC or the cache
        [--force]             rebuild even when no input changed
  build --src DIR --name N    compile every .c in DIR (a VF driver, Linux or Intel
        [--header H]          shared-code style) with the shim as library N; DIR defaults
                              to $DRIVER_SRC; H is the header declaring struct e1000_hw
                              (default: e1000_vf.h, else vf.h)
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
    ap.add_argument("--force", action="store_true")
    args = ap.parse_intermixed_args(argv)
    try:
        if args.command == "fetch":
            print(f"tb.cdriver: sources in {sources.fetch()}")
        elif args.command == "build":
            if args.name:
                src = args.src or os.environ.get("DRIVER_SRC")
                print(B.build_user(src, args.name, args.header, args.force, log=print))
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
                print(f"{name:28} vf  built      user driver from {meta['user_dir']}")
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
