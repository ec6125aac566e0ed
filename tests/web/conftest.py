"""Django for the web tests (tests/web/ only): settings, a scratch data folder, and the
helpers to make organisations and signed-in users.

Django is configured when this folder is collected, so the rest of the suite never
needs the web extra. Without the extra the web tests are skipped, but never in CI.
``OVEREENKOMSTEN_TEST_POSTGRES=<url>`` runs them against PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile

import pytest

from tests.web._accounts import gebruiker, inloggen, organisatie
from tests.web._dossiers import *  # noqa: F403  (stored sets, dossiers, the task runner)

__all__ = ["gebruiker", "inloggen", "organisatie"]

if importlib.util.find_spec("django") is None or importlib.util.find_spec("waitress") is None:
    if os.environ.get("CI"):
        raise RuntimeError("De webtests hebben de extra [web] nodig: pip install -e '.[web]'")
    collect_ignore_glob = ["test_*.py"]
else:
    _DATA = tempfile.mkdtemp(prefix="overeenkomsten-webtest-")
    os.environ["OVEREENKOMSTEN_DATA"] = _DATA
    os.environ["DJANGO_SETTINGS_MODULE"] = "overeenkomsten.web.instellingen"
    if os.environ.get("OVEREENKOMSTEN_TEST_POSTGRES"):
        os.environ["OVEREENKOMSTEN_DATABASE_URL"] = os.environ["OVEREENKOMSTEN_TEST_POSTGRES"]
    import django

    django.setup()
    from django.conf import settings

    # Tests make many accounts: a fast hash (production keeps Django's PBKDF2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
        shutil.rmtree(_DATA, ignore_errors=True)
