"""Small MNIST-format files for the download tests, built in memory (random pixels and labels)."""

import gzip
import hashlib

import numpy as np

from engine.idx import IDX_STEMS


def gzip_idx_files(n_train: int, n_test: int, seed: int = 0) -> dict[str, bytes]:
    """The four gzip IDX files of an MNIST-like set (28x28 images), by file name."""
    rng = np.random.default_rng(seed)
    files = {}
    for role, stem in IDX_STEMS.items():
        n = n_train if role.startswith("train") else n_test
        shape, magic = ((n, 28, 28), 2051) if role.endswith("images") else ((n,), 2049)
        header = magic.to_bytes(4, "big") + b"".join(s.to_bytes(4, "big") for s in shape)
        body = rng.integers(0, 256 if magic == 2051 else 10, shape, dtype=np.uint8).tobytes()
        files[f"{stem}.gz"] = gzip.compress(header + body)
    return files


def md5_sums(files: dict[str, bytes]) -> dict[str, str]:
    """The checksum table the downloader verifies against, for these files."""
    return {name: hashlib.md5(content).hexdigest() for name, content in files.items()}
