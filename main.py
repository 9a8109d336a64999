"""nndash: watch a neural network written from scratch in NumPy learn.

    python main.py                       the dashboard, on the embedded MNIST sample
    python main.py --headless [options]  train in the terminal; the last line is JSON
    python main.py --smoke-test          open the window offscreen, train briefly, exit 0
    python main.py --screenshot PNG      render the window after --train-seconds of training
    python main.py --download mnist      fetch a full-size data set into the cache folder
    python main.py --list-presets        the book's chapter-6 experiments (--preset NAME)
    python main.py --headless --preset init      run one of them in the terminal
    python main.py --headless --compare A.json B.json   saved runs side by side, in lockstep
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from engine import __version__

PROGRAM = "nndash"

# nndash multiplies small matrices (a batch of 100 by a few hundred units): a second BLAS
# thread costs more in hand-over than it saves (measured: 784-50-10 SGD 0.152 vs 0.168 s per
# Fashion-MNIST epoch, 784-4x100-10 Adam 0.445 vs 0.458 s), and the dashboard's GUI thread
# wants that core. One BLAS thread, then, unless the user chose otherwise. This must run
# before NumPy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _say(text: str = "", *, end: str = "\n", stream=None) -> None:
    """Print if there is somewhere to print to: frozen GUI builds have no stdout."""
    stream = stream if stream is not None else sys.stdout
    if stream is not None:
        stream.write(text + end)
        stream.flush()


def _error(text: str) -> None:
    _say(f"{PROGRAM}: error: {text}", stream=sys.stderr)


def _warn(text: str) -> None:
    _say(f"{PROGRAM}: warning: {text}", stream=sys.stderr)


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad option in one line (and exit code 2), not a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        _error(f"{message} (see --help)")
        raise SystemExit(2)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got '{text}'")
    return value


def program_name() -> str:
    """The name the user started us by ('nndash' when installed, 'main.py' from source)."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return name if name and name != "-c" else PROGRAM


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=program_name(), description=__doc__.split("\n", 1)[0],
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"nndash {__version__}")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--headless", action="store_true", help="train in the terminal, no window")
    mode.add_argument("--smoke-test", action="store_true",
                      help="open the window offscreen, train briefly and exit (0 = works)")
    mode.add_argument("--screenshot", metavar="PNG", help="save a picture of the window to PNG")
    mode.add_argument("--download", metavar="NAME",
                      help="download a full-size data set (mnist or fashion-mnist) and exit")
    parser.add_argument("--tab", metavar="NAME",
                        help="open this tab first: training, paths, ... (with the window or "
                             "--screenshot)")
    parser.add_argument("--train-seconds", type=_positive_float, default=3.0,
                        help="with --screenshot: seconds of training before the picture")
    add_comparison_options(parser)
    run = parser.add_argument_group("run settings (defaults: the embedded MNIST sample)")
    run.add_argument("--config", metavar="JSON", help="start from a saved run configuration")
    run.add_argument("--dataset", help="data set name (mnist-sample, mnist, fashion-mnist, ...)")
    run.add_argument("--data-dir", help="folder holding full-size data sets")
    run.add_argument("--mirror", action="append", metavar="URL",
                     help="with --download: a mirror base URL to use (repeatable)")
    run.add_argument("--noise", type=float, help="2-D sets: noise of the points")
    run.add_argument("--points", type=int, help="2-D sets: number of points in total")
    run.add_argument("--test-fraction", type=float,
                     help="2-D sets: the share of the points held out for testing")
    run.add_argument("--features",
                     help="2-D sets: the network's inputs, from x,y,x2,y2,xy,sinx,siny "
                          "(default x,y)")
    run.add_argument("--hidden", help="hidden-layer widths, e.g. 100,100 (empty for none)")
    run.add_argument("--activation", help="relu, sigmoid or tanh")
    run.add_argument("--init", help="weight init: he, xavier, glorot or std")
    run.add_argument("--init-std", type=float, help="the std when --init std")
    run.add_argument("--optimizer", help="sgd, momentum, nesterov, adagrad, rmsprop or adam")
    run.add_argument("--lr", type=float, help="learning rate (default: the optimizer's own)")
    run.add_argument("--dropout", type=float, help="dropout ratio in [0, 0.95]")
    run.add_argument("--batchnorm", action=argparse.BooleanOptionalAction, default=None,
                     help="batch normalization after each hidden Affine layer")
    run.add_argument("--weight-decay", type=float, help="L2 weight decay lambda")
    run.add_argument("--batch-size", type=int, help="mini-batch size")
    run.add_argument("--epochs", type=int, help="number of passes over the training set")
    run.add_argument("--eval-samples", type=int, help="bound the per-epoch accuracy evaluation")
    run.add_argument("--seed", type=int, help="random seed (weights, shuffling, dropout)")
    return parser


def add_comparison_options(parser: argparse.ArgumentParser) -> None:
    """Options of the chapter-6 presets and of comparisons (issue 9)."""
    group = parser.add_argument_group("comparisons (the book's chapter 6)")
    group.add_argument("--list-presets", action="store_true",
                       help="list the book's experiments (--preset NAME) and exit")
    group.add_argument("--preset", metavar="NAME",
                       help="run a preset: with --headless in the terminal, else in the window")
    group.add_argument("--compare", nargs="+", metavar="JSON",
                       help="with --headless: train these saved run configurations in lockstep")
    group.add_argument("--trials", type=int, metavar="N",
                       help="hp-search: number of random trials (default 100)")


def list_presets() -> int:
    from engine.presets import PRESETS

    for preset in PRESETS.values():
        _say(f"{preset.name:16} {preset.menu_text}  [{preset.script}]")
    return 0


def comparison_runs(args: argparse.Namespace):
    """(preset or None, [(label, RunConfig)]) for --preset or --compare; ConfigError if bad."""
    from engine.config import ConfigError, RunConfig
    from engine.presets import PRESETS

    if args.compare:
        return None, [(Path(path).stem, RunConfig.load(path)) for path in args.compare]
    if args.preset not in PRESETS:
        raise ConfigError(f"preset: unknown '{args.preset}'; choose one of {', '.join(PRESETS)}")
    if args.trials is not None and args.trials < 1:
        raise ConfigError(f"trials: must be at least 1, got {args.trials}")
    preset = PRESETS[args.preset]
    runs = preset.runs(args.dataset or "mnist-sample", seed=args.seed or 0,
                       trials=args.trials or 100)
    return preset, shortened_runs(runs, args.epochs, args.eval_samples)


def shortened_runs(runs, epochs: int | None, eval_samples: int | None):
    """The runs with --epochs and --eval-samples applied (a quicker look at a preset)."""
    from dataclasses import replace

    changes = {key: value for key, value in (("epochs", epochs), ("eval_samples", eval_samples))
               if value is not None}
    if epochs is not None:
        changes["max_iterations"] = None
    return [(label, replace(config, train=replace(config.train, **changes)))
            for label, config in runs] if changes else runs


def run_comparison_headless(preset, runs, data_dir: str | None, seed: int = 0) -> int:
    """Train a preset's (or the given) runs in lockstep: a line per epoch per run, then one
    JSON line {"preset": ..., "runs": [...]} (and "trials" for the hyperparameter search)."""
    from engine.compare import Comparison
    from engine.compare_results import histogram_record, run_record, trial_records
    from engine.config import ConfigError
    from engine.data import DatasetError
    from engine.presets import ranked_trials

    result: dict = {"preset": preset.name if preset else None}
    if preset is not None and preset.kind == "histograms":
        result["runs"] = [histogram_record(label, config, seed) for label, config in runs]
        for record in result["runs"]:
            _say(f"{record['label']}: {len(record['layers'])} layers")
        _say(json.dumps(result))
        return 0
    try:
        comparison = Comparison(runs, data_dir=data_dir)
    except (ConfigError, DatasetError) as error:
        _error(str(error))
        return 2 if isinstance(error, ConfigError) else 1
    _say(f"{comparison.dataset.name}: {len(runs)} runs in lockstep on the same mini-batches")
    try:
        final = comparison.run(on_epoch=lambda _index, label, snapshot: _say(
            f"{label}: {_format_epoch(snapshot)}"))
    except KeyboardInterrupt:
        _say("interrupted")
        final = comparison.snapshot()
    result["runs"] = [run_record(label, config, snapshot)
                      for (label, config), snapshot in zip(runs, final, strict=True)]
    if preset is not None and preset.name == "batchnorm":
        for record, (_, config) in zip(result["runs"], runs, strict=True):
            record["weight_scale"] = config.network.init_std
    if preset is not None and preset.kind == "search":
        result["trials"] = trial_records(ranked_trials(runs, final))
    _say(json.dumps(result))
    return 0


RUN_OPTIONS = ("config", "dataset", "hidden", "activation", "init", "init_std", "optimizer", "lr",
               "dropout", "batchnorm", "weight_decay", "batch_size", "epochs", "eval_samples",
               "seed", "noise", "points", "test_fraction", "features")
"""The options that describe a run (the dest names of the 'run settings' group)."""


def run_options_given(args: argparse.Namespace) -> bool:
    return any(getattr(args, name) is not None for name in RUN_OPTIONS)


def run_config_from_args(args: argparse.Namespace, base=None):
    """The RunConfig the options describe, on top of --config, else ``base``, else the
    defaults."""
    from dataclasses import replace

    from engine.config import RunConfig, parse_hidden_sizes

    config = RunConfig.load(args.config) if args.config else base or RunConfig()
    network_changes = {
        key: value for key, value in {
            "activation": args.activation, "weight_init": args.init, "init_std": args.init_std,
            "dropout": args.dropout, "batchnorm": args.batchnorm,
            "weight_decay": args.weight_decay,
        }.items() if value is not None
    }
    if args.hidden is not None:
        network_changes["hidden_sizes"] = parse_hidden_sizes(args.hidden)
    train_changes = {
        key: value for key, value in {
            "optimizer": args.optimizer, "lr": args.lr, "batch_size": args.batch_size,
            "epochs": args.epochs, "eval_samples": args.eval_samples, "seed": args.seed,
        }.items() if value is not None
    }
    if args.optimizer and args.optimizer != config.train.optimizer:
        train_changes.setdefault("lr", None)  # another optimizer: its own default lr
        train_changes["optimizer_params"] = {}
    return replace(
        config,
        dataset=args.dataset if args.dataset is not None else config.dataset,
        network=replace(config.network, **network_changes),
        train=replace(config.train, **train_changes),
        **_data_changes(args, config),
    )


def window_run_config(args: argparse.Namespace, settings=None):
    """The configuration the window opens on: None (the window restores the last session's)
    when no run option is given, else the last session's with the given options on top."""
    if not run_options_given(args):
        return None
    from gui.settings import Settings
    from gui.window_state import last_run_config

    return run_config_from_args(args, last_run_config(settings or Settings()))


def ignored_options(args: argparse.Namespace, config) -> list[str]:
    """Options given on the command line that the resulting configuration does not use."""
    if args.init_std is not None and config.network.weight_init != "std":
        return [f"--init-std {args.init_std:g} is ignored: it sets the weights' std only with "
                f"--init std (the init is {config.network.weight_init})"]
    return []


def _cli_remedy(trainer) -> str:
    """What to change on the command line after a run diverged."""
    return f"here: rerun with a smaller --lr, e.g. --lr {trainer.optimizer.lr / 10:g}"
def _data_changes(args: argparse.Namespace, config) -> dict:
    """The data set's params (--noise, --points, --test-fraction) and --features; a new
    --dataset starts from its own default params."""
    from engine.features import split_features

    keep = args.dataset is None or args.dataset == config.dataset
    params = dict(config.dataset_params) if keep else {}
    params.update({key: value for key, value in {
        "noise": args.noise, "points": args.points, "test_fraction": args.test_fraction,
    }.items() if value is not None})
    changes: dict = {"dataset_params": params}
    if args.features is not None:
        changes["features"] = split_features(args.features)
    return changes


def _format_epoch(snapshot) -> str:
    return (f"epoch {snapshot.epoch:>3}/{snapshot.epochs}  loss {snapshot.epoch_loss:.4f}  "
            f"train {snapshot.train_acc[-1]:.4f}  test {snapshot.test_acc[-1]:.4f}  "
            f"{snapshot.samples_per_second:,.0f} samples/s  {snapshot.elapsed:.1f} s")


def run_headless(config, data_dir: str | None) -> int:
    """Train in the terminal: a line per epoch, then one JSON line with the results."""
    from engine.config import ConfigError
    from engine.data import DatasetError
    from engine.trainer import build_trainer

    started = time.perf_counter()
    try:
        trainer = build_trainer(config, data_dir=data_dir)
    except DatasetError as error:
        _error(str(error))
        return 1
    except ConfigError as error:  # e.g. a network too large for this data set's images
        _error(str(error))
        return 2
    if trainer.notice:
        _warn(trainer.notice)
    net, data = config.network, trainer.dataset
    widths = [data.x_train.shape[1], *net.hidden_sizes, data.classes]
    _say(f"{data.name}: {len(data.x_train):,} train / {len(data.x_test):,} test; network "
         f"{'-'.join(map(str, widths))} {net.activation}/{net.weight_init}; "
         f"{config.train.optimizer} lr {trainer.optimizer.lr:g}, batch {trainer.batch_size}, "
         f"{config.train.epochs} epochs")
    try:
        final = trainer.run(on_snapshot=lambda snapshot: _say(_format_epoch(snapshot)))
    except KeyboardInterrupt:
        _say("interrupted")
        final = trainer.snapshot()
    if final.diverged:
        _error(f"{final.reason or 'the run diverged'} ({_cli_remedy(trainer)})")
    result = {
        "test_acc": round(float(final.test_acc[-1]), 4),
        "train_acc": round(float(final.train_acc[-1]), 4),
        "loss": round(final.epoch_loss, 4) if final.iteration else None,
        "seconds": round(time.perf_counter() - started, 3),
        "epochs": final.epoch,
        "iterations": final.iteration,
        "samples_per_second": round(final.samples_per_second, 1),
        "diverged": final.diverged,
    }
    if result["loss"] is not None and result["loss"] != result["loss"]:
        result["loss"] = None  # JSON has no NaN
    _say(json.dumps(result))
    return 3 if final.diverged else 0


def run_download(name: str, data_dir: str | None, mirrors: list[str] | None) -> int:
    """Fetch a full-size data set with a progress line, into --data-dir or the cache.

    Ctrl+C and SIGTERM cancel it within a fraction of a second, leaving no partial file."""
    import threading

    from engine.data import DatasetError
    from engine.download import DownloadCancelled, download_dataset

    def progress(done: int, total: int, filename: str) -> None:
        percent = f"{100 * done / total:5.1f}%" if total else f"{done / 1e6:.1f} MB"
        _say(f"\r{filename}: {percent}", end="")

    def notice(sentence: str) -> None:
        _say()
        _say(sentence, stream=sys.stderr)

    cancel = threading.Event()
    try:
        with _cancel_on_signals(cancel):
            folder = download_dataset(name, data_dir, mirrors=mirrors, progress=progress,
                                      cancel=cancel, notice=notice)
    except DatasetError as error:
        _say()
        _error(str(error))
        return 1
    except (DownloadCancelled, KeyboardInterrupt):
        _say()
        _error("download cancelled; no partial file was kept")
        return 1
    _say(f"\n{name} is ready in {folder}")
    return 0


def _cancel_on_signals(cancel):
    """A context in which SIGINT and SIGTERM set `cancel` instead of ending the process, so
    the download stops between two reads and removes its temp file."""
    import contextlib
    import signal
    import threading

    stack = contextlib.ExitStack()
    if threading.current_thread() is not threading.main_thread():
        return stack  # only the main thread may set handlers (main() called from a thread)
    for number in (signal.SIGINT, signal.SIGTERM):
        previous = signal.signal(number, lambda *_: cancel.set())
        stack.callback(signal.signal, number, previous)
    return stack


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.list_presets:
        return list_presets()
    if args.download is not None:
        from engine.download import MIRRORS

        if args.download not in MIRRORS:
            _error(f"--download: cannot download {args.download!r}; choose one of "
                   f"{', '.join(MIRRORS)}")
            return 2
        return run_download(args.download, args.data_dir, args.mirror)
    from engine.config import ConfigError

    window = not (args.headless or args.smoke_test or args.screenshot)
    try:
        config = window_run_config(args) if window else run_config_from_args(args)
    except ConfigError as error:
        _error(str(error))
        return 2
    for text in ignored_options(args, config) if config is not None else ():
        _warn(text)
    if args.compare and not args.headless:
        _error("--compare trains in the terminal: add --headless (see --help)")
        return 2
    if args.headless and (args.preset or args.compare):
        try:
            preset, runs = comparison_runs(args)
        except ConfigError as error:
            _error(str(error))
            return 2
        return run_comparison_headless(preset, runs, args.data_dir, args.seed or 0)
    if args.headless:
        return run_headless(config, args.data_dir)
    if args.smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from gui.app import run_smoke_test

        return run_smoke_test()
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from gui.app import save_screenshot

        return save_screenshot(args.screenshot, args.train_seconds, config, args.tab)
    if args.preset:
        try:
            comparison_runs(args)  # an unknown name: one line and exit 2, before any window
        except ConfigError as error:
            _error(str(error))
            return 2
    from gui.desktop_check import desktop_problem

    problem = desktop_problem()
    if problem:
        _say(problem, stream=sys.stderr)
        return 1
    from gui.app import run_app

    return run_app(config, args.tab, args.preset)


if __name__ == "__main__":
    sys.exit(main())
