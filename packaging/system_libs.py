"""List the shared libraries a Linux bundle takes from the system, and any it cannot find.

    python packaging/system_libs.py [dist/nndash]             every library taken from outside
    python packaging/system_libs.py --missing [dist/nndash]   only those this machine lacks

Runs ldd on every shared object of the bundle with the bundle's own folder first on the
library path (as its launcher sets it), so what is left is what the target machine must
provide. glibc's own libraries are left out: every Linux system has them. A library that
this machine lacks was not bundled either, so the target must have it (build.sh warns).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

GLIBC = re.compile(r"^(linux-vdso|ld-linux|libc|libm|libdl|libpthread|librt|libresolv)\b")
LDD_LINE = re.compile(r"^\s*(\S+) => (not found|(/\S+))")


def shared_objects(folder: Path) -> list[Path]:
    """Every .so file of the bundle, skipping the symlinks PyInstaller adds beside them."""
    return sorted(path for path in folder.rglob("*.so*")
                  if path.is_file() and not path.is_symlink())


def outside_needs(folder: Path) -> dict[str, set[str]]:
    """{library name: bundle files needing it} for libraries outside the bundle; a name ends
    in " (missing)" when this machine does not have it."""
    internal = folder / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal if internal.is_dir() else folder))
    needs: dict[str, set[str]] = defaultdict(set)
    for library in shared_objects(folder):
        result = subprocess.run(["ldd", str(library)], capture_output=True, text=True, env=env)
        for line in result.stdout.splitlines():
            match = LDD_LINE.match(line)
            if match and not GLIBC.match(match[1]) and str(folder) not in match[2]:
                name = match[1] if match[3] else f"{match[1]} (missing)"
                needs[name].add(str(library.relative_to(folder)))
    return needs


def main(argv: list[str]) -> int:
    only_missing = "--missing" in argv
    folders = [arg for arg in argv if arg != "--missing"]
    folder = Path(folders[0] if folders else "dist/nndash").resolve()
    if not folder.is_dir():
        print(f"no bundle folder at {folder}; build it with packaging/build.sh", file=sys.stderr)
        return 1
    for name, users in sorted(outside_needs(folder).items()):
        if only_missing:
            if name.endswith(" (missing)"):
                print(name.split()[0])
        else:
            print(f"{name:35} needed by {len(users):2} files, e.g. {sorted(users)[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
