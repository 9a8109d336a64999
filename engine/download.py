"""Download the full MNIST and Fashion-MNIST files into the per-user cache (stdlib only).

Each of the four gzip files comes from the first mirror that delivers it intact: it is
streamed to a hidden temp file in the destination folder, checked against its published
md5, then renamed into place with os.replace (atomic). So a partial or corrupt file never
stays under the real name, and a cancelled or failed download leaves no temp file.
Runs in any thread: progress is a plain callable and cancel a threading.Event.

A socket read cannot be interrupted, and DNS look-ups and TLS handshakes ignore the cancel
flag, so the network side of each transfer runs on a small daemon thread (_BodyReader) that
hands chunks over a queue. The calling thread only waits on that queue in POLL_SECONDS slices:
it sees a cancel within one slice, gives up on a mirror that sent nothing for `timeout`
seconds, and writes the temp file itself, so nothing the reader does can leave a file behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import queue
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from engine.data import DATASETS, dataset_folder
from engine.idx import DatasetError

MIRROR_ENV = "NNDASH_MIRROR"
CHUNK_BYTES = 1 << 16
POLL_SECONDS = 0.05  # how often a waiting transfer checks its cancel flag
QUEUED_CHUNKS = 32  # chunks the reader may run ahead of the writer (2 MiB)

# Base URLs, tried in turn. '{name}' in a URL (e.g. from NNDASH_MIRROR) becomes the set's name.
MIRRORS: dict[str, tuple[str, ...]] = {
    "mnist": (
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "http://yann.lecun.com/exdb/mnist/",
    ),
    "fashion-mnist": (
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
    ),
}

# md5 of the gzip files as published (torchvision). Debian's dataset-fashion-mnist copies do
# not match them (checked: train-images there is cf8536b0..., 26,421,856 bytes): Debian
# recompressed the files; the IDX content inside reads fine. engine.data loads them in place
# from /usr/share/datasets/fashion-mnist; they are never copied as "downloads".
CHECKSUMS: dict[str, dict[str, str]] = {
    "mnist": {
        "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
        "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
        "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
        "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
    },
    "fashion-mnist": {
        "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
        "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
        "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
        "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
    },
}

# progress(done_bytes, total_bytes, filename) per file; total_bytes is 0 when the server
# does not say. A file already present and valid reports (size, size, filename) once.
ProgressCallback = Callable[[int, int, str], None]
# notice(sentence): a mirror failed for one file and the next one is tried (say it to the user).
NoticeCallback = Callable[[str], None]


class DownloadError(DatasetError):
    """No mirror delivered a valid copy, or the destination cannot be written."""


class DownloadCancelled(Exception):  # noqa: N818 - a cancel is not an error
    """The cancel Event was set; the temp file of the interrupted transfer is gone."""


class _MirrorError(Exception):
    """One mirror failed for one file; `reached` tells a network failure from a bad answer."""

    def __init__(self, reason: str, *, reached: bool) -> None:
        super().__init__(reason)
        self.reached = reached


def download_dataset(
    name: str,
    dest_dir: str | os.PathLike | None = None,
    *,
    mirrors: Iterable[str] | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    timeout: float = 15,
    checksums: Mapping[str, str] | None = None,
    notice: NoticeCallback | None = None,
) -> Path:
    """Fetch the four files of `name` ('mnist' or 'fashion-mnist'); return their folder.

    dest_dir is a data root like load_dataset's data_dir: files land in <dest_dir>/<name>/,
    by default in the per-user cache (user_cache_dir()/<name>). Files already present with
    the right md5 are kept. `checksums` (filename -> md5) replaces CHECKSUMS[name] (tests).
    `timeout` is the stall limit: a mirror that sends no byte for that many seconds (while
    connecting or mid-file) is abandoned and the next one tried, with a `notice` naming it.
    Raises DownloadError when every mirror fails, DownloadCancelled when `cancel` is set
    (within about POLL_SECONDS, whatever the network does).
    """
    if name not in MIRRORS:
        raise ValueError(f"{name!r} cannot be downloaded; choose one of {', '.join(MIRRORS)}")
    folder = dataset_folder(name, dest_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DownloadError(f"Cannot create the folder {folder} ({err.strerror}).") from err
    transfer = _Transfer(progress, cancel, timeout, notice)
    urls = mirror_urls(name, mirrors)
    for filename, md5 in (checksums or CHECKSUMS[name]).items():
        transfer.check_cancel(name)
        target = folder / filename
        if target.is_file() and file_md5(target) == md5:
            size = target.stat().st_size
            transfer.report(size, size, filename)
            continue
        _fetch_from_mirrors(DATASETS[name].title, urls, target, md5, transfer)
    return folder


def mirror_urls(name: str, mirrors: Iterable[str] | None = None) -> list[str]:
    """Base URLs to try: `mirrors` beats $NNDASH_MIRROR (separated by spaces or commas),
    which beats MIRRORS[name]. '{name}' in a URL becomes the set's name."""
    if mirrors is None:
        mirrors = os.environ.get(MIRROR_ENV, "").replace(",", " ").split() or MIRRORS[name]
    return [url.replace("{name}", name) for url in mirrors]


def file_md5(path: Path) -> str:
    """Hex md5 of a file, read in chunks (a checksum, not a security measure)."""
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as file:
        while chunk := file.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def _fetch_from_mirrors(
    title: str, urls: list[str], target: Path, md5: str, transfer: _Transfer
) -> None:
    """Try each mirror for one file until one delivers it with the right md5."""
    failures: list[tuple[str, _MirrorError]] = []
    for number, base in enumerate(urls, 1):
        url = base.rstrip("/") + "/" + target.name
        try:
            transfer.fetch(url, target, md5)
            return
        except _MirrorError as err:
            host = urlsplit(url).netloc or url
            failures.append((host, err))
            if number < len(urls):
                next_host = urlsplit(urls[number]).netloc or urls[number]
                transfer.tell(f"{target.name}: mirror {host} {err}; trying {next_host}.")
    reasons = "; ".join(f"{host}: {err}" for host, err in failures) or "no mirror given"
    if any(err.reached for _, err in failures):
        raise DownloadError(
            f"No mirror gave a valid {target.name} for {title} ({reasons}): "
            f"try again later, or use a local mirror (NNDASH_MIRROR or --mirror URL)."
        )
    raise DownloadError(
        f"Could not reach any mirror for {title} ({reasons}): "
        f"check the network connection, or use a local mirror (NNDASH_MIRROR or --mirror URL)."
    )


@dataclass(frozen=True)
class _Transfer:
    """How to stream one URL to disk: progress reports, cancellation, stall timeout, notices."""

    progress: ProgressCallback | None
    cancel: threading.Event | None
    timeout: float
    notice: NoticeCallback | None = None

    def report(self, done: int, total: int, filename: str) -> None:
        if self.progress is not None:
            self.progress(done, total, filename)

    def tell(self, sentence: str) -> None:
        if self.notice is not None:
            self.notice(sentence)

    def check_cancel(self, what: str) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise DownloadCancelled(f"Download of {what} cancelled")

    def fetch(self, url: str, target: Path, md5: str) -> None:
        """Stream `url` to a temp file beside `target`, check its md5, rename it into place."""
        reader = _BodyReader(url, self.timeout)
        try:
            total = self._next(reader, target.name, started=False)
            with _temp_file_beside(target) as temp:
                try:
                    with temp.open("wb") as out:
                        done, digest = self._copy(reader, out, target.name, total)
                    if total and done != total:
                        raise _MirrorError(
                            f"connection dropped after {done} of {total} bytes", reached=True
                        )
                    if digest != md5:
                        raise _MirrorError(
                            f"wrong checksum (md5 {digest}, expected {md5})", reached=True
                        )
                    os.replace(temp, target)
                except OSError as err:
                    raise DownloadError(f"Cannot write {target} ({err.strerror}).") from err
        finally:
            reader.abandon()

    def _copy(
        self, reader: _BodyReader, out: BinaryIO, filename: str, total: int
    ) -> tuple[int, str]:
        """Copy the body chunk by chunk; returns (bytes done, hex md5)."""
        digest = hashlib.md5(usedforsecurity=False)
        done = 0
        while chunk := self._next(reader, filename, started=True, done=done):
            out.write(chunk)
            digest.update(chunk)
            done += len(chunk)
            self.report(done, total, filename)
        return done, digest.hexdigest()

    def _next(self, reader: _BodyReader, filename: str, *, started: bool, done: int = 0):
        """The reader's next item (the Content-Length first, then chunks, b'' at the end),
        waited for in POLL_SECONDS slices: cancel or `timeout` seconds of silence end it."""
        deadline = time.monotonic() + self.timeout
        while True:
            self.check_cancel(filename)
            left = deadline - time.monotonic()
            if left <= 0:
                where = f"after {done} bytes" if started else "when asked for the file"
                raise _MirrorError(
                    f"sent nothing for {self.timeout:g} s {where}", reached=started
                )
            try:
                item = reader.items.get(timeout=min(POLL_SECONDS, left))
            except queue.Empty:
                continue
            if isinstance(item, _MirrorError):
                raise item
            return item


class _BodyReader:
    """Opens `url` and reads its body on a daemon thread, handing over first the
    Content-Length (0 when unknown), then chunks, then b'' at the end, or a _MirrorError.

    Sockets time out after `timeout` seconds of silence, so an abandoned reader ends by
    itself soon after; it never touches the file system.
    """

    def __init__(self, url: str, timeout: float) -> None:
        self.items: queue.Queue = queue.Queue(maxsize=QUEUED_CHUNKS)
        self._abandoned = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(url, timeout), name="nndash-http", daemon=True
        )
        self._thread.start()

    def abandon(self) -> None:
        """Stop reading (the transfer ended, failed or was cancelled)."""
        self._abandoned.set()

    def _run(self, url: str, timeout: float) -> None:
        done = 0
        try:
            # A second more than the writer waits: the writer's clearer "sent nothing" wins.
            with _open(url, timeout + 1) as response:
                self._hand_over(int(response.headers.get("Content-Length") or 0))
                while not self._abandoned.is_set():
                    chunk = response.read1(CHUNK_BYTES)  # what has arrived: a trickle flows
                    self._hand_over(chunk)
                    if not chunk:
                        return
                    done += len(chunk)
        except _MirrorError as err:
            self._hand_over(err)
        except (OSError, ValueError, http.client.HTTPException) as err:
            reason = f"connection dropped after {done} bytes ({_describe(err)})"
            self._hand_over(_MirrorError(reason, reached=True))

    def _hand_over(self, item: object) -> None:
        while not self._abandoned.is_set():
            try:
                self.items.put(item, timeout=POLL_SECONDS)
                return
            except queue.Full:
                continue


def _open(url: str, timeout: float) -> http.client.HTTPResponse:
    try:
        return urllib.request.urlopen(url, timeout=timeout)
    except urllib.error.HTTPError as err:
        err.close()
        raise _MirrorError(f"HTTP {err.code} {err.reason}", reached=True) from err
    except urllib.error.URLError as err:
        raise _MirrorError(_describe(err.reason), reached=False) from err
    except (OSError, ValueError, http.client.HTTPException) as err:
        raise _MirrorError(_describe(err), reached=False) from err


@contextlib.contextmanager
def _temp_file_beside(target: Path) -> Iterator[Path]:
    """A new hidden temp file in target's folder (same file system, so os.replace is atomic);
    removed on exit unless it was renamed onto the target."""
    try:
        handle, name = tempfile.mkstemp(".part", f".{target.name}.", target.parent)
    except OSError as err:
        raise DownloadError(f"Cannot write in {target.parent} ({err.strerror}).") from err
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
    finally:
        temp.unlink(missing_ok=True)


def _describe(error: object) -> str:
    """A short reason: 'Connection refused' rather than '<urlopen error [Errno 111] ...>'."""
    return getattr(error, "strerror", None) or str(error) or type(error).__name__
