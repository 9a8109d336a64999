"""The terminal trainer end to end, in a subprocess, as a user runs it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

MAIN = Path(__file__).resolve().parent.parent / "main.py"


def run_main(*args: str, env_extra: dict | None = None, tmp_path: Path | None = None):
    env = None
    if env_extra:
        import os

        env = {**os.environ, **env_extra}
    return subprocess.run([sys.executable, str(MAIN), *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd=tmp_path)


def test_headless_trains_and_ends_with_a_json_line():
    done = run_main("--headless", "--hidden", "50", "--epochs", "2", "--seed", "1")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert sum(line.startswith("epoch") for line in lines) == 2
    assert "samples/s" in lines[-2]
    result = json.loads(lines[-1])
    assert result["test_acc"] > 0.85
    assert set(result) >= {"test_acc", "train_acc", "loss", "seconds"}


def test_headless_toy_data_set_with_every_option():
    done = run_main("--headless", "--dataset", "spiral", "--hidden", "30,30", "--activation",
                    "tanh", "--init", "xavier", "--optimizer", "momentum", "--lr", "0.1",
                    "--dropout", "0.1", "--batchnorm", "--weight-decay", "0.0001",
                    "--batch-size", "30", "--epochs", "3", "--eval-samples", "100", "--seed", "3")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["epochs"] == 3


@pytest.mark.parametrize(
    "args, phrase",
    [(["--headless", "--epochs", "zero"], "invalid int value"),
     (["--headless", "--hidden", "100,x"], "'x' is not a whole number"),
     (["--headless", "--optimizer", "lion"], "optimizer: unknown 'lion'"),
     (["--headless", "--dropout", "1.5"], "dropout"),
     (["--headless", "--lr", "-1"], "learning rate"),
     (["--bogus"], "unrecognized arguments")],
)
def test_bad_options_give_one_line_and_exit_code_2(args, phrase):
    done = run_main(*args)
    assert done.returncode == 2
    assert phrase in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_bad_config_file_is_reported_and_left_alone(tmp_path):
    config = tmp_path / "run.json"
    config.write_text('{"train": {"epochs": 1,}}')
    done = run_main("--headless", "--config", str(config))
    assert done.returncode == 2
    assert "not valid JSON" in done.stderr and str(config) in done.stderr
    assert config.read_text() == '{"train": {"epochs": 1,}}'


@pytest.mark.parametrize("text", [
    '{"dataset": []}', '{"network": {"hidden_sizes": [Infinity]}}', '{"train": {"epochs": 1e400}}',
    '{"network": {"hidden_sizes": "100"}}', "[" * 50_000 + "]" * 50_000, "not json", "[1]",
])
def test_every_bad_config_file_exits_2_with_one_line(tmp_path, text):
    config = tmp_path / "bad.json"
    config.write_text(text)
    done = run_main("--headless", "--config", str(config))
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert str(config) in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""  # nothing trained


@pytest.mark.parametrize("args, phrase", [
    (["--download", "bogus"], "choose one of mnist, fashion-mnist"),
    (["--download", ""], "cannot download ''"),
    (["--headless", "--dataset", ""], "data set: unknown ''"),
    (["--headless", "--dataset", "cifar"], "data set: unknown 'cifar'"),
])
def test_bad_names_exit_2_with_one_line(args, phrase):
    done = run_main(*args)
    assert done.returncode == 2
    assert phrase in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_init_std_without_init_std_says_it_is_ignored():
    done = run_main("--headless", "--dataset", "xor", "--hidden", "4", "--epochs", "1",
                    "--init", "he", "--init-std", "0.1")
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("\n") == 1
    assert "--init-std 0.1 is ignored" in done.stderr and "--init std" in done.stderr


def test_a_batch_larger_than_the_data_set_is_reported():
    """The toy sets have 480 training points: a batch of 1000 is all 480 of them."""
    done = run_main("--headless", "--dataset", "xor", "--hidden", "4", "--epochs", "2",
                    "--batch-size", "1000")
    assert done.returncode == 0, done.stderr
    assert "batch size 1,000 is more than the 480 training samples" in done.stderr
    assert "batch 480" in done.stdout
    assert json.loads(done.stdout.strip().splitlines()[-1])["iterations"] == 2


def test_missing_full_data_set_says_how_to_get_it(tmp_path):
    done = run_main("--headless", "--dataset", "mnist", "--data-dir", str(tmp_path),
                    env_extra={"NNDASH_DATA_DIR": str(tmp_path)})
    assert done.returncode == 1
    assert "--download mnist" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_diverging_run_stops_with_a_hint():
    done = run_main("--headless", "--hidden", "50", "--optimizer", "sgd", "--lr", "1e5",
                    "--activation", "relu", "--epochs", "1")
    assert done.returncode == 3
    assert "lower it" in done.stderr
    assert "Reset" not in done.stderr and "--lr 10000" in done.stderr  # 1e5 / 10
    assert json.loads(done.stdout.strip().splitlines()[-1])["diverged"] is True
    assert "RuntimeWarning" not in done.stderr


def test_version():
    done = run_main("--version")
    assert done.returncode == 0 and done.stdout.startswith("nndash ")


def test_download_from_a_bad_local_mirror_fails_cleanly(tmp_path):
    """--download through --mirror: a mirror serving files with the wrong checksum is refused,
    nothing partial is left behind, and the message says what to do."""
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    from idx_samples import gzip_idx_files

    served = tmp_path / "mirror"
    served.mkdir()
    for name, content in gzip_idx_files(n_train=20, n_test=5).items():
        (served / name).write_bytes(content)
    handler = partial(SimpleHTTPRequestHandler, directory=str(served))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        cache = tmp_path / "cache"
        done = run_main("--download", "mnist", "--data-dir", str(cache), "--mirror", url,
                        env_extra={"NNDASH_DATA_DIR": str(cache), "NO_PROXY": "127.0.0.1"})
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 1
    assert "No mirror gave a valid" in done.stderr and "Traceback" not in done.stderr
    assert not [path for path in cache.rglob("*") if path.is_file()]


def test_smoke_test_in_a_subprocess(tmp_path):
    done = run_main("--smoke-test", env_extra={"QT_QPA_PLATFORM": "offscreen",
                                               "HOME": str(tmp_path),
                                               "XDG_CONFIG_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "QThread" not in done.stderr


def test_screenshot_in_a_subprocess_writes_a_full_window_png(tmp_path):
    picture = tmp_path / "window.png"
    done = run_main("--screenshot", str(picture), "--train-seconds", "1",
                    env_extra={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
                               "XDG_CONFIG_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    header = picture.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    assert width >= 1280 and height >= 720


def test_screenshot_of_an_unknown_tab_exits_2_naming_the_tabs(tmp_path):
    done = run_main("--screenshot", str(tmp_path / "x.png"), "--tab", "bogus",
                    env_extra={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
                               "XDG_CONFIG_HOME": str(tmp_path)})
    assert done.returncode == 2
    message = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(message) == 1 and "bogus" in message[0] and "paths" in message[0]
    assert not (tmp_path / "x.png").exists()


def test_a_bad_config_for_the_window_exits_2_before_opening_it(tmp_path):
    config = tmp_path / "bad.json"
    config.write_text('{"network": {"hidden_sizes": [Infinity]}}')
    done = run_main("--config", str(config), env_extra={
        "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Infinity" in done.stderr
    assert not (tmp_path / "config").exists()  # no window, no settings written
