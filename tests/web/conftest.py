"""Test setup of the web application (``overeenkomsten.web``), tests/web/ only.

- Django is configured here, not in pyproject: only a run that collects tests/web loads it,
  so the library's tests stay as they are. Without the extra [web] the web tests are
  skipped, but never in CI. The settings get a scratch data folder and, in the PostgreSQL
  run, ``OVEREENKOMSTEN_DATABASE_URL`` (the Django client tests then use a test database on
  that server; pytest-django makes and drops it).
- The web tests run on SQLite, then again on PostgreSQL when ``OVEREENKOMSTEN_TEST_POSTGRES``
  names a server: ``_postgresronde.py`` starts this session's web tests again in a child
  pytest process with ``OVEREENKOMSTEN_TEST_DATABASE=postgres`` right after collection (it
  runs beside the rest of the suite), ``test_postgres.py`` waits for it at the end
  (scripts/test.sh starts a server).
- Fixtures: ``organisatie``, ``gebruiker``, ``inloggen`` (Django test client, _accounts.py);
  the harness in ``tests/web/_*.py``: ``webserver`` (the real ``overeenkomsten web``),
  ``chromium``/``pagina`` (Playwright on Debian's Chromium), ``smtp_server`` (aiosmtpd),
  ``postgres_url``; ``_totp.Authenticator`` computes codes as a phone app does. A browser
  test signs in with ``_inloggen.log_in(pagina, webserver, account)``, where ``account`` is
  ``webserver.beheerder`` or one from ``webserver.maak_account(naam, organisatie, rol=...)``.
- Browser tests carry the marker ``browser``; tests needing PostgreSQL carry ``postgres``.
  Both skip without their component locally and fail in CI, as LibreOffice's tests do.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
import time

import pytest

from tests.web import _postgresronde
from tests.web._accounts import gebruiker, inloggen, organisatie
from tests.web._browser import chromium, pagina
from tests.web._dossiers import *  # noqa: F403  (stored sets, dossiers, the task runner)
from tests.web._harnas import ENV_POSTGRES, database
from tests.web._postgres import postgres_url
from tests.web._postgresronde import RERUN
from tests.web._server import webserver
from tests.web._smtp import smtp_server
from tests.web._trajecten import rmt, woord_set

__all__ = [
    "chromium",
    "gebruiker",
    "inloggen",
    "organisatie",
    "pagina",
    "postgres_url",
    "rmt",
    "smtp_server",
    "webserver",
    "woord_set",
]


if importlib.util.find_spec("django") is None or importlib.util.find_spec("waitress") is None:
    if os.environ.get("CI"):
        raise RuntimeError("De webtests hebben de extra [web] nodig: pip install -e '.[dev,web]'")
    collect_ignore_glob = ["test_*.py"]
else:
    _DATA = tempfile.mkdtemp(prefix="overeenkomsten-webtest-")
    os.environ["OVEREENKOMSTEN_DATA"] = _DATA
    os.environ["DJANGO_SETTINGS_MODULE"] = "overeenkomsten.web.instellingen"
    if database() == "postgres":
        os.environ["OVEREENKOMSTEN_DATABASE_URL"] = os.environ[ENV_POSTGRES]
    else:
        os.environ.pop("OVEREENKOMSTEN_DATABASE_URL", None)
    import django

    _TZ = os.environ.get("TZ")
    django.setup()
    # Django sets the process's time zone (TZ) to TIME_ZONE; the rest of the suite, run in
    # the same process, must keep the machine's (its "today" is the library's "today").
    if _TZ is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = _TZ
    time.tzset()
    from django.conf import settings

    # Tests make many accounts: a fast hash (production keeps Django's PBKDF2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
        shutil.rmtree(_DATA, ignore_errors=True)


def pytest_configure(config: pytest.Config) -> None:
    """As pytest-django does when it configures Django itself: a test without the
    ``django_db`` marker (or the ``db`` fixture) may not touch the database. Needed when
    this conftest loads during collection (a run of all tests), after pytest-django's own
    configuration."""
    if "django" not in globals():
        return
    from pytest_django.plugin import blocking_manager_key

    blocker = config.stash[blocking_manager_key]
    if not blocker.is_active:
        blocker.block()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The PostgreSQL rerun of the web tests goes last, after everything it repeats.

    In the PostgreSQL run itself it is deselected (it would start itself again).
    """
    rerun = [item for item in items if item.nodeid.endswith(RERUN)]
    for item in rerun:
        items.remove(item)
    if database() == "postgres":
        config.hook.pytest_deselected(items=rerun)
    else:
        items.extend(rerun)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the PostgreSQL run now, so it runs beside the rest of the suite."""
    _postgresronde.start(session)


def pytest_unconfigure(config: pytest.Config) -> None:
    _postgresronde.stop(config)


def pytest_report_header(config: pytest.Config) -> str:
    return f"webtests: database {database()}"
