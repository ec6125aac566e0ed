"""The PostgreSQL server of the test run (``OVEREENKOMSTEN_TEST_POSTGRES``).

scripts/test.sh (and so ``.ci/run``) starts a throwaway server and exports its URL; a
developer may point the variable at any server where the role may create databases.
Without it the PostgreSQL tests skip locally and fail in CI.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.web._harnas import ENV_POSTGRES, ontbreekt


def postgres_url_uit_omgeving() -> str:
    """The server URL, or skip (fail in CI) when it is not set."""
    url = os.environ.get(ENV_POSTGRES, "")
    if not url:
        ontbreekt(
            "PostgreSQL",
            f"zet {ENV_POSTGRES}=postgresql://... of draai bash scripts/test.sh "
            "(dat start een PostgreSQL-server voor de tests)",
        )
    return url


def met_database(url: str, naam: str) -> str:
    """``url`` with its database name replaced by ``naam``."""
    delen = urlsplit(url)
    return urlunsplit(delen._replace(path="/" + naam))


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The URL of a reachable PostgreSQL server (checked with a real connection)."""
    import psycopg

    url = postgres_url_uit_omgeving()
    try:
        with psycopg.connect(url, connect_timeout=10) as verbinding:
            verbinding.execute("SELECT 1")
    except psycopg.Error as fout:
        pytest.fail(f"{ENV_POSTGRES} is gezet, maar PostgreSQL is niet bereikbaar: {fout}")
    return url


@contextmanager
def nieuwe_database(url: str) -> Iterator[str]:
    """A new, empty database on the server of ``url``; its URL, dropped afterwards."""
    import psycopg
    from psycopg import sql

    naam = f"overeenkomsten_web_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as verbinding:
        verbinding.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(naam)))
    try:
        yield met_database(url, naam)
    finally:
        _drop(url, naam)


def _drop(url: str, naam: str) -> None:
    """Drop the database, cleaning up only: a server process of another role on it (an
    autovacuum worker that started just then, on a busy machine) makes ``FORCE`` refuse;
    then it is tried again, and at worst left for the throwaway server to take with it."""
    import psycopg
    from psycopg import sql

    for _poging in range(20):
        try:
            with psycopg.connect(url, autocommit=True) as verbinding:
                verbinding.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(naam))
                )
            return
        except psycopg.errors.InsufficientPrivilege:
            time.sleep(0.5)
