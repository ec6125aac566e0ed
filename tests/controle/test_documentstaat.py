"""The shared document state: versions (newest counts, older ones vervangen), who signed,
late (X8), as ``controleer`` and ``status`` both read it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from overeenkomsten.controle.basis import Context
from overeenkomsten.controle.documentstaat import newest_versions, versie
from overeenkomsten.controle.feiten import DocumentFeiten
from overeenkomsten.handtekeningen.types import Handtekening
from overeenkomsten.model import Traject
from tests.controle.bouw import feiten
from tests.controle.helpers import traject
from tests.controle.test_ondertekening import sig

UTC = dt.UTC


@pytest.fixture(scope="module")
def t() -> Traject:
    return traject()


def _signed(doc: DocumentFeiten, *signatures: Handtekening) -> DocumentFeiten:
    return dataclasses.replace(doc, bron="pdf", handtekeningen=signatures)


def test_version_from_the_document_before_its_file_name(t: Traject) -> None:
    assert versie(feiten(t, "OOK", naam="X_OOK.docx")) == 1
    assert versie(feiten(t, "OOK", naam="X_OOK_v3.docx")) == 3
    renamed = dataclasses.replace(feiten(t, "OOK", naam="getekend.pdf"), metadata={"Versie": "2"})
    assert versie(renamed) == 2


def test_newest_version_counts_older_is_replaced(t: Traject) -> None:
    old = _signed(feiten(t, "OOK", naam="X_OOK.pdf"), sig("instelling", "drs. P. de Vries"))
    new = feiten(t, "OOK", naam="X_OOK_v2.docx")
    pok = feiten(t, "POK", naam="X_POK.docx")
    current, vervangen = newest_versions([old, new, pok])
    assert current == [new, pok]
    assert [(v.naam, v.versie, v.ondertekend, v.door) for v in vervangen] == [
        ("X_OOK.pdf", 1, True, "X_OOK_v2.docx")
    ]


def test_another_trajectory_is_never_replaced(t: Traject) -> None:
    other = traject(traject_id="RMT-TW-2026-0999")
    mine = feiten(t, "OOK", naam="X_OOK_v2.docx")
    stray = feiten(other, "OOK", naam="Y_OOK.docx")
    current, vervangen = newest_versions([mine, stray])
    assert current == [mine, stray]
    assert vervangen == []


def test_who_signed_and_who_is_late(t: Traject) -> None:
    ook = _signed(
        feiten(t, "OOK", naam="OOK.pdf"),
        sig("instelling", "drs. P. de Vries"),
        sig("kandidaat", "Fatma Yılmaz", tijdstip=dt.datetime(2026, 9, 8, 9, 0, tzinfo=UTC)),
    )
    pok = _signed(feiten(t, "POK", naam="POK.pdf"), sig("leerbedrijf", "J. Jansen"))
    ctx = Context(documenten=[ook, pok], traject=t)
    staat = ctx.staat
    ook_staat, pok_staat = staat.van(ook), staat.van(pok)
    assert ook_staat.ondertekend == ("instelling", "kandidaat")
    assert [p.rol for p in ook_staat.partijen if p.te_laat] == ["kandidaat"]
    assert [t.dag for t in ook_staat.te_laat] == [dt.date(2026, 9, 8)]
    assert not ook_staat.volledig
    assert pok_staat.ontbreekt == ("instelling", "kandidaat")
    assert pok_staat.digitaal
    assert staat.aanwezig("OOK")
    assert not staat.aanwezig("PLOK")


def test_a_word_file_has_no_digital_signatures(t: Traject) -> None:
    doc = feiten(t, "PLOK")
    staat = Context(documenten=[doc], traject=t).staat.van(doc)
    assert not staat.digitaal
    assert staat.reden is not None
    assert "niet digitaal controleerbaar" in staat.reden
    assert staat.ontbreekt == staat.ondertekend + staat.ontbreekt


def test_a_rendered_documents_version_is_read_from_its_metadata(t: Traject) -> None:
    from overeenkomsten.controle.extract import DocumentBron, read_document
    from overeenkomsten.documenten.render import TemplateSet

    data = TemplateSet().render(t, "POK", versie=3)
    doc = read_document(DocumentBron("ondertekend-teruggestuurd.docx", data))
    assert doc.type == "POK"
    assert versie(doc) == 3
