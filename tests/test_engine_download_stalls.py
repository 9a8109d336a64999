"""Downloads that stop at once: cancel during a trickle or a silent mirror ends within a
fraction of a second with no temp file; a mirror silent for the stall timeout is abandoned
with a notice naming it, and the next mirror delivers. All against 127.0.0.1."""

from __future__ import annotations

import threading
import time

import pytest
from slow_mirror import BIG_FILE, FILES, SUMS, SlowMirror
from test_engine_download import no_proxy_no_env  # noqa: F401 - an autouse fixture

from engine.download import DownloadCancelled, DownloadError, download_dataset

STALL_S = 1.0


@pytest.fixture(scope="module")
def mirror():
    with SlowMirror() as server:
        yield server


def cancel_after(seconds: float) -> tuple[threading.Event, list[float]]:
    """An Event set `seconds` from now; the list receives the moment it was set."""
    event, when = threading.Event(), []

    def fire() -> None:
        when.append(time.monotonic())
        event.set()

    threading.Timer(seconds, fire).start()
    return event, when


@pytest.mark.parametrize("kind", ["trickle", "silent", "stall"])
def test_cancel_stops_within_a_fraction_of_a_second(tmp_path, mirror, kind):
    cancel, when = cancel_after(0.4)
    with pytest.raises(DownloadCancelled):
        download_dataset("mnist", tmp_path, mirrors=[mirror.url(kind)], checksums=SUMS,
                         cancel=cancel, timeout=30)
    latency = time.monotonic() - when[0]
    assert latency < 1.0, f"cancel took {latency:.2f} s"
    assert list((tmp_path / "mnist").iterdir()) == []  # no .part, no partial file


def test_a_trickle_is_slow_but_not_stalled(tmp_path, mirror):
    """Bytes arriving every 50 ms never trip a 1 s stall limit (only silence does)."""
    small = {name: md5 for name, md5 in SUMS.items() if name != BIG_FILE}
    notices = []
    folder = download_dataset("mnist", tmp_path, mirrors=[mirror.url("trickle")],
                              checksums=small, timeout=STALL_S, notice=notices.append)
    assert notices == []
    assert sorted(p.name for p in folder.iterdir()) == sorted(small)
    assert all((folder / name).read_bytes() == FILES[name] for name in small)


@pytest.mark.parametrize("kind", ["silent", "stall"])
def test_a_silent_mirror_is_abandoned_and_the_next_one_tried(tmp_path, mirror, kind):
    notices = []
    started = time.monotonic()
    folder = download_dataset("mnist", tmp_path, mirrors=[mirror.url(kind), mirror.url("ok")],
                              checksums={BIG_FILE: SUMS[BIG_FILE]}, timeout=STALL_S,
                              notice=notices.append)
    elapsed = time.monotonic() - started
    assert (folder / BIG_FILE).read_bytes() == FILES[BIG_FILE]
    assert [p.name for p in folder.iterdir()] == [BIG_FILE]
    assert STALL_S <= elapsed < STALL_S + 2
    assert mirror.hits[f"/ok/{BIG_FILE}"] >= 1
    assert len(notices) == 1
    assert mirror.host() in notices[0] and f"sent nothing for {STALL_S:g} s" in notices[0]
    assert "trying" in notices[0]


def test_every_mirror_silent_fails_naming_them(tmp_path, mirror):
    with pytest.raises(DownloadError) as err:
        download_dataset("mnist", tmp_path, mirrors=[mirror.url("silent"), mirror.url("stall")],
                         checksums={BIG_FILE: SUMS[BIG_FILE]}, timeout=STALL_S)
    message = str(err.value)
    assert message.count(mirror.host()) == 2 and "sent nothing" in message
    assert list((tmp_path / "mnist").iterdir()) == []
