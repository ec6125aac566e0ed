"""The WSGI application (waitress serves it; docs/web.md)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overeenkomsten.web.instellingen")

application = get_wsgi_application()
