"""packaging/icu_data.py: the bundle's smaller ICU data keeps what Qt's widgets need."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("icu_data", ROOT / "packaging" / "icu_data.py")
icu_data = importlib.util.module_from_spec(_SPEC)  # a build script, not a package
_SPEC.loader.exec_module(icu_data)


@pytest.mark.parametrize("item", [
    "lang/de.res", "region/fr.res", "curr/ja.res", "unit/en.res", "zone/en.res",
    "rbnf/en.res", "translit/root.res", "coll/de.res", "coll/zh.res", "ibm-1390_P110-2003.cnv",
    "brkitr/thaidict.dict", "brkitr/cjdict.dict", "de.res", "zh_Hant_TW.res", "yue.res",
])
def test_locale_display_data_converters_and_dictionaries_are_removed(item):
    assert icu_data.is_removed(item)


@pytest.mark.parametrize("item", [
    "root.res", "en.res", "en_GB.res", "pool.res", "res_index.res", "zoneinfo64.res",
    "likelySubtags.res", "supplementalData.res", "unames.icu",
    "cnvalias.icu", "nfkc.nrm", "uts46.nrm", "brkitr/root.res", "brkitr/line.brk",
    "brkitr/word.brk", "coll/root.res", "coll/ucadata.icu", "coll/en.res", "coll/en_US.res",
])
def test_core_data_rules_and_english_collation_are_kept(item):
    assert not icu_data.is_removed(item)


def qt_icu_data() -> Path | None:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    return found[0] if found else None


@pytest.mark.skipif(any(shutil.which(tool) is None for tool in icu_data.TOOLS),
                    reason=f"needs {', '.join(icu_data.TOOLS)}")
def test_trimmed_library_is_small_and_qt_still_lays_out_text(tmp_path):
    library = qt_icu_data()
    if library is None:
        pytest.skip("this PySide6 has no ICU data library")
    trimmed = icu_data.trim(library, tmp_path / "icu")
    assert trimmed.name == library.name
    assert trimmed.stat().st_size < library.stat().st_size / 5
    assert icu_data.data_symbol(trimmed)[0] == icu_data.data_symbol(library)[0]
    # A Qt process with the trimmed library preloaded lays out and wraps a label, upper-cases
    # and collates (ICU calls), and really uses the data library we made.
    script = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QCollator, QLocale
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label = QLabel("Stochastic gradient descent: step straight down the gradient.")
        label.setWordWrap(True)
        label.resize(120, 200)
        label.show()
        app.processEvents()
        image = label.grab().toImage()
        maps = open("/proc/self/maps").read()
        collator = QCollator(QLocale("en_US"))
        print(QLocale("de_DE").toUpper("straße"), collator.compare("apple", "Banana") < 0,
              image.width(), label.heightForWidth(120) > label.fontMetrics().height(),
              sys.argv[1] in maps)
    """)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LD_PRELOAD=str(trimmed))
    result = subprocess.run([sys.executable, "-c", script, str(trimmed)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["STRASSE", "True", "120", "True", "True"]
