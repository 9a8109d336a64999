"""The download against a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import gzip
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from idx_samples import gzip_idx_files, md5_sums

from engine import download
from engine.data import DatasetError, load_dataset
from engine.download import (
    CHECKSUMS,
    DownloadCancelled,
    DownloadError,
    download_dataset,
    file_md5,
    mirror_urls,
)
from engine.idx import IDX_STEMS

FILES = gzip_idx_files(n_train=40, n_test=10)
SUMS = md5_sums(FILES)


class MirrorHandler(BaseHTTPRequestHandler):
    """/good/<file> serves the file, /bad/<file> other bytes, /drop/<file> half then hangs up."""

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        kind, _, name = self.path.strip("/").partition("/")
        if name not in FILES or kind not in ("good", "bad", "drop"):
            self.send_error(404)
            return
        body = FILES[name] if kind != "bad" else gzip.compress(b"not the data")
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if kind == "drop" else body)

    def log_message(self, *args) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), MirrorHandler)
    httpd.hits = Counter()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def mirror(server):
    """mirror('good') -> the base URL of that kind of mirror on the local server."""
    server.hits.clear()
    return lambda kind: f"http://127.0.0.1:{server.server_address[1]}/{kind}/"


@pytest.fixture(autouse=True)
def no_proxy_no_env(monkeypatch, tmp_path):
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY", download.MIRROR_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NNDASH_DATA_DIR", str(tmp_path / "cache"))


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def leftovers(folder: Path) -> list[str]:
    """Files in folder that are not a complete download (temp files, partial files)."""
    if not folder.exists():
        return []
    complete = {name for name in FILES if (folder / name).is_file()
                and file_md5(folder / name) == SUMS[name]}
    return sorted(path.name for path in folder.iterdir() if path.name not in complete)


def test_download_lands_valid_loadable_files(tmp_path, mirror):
    seen = []
    folder = download_dataset("mnist", tmp_path, mirrors=[mirror("good")], checksums=SUMS,
                              progress=lambda done, total, name: seen.append((done, total, name)))
    assert folder == tmp_path / "mnist"
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    assert leftovers(folder) == []
    assert {(len(FILES[name]), len(FILES[name]), name) for name in FILES} <= set(seen)
    ds = load_dataset("mnist", data_dir=tmp_path)
    assert ds.x_train.shape == (40, 784) and ds.x_test.shape == (10, 784)


def test_default_folder_and_checksum_table(monkeypatch, mirror, tmp_path):
    monkeypatch.setitem(CHECKSUMS, "mnist", SUMS)
    monkeypatch.setenv(download.MIRROR_ENV, mirror("good"))
    assert download_dataset("mnist") == tmp_path / "cache" / "mnist"
    assert load_dataset("mnist").t_test.shape == (10,)


def test_valid_files_are_kept_and_corrupt_ones_replaced(tmp_path, mirror, server):
    folder = download_dataset("mnist", tmp_path, mirrors=[mirror("good")], checksums=SUMS)
    (folder / "t10k-labels-idx1-ubyte.gz").write_bytes(b"corrupt")
    server.hits.clear()
    download_dataset("mnist", tmp_path, mirrors=[mirror("good")], checksums=SUMS)
    assert list(server.hits) == ["/good/t10k-labels-idx1-ubyte.gz"]
    assert leftovers(folder) == []
    # Everything valid: no mirror is needed at all.
    download_dataset("mnist", tmp_path, mirrors=[closed_port_url()], checksums=SUMS)


def test_wrong_checksum_then_good_mirror(tmp_path, mirror, server):
    folder = download_dataset("mnist", tmp_path, mirrors=[mirror("bad"), mirror("good")],
                              checksums=SUMS)
    assert leftovers(folder) == [] and len(list(folder.iterdir())) == 4
    assert all(server.hits[f"/bad/{name}"] == 1 for name in FILES)


def test_wrong_checksum_everywhere_leaves_nothing(tmp_path, mirror):
    with pytest.raises(DownloadError, match="wrong checksum") as err:
        download_dataset("mnist", tmp_path, mirrors=[mirror("bad")], checksums=SUMS)
    assert "No mirror gave a valid" in str(err.value) and "MNIST" in str(err.value)
    assert list((tmp_path / "mnist").iterdir()) == []


def test_dropped_connection_leaves_no_partial_file(tmp_path, mirror):
    with pytest.raises(DownloadError, match="connection dropped"):
        download_dataset("mnist", tmp_path, mirrors=[mirror("drop")], checksums=SUMS)
    assert list((tmp_path / "mnist").iterdir()) == []
    folder = download_dataset("mnist", tmp_path, mirrors=[mirror("drop"), mirror("good")],
                              checksums=SUMS)
    assert leftovers(folder) == [] and len(list(folder.iterdir())) == 4


def test_http_error_then_good_mirror(tmp_path, mirror):
    folder = download_dataset("mnist", tmp_path, mirrors=[mirror("missing"), mirror("good")],
                              checksums=SUMS)
    assert len(list(folder.iterdir())) == 4


def test_cancel_midway_leaves_no_temp_file(tmp_path, mirror):
    cancel = threading.Event()
    with pytest.raises(DownloadCancelled):
        download_dataset("mnist", tmp_path, mirrors=[mirror("good")], checksums=SUMS,
                         cancel=cancel, progress=lambda done, total, name: cancel.set())
    assert list((tmp_path / "mnist").iterdir()) == []


def test_cancel_before_start_fetches_nothing(tmp_path, mirror, server):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DownloadCancelled):
        download_dataset("mnist", tmp_path, mirrors=[mirror("good")], checksums=SUMS,
                         cancel=cancel)
    assert sum(server.hits.values()) == 0


def test_unreachable_mirrors_give_one_clear_sentence(tmp_path):
    url = closed_port_url()
    with pytest.raises(DownloadError) as err:
        download_dataset("mnist", tmp_path, mirrors=[url, url], checksums=SUMS, timeout=5)
    message = str(err.value)
    assert message.startswith("Could not reach any mirror for MNIST (127.0.0.1:")
    assert "check the network connection" in message and "NNDASH_MIRROR" in message
    assert "refused" in message.lower() and isinstance(err.value, DatasetError)
    assert list((tmp_path / "mnist").iterdir()) == []


def test_mirror_override_order(monkeypatch):
    assert mirror_urls("fashion-mnist") == list(download.MIRRORS["fashion-mnist"])
    monkeypatch.setenv(download.MIRROR_ENV, "http://a/{name}/, http://b/  http://c/")
    assert mirror_urls("mnist") == ["http://a/mnist/", "http://b/", "http://c/"]
    assert mirror_urls("mnist", ["http://mine/"]) == ["http://mine/"]


def test_checksum_tables_and_unknown_set():
    for sums in CHECKSUMS.values():
        assert sorted(sums) == sorted(f"{stem}.gz" for stem in IDX_STEMS.values())
        assert all(len(md5) == 32 and int(md5, 16) >= 0 for md5 in sums.values())
    with pytest.raises(ValueError, match="cannot be downloaded"):
        download_dataset("spiral")
