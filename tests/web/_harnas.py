"""Shared pieces of the web test harness: the CI rule, free ports, the database of this run.

The web tests run twice: on SQLite (the default) and again on PostgreSQL when
``OVEREENKOMSTEN_TEST_POSTGRES`` names a server (``tests/web/test_postgres.py`` starts that
second run). ``OVEREENKOMSTEN_TEST_DATABASE=postgres`` marks the PostgreSQL run itself.
"""

from __future__ import annotations

import os
import socket
from typing import NoReturn

import pytest

ENV_POSTGRES = "OVEREENKOMSTEN_TEST_POSTGRES"
ENV_DATABASE = "OVEREENKOMSTEN_TEST_DATABASE"


def database() -> str:
    """``"postgres"`` in the PostgreSQL run of the web tests, otherwise ``"sqlite"``."""
    return "postgres" if os.environ.get(ENV_DATABASE) == "postgres" else "sqlite"


def ontbreekt(wat: str, hoe: str) -> NoReturn:
    """Skip a test whose component is missing; in CI (``CI`` set) fail it instead.

    The same rule as the ``soffice`` fixture in tests/conftest.py: CI must run every test.
    """
    if os.environ.get("CI"):
        pytest.fail(f"{wat} ontbreekt in CI: {hoe}")
    pytest.skip(f"{wat} ontbreekt: {hoe}")


def vrije_poort() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
