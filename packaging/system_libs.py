"""List the shared libraries a Linux bundle takes from the system, and any it cannot find.

    python packaging/system_libs.py [dist/nndash]

Runs ldd on every shared object of the bundle with the bundle's own folder first on the
library path (as its launcher sets it), so what is left is what the target machine must
provide. glibc's own libraries are left out: every Linux system has them.
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
    return sorted(path for path in folder.rglob("*.so*") if path.is_file())


def outside_needs(folder: Path) -> dict[str, set[str]]:
    """{"libEGL.so.1 (system)" or "libfoo.so.1 (NOT FOUND here)": bundle files needing it}."""
    internal = folder / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal if internal.is_dir() else folder))
    needs: dict[str, set[str]] = defaultdict(set)
    for library in shared_objects(folder):
        result = subprocess.run(["ldd", str(library)], capture_output=True, text=True, env=env)
        for line in result.stdout.splitlines():
            match = LDD_LINE.match(line)
            if match and not GLIBC.match(match[1]) and str(folder) not in match[2]:
                needs[f"{match[1]} ({'NOT FOUND here' if match[3] is None else 'system'})"].add(
                    str(library.relative_to(folder)))
    return needs


def main(argv: list[str]) -> int:
    folder = Path(argv[0] if argv else "dist/nndash").resolve()
    if not folder.is_dir():
        print(f"no bundle folder at {folder}; build it with packaging/build.sh", file=sys.stderr)
        return 1
    for name, users in sorted(outside_needs(folder).items()):
        example = sorted(users)[0]
        print(f"{name:45} {len(users):3} users, e.g. {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
