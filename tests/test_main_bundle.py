"""The desktop bundle: the PyInstaller spec, resources found from source and frozen, the
fallback font, the icon files and the Linux desktop entry. None of these needs a built bundle
except the one test marked ``bundle``, which runs ``<bundle> --smoke-test``.
"""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from engine.data import dataset_status
from resources import resource_path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "nndash.spec"
DESKTOP_FILE = ROOT / "packaging" / "nndash.desktop"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
BUNDLE = Path(os.environ.get("NNDASH_BUNDLE", ROOT / "dist" / "nndash" / "nndash"))
BUNDLED_FILES = [
    ("data", "mnist-sample", "t10k-images-idx3-ubyte.gz"),
    ("data", "mnist-sample", "t10k-labels-idx1-ubyte.gz"),
    ("icons", "nndash.svg"),
    ("icons", "nndash-128.png"),
    ("icons", "nndash.ico"),
    ("fonts", "DejaVuSans.ttf"),
]


class _Recorder:
    """Stands in for one of PyInstaller's spec classes and remembers how it was called."""

    calls: dict[str, list] = {}

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        self.calls.setdefault(type(self).__name__, []).append(self)


class Analysis(_Recorder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pure, self.scripts = [], []
        self.binaries = [(name, f"/src/{name}", "BINARY") for name in (
            "PySide6/Qt/plugins/platforms/libqxcb.so",
            "PySide6/Qt/plugins/platforms/libqwayland.so",
            "PySide6/Qt/plugins/platforms/libqoffscreen.so",
            "PySide6/Qt/plugins/platforms/libqvnc.so",
            "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
            "PySide6/Qt/lib/libQt6Gui.so.6",
            "PySide6/Qt/lib/libQt6Network.so.6",
            "libQt6Network.so.6",
            "libpango-1.0.so.0",
            "libgtk-3.so.0",
            "libfontconfig.so.1",
            "PySide6/Qt/plugins/imageformats/libqjpeg.so",
            "PySide6/Qt/plugins/imageformats/libqsvg.so",
        )]
        self.datas = [(name, f"/src/{name}", "DATA") for name in (
            "PySide6/Qt/translations/qtbase_de.qm",
            "pyqtgraph/colors/maps/CET-L1.csv",
        )]


class PYZ(_Recorder):
    pass


class EXE(_Recorder):
    pass


class COLLECT(_Recorder):
    pass


def run_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, onefile: bool) -> dict:
    """Execute the spec with recording stand-ins for PyInstaller; returns its namespace."""
    monkeypatch.setenv("NNDASH_ONEFILE", "1" if onefile else "0")
    monkeypatch.setattr(_Recorder, "calls", {})
    (tmp_path / "dist" / "nndash").mkdir(parents=True)
    namespace = {
        "SPECPATH": str(SPEC.parent), "DISTPATH": str(tmp_path / "dist"),
        "workpath": str(tmp_path / "work"),
        "Analysis": Analysis, "PYZ": PYZ, "EXE": EXE, "COLLECT": COLLECT,
    }
    exec(compile(SPEC.read_text(), str(SPEC), "exec"), namespace)
    namespace["calls"] = _Recorder.calls
    return namespace


@pytest.fixture
def spec(tmp_path, monkeypatch) -> dict:
    return run_spec(tmp_path, monkeypatch, onefile=False)


def resource_folders() -> set[str]:
    """The folders under resources/ that hold data rather than Python."""
    return {path.name for path in (ROOT / "resources").iterdir()
            if path.is_dir() and path.name != "__pycache__"}


# --- the spec ----------------------------------------------------------------------------

def test_spec_bundles_every_resource_folder_where_resource_path_looks(spec):
    (analysis,) = spec["calls"]["Analysis"]
    datas = analysis.kwargs["datas"]
    assert {destination for _, destination in datas} == {
        f"resources/{name}" for name in resource_folders()}
    for source, destination in datas:
        assert Path(source) == ROOT / destination


def test_spec_builds_a_windowed_one_folder_app_with_the_icon(spec, tmp_path):
    (analysis,) = spec["calls"]["Analysis"]
    assert analysis.args[0] == [str(ROOT / "main.py")]
    (exe,) = spec["calls"]["EXE"]
    assert exe.kwargs["name"] == "nndash"
    assert exe.kwargs["console"] is False
    assert Path(exe.kwargs["icon"]) == resource_path("icons", "nndash.ico")
    assert exe.kwargs["exclude_binaries"] is True
    (collect,) = spec["calls"]["COLLECT"]
    assert collect.kwargs["name"] == "nndash"
    assert (tmp_path / "dist" / "nndash" / "nndash.desktop").is_file()
    assert (tmp_path / "dist" / "nndash" / "install-desktop.sh").is_file()


def test_spec_builds_one_file_on_request(tmp_path, monkeypatch):
    spec = run_spec(tmp_path, monkeypatch, onefile=True)
    assert "COLLECT" not in spec["calls"]
    (exe,) = spec["calls"]["EXE"]
    (analysis,) = spec["calls"]["Analysis"]
    assert analysis.binaries in exe.args and analysis.datas in exe.args


def test_spec_excludes_other_qt_bindings_and_tkinter(spec):
    (analysis,) = spec["calls"]["Analysis"]
    assert {"PyQt5", "PyQt6", "PySide2", "tkinter"} <= set(analysis.kwargs["excludes"])


def test_spec_drops_unused_qt_files_but_keeps_the_desktop_platforms(spec):
    (analysis,) = spec["calls"]["Analysis"]
    kept = {Path(destination).name for destination, _, _ in analysis.binaries}
    assert kept == {"libqxcb.so", "libqwayland.so", "libqoffscreen.so", "libQt6Gui.so.6",
                    "libfontconfig.so.1", "libqsvg.so"}
    assert [Path(name).name for name, _, _ in analysis.datas] == ["CET-L1.csv"]


# --- resources from source and frozen ---------------------------------------------------

@pytest.mark.parametrize("parts", BUNDLED_FILES, ids="/".join)
def test_resource_path_finds_bundled_files_from_source(parts):
    assert resource_path(*parts).is_file()
    assert resource_path(*parts).is_relative_to(ROOT / "resources")


def test_resource_path_finds_bundled_files_in_a_frozen_tree(spec, tmp_path, monkeypatch):
    """Lay the files out as the spec tells PyInstaller to, then look for them as frozen."""
    frozen = tmp_path / "_internal"
    (analysis,) = spec["calls"]["Analysis"]
    for source, destination in analysis.kwargs["datas"]:
        shutil.copytree(source, frozen / destination)
    monkeypatch.setattr(sys, "_MEIPASS", str(frozen), raising=False)
    for parts in BUNDLED_FILES:
        assert resource_path(*parts).is_relative_to(frozen)
        assert resource_path(*parts).is_file()
    assert dataset_status("mnist-sample")[0]


def test_a_frozen_tree_without_the_sample_reports_it_damaged(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    available, message = dataset_status("mnist-sample")
    assert not available
    assert str(tmp_path) in message


# --- the fallback font ------------------------------------------------------------------

@pytest.fixture
def app_font(qapp):
    """Restore the application font after a test changes it."""
    font = qapp.font()
    yield
    qapp.setFont(font)


def test_ensure_font_registers_the_bundled_font_when_forced(qapp, app_font):
    from PySide6.QtGui import QFontDatabase

    from gui.fonts import ensure_font, has_latin_font

    family = ensure_font(qapp, force=True)
    assert family == "DejaVu Sans"
    assert family in QFontDatabase.families()
    assert qapp.font().family() == family
    assert has_latin_font(qapp)


def test_ensure_font_keeps_system_fonts_that_cover_latin(qapp, app_font):
    from gui.fonts import ensure_font, has_latin_font

    font_before = qapp.font().family()
    had_latin = has_latin_font(qapp)
    family = ensure_font(qapp)
    assert has_latin_font(qapp)
    if had_latin:
        assert family is None
        assert qapp.font().family() == font_before


def test_ensure_font_fills_in_on_a_machine_without_fonts(tmp_path):
    """A fontconfig setup with no font folders: letters are boxes until ensure_font runs."""
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?><fontconfig><cachedir>{tmp_path}</cachedir>'
                      "</fontconfig>")
    script = textwrap.dedent("""
        from PySide6.QtWidgets import QApplication
        from gui.fonts import ensure_font, has_latin_font
        app = QApplication([])
        before = has_latin_font(app)
        print(before, ensure_font(app), has_latin_font(app))
    """)
    env = dict(os.environ, FONTCONFIG_FILE=str(config), QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "DejaVu", "Sans", "True"]


# --- icons and the desktop entry --------------------------------------------------------

@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icons_have_the_size_in_their_name(qapp, size):
    from PySide6.QtGui import QImage

    image = QImage(str(resource_path("icons", f"nndash-{size}.png")))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()


def test_ico_holds_png_entries_up_to_256_pixels():
    data = resource_path("icons", "nndash.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        assert data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.append(width or 256)
    assert sizes == [size for size in ICON_SIZES if size <= 256]


def read_desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path)
    return dict(parser["Desktop Entry"])


def test_desktop_entry_has_the_required_keys():
    entry = read_desktop_entry(DESKTOP_FILE)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "nndash"
    assert entry["Exec"] == "nndash"
    assert entry["Comment"]
    assert entry["Terminal"] == "false"
    assert {"Education", "Science"} <= set(entry["Categories"].rstrip(";").split(";"))
    assert resource_path("icons", f"{entry['Icon']}.svg").is_file()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_install_desktop_points_the_menu_entry_at_the_bundle(tmp_path):
    bundle = tmp_path / "copied bundle"
    shutil.copytree(ROOT / "resources" / "icons", bundle / "_internal" / "resources" / "icons")
    shutil.copy2(DESKTOP_FILE, bundle)
    (bundle / "nndash").write_text("#!/bin/sh\n")
    (bundle / "nndash").chmod(0o755)
    data = tmp_path / "data"
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "install-desktop.sh"), str(bundle)],
        env=dict(os.environ, XDG_DATA_HOME=str(data)), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    entry = read_desktop_entry(data / "applications" / "nndash.desktop")
    assert entry["Exec"] == f'"{bundle}/nndash"'
    for size in ICON_SIZES:
        assert (data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "nndash.png").is_file()


# --- the built bundle -------------------------------------------------------------------

@pytest.mark.bundle
def test_bundle_smoke_test():
    """CI builds the bundle first (packaging/build.sh) and sets NNDASH_REQUIRE_BUNDLE=1."""
    if not BUNDLE.is_file():
        message = f"no bundle at {BUNDLE}: build it with `bash packaging/build.sh`"
        if os.environ.get("NNDASH_REQUIRE_BUNDLE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([str(BUNDLE), "--smoke-test"], env=env, capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
