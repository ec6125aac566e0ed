"""The PostgreSQL run of the web tests: a second pytest process, started early.

The web tests run on SQLite in the session itself; the same selection runs again on
PostgreSQL in a child pytest process with ``OVEREENKOMSTEN_TEST_DATABASE=postgres``. The
child starts as soon as collection is done, so on a 2-core machine it runs beside the rest
of the suite instead of after it; ``test_postgres.py`` waits for it at the end of the
session and fails with its output when it failed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.web._harnas import ENV_DATABASE, ENV_POSTGRES, database

ROOT = Path(__file__).resolve().parents[2]
WEB = Path(__file__).resolve().parent
RERUN = "test_postgres.py::test_webtests_op_postgres"
# Seconds the whole PostgreSQL run may take (the suite's budget is 20 minutes).
TIJDSLIMIET = 15 * 60
# The child configures Django itself; settings of this process must not leak into it.
NIET_DOORGEVEN = (
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "OVEREENKOMSTEN_DATA",
    "OVEREENKOMSTEN_DATABASE_URL",
    "PYTEST_ADDOPTS",
)


@dataclass
class Ronde:
    proces: subprocess.Popen[bytes]
    uitvoer: Path
    tests: int


RONDE = pytest.StashKey[Ronde]()


def webtests(items: list[pytest.Item]) -> list[str]:
    """The node ids of the selected web tests, the rerun itself excluded."""
    return [
        item.nodeid
        for item in items
        if Path(str(item.path)).resolve().is_relative_to(WEB) and not item.nodeid.endswith(RERUN)
    ]


def start(session: pytest.Session) -> None:
    """Start the PostgreSQL run when this session will wait for it (the rerun is selected)."""
    config = session.config
    if database() != "sqlite" or not os.environ.get(ENV_POSTGRES) or RONDE in config.stash:
        return
    if config.option.collectonly or not any(i.nodeid.endswith(RERUN) for i in session.items):
        return
    ids = webtests(session.items) or [str(WEB.relative_to(ROOT))]
    omgeving = {k: v for k, v in os.environ.items() if k not in NIET_DOORGEVEN}
    omgeving[ENV_DATABASE] = "postgres"
    maxfail = config.getoption("maxfail")
    opties = [f"--maxfail={maxfail}"] if maxfail else []
    handle, naam = tempfile.mkstemp(prefix="overeenkomsten-postgresronde-", suffix=".log")
    with os.fdopen(handle, "wb") as uitvoer:
        proces = subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *opties, *ids],
            cwd=ROOT,
            env=omgeving,
            stdin=subprocess.DEVNULL,
            stdout=uitvoer,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    config.stash[RONDE] = Ronde(proces, Path(naam), len(ids))


def wacht(config: pytest.Config) -> tuple[int | None, list[str]]:
    """Wait for the PostgreSQL run; its exit code (None: timed out) and output lines."""
    ronde = config.stash[RONDE]
    try:
        code: int | None = ronde.proces.wait(TIJDSLIMIET)
    except subprocess.TimeoutExpired:
        stop(config)
        code = None
    return code, ronde.uitvoer.read_text(encoding="utf-8", errors="replace").splitlines()


def stop(config: pytest.Config) -> None:
    """End the PostgreSQL run if it still runs (the session ended early) and tidy up."""
    ronde = config.stash.get(RONDE, None)
    if ronde is None:
        return
    if ronde.proces.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(ronde.proces.pid, signal.SIGTERM)
        try:
            ronde.proces.wait(30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(ronde.proces.pid, signal.SIGKILL)
            ronde.proces.wait()
    if ronde.proces.returncode is not None and not os.environ.get("OVEREENKOMSTEN_BEWAAR_LOG"):
        ronde.uitvoer.unlink(missing_ok=True)
