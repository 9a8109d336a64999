"""The status bar says when the batch size was cut to the data set's size."""

from engine.config import NetworkConfig, TrainConfig
from engine.data import load_dataset
from engine.trainer import Trainer
from gui.panels.run_status import RunStatus


def test_status_line_shows_the_batch_notice(qtbot):
    data = load_dataset("xor")  # 480 training points
    net = NetworkConfig(hidden_sizes=(4,)).build(2, 2, seed=0)
    trainer = Trainer(net, data, TrainConfig(epochs=1, batch_size=2000))
    status = RunStatus()
    qtbot.addWidget(status)
    status.show_snapshot(trainer.run())
    status.refresh()
    text = status.figures_label.text()
    assert text.startswith("Note: batch size 2,000 is more than the 480 training samples")
    assert "Epoch 1/1" in text
