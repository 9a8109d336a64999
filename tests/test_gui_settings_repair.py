"""A corrupted settings file can neither stop the window from starting nor come back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from gui.actions.presentation import MAX_SCALE, MIN_SCALE
from gui.main_window import MainWindow
from gui.settings import DEFAULTS, SETTINGS, Settings
from gui.style import style_from_settings

BAD_VALUES = {
    "ui/font_scale": ["nan", "inf", "-inf", "-5", "1e308", "1000", "0", "large", "@Invalid()"],
    "plots/smoothing": ["nan", "-0.5", "1", "2e9", "smooth"],
    "plots/pre_activations": ["maybe", "2", "nan"],
    "run/pace": ["warp", "full", "1e9"],
    "ui/theme": ["neon", "1.5"],
    "run/config": ['{"dataset": []}', "[[[[", '{"network": {"hidden_sizes": [100000]}}'],
}


def corrupted(tmp_path, key: str, raw: str) -> Settings:
    """Settings over an INI file holding ``raw`` for ``key``, written as a hand edit would."""
    group, name = key.split("/")
    path = tmp_path / "nndash.ini"
    path.write_text(f"[{group}]\n{name}={raw}\n")
    return Settings(QSettings(str(path), QSettings.Format.IniFormat))


def reread(tmp_path, key: str):
    """What a new QSettings finds in the file for ``key`` (None when it is gone)."""
    return QSettings(str(tmp_path / "nndash.ini"), QSettings.Format.IniFormat).value(key)


@pytest.mark.parametrize("key, raw", [(k, v) for k, values in BAD_VALUES.items() for v in values
                                      if k != "run/config"])
def test_a_bad_value_reads_as_the_default_and_the_file_is_repaired(tmp_path, key, raw):
    settings = corrupted(tmp_path, key, raw)
    assert settings.value(key) == DEFAULTS[key]
    assert reread(tmp_path, key) is None  # gone from the file: the next start reads the default


@pytest.mark.parametrize("raw", ["0.6", "1.5", "3"])
def test_values_inside_the_range_are_kept(tmp_path, raw):
    assert corrupted(tmp_path, "ui/font_scale", raw).read_float("ui/font_scale") == float(raw)
    assert reread(tmp_path, "ui/font_scale") == raw


def test_the_font_range_is_what_the_text_size_keys_allow():
    assert (SETTINGS["ui/font_scale"].low, SETTINGS["ui/font_scale"].high) == (MIN_SCALE,
                                                                               MAX_SCALE)


@pytest.mark.parametrize("key, raw", [(k, v) for k, values in BAD_VALUES.items() for v in values])
def test_the_window_opens_on_any_corrupted_setting(qtbot, tmp_path, key, raw):
    settings = corrupted(tmp_path, key, raw)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    assert style_from_settings(settings).font_scale == pytest.approx(DEFAULTS["ui/font_scale"]) \
        or key != "ui/font_scale"
    assert window.width() < 5000 and window.height() < 5000
    window.close()
    if key == "run/config":  # the bad configuration was replaced by the window's usable one
        assert window.setup.run_config().network.hidden_sizes == (100, 100)
