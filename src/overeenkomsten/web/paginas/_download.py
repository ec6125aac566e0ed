"""A stored file handed to the user as a download, with its line in the audit log."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import models
from django.http import FileResponse, Http404, HttpRequest

from overeenkomsten.web import logboek

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def bewaard_bestand(
    request: HttpRequest,
    naam: str | None,
    bestandsnaam: str,
    *,
    object: models.Model,  # noqa: A002  (the log's own word)
    omschrijving: str,
    object_soort: str = "",
    content_type: str | None = None,
) -> FileResponse:
    """The file ``naam`` in storage as ``bestandsnaam``, logged as ``gedownload``; 404 when
    it is not (or no longer) stored."""
    if not naam or not default_storage.exists(naam):
        raise Http404
    logboek.schrijf(
        request, "gedownload", object=object, object_soort=object_soort, omschrijving=omschrijving
    )
    return FileResponse(
        default_storage.open(naam, "rb"),
        as_attachment=True,
        filename=bestandsnaam,
        content_type=content_type,
    )
