"""The legal text of every generated document (issue 12, point 6; domein.md v2 §2 and §9).

Over the documents of the examples (voorbeelden/intake.json) and of property-generated
records: nothing that the 2026 review found wrong comes back, and every element that §2
requires of a document type is present. Works on the .docx text (fast); the PDF text of
one set is checked once.

The table :data:`ELEMENTEN` says, per element of §2, in which document types it must
appear and what text proves it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overeenkomsten._tekst import dutch_date
from overeenkomsten.documenten import TemplateSet
from overeenkomsten.documenten.context import bedrag, getal
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import DocumentType, documents_to_make, required_roles
from overeenkomsten.model.namen import naam_in_zin
from overeenkomsten.model.validatie import validate_record
from tests.conftest import ROOT
from tests.documenten.hulp import paragraphs, pdf_text
from tests.test_eigenschappen import records

VANDAAG = dt.date(2100, 1, 1)  # far ahead: generated records end up to 2030
TEMPLATES = TemplateSet()

Tekst = Callable[[Traject], str | None]  # the text that proves an element; None: not needed


def d(value: dt.date) -> str:
    return dutch_date(value)


def einddoel_tekst(t: Traject) -> str:
    if t.einddoel == "diploma":
        return f"het mbo-diploma van de kwalificatie {t.opleiding.naam}"
    if t.einddoel == "certificaat":
        return f"het mbo-certificaat {t.opleiding.certificaat}, een deel van de kwalificatie"
    return "een praktijkverklaring als onderdeel van een mbo-verklaring"


def opleiding(t: Traject) -> str:
    o = t.opleiding
    return (
        f"de opleiding {o.naam}, crebonummer {o.crebo}, niveau {o.niveau}, in de derde "
        f"leerweg (leertraject {o.leerweg})"
    )


def adres_instelling(t: Traject) -> str:
    i = t.instelling
    return (
        f"{i.naam}, BRIN {i.brin}, gevestigd aan {i.straat} {i.huisnummer}, {i.postcode} {i.plaats}"
    )


def leerbedrijf(t: Traject) -> str:
    lb = t.leerbedrijf
    return (
        f"{lb.naam}, KvK-nummer {lb.kvk}, door SBB erkend leerbedrijf met leerbedrijf-ID "
        f"{lb.leerbedrijf_id}, gevestigd aan {lb.straat} {lb.huisnummer}, {lb.postcode} "
        f"{lb.plaats}"
    )


def nummer(t: Traject) -> str:
    k = t.kandidaat
    return f"burgerservicenummer {k.bsn}" if k.bsn else f"onderwijsnummer {k.onderwijsnummer}"


def prijs(t: Traject) -> str:
    kosten = t.financiering.opleidingskosten
    if kosten is None:
        return "De prijs van de opleiding legt de instelling vóór de startdatum schriftelijk vast."
    return f"{bedrag(kosten)}."


def betaler(t: Traject) -> str:
    return f"De opleidingskosten worden betaald door {t.betaler}"


def deel_kwalificatie(t: Traject) -> str:
    o = t.opleiding
    if t.einddoel == "praktijkverklaring":
        return f"Het deel van de kwalificatie {o.naam} (crebonummer {o.crebo}) dat de kandidaat"
    if t.einddoel == "certificaat":
        return f"dat hoort bij het mbo-certificaat {o.certificaat}"
    return f"de hele kwalificatie {o.naam} (crebonummer {o.crebo}, niveau {o.niveau})"


def uren_per_studiejaar(t: Traject) -> str:
    return "\n".join(
        f"–studiejaar {sj.studiejaar}: {getal(sj.uren)} uur" for sj in t.bpv_uren_per_studiejaar
    )


def werkprocessen_pok(t: Traject) -> str | None:
    return "\n".join(f"–{w.code} (crebo {w.crebo}) {w.titel}" for w in t.werkprocessen) or None


def behaald(t: Traject) -> str:
    return "\n".join(f"{w.code} (crebo {w.crebo})\n{w.titel}" for w in t.behaalde_werkprocessen)


def uitkering(t: Traject) -> str | None:
    return "beslist de uitkeringsinstantie" if t.kandidaat.inkomen == "uitkering" else None


def subsidie(t: Traject) -> str | None:
    s = t.financiering.praktijkplaatssubsidie
    if s is None:
        return None
    return (
        f"op grond van {s.regeling}: {bedrag(s.bedrag_per_40_weken)} per 40 weken, voor deze "
        f"plaatsing naar rato {bedrag(t.subsidie)}."
    )


def optioneel(waarde: str | None) -> str | None:
    return waarde or None


@dataclass(frozen=True)
class Element:
    naam: str  # the element of domein.md §2
    documenten: tuple[DocumentType, ...]
    tekst: Tekst


CONTRACTEN: tuple[DocumentType, ...] = ("OOK", "POK", "PLOK")
ALLE: tuple[DocumentType, ...] = ("OOK", "POK", "PLOK", "PV")

ELEMENTEN: tuple[Element, ...] = (
    # -- common to the contracts
    Element("kandidaat: naam", ALLE, lambda t: t.kandidaat.volledige_naam),
    Element(
        "kandidaat: geboortedatum", ALLE, lambda t: f"geboren op {d(t.kandidaat.geboortedatum)}"
    ),
    Element("opleiding: naam, crebo, niveau, derde leerweg", CONTRACTEN, opleiding),
    Element("einddoel in woorden", CONTRACTEN, einddoel_tekst),
    Element(
        "opgemaakt op (datum en plaats)",
        CONTRACTEN,
        lambda t: f"Opgemaakt op {d(t.ondertekening.datum)} te {t.ondertekening.plaats}.",
    ),
    Element(
        "wettelijk vertegenwoordiger bij een minderjarige",
        CONTRACTEN,
        lambda t: (
            "vertegenwoordigd door de wettelijk vertegenwoordiger "
            f"{naam_in_zin(t.kandidaat.wettelijk_vertegenwoordiger.naam)}"
            if t.minderjarig and t.kandidaat.wettelijk_vertegenwoordiger
            else None
        ),
    ),
    # -- OOK
    Element(
        # A minor at signing may be 18 when absences occur: the parent is told only while
        # the kandidaat is a minor (an adult's absences are not the parent's business, AVG).
        "OOK: verzuim aan de wettelijk vertegenwoordiger alleen bij een minderjarige",
        ("OOK",),
        lambda t: (
            "en, zolang de kandidaat minderjarig is, ook de wettelijk vertegenwoordiger."
            if t.minderjarig
            else None
        ),
    ),
    Element("OOK: instelling naam, BRIN, adres", ("OOK", "POK"), adres_instelling),
    Element(
        "OOK: kandidaat adres",
        ("OOK", "POK"),
        lambda t: (
            f"wonende aan {t.kandidaat.straat} {t.kandidaat.huisnummer}, "
            f"{t.kandidaat.postcode} {t.kandidaat.woonplaats}"
        ),
    ),
    Element("OOK: BSN of onderwijsnummer", ("OOK",), nummer),
    Element("OOK: startdatum", ("OOK",), lambda t: f"De opleiding begint op {d(t.startdatum)}"),
    Element(
        "OOK: geplande einddatum",
        ("OOK",),
        lambda t: f"eindigt naar verwachting op {d(t.einddatum)}",
    ),
    Element(
        "OOK: lesplaats en lesdagen, of wanneer die bekend worden",
        ("OOK",),
        lambda t: (
            f"wordt gegeven in {t.opleiding.lesplaats}"
            if t.opleiding.lesplaats
            else "uiterlijk twee weken vóór de startdatum schriftelijk bekend"
        ),
    ),
    Element(
        "OOK: examinering",
        ("OOK",),
        lambda t: (
            f"examenregeling van de instelling, onder verantwoordelijkheid van de "
            f"{t.instelling.examencommissie.naam}"
        ),
    ),
    Element("OOK 8.1.3: rechten en plichten", ("OOK",), lambda t: "  Rechten en plichten"),
    Element("OOK 8.1.3: verzuim", ("OOK",), lambda t: "  Verzuim"),
    Element("OOK 8.1.3: extra ondersteuning", ("OOK",), lambda t: "  Extra ondersteuning"),
    Element("OOK 8.1.3: ontbinding", ("OOK",), lambda t: "  Beëindiging en ontbinding"),
    Element("OOK 8.1.3: klachten en geschillen", ("OOK",), lambda t: "  Klachten en geschillen"),
    Element(
        "OOK: geschilleninstantie", ("OOK", "POK"), lambda t: optioneel(t.instelling.geschillen)
    ),
    Element("OOK: prijs", ("OOK",), prijs),
    Element("wie betaalt (rechtspersoon)", ("OOK", "PLOK"), betaler),
    Element("regeling", ("OOK", "PLOK"), lambda t: optioneel(t.financiering.regeling)),
    Element(
        "OOK: prijs bij voortijdig einde",
        ("OOK",),
        lambda t: t.financiering.bij_voortijdig_einde or "naar rato berekend per begonnen maand",
    ),
    Element(
        "OOK: AVG verwerkingsverantwoordelijke", ("OOK",), lambda t: "verwerkingsverantwoordelijke"
    ),
    Element(
        "OOK: AVG doel en grondslag", ("OOK",), lambda t: "artikel 6, eerste lid, onder b en c"
    ),
    Element("OOK: AVG bewaartermijn", ("OOK",), lambda t: "bewaart de gegevens niet langer"),
    Element("OOK: AVG rechten", ("OOK",), lambda t: "inzage, rectificatie, verwijdering"),
    Element("OOK: AVG klacht", ("OOK",), lambda t: "Autoriteit Persoonsgegevens"),
    # -- POK (WEB 7.2.8 lid 2 a-d, in the POK itself)
    Element("POK: leerbedrijf naam, KvK, leerbedrijf-ID, adres", ("POK", "PLOK"), leerbedrijf),
    Element("POK: leerbaan", ("POK",), lambda t: "De bpv vindt plaats in een leerbaan"),
    Element(
        "POK 2a: begin- en einddatum bpv",
        ("POK",),
        lambda t: f"De bpv begint op {d(t.startdatum)} en eindigt op {d(t.einddatum)}.",
    ),
    Element(
        "POK 2a: totaal aantal uren",
        ("POK",),
        lambda t: f"in totaal {getal(t.bpv_uren)} uur",
    ),
    Element("POK 2a: uren per studiejaar", ("POK",), uren_per_studiejaar),
    Element(
        "POK 2b: praktijkopleider",
        ("POK",),
        lambda t: (
            f"Het leerbedrijf wijst {naam_in_zin(t.praktijkopleider.naam)}, "
            f"{t.praktijkopleider.functie}, aan als praktijkopleider"
        ),
    ),
    Element(
        "POK 2b: bpv-begeleider",
        ("POK",),
        lambda t: (
            f"De instelling wijst {naam_in_zin(t.instelling.bpv_begeleider.naam)} aan "
            "als bpv-begeleider"
        ),
    ),
    Element(
        "POK 2b: jobcoach",
        ("POK", "PLOK"),
        lambda t: (
            f"{naam_in_zin(t.jobcoach.naam)} ({t.jobcoach.organisatie})" if t.jobcoach else None
        ),
    ),
    Element("POK 2b: contact", ("POK",), lambda t: "ten minste eens per acht weken contact"),
    Element("POK 2c: deel van de kwalificatie", ("POK",), deel_kwalificatie),
    Element("POK 2c: werkprocessen", ("POK",), werkprocessen_pok),
    Element(
        "POK 2c/lid 3: beoordeling",
        ("POK",),
        lambda t: "neemt daarbij het oordeel van het leerbedrijf in aanmerking",
    ),
    Element(
        "POK 2d: tussentijdse beëindiging", ("POK", "PLOK"), lambda t: "  Tussentijdse beëindiging"
    ),
    Element(
        "POK: privacy bpv-gegevens", ("POK",), lambda t: "aanwezigheid, voortgang en beoordeling"
    ),
    Element(
        "POK: verzekering",
        ("POK",),
        lambda t: t.leerbedrijf.verzekering or "verzekerd is tegen aansprakelijkheid en ongevallen",
    ),
    Element("uitkering: de uitkeringsinstantie beslist", ("POK", "PLOK"), uitkering),
    # -- PLOK
    Element(
        "PLOK: de regio als rechtspersoon",
        ("PLOK",),
        lambda t: f"{t.rmt.partij}, handelend namens {t.rmt.naam}",
    ),
    Element("PLOK: traject_id", ("PLOK",), lambda t: f"deelnemer aan traject {t.traject_id}"),
    Element(
        "PLOK: status van de kandidaat",
        ("PLOK",),
        lambda t: f"De kandidaat is bij de start van de plaatsing {t.kandidaat.status}.",
    ),
    Element(
        "PLOK: opleiding bij de instelling",
        ("PLOK",),
        lambda t: f"bij {t.instelling.naam} (BRIN {t.instelling.brin})",
    ),
    Element(
        "PLOK: startdatum en einddatum plaatsing",
        ("PLOK",),
        lambda t: (
            f"De plaatsing begint op {d(t.startdatum)}, de startdatum van de opleiding, "
            f"en eindigt op {d(t.plaatsing_eind)}."
        ),
    ),
    Element(
        "PLOK: hoogstens 40 weken",
        ("PLOK",),
        lambda t: "valt daarmee binnen de maximale duur van 40 weken",
    ),
    Element(
        "PLOK: opleidingskosten",
        ("PLOK",),
        lambda t: (
            f"De opleidingskosten bedragen {bedrag(t.financiering.opleidingskosten)}."
            if t.financiering.opleidingskosten is not None
            else "De opleidingskosten legt de instelling"
        ),
    ),
    Element("PLOK: praktijkplaatssubsidie als het record die noemt", ("PLOK",), subsidie),
    Element("PLOK: verzuim gemeld", ("PLOK",), lambda t: "meldt verzuim van de kandidaat"),
    Element(
        "PLOK: voortgang en uitkomst gemeld",
        ("PLOK",),
        lambda t: "de voortgang en de uitkomst van het traject aan de regio",
    ),
    # -- PV
    Element(
        "PV: leerbedrijf",
        ("PV",),
        lambda t: f"Het leerbedrijf {t.leerbedrijf.naam} (KvK-nummer {t.leerbedrijf.kvk}",
    ),
    Element(
        "PV: praktijkopleider (naam, functie)",
        ("PV",),
        lambda t: (
            f"praktijkopleider {naam_in_zin(t.praktijkopleider.naam)} "
            f"({t.praktijkopleider.functie})"
        ),
    ),
    Element(
        "PV: werkelijke periode",
        ("PV",),
        lambda t: f"in de periode van {d(t.startdatum)} tot en met {d(t.periode_eind)}",
    ),
    Element(
        "PV: datum van afgifte",
        ("PV",),
        lambda t: (
            f"afgegeven op {d(t.afronding.datum_afgifte)}."
            if t.afronding and t.afronding.datum_afgifte
            else None
        ),
    ),
    Element("PV: behaalde werkprocessen", ("PV",), behaald),
    Element(
        "PV: examencommissie",
        ("PV",),
        lambda t: f"De {t.instelling.examencommissie.naam} van {t.instelling.naam}",
    ),
)


def render(traject: Traject) -> dict[DocumentType, str]:
    """The text of each document the record gets: one paragraph per line (tables too; a
    tab is a w:tab element, so "2.1<TAB>De bpv" reads "2.1De bpv" here)."""
    return {
        doc: "\n".join(paragraphs(TEMPLATES.render(traject, doc)))
        for doc in documents_to_make(traject)
    }


def clauses(text: str) -> str:
    """The text without the Kenmerken block (a summary of labels, not sentences)."""
    lines = text.split("\n")
    if "Kenmerken" not in lines:
        return text
    start = lines.index("Kenmerken")
    end = start + 1
    while end < len(lines) and re.match(r"^[A-Z][A-Za-z ()-]*: ", lines[end]):
        end += 1
    return "\n".join(lines[:start] + lines[end:])


_MACHINE_CODE = re.compile(
    r"\(einddoel: |\((OVO|ODT)\)|\b(praktijkverklaring|diploma|certificaat)\)"
    r"|(?<!leertraject )\b(OVO|ODT)\b"
)


_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def check_forbidden(traject: Traject, texts: dict[DocumentType, str]) -> None:
    """What the 2026 review found wrong must not come back (issue 12)."""
    identifiers = [n for n in (traject.kandidaat.bsn, traject.kandidaat.onderwijsnummer) if n]
    regio_in_naam = "regionaal mobiliteitsteam" in traject.rmt.naam.casefold()
    for doc, text in texts.items():
        low = text.casefold()
        body = clauses(text)
        assert "covid" not in low, doc
        assert "crisisdienstverlening" not in low, doc
        assert regio_in_naam or "regionaal mobiliteitsteam" not in low, doc
        assert "Functie: kandidaat" not in text, doc
        assert "Functie: wettelijk vertegenwoordiger" not in text, doc
        assert not _MACHINE_CODE.search(body), (doc, _MACHINE_CODE.search(body))
        for identifier in identifiers:
            assert (identifier in text) is (doc == "OOK"), (doc, "BSN/onderwijsnummer")
        # No annex is ever part of the set: no document may refer to one.
        assert "bijlage" not in low, doc
        assert "opleidingsplan" not in low, doc
        if traject.financiering.praktijkplaatssubsidie is None:
            assert "subsidie" not in low, doc
        else:
            assert ("subsidie" in low) is (doc == "PLOK"), doc
        assert "werkgever" not in low, doc  # the party is "het leerbedrijf" throughout
        assert "namens het rmt" not in low, doc
        assert "het rmt" not in low, doc
        assert "regelt dit" not in low, doc  # the PLOK "regelt" no benefit
        assert "regelt het behoud" not in low.replace("regelt het behoud van de uitkering niet", "")
        assert "bevoegde rechter bevoegd" not in low, doc
        assert "8.1.3" not in text, doc
        assert "None" not in body, doc
        assert text.count("Opgemaakt op") == (doc != "PV"), doc
        # A value that ends in a full stop ("B.V.") closing a sentence: one stop, not two.
        assert not _DOUBLE_STOP.search(text), (doc, _DOUBLE_STOP.search(text))


def check_signature_blocks(traject: Traject, texts: dict[DocumentType, str]) -> None:
    for doc, text in texts.items():
        lines = text.split("\n")
        headings = [i for i, line in enumerate(lines) if line.startswith("Handtekening ")]
        assert len(headings) == len(required_roles(traject, doc)), doc
        for i in headings:
            block = lines[i + 1 : i + 7]
            assert "Plaats: ______________________" in block, (doc, lines[i])
            assert "Datum: ______________________" in block, (doc, lines[i])


def check_elements(traject: Traject, texts: dict[DocumentType, str]) -> None:
    for element in ELEMENTEN:
        expected = element.tekst(traject)
        for doc in element.documenten:
            if doc not in texts or expected is None:
                continue
            assert expected in texts[doc], (doc, element.naam, expected)


def check_all(traject: Traject) -> dict[DocumentType, str]:
    texts = render(traject)
    check_forbidden(traject, texts)
    check_signature_blocks(traject, texts)
    check_elements(traject, texts)
    return texts


# -- the examples ------------------------------------------------------------------------

VOORBEELDEN = json.loads((ROOT / "voorbeelden" / "intake.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("record", VOORBEELDEN, ids=lambda r: r["traject_id"])
def test_every_example_document_is_right_in_2026(record: dict[str, Any]) -> None:
    traject, problems = validate_record(record)
    assert traject is not None, problems
    check_all(traject)


# -- property-generated records ------------------------------------------------------------


@st.composite
def v2_records(draw: st.DrawFn) -> dict[str, Any]:
    """:func:`tests.test_eigenschappen.records` with the v2 fields varied."""
    record = draw(records())
    f = record["financiering"]
    f["betaald_door"] = draw(st.sampled_from(["RMT", "werkgever", "kandidaat", "anders"]))
    f["betaler"] = draw(st.sampled_from([None, "Opleidingsfonds Transport B.V."]))
    if f["betaald_door"] == "anders" and f["betaler"] is None:
        f["betaler"] = "Stichting Scholingsfonds"
    f["opleidingskosten"] = draw(st.sampled_from([None, 0, 1875.5, 3250]))
    f["regeling"] = draw(st.sampled_from([None, "het Regionaal actieplan Twente 2026"]))
    if draw(st.booleans()):
        f["praktijkplaatssubsidie"] = {
            "regeling": "de Subsidieregeling praktijkleren 2026",
            "bedrag_per_40_weken": draw(st.sampled_from([2700, 1500.5])),
        }
    f["bij_voortijdig_einde"] = draw(
        st.sampled_from([None, "Bij een voortijdig einde betaalt niemand meer dan de helft."])
    )
    record["kandidaat"]["inkomen"] = draw(st.sampled_from(["loon", "uitkering"]))
    record["kandidaat"]["status"] = draw(st.sampled_from(["werkzoekend", "werkend"]))
    record["kandidaat"]["tussenvoegsel"] = draw(st.sampled_from([None, "Van der", "ten"]))
    if draw(st.booleans()):
        record["kandidaat"].update(bsn=None, onderwijsnummer="101222331")
    record["opleiding"]["leerweg"] = (
        "OVO" if record["einddoel"] == "diploma" else draw(st.sampled_from(["OVO", "ODT"]))
    )
    record["opleiding"]["lesplaats"] = draw(st.sampled_from([None, "Hengelo"]))
    record["opleiding"]["lesdagen"] = draw(st.sampled_from([None, "dinsdag"]))
    record["instelling"]["geschillen"] = draw(
        st.sampled_from([None, "de Geschillencommissie Beroepsonderwijs"])
    )
    record["leerbedrijf"]["verzekering"] = draw(
        st.sampled_from([None, "Het leerbedrijf verzekert de kandidaat via zijn WA-polis."])
    )
    record["rmt"]["naam"] = draw(
        st.sampled_from(["Werkcentrum Twente", "Regionaal Mobiliteitsteam Twente", "RMT Twente"])
    )
    record["jobcoach"] = draw(st.sampled_from([None, {"naam": "L. Mulder", "organisatie": "JC"}]))
    record["instelling"]["ondertekenaar"]["naam"] = draw(
        st.sampled_from(["drs. P. de Vries", "J. Ten Brinke"])
    )
    if draw(st.booleans()):
        start = dt.date.fromisoformat(record["startdatum"])
        eind = dt.date.fromisoformat(record["einddatum"])
        werkelijk = start + dt.timedelta(days=draw(st.integers(0, (eind - start).days)))
        codes = [w["code"] for w in record["werkprocessen"]]
        record["afronding"] = {
            "werkelijke_einddatum": werkelijk.isoformat(),
            "reden": "behaald" if werkelijk == eind else "voortijdig",
            "behaalde_werkprocessen": draw(st.lists(st.sampled_from(codes), unique=True)),
            "datum_afgifte": (werkelijk + dt.timedelta(days=draw(st.integers(0, 30)))).isoformat(),
        }
        if record["einddoel"] != "praktijkverklaring":
            record["afronding"]["behaalde_werkprocessen"] = []
    return record


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(v2_records())
def test_every_generated_document_is_right_in_2026(record: dict[str, Any]) -> None:
    traject, problems = validate_record(record, vandaag=VANDAAG)
    assert traject is not None, [p.bericht for p in problems if p.ernst == "fout"]
    texts = check_all(traject)
    if "PV" in texts:  # only what was learned, nothing else
        learned = {w.code for w in traject.behaalde_werkprocessen}
        for w in traject.werkprocessen:
            assert (f"{w.code} (crebo {w.crebo})" in texts["PV"]) is (w.code in learned)


def test_the_checks_catch_a_document_from_the_previous_release() -> None:
    """The test is not vacuous: the old templates' text fails it."""
    from tests.conftest import data_path

    folder = data_path("oude_set", "RMT-TW-2026-0042")
    record = json.loads((folder / "traject.json").read_text(encoding="utf-8"))
    traject, _ = validate_record(record)
    assert traject is not None
    old = {
        doc: "\n".join(paragraphs(folder / f"RMT-TW-2026-0042_{doc}.docx"))
        for doc in ("OOK", "POK", "PLOK")
    }
    with pytest.raises(AssertionError):
        check_forbidden(traject, old)
    with pytest.raises(AssertionError):
        check_signature_blocks(traject, old)
    with pytest.raises(AssertionError):
        check_elements(traject, old)


@pytest.mark.libreoffice
def test_the_pdf_of_one_set_says_the_same(voorbeeld_set: Path, record_data: dict[str, Any]) -> None:
    traject, _ = validate_record(copy.deepcopy(record_data))
    assert traject is not None
    for pdf in voorbeeld_set.glob("*.pdf"):
        doc = pdf.stem.rsplit("_", 1)[1]
        if doc not in documents_to_make(traject):
            continue
        text = pdf_text(pdf)
        assert "Covid" not in text
        assert (traject.kandidaat.bsn in text) is (doc == "OOK"), doc
        assert "Opgemaakt op 31 augustus 2026 te Enschede." in text or doc == "PV"
