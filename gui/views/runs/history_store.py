"""The run history on disk: every finished run's settings and results, newest last.

One JSON file in the user's data folder, written atomically (a temporary file and a rename) so
a crash never leaves half a history. It holds at most ``limit`` runs, the oldest dropped
first. A file that cannot be read is renamed aside (``history.json.corrupt-<time>``) and
reported; the history then starts empty, and nothing the user had is deleted.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from engine.config import atomic_write_text

FORMAT = "nndash-run-history"
VERSION = 1
DEFAULT_LIMIT = 200
MAX_LOSSES = 2000  # a longer loss curve is kept at every n-th point: the file stays small


class RunHistory:
    """The records: dicts {"id", "label", "finished", "config", "result"} (see run_record)."""

    def __init__(self, path: Path, limit: int = DEFAULT_LIMIT) -> None:
        self.path = Path(path)
        self.limit = limit
        self.problem: str | None = None  # why the file on disk was set aside, if it was
        self.records: list[dict[str, Any]] = []
        self._lock = threading.Lock()  # one write at a time, from any thread

    def load(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except OSError as error:
            self.problem = f"The run history {self.path} cannot be read ({error})."
            return
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT or not isinstance(data.get("runs"), list):
                raise ValueError("not an nndash run history")
            records = [record for record in data["runs"] if _valid(record)]
        except (ValueError, AttributeError) as error:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
            self.path.replace(aside)
            self.problem = (f"The run history was damaged ({error}); it was kept as {aside} "
                            "and a new one started.")
            return
        self.records = records[-self.limit:]

    def add(self, label: str, config: dict, result: dict) -> dict[str, Any]:
        """Keep a finished run (its losses thinned to MAX_LOSSES points)."""
        losses = result.get("losses") or []
        if len(losses) > MAX_LOSSES:
            step = -(-len(losses) // MAX_LOSSES)
            result = {**result, "losses": losses[::step], "losses_step": step}
        record = {"id": uuid.uuid4().hex, "label": label, "finished": time.time(),
                  "config": config, "result": result}
        self.records.append(record)
        del self.records[:-self.limit]
        return record

    def find(self, record_id: str) -> dict[str, Any] | None:
        return next((r for r in self.records if r["id"] == record_id), None)

    def rename(self, record_id: str, label: str) -> None:
        record = self.find(record_id)
        if record is not None:
            record["label"] = label

    def delete(self, record_id: str) -> None:
        self.records = [r for r in self.records if r["id"] != record_id]

    def clear(self) -> None:
        self.records = []

    def save_job(self):
        """A function writing the records as they are now, atomically; run it on any thread
        (serialising a long history takes longer than a GUI handler may)."""
        records = [dict(record) for record in self.records]

        def write() -> Path:
            text = json.dumps({"format": FORMAT, "version": VERSION, "runs": records})
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_text(self.path, text)
            return self.path

        return write


def _valid(record: Any) -> bool:
    return (isinstance(record, dict) and isinstance(record.get("id"), str)
            and isinstance(record.get("label"), str) and isinstance(record.get("config"), dict)
            and isinstance(record.get("result"), dict))
