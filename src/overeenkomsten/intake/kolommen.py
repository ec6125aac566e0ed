"""The columns of the intake workbook, derived from the record so they cannot drift apart.

Every leaf field of :class:`~overeenkomsten.model.Traject` (except the werkprocessen list,
which has its own sheet) is one column of sheet ``Trajecten``. A column has a Dutch header
(``kop``) chosen here, and its dotted path (``kandidaat.achternaam``) is always accepted as
header too. Meaning and example come from the model's field ``description`` and
``examples``; the kind (``soort``) follows from the field's type. The template, its
``Toelichting`` sheet and the README table are all made from :data:`TRAJECT_KOLOMMEN`.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from overeenkomsten._tekst import normalize_header
from overeenkomsten.model import Traject, Werkproces
from overeenkomsten.model import velden as v
from overeenkomsten.model.traject import Afronding

Soort = Literal["tekst", "identificatie", "datum", "keuze", "getal", "bedrag"]

BLAD_TRAJECTEN = "Trajecten"
BLAD_WERKPROCESSEN = "Werkprocessen"
BLAD_AFRONDING = "Afronding"

# The Dutch header of every column. A test checks that this covers every leaf field.
KOPPEN: dict[str, str] = {
    "traject_id": "Traject-ID",
    "einddoel": "Einddoel",
    "startdatum": "Startdatum",
    "einddatum": "Einddatum",
    "plaatsing_einddatum": "Einddatum plaatsing",
    "kandidaat.voornamen": "Voornamen kandidaat",
    "kandidaat.tussenvoegsel": "Tussenvoegsel kandidaat",
    "kandidaat.achternaam": "Achternaam kandidaat",
    "kandidaat.geboortedatum": "Geboortedatum kandidaat",
    "kandidaat.bsn": "BSN kandidaat",
    "kandidaat.onderwijsnummer": "Onderwijsnummer kandidaat",
    "kandidaat.straat": "Straat kandidaat",
    "kandidaat.huisnummer": "Huisnummer kandidaat",
    "kandidaat.postcode": "Postcode kandidaat",
    "kandidaat.woonplaats": "Woonplaats kandidaat",
    "kandidaat.email": "E-mail kandidaat",
    "kandidaat.telefoon": "Telefoon kandidaat",
    "kandidaat.status": "Status kandidaat",
    "kandidaat.inkomen": "Inkomen kandidaat",
    "kandidaat.wettelijk_vertegenwoordiger.naam": "Naam wettelijk vertegenwoordiger",
    "kandidaat.wettelijk_vertegenwoordiger.email": "E-mail wettelijk vertegenwoordiger",
    "kandidaat.wettelijk_vertegenwoordiger.naam_op_certificaat": (
        "Naam op certificaat wettelijk vertegenwoordiger"
    ),
    "kandidaat.naam_op_certificaat": "Naam op certificaat kandidaat",
    "instelling.naam": "Naam instelling",
    "instelling.brin": "BRIN instelling",
    "instelling.straat": "Straat instelling",
    "instelling.huisnummer": "Huisnummer instelling",
    "instelling.postcode": "Postcode instelling",
    "instelling.plaats": "Plaats instelling",
    "instelling.ondertekenaar.naam": "Naam ondertekenaar instelling",
    "instelling.ondertekenaar.functie": "Functie ondertekenaar instelling",
    "instelling.ondertekenaar.email": "E-mail ondertekenaar instelling",
    "instelling.ondertekenaar.naam_op_certificaat": "Naam op certificaat ondertekenaar instelling",
    "instelling.bpv_begeleider.naam": "Naam bpv-begeleider",
    "instelling.bpv_begeleider.email": "E-mail bpv-begeleider",
    "instelling.examencommissie.naam": "Naam examencommissie",
    "instelling.examencommissie.voorzitter": "Voorzitter examencommissie",
    "instelling.geschillen": "Geschillencommissie instelling",
    "opleiding.crebo": "Crebo opleiding",
    "opleiding.naam": "Naam opleiding",
    "opleiding.niveau": "Niveau opleiding",
    "opleiding.leerweg": "Leerweg",
    "opleiding.certificaat": "Naam certificaat",
    "opleiding.lesplaats": "Lesplaats",
    "opleiding.lesdagen": "Lesdagen",
    "leerbedrijf.naam": "Naam leerbedrijf",
    "leerbedrijf.kvk": "KvK-nummer leerbedrijf",
    "leerbedrijf.leerbedrijf_id": "Leerbedrijf-ID (SBB)",
    "leerbedrijf.straat": "Straat leerbedrijf",
    "leerbedrijf.huisnummer": "Huisnummer leerbedrijf",
    "leerbedrijf.postcode": "Postcode leerbedrijf",
    "leerbedrijf.plaats": "Plaats leerbedrijf",
    "leerbedrijf.ondertekenaar.naam": "Naam ondertekenaar leerbedrijf",
    "leerbedrijf.ondertekenaar.functie": "Functie ondertekenaar leerbedrijf",
    "leerbedrijf.ondertekenaar.email": "E-mail ondertekenaar leerbedrijf",
    "leerbedrijf.ondertekenaar.naam_op_certificaat": (
        "Naam op certificaat ondertekenaar leerbedrijf"
    ),
    "leerbedrijf.verzekering": "Verzekering leerbedrijf",
    "praktijkopleider.naam": "Naam praktijkopleider",
    "praktijkopleider.functie": "Functie praktijkopleider",
    "praktijkopleider.email": "E-mail praktijkopleider",
    "praktijkopleider.telefoon": "Telefoon praktijkopleider",
    "rmt.naam": "Naam RMT",
    "rmt.arbeidsmarktregio": "Arbeidsmarktregio RMT",
    "rmt.partij": "Partij namens RMT",
    "rmt.ondertekenaar.naam": "Naam ondertekenaar RMT",
    "rmt.ondertekenaar.functie": "Functie ondertekenaar RMT",
    "rmt.ondertekenaar.email": "E-mail ondertekenaar RMT",
    "rmt.ondertekenaar.naam_op_certificaat": "Naam op certificaat ondertekenaar RMT",
    "bpv.uren_per_week": "Uren per week",
    "financiering.opleidingskosten": "Opleidingskosten",
    "financiering.betaald_door": "Betaald door",
    "financiering.betaler": "Betaler",
    "financiering.regeling": "Regeling opleidingskosten",
    "financiering.praktijkplaatssubsidie.regeling": "Regeling praktijkplaatssubsidie",
    "financiering.praktijkplaatssubsidie.bedrag_per_40_weken": "Subsidie per 40 weken",
    "financiering.bij_voortijdig_einde": "Kosten bij voortijdig einde",
    "ondertekening.plaats": "Plaats ondertekening",
    "ondertekening.datum": "Datum ondertekening",
    "jobcoach.naam": "Naam jobcoach",
    "jobcoach.organisatie": "Organisatie jobcoach",
}

# Record objects that have a sheet of their own (bladen.BIJBLADEN), not Trajecten columns.
EIGEN_BLAD: tuple[str, ...] = ("afronding",)

# Short forms people type; accepted as well (tolerantly matched).
ALIASSEN: dict[str, tuple[str, ...]] = {
    "traject_id": ("Traject ID", "Trajectnummer"),
    "kandidaat.bsn": ("BSN", "Burgerservicenummer"),
    "kandidaat.onderwijsnummer": ("Onderwijsnummer",),
    "opleiding.crebo": ("Crebo", "Crebonummer"),
    "opleiding.niveau": ("Niveau",),
    "leerbedrijf.kvk": ("KvK", "KvK-nummer"),
}

# Where "verplicht" or "mag leeg" does not tell the whole rule.
EISEN: dict[str, str] = {
    "plaatsing_einddatum": "Mag leeg: dan eindigt de plaatsing op de einddatum. De plaatsing "
    "duurt hoogstens 280 dagen (40 weken), startdatum en einddatum meegeteld.",
    "kandidaat.bsn": "BSN of onderwijsnummer is verplicht.",
    "kandidaat.onderwijsnummer": "Alleen als er geen BSN is.",
    "kandidaat.wettelijk_vertegenwoordiger.naam": "Verplicht als de kandidaat op de datum van "
    "ondertekening jonger is dan 18; anders mag leeg.",
    "opleiding.certificaat": "Verplicht bij einddoel certificaat; anders mag leeg.",
}

KOPPEN_AFRONDING: dict[str, str] = {
    "traject_id": "Traject-ID",
    "werkelijke_einddatum": "Werkelijke einddatum",
    "reden": "Reden einde",
    "toelichting": "Toelichting",
    "datum_afgifte": "Datum afgifte",
    "behaalde_werkprocessen": "Behaalde werkprocessen",
}

KOPPEN_WERKPROCESSEN: dict[str, str] = {
    "traject_id": "Traject-ID",
    "code": "Code",
    "titel": "Titel",
    "crebo": "Crebo",
}

_SOORTEN: list[tuple[Any, Soort, str]] = [
    (v.Datum, "datum", "Een datum: 7-9-2026, 07-09-2026, 2026-09-07 of een datumcel."),
    (
        v.Bsn,
        "identificatie",
        "9 cijfers met elfproef; als getal getypt komen voorloopnullen terug.",
    ),
    (v.Onderwijsnummer, "identificatie", "9 cijfers, begint met 10 (elfproef)."),
    (
        v.KvkNummer,
        "identificatie",
        "Precies 8 cijfers; als getal getypt komt een voorloopnul terug.",
    ),
    (v.Crebo, "identificatie", "Precies 5 cijfers; wordt nooit aangevuld."),
    (v.Brin, "identificatie", "2 cijfers en 2 letters, eventueel 2 cijfers erachter."),
    (v.LeerbedrijfId, "identificatie", "Alleen cijfers."),
    (v.WerkprocesCode, "identificatie", "Zoals B1-K1-W2 of P2-K1-W1."),
    (v.Postcode, "tekst", "4 cijfers en 2 letters, zoals 7511 AB."),
    (v.Email, "tekst", "Een e-mailadres."),
    (v.Uren, "getal", "Meer dan 0 en hoogstens 60."),
    (v.Bedrag, "bedrag", "Bedrag in euro's, zoals 3250,00."),
    (v.Niveau, "keuze", "Kies uit: 1, 2, 3, 4."),
    (v.Tekst, "tekst", ""),
]


@dataclass(frozen=True)
class Kolom:
    """One column of the intake workbook."""

    pad: str  # dotted path in the record (for Werkprocessen: the key in one werkproces)
    kop: str  # the Dutch header the template writes
    blad: str
    soort: Soort
    verplicht: bool  # must be filled in every row (its object is required)
    voorwaarde: str | None  # when filled: "als er een jobcoach is" (optional object)
    betekenis: str
    voorbeeld: str
    keuzes: tuple[str, ...] = ()
    vormregel: str = ""
    aliassen: tuple[str, ...] = field(default=())

    @property
    def delen(self) -> tuple[str, ...]:
        return tuple(self.pad.split("."))

    @property
    def regel(self) -> str:
        """The rule in one line for the Toelichting and the README."""
        if self.blad == BLAD_TRAJECTEN and self.pad in EISEN:
            eis = EISEN[self.pad]
        elif self.verplicht:
            eis = "Verplicht."
        elif self.voorwaarde:
            eis = f"Verplicht {self.voorwaarde}; anders leeg laten."
        else:
            eis = "Mag leeg."
        if self.keuzes:
            return f"{eis} Kies uit: {', '.join(self.keuzes)}."
        return f"{eis} {self.vormregel}".strip()


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            inner, _ = _unwrap_optional(args[0])
            return inner, True
    if get_origin(annotation) is Annotated and get_origin(get_args(annotation)[0]) is Literal:
        return get_args(annotation)[0], False  # a choice (velden.choice around a Literal)
    return annotation, False


def _kind(info: FieldInfo, inner: Any) -> tuple[Soort, str, tuple[str, ...]]:
    if get_origin(inner) is Literal:
        return "keuze", "", tuple(str(a) for a in get_args(inner))
    metadata = list(info.metadata)
    if get_args(inner):
        metadata += list(get_args(inner)[1:])
    for alias, soort, regel in _SOORTEN:
        if any(m in get_args(alias)[1:] for m in metadata):
            keuzes = ("1", "2", "3", "4") if alias is v.Niveau else ()
            return soort, ("" if keuzes else regel), keuzes
    return "tekst", "", ()


def _walk(
    model: type[BaseModel],
    koppen: Mapping[str, str],
    prefix: str = "",
    required: bool = True,
    voorwaarde: str | None = None,
) -> Iterator[Kolom]:
    for name, info in model.model_fields.items():
        pad = f"{prefix}{name}"
        if pad in EIGEN_BLAD and model is Traject:
            continue
        inner, optional = _unwrap_optional(info.annotation)
        if get_origin(inner) is list:
            continue
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            if optional and voorwaarde is None:
                onderwerp = name.replace("_", " ")
                yield from _walk(inner, koppen, f"{pad}.", False, f"als er een {onderwerp} is")
            else:
                yield from _walk(inner, koppen, f"{pad}.", required and not optional, voorwaarde)
            continue
        soort, vormregel, keuzes = _kind(info, inner)
        is_required = info.is_required()
        yield Kolom(
            pad=pad,
            kop=koppen[pad],
            blad=BLAD_TRAJECTEN,
            soort=soort,
            verplicht=required and is_required,
            voorwaarde=voorwaarde if is_required else None,
            betekenis=info.description or "",
            voorbeeld=str(info.examples[0]) if info.examples else "",
            keuzes=keuzes,
            vormregel=vormregel,
            aliassen=ALIASSEN.get(pad, ()),
        )


def _werkproces_kolommen() -> tuple[Kolom, ...]:
    id_info = Traject.model_fields["traject_id"]
    id_kolom = Kolom(
        pad="traject_id",
        kop=KOPPEN_WERKPROCESSEN["traject_id"],
        blad=BLAD_WERKPROCESSEN,
        soort="tekst",
        verplicht=True,
        voorwaarde=None,
        betekenis="Traject-ID van het traject (blad Trajecten) waar dit werkproces bij hoort.",
        voorbeeld=str((id_info.examples or [""])[0]),
        aliassen=ALIASSEN["traject_id"],
    )
    rest = (
        replace(k, blad=BLAD_WERKPROCESSEN, aliassen=(f"werkprocessen.{k.pad}",))
        for k in _walk(Werkproces, KOPPEN_WERKPROCESSEN)
    )
    return (id_kolom, *rest)


def _afronding_kolommen() -> tuple[Kolom, ...]:
    """Sheet Afronding: one row per trajectory that has ended (or one row per code)."""
    id_kolom = replace(
        _werkproces_kolommen()[0],
        kop=KOPPEN_AFRONDING["traject_id"],
        blad=BLAD_AFRONDING,
        betekenis="Traject-ID van het traject (blad Trajecten) dat is afgerond.",
    )
    velden = (
        replace(
            k,
            blad=BLAD_AFRONDING,
            verplicht=k.pad == "werkelijke_einddatum",
            voorwaarde=None,
            aliassen=(f"afronding.{k.pad}",),
        )
        for k in _walk(Afronding, KOPPEN_AFRONDING)
    )
    info = Afronding.model_fields["behaalde_werkprocessen"]
    codes = Kolom(
        pad="behaalde_werkprocessen",
        kop=KOPPEN_AFRONDING["behaalde_werkprocessen"],
        blad=BLAD_AFRONDING,
        soort="tekst",
        verplicht=False,
        voorwaarde=None,
        betekenis=info.description or "",
        voorbeeld="B1-K1-W1; B1-K1-W3",
        vormregel="Codes gescheiden door ; (of een rij per code). Leeg: geen praktijkverklaring.",
        aliassen=("afronding.behaalde_werkprocessen",),
    )
    return (id_kolom, *velden, codes)


TRAJECT_KOLOMMEN: tuple[Kolom, ...] = tuple(_walk(Traject, KOPPEN))
WERKPROCES_KOLOMMEN: tuple[Kolom, ...] = _werkproces_kolommen()
AFRONDING_KOLOMMEN: tuple[Kolom, ...] = _afronding_kolommen()
OPTIONELE_OBJECTEN: tuple[str, ...] = tuple(
    sorted({k.pad.rsplit(".", 1)[0] for k in TRAJECT_KOLOMMEN if k.voorwaarde})
)
# Of these, at least one column must be present (V1: BSN or onderwijsnummer).
EEN_VAN: tuple[str, ...] = ("kandidaat.bsn", "kandidaat.onderwijsnummer")


def header_key(text: object) -> str:
    """The key under which headers are compared: :func:`normalize_header` without spaces."""
    return normalize_header(text).replace(" ", "")


@dataclass
class Kolomindeling:
    """How the headers of one sheet map onto columns."""

    kolommen: dict[int, Kolom]  # position in the row -> column
    getypt: dict[str, str]  # pad -> the header as the user typed it
    positie: dict[str, int]  # pad -> position in the row
    onbekend: list[tuple[int, str]]  # headers that match no column
    dubbel: list[tuple[int, str, Kolom]]  # a second header for a column already present
    koppen: list[str]  # every header as typed (empty headers as "")

    def missing(self, kolommen: Sequence[Kolom]) -> list[Kolom]:
        return [k for k in kolommen if k.pad not in self.getypt]


def match_headers(headers: Sequence[object], kolommen: Sequence[Kolom]) -> Kolomindeling:
    """Map a sheet's header row onto ``kolommen``: Dutch header, alias or dotted path."""
    lookup: dict[str, Kolom] = {}
    for kolom in kolommen:
        for name in (kolom.kop, kolom.pad, *kolom.aliassen):
            lookup.setdefault(header_key(name), kolom)
    indeling = Kolomindeling({}, {}, {}, [], [], [])
    for index, header in enumerate(headers):
        typed = "" if header is None else str(header).strip()
        indeling.koppen.append(typed)
        if not typed:
            continue
        found = lookup.get(header_key(typed))
        if found is None:
            indeling.onbekend.append((index, typed))
        elif found.pad in indeling.getypt:
            indeling.dubbel.append((index, typed, found))
        else:
            indeling.kolommen[index] = found
            indeling.getypt[found.pad] = typed
            indeling.positie[found.pad] = index
    return indeling


def suggest(header: str, kolommen: Sequence[Kolom]) -> str | None:
    """The Dutch header of ``kolommen`` (pass the MISSING columns) most like a header that
    matched nothing, if any is alike enough.

    A typo is alike by its letters (``Achternam kandidaat``); a longer name for a column
    contains its header or shares its words (``Startdatum opleiding`` for ``Startdatum``).
    """
    typed = header_key(header)
    words = set(normalize_header(header).split())
    best: tuple[float, str] | None = None
    for kolom in kolommen:
        for name in (kolom.kop, kolom.pad, *kolom.aliassen):
            key = header_key(name)
            if not key or not typed:
                continue
            score = difflib.SequenceMatcher(None, typed, key).ratio()
            if min(len(key), len(typed)) >= 4 and (key in typed or typed in key):
                score = max(score, 0.8)
            theirs = set(normalize_header(name.replace(".", " ").replace("_", " ")).split())
            if words and theirs:
                score = max(score, 0.85 * len(words & theirs) / len(words | theirs) + 0.1)
            if score >= 0.7 and (best is None or score > best[0]):
                best = (score, kolom.kop)
    return best[1] if best else None


_SPLIT: dict[str, tuple[tuple[str, ...], str]] = {}


def _split(pad: str) -> tuple[tuple[str, ...], str]:
    found = _SPLIT.get(pad)
    if found is None:
        *parents, leaf = pad.split(".")
        found = _SPLIT[pad] = (tuple(parents), leaf)
    return found


def nest(values: Mapping[str, object]) -> dict[str, Any]:
    """A flat ``{pad: value}`` row as a nested record; an optional object whose columns are
    all empty becomes None."""
    record: dict[str, Any] = {}
    for pad, value in values.items():
        parents, leaf = _split(pad)
        target = record
        for part in parents:
            child = target.get(part)
            if child is None:
                child = target[part] = {}
            target = child
        target[leaf] = value
    for pad in OPTIONELE_OBJECTEN:
        parents, leaf = _split(pad)
        target = record
        for part in parents:
            target = target.get(part, {})
        obj = target.get(leaf)
        if isinstance(obj, dict) and all(_empty(x) for x in obj.values()):
            target[leaf] = None
    return record


def flatten(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """The opposite of :func:`nest` for one record (werkprocessen left out)."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if key == "werkprocessen" and not prefix:
            continue
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{prefix}{key}."))
        elif value is not None:
            flat[f"{prefix}{key}"] = value
    return flat


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def markdown_table(kolommen: Sequence[Kolom] = TRAJECT_KOLOMMEN) -> str:
    """The columns as a Markdown table (for the README; see docs/intake.md)."""
    lines = [
        "| kolom | pad | betekenis | voorbeeld | regel |",
        "|---|---|---|---|---|",
    ]
    for k in kolommen:
        cells = (k.kop, f"`{k.pad}`", k.betekenis, k.voorbeeld, k.regel)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m overeenkomsten.intake.kolommen > tabel.md
    print("### Blad Trajecten\n")
    print(markdown_table(TRAJECT_KOLOMMEN))
    print("\n### Blad Werkprocessen\n")
    print(markdown_table(WERKPROCES_KOLOMMEN))
    print("\n### Blad Afronding\n")
    print(markdown_table(AFRONDING_KOLOMMEN))
