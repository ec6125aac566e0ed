"""Settings for the type checker (django-stubs' mypy plugin imports a settings module):
the real settings, pointed at a scratch data folder."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault(
    "OVEREENKOMSTEN_DATA", os.path.join(tempfile.gettempdir(), "overeenkomsten-mypy")
)

from overeenkomsten.web.instellingen import *  # noqa: E402, F403
