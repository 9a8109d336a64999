"""Engine throughput: nndash vs PyTorch on the CPU vs the bare matrix products (GEMM floor).

    python bench/engine_bench.py [--epochs 3] [--no-torch]     (after `pip install -e .`)

Trains the book's TwoLayerNet (784-50-10 sigmoid, SGD) and the optimizer-comparison network
(784-4x100-10 ReLU/He, Adam), batch 100, float32, on Fashion-MNIST (60,000) when Debian's
dataset-fashion-mnist is installed, else on the embedded MNIST sample. Prints seconds per epoch
(the best of --epochs) and ratios measured in this same run; absolute times on a shared machine
drift, ratios much less. Targets: >= 1.3x PyTorch's throughput, <= 2x the GEMM floor.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from engine.config import NetworkConfig, TrainConfig
from engine.data import DatasetError, load_dataset
from engine.trainer import Trainer

BATCH = 100


@dataclass(frozen=True)
class Case:
    title: str
    hidden: tuple[int, ...]
    activation: str
    weight_init: str
    optimizer: str
    lr: float


CASES = (
    Case("784-50-10 sigmoid SGD", (50,), "sigmoid", "xavier", "sgd", 0.01),
    Case("784-4x100-10 ReLU/He Adam", (100, 100, 100, 100), "relu", "he", "adam", 0.001),
)


def load_bench_data():
    try:
        return load_dataset("fashion-mnist")
    except DatasetError:
        return load_dataset("mnist-sample")


def nndash_epoch_seconds(case: Case, data, epochs: int) -> float:
    """Best seconds per epoch of the real Trainer (accuracy evaluated on 500 samples only)."""
    net = NetworkConfig(hidden_sizes=case.hidden, activation=case.activation,
                        weight_init=case.weight_init).build(784, 10, seed=0)
    config = TrainConfig(epochs=epochs + 1, batch_size=BATCH, optimizer=case.optimizer,
                         lr=case.lr, eval_samples=500, seed=0)
    trainer = Trainer(net, data, config)
    times = []
    for _ in range(epochs + 1):
        started = time.perf_counter()
        for _ in range(trainer.iterations_per_epoch):
            trainer.step()
        times.append(time.perf_counter() - started)
    return min(times[1:])  # the first epoch warms caches and allocators


def gemm_floor_seconds(case: Case, n_train: int, repeats: int) -> float:
    """Seconds for only the matrix products of one epoch: forward x@W, backward x.T@dout for
    every layer and dout@W.T for every layer but the first (nobody needs d/d input)."""
    rng = np.random.default_rng(0)
    widths = (784, *case.hidden, 10)
    inputs = [rng.random((BATCH, w), dtype=np.float32) for w in widths[:-1]]
    weights = [rng.random((a, b), dtype=np.float32) for a, b in pairwise(widths)]
    outs = [np.empty((BATCH, b), np.float32) for b in widths[1:]]
    dweights = [np.empty_like(w) for w in weights]
    dxs = [np.empty((BATCH, a), np.float32) for a in widths[:-1]]
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(n_train // BATCH):
            for x, w, out in zip(inputs, weights, outs, strict=True):
                np.matmul(x, w, out=out)
            for layer in range(len(weights) - 1, -1, -1):
                np.matmul(inputs[layer].T, outs[layer], out=dweights[layer])
                if layer > 0:
                    np.matmul(outs[layer], weights[layer].T, out=dxs[layer])
        best = min(best, time.perf_counter() - started)
    return best


def torch_epoch_seconds(case: Case, data, epochs: int) -> float | None:
    """The same network and optimizer in PyTorch on the CPU, or None without torch."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(os.cpu_count() or 1)
    # Adam's moments of dead ReLU units decay into subnormal floats; nndash zeroes them, so
    # spare torch that slowdown too (a fairer, harder baseline).
    torch.set_flush_denormal(True)
    torch.manual_seed(0)
    act = {"relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh}
    layers = []
    widths = (784, *case.hidden)
    for a, b in pairwise(widths):
        layers += [torch.nn.Linear(a, b), act[case.activation]()]
    model = torch.nn.Sequential(*layers, torch.nn.Linear(widths[-1], 10))
    if case.optimizer == "sgd":
        optimizer = torch.optim.SGD(model.parameters(), lr=case.lr)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=case.lr, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.from_numpy(data.x_train.copy())  # torch wants writable arrays
    t = torch.from_numpy(data.t_train.copy())
    generator = torch.Generator().manual_seed(0)
    times = []
    for _ in range(epochs + 1):
        started = time.perf_counter()
        order = torch.randperm(len(x), generator=generator)
        for start in range(0, len(x) - BATCH + 1, BATCH):
            batch = order[start:start + BATCH]
            optimizer.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[batch]), t[batch])
            loss.backward()
            optimizer.step()
        times.append(time.perf_counter() - started)
    return min(times[1:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs per measurement")
    parser.add_argument("--no-torch", action="store_true", help="skip the PyTorch comparison")
    args = parser.parse_args()
    data = load_bench_data()
    n = len(data.x_train)
    print(f"data: {data.name}, {n:,} training samples, batch {BATCH}, float32")
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        print(f"{name}={os.environ.get(name, '(unset)')}")
    print(f"numpy {np.__version__}, {os.cpu_count()} cores")
    for case in CASES:
        ours = nndash_epoch_seconds(case, data, args.epochs)
        floor = gemm_floor_seconds(case, n, args.epochs)
        theirs = None if args.no_torch else torch_epoch_seconds(case, data, args.epochs)
        line = (f"{case.title:28s} nndash {ours:.3f} s/epoch ({n / ours:,.0f} samples/s)  "
                f"GEMM floor {floor:.3f} s -> {ours / floor:.2f}x floor (target <= 2)")
        if theirs is not None:
            line += (f"  PyTorch {theirs:.3f} s -> nndash {theirs / ours:.2f}x its throughput "
                     "(target >= 1.3)")
        else:
            line += "  PyTorch: not installed"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
