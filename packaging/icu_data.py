"""Shrink Qt's ICU data library (libicudata.so.NN, 31 MB) for the bundle to about 3 MB.

    python packaging/icu_data.py LIBICUDATA OUTPUT_FOLDER      (nndash.spec runs it)

QtCore links ICU, whose data library is one symbol, icudtNN_dat: a package of ~3,900 items
(locale data, collation rules, character-set converters, ...). nndash shows English text in
Qt's own widgets and uses neither QCollator, QStringConverter's legacy encodings, nor localized
display names, and QLocale formats with Qt's own copy of the locale data; so the bundle keeps
the core (root and English locale data, normalization, break-iterator rules, the time-zone
rules, Unicode names) and leaves out what only those use:

- ICU's own locale data for locales other than English (e.g. de.res, zh_Hant_TW.res);
- display names of languages, regions, currencies, units and time zones (lang/, region/,
  curr/, unit/, zone/), number spell-out rules (rbnf/), transliterators (translit/);
- collation tailorings other than the root order and English (coll/);
- legacy character-set converters (*.cnv; UTF-8/16/32 and Latin-1 are built into ICU);
- the Thai, Lao, Khmer, Burmese and CJK word-break dictionaries (brkitr/*.dict).

ICU answers a lookup of a removed item with U_MISSING_RESOURCE_ERROR, and Qt then falls back
to its own data. Needs binutils (nm, readelf), a C compiler and icupkg (Debian: icu-devtools);
exits with 3, changing nothing, when one is missing, so the build keeps the full library.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TOOLS = ("nm", "readelf", "cc", "icupkg")
REMOVED_FOLDERS = ("lang/", "region/", "curr/", "unit/", "zone/", "rbnf/", "translit/")
KEPT_COLLATION = re.compile(r"coll/(root\.res|ucadata\.icu|res_index\.res|en(_\w+)?\.res)$")
# A locale's own data file, such as de.res or zh_Hant_TW.res (codes of 2 or 3 lower-case
# letters); not root.res, pool.res (shared by them) nor supplementalData.res and its likes.
LOCALE = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]+)*\.res")
MISSING_TOOLS = 3


def is_removed(item: str) -> bool:
    """Whether the package item ``item`` (e.g. 'lang/de.res') stays out of the bundle."""
    if item.startswith(REMOVED_FOLDERS) or item.endswith((".cnv", ".dict")):
        return True
    if LOCALE.fullmatch(item) and item != "res_index.res":  # the index of the locales
        return not (item == "en.res" or item.startswith("en_"))
    return item.startswith("coll/") and not KEPT_COLLATION.fullmatch(item)


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def data_symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the icudtNN_dat symbol of an ICU data library."""
    for line in _run("nm", "-D", "-S", "--defined-only", str(library)).splitlines():
        fields = line.split()
        if len(fields) == 4 and re.fullmatch(r"icudt\d+_dat", fields[3]):
            address, size, name = int(fields[0], 16), int(fields[1], 16), fields[3]
            break
    else:
        raise ValueError(f"{library}: no icudtNN_dat symbol")
    # The section holding the symbol maps its address to a file offset.
    for line in _run("readelf", "-S", "-W", str(library)).splitlines():
        match = re.search(r"\]\s+\S+\s+\S+\s+([0-9a-f]{16})\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if match:
            start, offset, length = (int(value, 16) for value in match.groups())
            if start <= address and address + size <= start + length:
                return name, offset + address - start, size
    raise ValueError(f"{library}: {name} lies in no section")


def trim(library: Path, output_folder: Path) -> Path:
    """Write output_folder/<library's name>: the same library with the smaller data package."""
    name, offset, size = data_symbol(library)
    package = name.removesuffix("_dat") + "l"  # e.g. icudt73l: version 73, little-endian
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        full, small = work / "in" / f"{package}.dat", work / "out" / f"{package}.dat"
        full.parent.mkdir()
        small.parent.mkdir()  # icupkg wants the file named after the package it holds
        with library.open("rb") as file:
            file.seek(offset)
            full.write_bytes(file.read(size))
        items = _run("icupkg", "-l", str(full)).split()
        (work / "removed.txt").write_text("\n".join(filter(is_removed, items)) + "\n")
        # --ignore-deps: the break-iterator rules name the dictionaries; without them ICU
        # breaks Thai and CJK text by its rules alone.
        _run("icupkg", "--ignore-deps", "-r", str(work / "removed.txt"), str(full), str(small))
        assembly = work / "data.S"
        assembly.write_text(
            f'.section .rodata\n.globl {name}\n.type {name}, @object\n.balign 16\n'
            f'{name}:\n.incbin "{small}"\n.size {name}, .-{name}\n'
            '.section .note.GNU-stack,"",@progbits\n')
        output_folder.mkdir(parents=True, exist_ok=True)
        output = output_folder / library.name
        _run("cc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(output),
             str(assembly))
    return output


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        print(f"icu_data: {', '.join(missing)} not found; keeping the full ICU data",
              file=sys.stderr)
        return MISSING_TOOLS
    output = trim(Path(argv[0]), Path(argv[1]))
    print(f"icu_data: {argv[0]} ({Path(argv[0]).stat().st_size / 1e6:.1f} MB) -> {output} "
          f"({output.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
