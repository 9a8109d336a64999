"""Engine throughput: nndash vs JAX-jit vs PyTorch (CPU) vs the GEMM floor, measured honestly.

    python bench/engine_bench.py [--threads 1|2] [--rounds 5] [--scale 1.0] [--native-blas]
                                 [--contenders nndash,jax,torch,floor] [--cases 100x4,1000]

Each contender runs in its own worker process (so no library's global flag, such as
torch.set_flush_denormal, reaches another's figures) and they take turns on the same case in
rotating order (A B C D, B C D A, ...), round after round: a busy spell on this shared machine
then hurts every contender alike. Every worker draws the same shuffled batches from the same seed
as nndash's Trainer. Prints per case the seconds per epoch (median over the rounds, [min-max]),
the CPU/wall ratio (each worker is pinned to ``--threads`` cores, the least busy ones; with
one thread the CPU time is what is timed, which waiting for a busy core does not inflate), and
nndash's speed relative to each peer with the per-round ratios' median and spread, and the
ratio of the best rounds. One BLAS thread by default, as the app runs; ``--threads 2`` for two.
JAX and PyTorch are skipped when not importable. Data: Fashion-MNIST (60,000) from Debian's
dataset-fashion-mnist when installed, else the embedded MNIST sample.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONTENDERS = ("nndash", "jax", "torch", "floor")
BLAS_VARIABLES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


@dataclass(frozen=True)
class Case:
    title: str
    hidden: tuple[int, ...]
    activation: str
    weight_init: str
    optimizer: str
    lr: float
    batch: int
    samples: int  # trained per measurement at --scale 1 (about half a second in nndash)
    batchnorm: bool = False
    dropout: float = 0.0
    jax_target: float = 1.0  # nndash / JAX-jit speed the issue asks for


CASES = (
    Case("784-50-10 sigmoid SGD, batch 32", (50,), "sigmoid", "xavier", "sgd", 0.01, 32,
         60_000, jax_target=0.9),
    Case("784-50-10 sigmoid SGD, batch 100", (50,), "sigmoid", "xavier", "sgd", 0.01, 100,
         60_000),
    Case("784-100x4-10 ReLU Adam, batch 32", (100,) * 4, "relu", "he", "adam", 0.001, 32,
         20_000, jax_target=0.9),
    Case("784-100x4-10 ReLU Adam, batch 100", (100,) * 4, "relu", "he", "adam", 0.001, 100,
         30_000),
    Case("784-100-10 BN+dropout Adam, batch 100", (100,), "relu", "he", "adam", 0.001, 100,
         30_000, batchnorm=True, dropout=0.2),
    Case("784-1000-1000-10 ReLU Adam, batch 100", (1000, 1000), "relu", "he", "adam", 0.001,
         100, 5_000, jax_target=0.0),
)
TORCH_TARGET = 1.5
FLOOR_TARGET = {32: 2.0, 100: 1.5}  # at most this many times the GEMM floor's time


# --- the worker process: one contender, commands on stdin, JSON lines on stdout ---------------

def _load_data():
    from engine.data import DatasetError, load_dataset

    try:
        return load_dataset("fashion-mnist")
    except DatasetError:
        return load_dataset("mnist-sample")


def _build_nndash(case: Case, data, threads: int):
    """The real Trainer; its step() includes the batch gather and the loss bookkeeping."""
    from engine.config import NetworkConfig, TrainConfig
    from engine.trainer import Trainer

    net = NetworkConfig(hidden_sizes=case.hidden, activation=case.activation,
                        weight_init=case.weight_init, batchnorm=case.batchnorm,
                        dropout=case.dropout).build(784, 10, seed=0)
    config = TrainConfig(epochs=100, batch_size=case.batch, optimizer=case.optimizer,
                         lr=case.lr, eval_samples=500, seed=0)
    trainer = Trainer(net, data, config)
    return lambda indices: None if indices is None else trainer.step()


def _blas_description() -> str:
    """The BLAS library NumPy loaded, its kernel and thread count (threadpoolctl if present)."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        import numpy as np

        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')} (install threadpoolctl for the kernel)"
    return "; ".join(
        f"{info.get('internal_api')} {info.get('version')} kernel {info.get('architecture')}, "
        f"{info.get('num_threads')} threads" for info in threadpool_info())


class BatchOrder:
    """The Trainer's batches: a fresh permutation each epoch from default_rng(seed).shuffle."""

    def __init__(self, n: int, batch: int, seed: int = 0) -> None:
        import numpy as np

        self.rng = np.random.default_rng(seed)
        self.order = np.arange(n)
        self.batch, self.per_epoch, self.position = batch, n // batch, 0

    def next(self):
        if self.position % self.per_epoch == 0:
            self.rng.shuffle(self.order)
        start = (self.position % self.per_epoch) * self.batch
        self.position += 1
        return self.order[start:start + self.batch]


def worker(name: str, cpus: list[int]) -> int:
    """Serve measurements: {"case": i, "steps": k} in, {"wall": s, "cpu": s} out."""
    # Thread-count flags do not bind every library (XLA keeps a pool per core it may use), but
    # the CPU affinity does: every worker runs on the same cores, as many as BLAS threads.
    os.sched_setaffinity(0, cpus)
    threads = len(cpus)
    try:
        if name == "nndash":
            build = _build_nndash
        else:
            from bench.peers import CONTENDERS as PEERS

            build = PEERS[name]
        data = _load_data()
        build(CASES[0], data, threads)  # imports the library: a missing one is reported now
    except ImportError as error:
        print(json.dumps({"ok": False, "error": str(error)}), flush=True)
        return 0
    steps, orders = {}, {}
    hello = {"ok": True, "data": data.name, "n_train": len(data.x_train)}
    if name == "nndash":
        hello["blas"] = _blas_description()
    print(json.dumps(hello), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        index = command["case"]
        if index not in steps:
            case = CASES[index]
            steps[index] = build(case, data, threads)
            orders[index] = BatchOrder(len(data.x_train), case.batch)
            for _ in range(10):  # warm-up: jit compilation, allocator, caches
                steps[index](orders[index].next())
            steps[index](None)
        step, order = steps[index], orders[index]
        batches = [order.next() for _ in range(command["steps"])]
        wall, cpu = time.perf_counter(), time.process_time()
        for batch in batches:
            step(batch)
        step(None)
        reply = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
        print(json.dumps(reply), flush=True)
    return 0


# --- the parent: starts the workers, interleaves the rounds, prints the figures ---------------

def child_environment(threads: int, native_blas: bool) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[variable] = str(threads)
    if native_blas:  # let OpenBLAS pick the kernel for this processor itself
        for variable in BLAS_VARIABLES:
            env.pop(variable, None)
    return env


def idlest_cpus(count: int, seconds: float = 1.0) -> list[int]:
    """The ``count`` CPUs that were busy least over ``seconds`` (from /proc/stat), so that the
    pinned workers do not share a core with whatever else this machine is running."""
    def busy() -> dict[int, int]:
        ticks = {}
        for line in Path("/proc/stat").read_text().splitlines():
            name, *fields = line.split()
            if name.startswith("cpu") and name != "cpu":
                values = [int(field) for field in fields]
                ticks[int(name[3:])] = sum(values) - values[3] - values[4]  # minus idle, iowait
        return ticks

    allowed = sorted(os.sched_getaffinity(0))
    try:
        before = busy()
        time.sleep(seconds)
        after = busy()
    except (OSError, ValueError):
        return allowed[:count]
    return sorted(sorted(allowed, key=lambda cpu: after[cpu] - before[cpu])[:count])


class Worker:
    def __init__(self, name: str, cpus: list[int], env: dict[str, str]) -> None:
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.engine_bench", "--worker", name,
             "--cpus", ",".join(map(str, cpus))],
            cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.hello = self._read()

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            return {"ok": False, "error": f"worker exited with {self.process.wait()}"}
        return json.loads(line)

    def measure(self, case: int, steps: int) -> dict:
        self.process.stdin.write(json.dumps({"case": case, "steps": steps}) + "\n")
        self.process.stdin.flush()
        return self._read()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} [{min(values):.3f}-{max(values):.3f}]"


def report(case: Case, names: list[str], seconds: dict[str, list[float]],
           cpu_share: dict[str, float], n_train: int, steps: int, clock: str) -> None:
    """One block per case: seconds per epoch, CPU/wall, and nndash's speed vs each peer."""
    per_epoch = (n_train // case.batch) / steps
    print(f"\n{case.title}  ({steps} steps per measurement, {len(seconds[names[0]])} rounds, "
          f"{clock} time)")
    for name in names:
        epoch = [s * per_epoch for s in seconds[name]]
        line = f"  {name:7s} {_spread(epoch)} s/epoch  cpu/wall {cpu_share[name]:.2f}"
        if name != "nndash" and "nndash" in seconds:
            ratios = [theirs / ours for theirs, ours
                      in zip(seconds[name], seconds["nndash"], strict=True)]
            what = "nndash time / floor" if name == "floor" else f"nndash speed / {name}"
            values = [1 / r for r in ratios] if name == "floor" else ratios
            best = min(seconds[name]) / min(seconds["nndash"])  # the least disturbed rounds
            best = 1 / best if name == "floor" else best
            target = {"floor": f"<= {FLOOR_TARGET.get(case.batch, 1.5)}",
                      "jax": f">= {case.jax_target}" if case.jax_target else "no target",
                      "torch": f">= {TORCH_TARGET}"}[name]
            line += f"   {what}: {_spread(values)}, best/best {best:.3f} (target {target})"
        print(line, flush=True)
    if clock == "cpu" and min(cpu_share.values()) < 0.9:
        print("  note: the core was shared with other processes (cpu/wall < 0.9): CPU times then "
              "include cache contention, which hurts contenders with many threads (JAX) most; "
              "trust ratios measured at cpu/wall ~1.0")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, choices=(1, 2), default=1,
                        help="BLAS / intra-op threads of every contender (the app uses 1)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0, help="samples per measurement x")
    parser.add_argument("--contenders", default=",".join(CONTENDERS))
    parser.add_argument("--cases", default="", help="comma-separated parts of case titles")
    parser.add_argument("--native-blas", action="store_true",
                        help=f"unset {' and '.join(BLAS_VARIABLES)} in the workers")
    parser.add_argument("--clock", choices=("cpu", "wall"),
                        help="what to time: the workers' CPU time (default with one thread: "
                        "immune to time spent waiting for a busy core) or the wall clock")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--cpus", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker, [int(cpu) for cpu in args.cpus.split(",")])

    clock = args.clock or ("cpu" if args.threads == 1 else "wall")
    env = child_environment(args.threads, args.native_blas)
    for variable in BLAS_VARIABLES:
        print(f"{variable}={env.get(variable, '(unset)')}")
    cpus = idlest_cpus(args.threads)
    print(f"{args.threads} BLAS thread(s); every worker pinned to CPU {cpus} of "
          f"{os.cpu_count()}; python {sys.version.split()[0]}")
    workers = []
    for name in args.contenders.split(","):
        candidate = Worker(name, cpus, env)
        if candidate.hello["ok"]:
            workers.append(candidate)
        else:
            print(f"{name}: skipped ({candidate.hello['error']})")
            candidate.close()
    hello = next((w.hello for w in workers if "blas" in w.hello), workers[0].hello)
    print(f"data: {hello['data']}, {hello['n_train']:,} training samples, float32")
    if "blas" in hello:
        print(f"NumPy's BLAS: {hello['blas']}")
    wanted = [part for part in args.cases.split(",") if part]
    cases = [i for i, case in enumerate(CASES)
             if not wanted or any(part in case.title for part in wanted)]
    n_train = hello["n_train"]
    names = [w.name for w in workers]
    try:
        for index in cases:
            case = CASES[index]
            steps = max(10, round(args.scale * case.samples / case.batch))
            results = {name: [] for name in names}
            for round_number in range(args.rounds):
                shift = round_number % len(workers)
                for w in workers[shift:] + workers[:shift]:  # A B C, B C A, ...
                    results[w.name].append(w.measure(index, steps))
            seconds = {name: [r[clock] for r in rs] for name, rs in results.items()}
            cpu_share = {name: statistics.median(r["cpu"] / r["wall"] for r in rs)
                         for name, rs in results.items()}
            report(case, names, seconds, cpu_share, n_train, steps, clock)
    finally:
        for w in workers:
            w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
