"""The site's URLs: every module under :mod:`overeenkomsten.web.paginas` that has a
``urlpatterns`` list is included, so a new page is one new module (views and URLs) plus
its templates in ``templates/web/<naam>/``; no shared list to edit. Dutch paths, never a
BSN in one."""

from __future__ import annotations

import pkgutil
from importlib import import_module

from django.urls import URLPattern, URLResolver, include, path

from overeenkomsten.web import paginas


def _pagina_modules() -> list[str]:
    return sorted(
        f"{paginas.__name__}.{info.name}"
        for info in pkgutil.iter_modules(paginas.__path__)
        if not info.name.startswith("_")
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(module))
    for module in _pagina_modules()
    if hasattr(import_module(module), "urlpatterns")
]

handler403 = "overeenkomsten.web.paginas.fouten.geen_toegang"
handler404 = "overeenkomsten.web.paginas.fouten.niet_gevonden"
handler500 = "overeenkomsten.web.paginas.fouten.serverfout"
