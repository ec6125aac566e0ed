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
from overeenkomsten.handtekeningen.types import Certificaat, Handtekening
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
        "vertrouwen": "vertrouwd",
        "intrekking": "niet-ingetrokken",
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


@pytest.mark.parametrize(
    ("vertrouwen", "code"),
    [
        ("niet-vertrouwd", "handtekening-niet-vertrouwd"),
        ("verlopen", "certificaat-verlopen"),
        ("nog-niet-geldig", "certificaat-nog-niet-geldig"),
        ("ingetrokken", "certificaat-ingetrokken"),
    ],
)
def test_trust_checked_and_failed_is_a_fout(t: Traject, vertrouwen: str, code: str) -> None:
    ook = signed(
        t,
        "OOK",
        [
            sig("instelling", "drs. P. de Vries", vertrouwd=False, vertrouwen=vertrouwen),
            sig("kandidaat", "Fatma Yılmaz"),
        ],
    )
    (finding,) = run(t, [ook])
    assert (finding.ernst, finding.code) == ("fout", code)
    assert "drs. P. de Vries" in finding.bericht


def test_trust_not_checked_is_niet_gecontroleerd_naming_the_option(t: Traject) -> None:
    ook = signed(
        t,
        "OOK",
        [
            sig("instelling", "drs. P. de Vries", vertrouwd=False, vertrouwen="niet-gecontroleerd"),
            sig("kandidaat", "Fatma Yılmaz", vertrouwd=False, vertrouwen="niet-gecontroleerd"),
        ],
    )
    (finding,) = run(t, [ook])
    assert finding.ernst == "niet-gecontroleerd"
    assert "--vertrouwd" in finding.bericht
    assert "OVEREENKOMSTEN_VERTROUWD" in finding.bericht


def test_revocation_not_covered_is_a_warning_per_signature(t: Traject) -> None:
    ook = signed(
        t,
        "OOK",
        [
            sig("instelling", "drs. P. de Vries", intrekking="niet-gecontroleerd"),
            sig("kandidaat", "Fatma Yılmaz", intrekking="niet-gecontroleerd"),
        ],
    )
    found = run(t, [ook])
    assert {(b.ernst, b.code) for b in found} == {("waarschuwing", "intrekking-niet-gecontroleerd")}
    assert len(found) == 2
    assert all("intrekking niet gecontroleerd" in b.bericht for b in found)


def cert(naam: str, **kwargs: object) -> Certificaat:
    return Certificaat(naam=naam, **kwargs)  # type: ignore[arg-type]


def test_x16_another_partys_certificate_in_the_field_is_a_fout_naming_both(t: Traject) -> None:
    """onderteken OOK.pdf --rol kandidaat --p12 leerbedrijf.p12"""
    ook = signed(t, "OOK", [sig("instelling", "drs. P. de Vries"), sig("kandidaat", "J. Jansen")])
    found = run(t, [ook])
    x16 = only_rule(found, "X16")
    assert x16.ernst == "fout"
    assert "J. Jansen" in x16.bericht
    assert "Fatma Yılmaz" in x16.bericht
    assert any(b.code == "handtekening-ontbreekt" and "kandidaat" in b.bericht for b in found)


def test_x16_instelling_signing_twice_does_not_count_for_the_kandidaat(t: Traject) -> None:
    ook = signed(
        t, "OOK", [sig("instelling", "drs. P. de Vries"), sig("kandidaat", "drs. P. de Vries")]
    )
    codes = {b.code for b in run(t, [ook]) if b.ernst == "fout"}
    assert codes == {"ondertekenaar-wijkt-af", "handtekening-ontbreekt"}


def test_x16_rmt_on_an_ook_is_a_fout(t: Traject) -> None:
    ook = all_signed(t, "OOK")
    ook = dataclasses.replace(
        ook, handtekeningen=(*(ook.handtekeningen or ()), sig("rmt", "K. Visser"))
    )
    (finding,) = run(t, [ook])
    assert (finding.regel, finding.ernst, finding.code) == ("X16", "fout", "rol-niet-in-document")
    assert "K. Visser" in finding.bericht


@pytest.mark.parametrize(
    "op_certificaat",
    [
        cert("Pieter de Vries"),
        cert("PIETER DE VRIES"),
        cert("de Vries, Pieter"),
        cert("Vries, P. de"),
        cert("P. de Vries"),
        cert("Pieter de Vries (ondertekening)", voornaam="Pieter", achternaam="de Vries"),
    ],
)
def test_x16_the_same_person_written_otherwise_counts(
    t: Traject, op_certificaat: Certificaat
) -> None:
    ook = signed(
        t,
        "OOK",
        [
            sig("instelling", op_certificaat.naam, certificaat=op_certificaat),
            sig("kandidaat", "FATMA YILMAZ", certificaat=cert("Fatma Yilmaz")),
        ],
    )
    assert run(t, [ook]) == []


def test_x16_naam_op_certificaat_declares_another_name() -> None:
    other = traject(kandidaat__naam_op_certificaat="Fatma Demir-Yılmaz")
    ook = signed(
        other,
        "OOK",
        [sig("instelling", "drs. P. de Vries"), sig("kandidaat", "Fatma Demir-Yılmaz")],
    )
    assert run(other, [ook], traject=other) == []
    assert run(other, [ook]) != []  # without the record the name does not match


def test_x16_organisation_seal_counts_via_name_with_a_warning(t: Traject) -> None:
    dienst = cert("Ondertekendienst B.V.", organisatie="Ondertekendienst B.V.")
    ook = signed(
        t,
        "OOK",
        [
            sig(
                None,
                "Ondertekendienst B.V.",
                veld="Signature1",
                certificaat=dienst,
                naam="Pieter de Vries",
            ),
            sig(
                None,
                "Ondertekendienst B.V.",
                veld="Signature2",
                certificaat=dienst,
                reden="Ondertekend door Fatma Yilmaz via Ondertekendienst",
            ),
        ],
    )
    found = run(t, [ook])
    assert {(b.regel, b.ernst, b.code) for b in found} == {
        ("X16", "waarschuwing", "identiteit-via-dienst")
    }
    assert len(found) == 2


def test_x16_a_personal_certificate_with_a_name_entry_does_not_count(t: Traject) -> None:
    """/Name is the signer's own words: only an organisation seal may use it."""
    ook = signed(
        t,
        "OOK",
        [sig("instelling", "drs. P. de Vries"), sig("kandidaat", "J. Jansen", naam="Fatma Yılmaz")],
    )
    assert "ondertekenaar-wijkt-af" in {b.code for b in run(t, [ook])}


def only_rule(found: list[Bevinding], regel: str) -> Bevinding:
    (finding,) = [b for b in found if b.regel == regel]
    return finding


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


def test_minor_needs_the_wettelijk_vertegenwoordiger_on_the_plok_too() -> None:
    """domein.md v2 section 1: the PLOK is co-signed for a minor, as OOK and POK are; read
    from the document alone (no record given), as status and controleer do on a folder."""
    minor = traject(
        kandidaat__geboortedatum="2009-01-15",
        kandidaat__wettelijk_vertegenwoordiger={"naam": "H. Yılmaz", "email": None},
    )
    plok = signed(
        minor,
        "PLOK",
        [
            sig("rmt", "K. Visser"),
            sig("leerbedrijf", "J. Jansen"),
            sig("kandidaat", "Fatma Yılmaz"),
        ],
    )
    (finding,) = run(minor, [plok])
    assert finding.ernst == "fout"
    assert "wettelijk vertegenwoordiger (H. Yılmaz) ontbreekt" in finding.bericht
    assert run(minor, [all_signed(minor, "PLOK")]) == []
