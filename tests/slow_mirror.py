"""A local mirror on 127.0.0.1 that misbehaves on request, for the download tests and the
reliability bench (never the internet).

The first part of the path picks the behaviour, the rest names the file:
    /ok/<file>       the whole file at once
    /trickle/<file>  the file in TRICKLE_BYTES pieces every TRICKLE_SECONDS (a slow mirror)
    /silent/<file>   accepts the request and never answers (until the server closes)
    /stall/<file>    the headers and STALL_AFTER bytes, then nothing
    /drop/<file>     the headers and half the file, then hangs up
"""

from __future__ import annotations

import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from idx_samples import gzip_idx_files, md5_sums

TRICKLE_BYTES = 1024
TRICKLE_SECONDS = 0.05
STALL_AFTER = 4096

# 300 train images of random pixels (~235 kB: they do not compress): a trickle takes ~12 s.
FILES = gzip_idx_files(n_train=300, n_test=20)
SUMS = md5_sums(FILES)
BIG_FILE = "train-images-idx3-ubyte.gz"


class SlowMirror(ThreadingHTTPServer):
    """Start with ``with SlowMirror() as mirror:``; ``mirror.url('trickle')`` is a base URL."""

    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.closing = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True)

    def url(self, kind: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/{kind}/"

    def host(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> SlowMirror:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.closing.set()
        self.shutdown()
        self.server_close()
        self._thread.join()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.server.hits[self.path] += 1
        kind, _, name = self.path.strip("/").partition("/")
        body = FILES.get(name)
        if body is None or kind not in ("ok", "trickle", "silent", "stall", "drop"):
            self.send_error(404)
            return
        if kind == "silent":
            self.server.closing.wait(60)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            if kind == "trickle":
                for start in range(0, len(body), TRICKLE_BYTES):
                    self.wfile.write(body[start:start + TRICKLE_BYTES])
                    self.wfile.flush()
                    if self.server.closing.wait(TRICKLE_SECONDS):
                        return
            elif kind == "stall":
                self.wfile.write(body[:STALL_AFTER])
                self.wfile.flush()
                self.server.closing.wait(60)
            elif kind == "drop":
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
            else:
                self.wfile.write(body)
        except OSError:  # the client went away: that is what the tests do
            pass

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""
