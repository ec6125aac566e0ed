"""The web tests again, on PostgreSQL: the second database the issue asks for.

One pytest run covers both databases: the web tests run on SQLite in this process, and
this test (moved to the end of the session) runs the same selection again in a new pytest
process with ``OVEREENKOMSTEN_TEST_DATABASE=postgres``, where Django's test database, and
every web server the harness starts, live on the PostgreSQL server of
``OVEREENKOMSTEN_TEST_POSTGRES``. Without that server it skips locally and fails in CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.web._harnas import ENV_DATABASE

ROOT = Path(__file__).resolve().parents[2]
WEB = Path(__file__).resolve().parent
# Seconds the whole PostgreSQL run may take (the suite's budget is 20 minutes).
TIJDSLIMIET = 15 * 60
NIET_DOORGEVEN = (
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "OVEREENKOMSTEN_DATA",
    "OVEREENKOMSTEN_DATABASE_URL",
    "PYTEST_ADDOPTS",
)


def _webtests(request: pytest.FixtureRequest) -> list[str]:
    """The node ids of this session's selected web tests, this one excluded."""
    eigen = request.node.nodeid
    ids = []
    for item in request.session.items:
        pad = Path(str(item.path)).resolve()
        if pad.is_relative_to(WEB) and item.nodeid != eigen:
            ids.append(item.nodeid)
    return ids


@pytest.mark.postgres
def test_webtests_op_postgres(request: pytest.FixtureRequest, postgres_url: str) -> None:
    ids = _webtests(request) or [str(WEB.relative_to(ROOT))]
    omgeving = {k: v for k, v in os.environ.items() if k not in NIET_DOORGEVEN}
    omgeving[ENV_DATABASE] = "postgres"
    maxfail = request.config.getoption("maxfail")
    opties = [f"--maxfail={maxfail}"] if maxfail else []
    proces = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *opties, *ids],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
        timeout=TIJDSLIMIET,
        check=False,
    )
    uitvoer = (proces.stdout + proces.stderr).splitlines()
    print("\n".join(uitvoer[-5:]))
    if proces.returncode != 0:
        pytest.fail(
            f"de webtests op PostgreSQL faalden (exitcode {proces.returncode}):\n"
            + "\n".join(uitvoer[-300:]),
            pytrace=False,
        )
