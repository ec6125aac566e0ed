"""X7 and X8 as pure rules over Handtekening records (the real inspection of signed PDFs is
tested in test_sets.py with the session's test PKI)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

import pytest

from overeenkomsten.controle.basis import Context
from overeenkomsten.controle.bevinding import Bevinding
from overeenkomsten.controle.feiten import DocumentFeiten
from overeenkomsten.controle.ondertekening import check_signatures, check_signed_beforehand
from overeenkomsten.handtekeningen.types import Handtekening
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import DocumentType, Rol, documents_for, required_roles
from tests.controle.bouw import feiten, signer
from tests.controle.helpers import traject

UTC = dt.UTC


def sig(
    rol: Rol | None,
    ondertekenaar: str,
    *,
    veld: str | None = None,
    tijdstip: dt.datetime | None = dt.datetime(2026, 8, 31, 10, 0, tzinfo=UTC),
    **kwargs: object,
) -> Handtekening:
    values: dict[str, object] = {
        "veld": veld or (rol or "Handtekening1"),
        "rol": rol,
        "ondertekenaar": ondertekenaar,
        "tijdstip": tijdstip,
        "tijdstip_bron": "tijdstempel",
        "intact": True,
        "geldig": True,
        "vertrouwd": True,
        "dekking": "hele document",
        "wijzigingen": "geen",
        "toegestaan": True,
    }
    values.update(kwargs)
    return Handtekening(**values)  # type: ignore[arg-type]


def signed(
    t: Traject, document: DocumentType, signatures: Iterable[Handtekening]
) -> DocumentFeiten:
    doc = feiten(t, document, naam=f"{document}.pdf")
    return dataclasses.replace(doc, bron="pdf", handtekeningen=tuple(signatures))


def all_signed(t: Traject, document: DocumentType) -> DocumentFeiten:
    return signed(t, document, [sig(rol, signer(t, rol)[0]) for rol in required_roles(t, document)])


def run(t: Traject, docs: list[DocumentFeiten], **kwargs: object) -> list[Bevinding]:
    ctx = Context(documenten=docs, **kwargs)  # type: ignore[arg-type]
    return [*check_signatures(ctx), *check_signed_beforehand(ctx)]


@pytest.fixture(scope="module")
def t() -> Traject:
    return traject()


def test_fully_signed_set_passes(t: Traject) -> None:
    assert run(t, [all_signed(t, d) for d in documents_for(t)]) == []


def test_docx_and_unsigned_pdf_are_not_checked(t: Traject) -> None:
    docs = [feiten(t, "OOK"), signed(t, "POK", [])]
    found = run(t, docs)
    assert {b.ernst for b in found} == {"niet-gecontroleerd"}
    x7 = next(b for b in found if b.regel == "X7")
    assert "geen digitale handtekening: niet digitaal controleerbaar" in x7.bericht
    assert x7.documenten == ("OOK.docx", "POK.pdf")


def test_missing_party_is_named(t: Traject) -> None:
    pok = signed(
        t, "POK", [sig("instelling", "drs. P. de Vries"), sig("kandidaat", "Fatma Yılmaz")]
    )
    (finding,) = run(t, [pok])
    assert finding.ernst == "fout"
    assert finding.regel == "X7"
    assert "namens het leerbedrijf (J. Jansen) ontbreekt" in finding.bericht


def test_signer_name_counts_when_field_has_another_name(t: Traject) -> None:
    pok = signed(
        t,
        "POK",
        [
            sig(None, "drs. P. de Vries", veld="Signature1"),
            sig(None, "J. Jansen", veld="Signature2"),
            sig(None, "Fatma Yılmaz", veld="Signature3"),
        ],
    )
    assert run(t, [pok]) == []


def test_broken_signature_and_disallowed_change_are_fout(t: Traject) -> None:
    ook = signed(
        t,
        "OOK",
        [
            sig("instelling", "drs. P. de Vries", intact=False),
            sig("kandidaat", "Fatma Yılmaz", toegestaan=False, wijzigingen="tekst op pagina 1"),
        ],
    )
    codes = {b.code for b in run(t, [ook]) if b.ernst == "fout"}
    assert codes == {"handtekening-niet-intact", "gewijzigd-na-ondertekening"}


def test_untrusted_good_signature_is_only_a_warning(t: Traject) -> None:
    ook = signed(
        t,
        "OOK",
        [sig("instelling", "drs. P. de Vries", vertrouwd=False), sig("kandidaat", "Fatma Yılmaz")],
    )
    (finding,) = run(t, [ook])
    assert finding.ernst == "waarschuwing"
    assert "drs. P. de Vries" in finding.bericht


def test_minor_needs_the_wettelijk_vertegenwoordiger() -> None:
    minor = traject(
        kandidaat__geboortedatum="2009-01-15",
        kandidaat__wettelijk_vertegenwoordiger={"naam": "H. Yılmaz", "email": None},
    )
    ook = signed(
        minor, "OOK", [sig("instelling", "drs. P. de Vries"), sig("kandidaat", "Fatma Yılmaz")]
    )
    (finding,) = run(minor, [ook])
    assert "wettelijk vertegenwoordiger (H. Yılmaz) ontbreekt" in finding.bericht
    assert run(minor, [all_signed(minor, "OOK")]) == []


def test_x8_signed_after_the_start(t: Traject) -> None:
    late = dt.datetime(2026, 9, 8, 9, 0, tzinfo=UTC)
    pok = signed(
        t,
        "POK",
        [
            sig("instelling", "drs. P. de Vries"),
            sig("leerbedrijf", "J. Jansen"),
            sig("kandidaat", "Fatma Yılmaz", tijdstip=late),
        ],
    )
    (finding,) = run(t, [pok])
    assert finding.regel == "X8"
    assert "8 september 2026" in finding.bericht
    assert "7 september 2026" in finding.bericht


def test_x8_signing_on_the_start_date_in_dutch_time_is_on_time(t: Traject) -> None:
    # 23:30 UTC on 6 September is 01:30 on 7 September in Amsterdam: the start date itself.
    on_time = dt.datetime(2026, 9, 6, 23, 30, tzinfo=UTC)
    ook = signed(
        t,
        "OOK",
        [sig("instelling", "drs. P. de Vries", tijdstip=on_time), sig("kandidaat", "Fatma Yılmaz")],
    )
    assert run(t, [ook]) == []
