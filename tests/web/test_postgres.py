"""The web tests again, on PostgreSQL: the second database the issue asks for.

One pytest run covers both databases: the web tests run on SQLite in this process, and the
same selection runs in a child pytest process with ``OVEREENKOMSTEN_TEST_DATABASE=postgres``
(``tests/web/_postgresronde.py``, started right after collection), where Django's test
database, and every web server the harness starts, live on the PostgreSQL server of
``OVEREENKOMSTEN_TEST_POSTGRES``. This test, the last of the session, waits for that run
and fails with its output when it failed. Without the server it skips locally and fails
in CI.
"""

from __future__ import annotations

import pytest

from tests.web import _postgresronde


@pytest.mark.postgres
def test_webtests_op_postgres(request: pytest.FixtureRequest, postgres_url: str) -> None:
    config = request.config
    if _postgresronde.RONDE not in config.stash:  # e.g. the variable was set by a fixture
        _postgresronde.start(request.session)
    code, uitvoer = _postgresronde.wacht(config)
    print("\n".join(uitvoer[-5:]))
    if code != 0:
        reden = "duurde te lang" if code is None else f"faalden (exitcode {code})"
        pytest.fail(
            f"de webtests op PostgreSQL {reden}:\n" + "\n".join(uitvoer[-300:]), pytrace=False
        )
