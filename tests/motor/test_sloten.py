"""The two locks: a run lock per output folder (batch, genereer) and a short lock per
trajectory folder around every check-then-write (the engine, onderteken, bundel)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from overeenkomsten import api
from overeenkomsten.basis.slot import run_lock, trajectory_lock
from overeenkomsten.errors import InputError


def _json(folder: Path, record: dict[str, Any]) -> Path:
    path = folder / "intake.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_second_run_in_the_same_folder_is_refused(
    tmp_path: Path, record_data: dict[str, Any]
) -> None:
    uit = tmp_path / "uit"
    uit.mkdir()
    with run_lock(uit, opdracht="batch"):
        with pytest.raises(InputError) as caught:
            api.genereer(_json(tmp_path, record_data), uit, pdf=False)
        assert caught.value.code == "map-bezig"
        assert not (uit / record_data["traject_id"]).exists()
    api.genereer(_json(tmp_path, record_data), uit, pdf=False)  # free again
    assert (uit / record_data["traject_id"] / "traject.json").is_file()


def test_a_trajectory_lock_makes_another_writer_wait_then_give_up(tmp_path: Path) -> None:
    folder = tmp_path / "traject"
    folder.mkdir()
    with trajectory_lock(folder):
        started = time.monotonic()
        with pytest.raises(InputError) as caught, trajectory_lock(folder, wait=0.3):
            pass
        assert caught.value.code == "traject-bezig"
        assert time.monotonic() - started >= 0.3


def test_the_engine_waits_for_a_signer_of_the_same_trajectory(
    tmp_path: Path, record_data: dict[str, Any]
) -> None:
    uit = tmp_path / "uit"
    api.genereer(_json(tmp_path, record_data), uit, pdf=False)
    folder = uit / record_data["traject_id"]
    held = threading.Event()
    released: list[float] = []

    def signer() -> None:
        with trajectory_lock(folder):
            held.set()
            time.sleep(1.0)
            released.append(time.monotonic())

    thread = threading.Thread(target=signer)
    thread.start()
    held.wait()
    record_data = {**record_data, "startdatum": "2026-09-14"}
    api.genereer(_json(tmp_path, record_data), uit, pdf=False)
    finished = time.monotonic()
    thread.join()
    assert released
    assert finished >= released[0]
