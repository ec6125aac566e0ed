"""Upload limits: the kind by name and by content, the size, a Dutch message each."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory

from overeenkomsten.web import uploads
from overeenkomsten.web.uploads import UploadsVeld, UploadVeld, VerzoekGrensMiddleware


class IntakeForm(forms.Form):
    bestand = UploadVeld(soort="werkmap")


class PdfsForm(forms.Form):
    bestanden = UploadsVeld(soort="pdf", max_aantal=2)


def _fouten(form_class: type[forms.Form], **files: Any) -> str:
    form = form_class(data={}, files=files)
    assert not form.is_valid()
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def test_accepted_kinds() -> None:
    for naam, inhoud in [
        ("intake.xlsx", b"PK\x03\x04rest"),
        ("intake.ods", b"PK\x03\x04rest"),
        ("intake.csv", "traject_id;naam\nT-1;Ëlla\n".encode("cp1252")),
        ("intake.json", b'\xef\xbb\xbf [{"traject_id": "T-1"}]'),
    ]:
        form = IntakeForm(data={}, files={"bestand": SimpleUploadedFile(naam, inhoud)})
        assert form.is_valid(), (naam, form.errors)


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("intake.exe", b"MZ", "geen intakebestand"),
        ("intake.xlsx", b"<html>", "de inhoud is dat niet"),
        ("intake.json", b"not json", "de inhoud is dat niet"),
        ("intake.csv", b"\x00\x01\x02", "de inhoud is dat niet"),
        ("intake.xlsx", b"", "leeg"),
    ],
)
def test_refused_kinds_get_a_dutch_message(naam: str, inhoud: bytes, melding: str) -> None:
    assert melding in _fouten(IntakeForm, bestand=SimpleUploadedFile(naam, inhoud))


def test_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    klein = dataclasses.replace(uploads.SOORTEN["werkmap"], max_bytes=1024)
    monkeypatch.setitem(uploads.SOORTEN, "werkmap", klein)
    fout = _fouten(IntakeForm, bestand=SimpleUploadedFile("a.csv", b"x;y\n" * 1000))
    assert "het maximum is 1 kB" in fout
    assert "Er is niets opgeslagen" in fout


def test_several_pdfs_each_checked() -> None:
    goed = SimpleUploadedFile("POK.pdf", b"%PDF-1.7\n...")
    word = SimpleUploadedFile("OOK.pdf", b"PK\x03\x04word")
    form = PdfsForm(data={}, files={"bestanden": [goed, word]})
    assert not form.is_valid()
    [fout] = form.errors["bestanden"]
    assert fout.startswith("OOK.pdf is een zip-bestand (bijvoorbeeld een Word-document), geen PDF")
    assert fout.endswith("Er is niets opgeslagen.")
    drie = [SimpleUploadedFile(f"{n}.pdf", b"%PDF-1.7") for n in "abc"]
    assert "hoogstens 2" in str(PdfsForm(data={}, files={"bestanden": drie}).errors)


def test_a_request_over_the_limit_is_refused_before_reading() -> None:
    def never(request: Any) -> HttpResponse:
        raise AssertionError("the view must not run")

    request = RequestFactory().post("/intake/", data=b"", content_type="application/pdf")
    request.META["CONTENT_LENGTH"] = str(uploads.MAX_VERZOEK + 1)
    response = VerzoekGrensMiddleware(never)(request)
    assert response.status_code == 413
    assert "te groot" in response.content.decode()


def test_template_filters_mask_a_bsn() -> None:
    from django.template import Context, Template

    html = Template("{% load overeenkomsten %}{{ bsn|masker }} | {{ tekst|zonder_bsn }}").render(
        Context({"bsn": "123456782", "tekst": "rij 3: BSN 123456782 bestaat al"})
    )
    assert html == "*****6782 | rij 3: BSN *****6782 bestaat al"
