"""What a template can use: the variables of one document and the Dutch filters.

The variables (documented for users in docs/documenten.md) are the record's own keys
(domein.md section 10, as plain dicts and lists with real dates and amounts), a few values
derived from it (``plaatsing_eind``, ``bpv_uren``, ``subsidie``, ``minderjarig``, ...) and
the facts of the document itself (``document``, ``titel``, ``kenmerken``). The same
description drives the template check, so that it knows every variable a template may use.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from jinja2 import Undefined
from pydantic import BaseModel

from overeenkomsten._tekst import dutch_date
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import (
    TITELS,
    DocumentType,
    kenmerken_regels,
    werkproces_regel,
)
from overeenkomsten.model.namen import naam_in_zin
from overeenkomsten.model.rekenen import MAX_PLAATSING_DAGEN

# -- filters -------------------------------------------------------------------------------


class FilterError(ValueError):
    """A filter got a value it cannot format; the message is Dutch and shows no value."""


def datum(value: object) -> str:
    """``{{ startdatum|datum }}`` -> ``7 september 2026``; empty for no date."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return dutch_date(value.date())
    if isinstance(value, dt.date):
        return dutch_date(value)
    if isinstance(value, str):
        try:
            return dutch_date(dt.date.fromisoformat(value))
        except ValueError:
            pass
    raise FilterError(f"het filter 'datum' verwacht een datum, maar kreeg {_soort(value)}")


def getal(value: object, decimalen: int | None = None, *, filter: str = "getal") -> str:
    """A number the Dutch way: ``1271`` -> ``1.271``, ``39.7`` -> ``39,7``."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise FilterError(f"het filter '{filter}' verwacht een getal, maar kreeg {_soort(value)}")
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if decimalen is not None:
        number = number.quantize(Decimal(1).scaleb(-decimalen), rounding=ROUND_HALF_UP)
    text = f"{number:,f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def bedrag(value: object) -> str:
    """Money: ``3250`` -> ``€ 3.250,00``."""
    if value is None:
        return ""
    return f"€ {getal(value, 2, filter='bedrag')}"


def naam(value: object) -> str:
    """A full name: voornamen, tussenvoegsel and achternaam of a person (or its ``naam``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        if "achternaam" in value:
            parts = (value.get("voornamen"), value.get("tussenvoegsel"), value.get("achternaam"))
            return " ".join(str(p) for p in parts if p)
        if "naam" in value:
            return str(value["naam"] or "")
    raise FilterError(f"het filter 'naam' verwacht een persoon, maar kreeg {_soort(value)}")


def _soort(value: object) -> str:
    """What kind of value a filter got, in words: never the value itself (it may be a BSN
    or a whole person, and error messages reach the console)."""
    if isinstance(value, Undefined):
        # A variable the record does not have: Jinja's own error names it.
        value._fail_with_undefined_error()
    if isinstance(value, dt.date):
        return "een datum"
    if isinstance(value, str):
        return "een tekst"
    if isinstance(value, bool):
        return "waar/onwaar"
    if isinstance(value, int | float | Decimal):
        return "een getal"
    if isinstance(value, Mapping):
        return "een groep velden"
    if isinstance(value, list | tuple):
        return "een lijst"
    return "een waarde van een ander soort"


FILTERS: dict[str, Callable[..., str]] = {
    "datum": datum,
    "bedrag": bedrag,
    "getal": getal,
    "naam": naam,
}

# -- variables -----------------------------------------------------------------------------

#: Values derived from the record, with their Dutch explanation (for the README).
AFGELEID: dict[str, str] = {
    "plaatsing_eind": "einddatum van de plaatsing (PLOK): plaatsing_einddatum, anders einddatum",
    "plaatsing_dagen": "duur van de plaatsing in dagen, begin- en einddag meegeteld",
    "plaatsing_weken": "duur van de plaatsing in weken (1 decimaal)",
    "bpv_weken": "duur van de bpv (startdatum tot einddatum) in weken (1 decimaal)",
    "bpv_uren": "totaal aantal bpv-uren: bpv_weken x bpv.uren_per_week, afgerond",
    "bpv_uren_per_studiejaar": "de bpv-uren per studiejaar (1 augustus - 31 juli), elk met "
    ".studiejaar, .van, .tot, .dagen en .uren; samen precies bpv_uren",
    "opleiding_dagen": "duur van de opleiding (startdatum tot einddatum) in dagen",
    "subsidie": "praktijkplaatssubsidie als het record er een noemt: bedrag per 40 weken x "
    "min(weken, 40) / 40; anders leeg",
    "subsidie_per_40_weken": "het subsidiebedrag per 40 weken uit het record; anders leeg",
    "betaler": "de rechtspersoon die de opleidingskosten betaalt (bij RMT: rmt.partij)",
    "minderjarig": "waar als de kandidaat op de ondertekeningsdatum jonger is dan 18",
    "behaalde_werkprocessen": "de werkprocessen (code, titel, crebo, regel) die volgens "
    "afronding zijn behaald; leeg zonder afronding",
    "pv_werkprocessen": "de werkprocessen die de praktijkverklaring noemt: de behaalde "
    "werkprocessen van afronding (zonder afronding wordt er geen PV gemaakt)",
    "periode_eind": "einde van de periode die werkelijk plaatsvond: "
    "afronding.werkelijke_einddatum, zonder afronding de einddatum",
    "datum_afgifte": "datum van afgifte van de praktijkverklaring (afronding.datum_afgifte); "
    "leeg zonder afronding",
    "opleiding_langer_dan_40_weken": "waar als de opleiding (startdatum tot einddatum) langer "
    "duurt dan 280 dagen",
}

#: Free-text names of people, printed with lower-case voorvoegsels after initials.
_NAMEN: tuple[tuple[str, ...], ...] = (
    ("instelling", "ondertekenaar", "naam"),
    ("instelling", "bpv_begeleider", "naam"),
    ("instelling", "examencommissie", "voorzitter"),
    ("leerbedrijf", "ondertekenaar", "naam"),
    ("praktijkopleider", "naam"),
    ("rmt", "ondertekenaar", "naam"),
    ("jobcoach", "naam"),
    ("kandidaat", "wettelijk_vertegenwoordiger", "naam"),
)

#: Variables about the document itself.
DOCUMENT: dict[str, str] = {
    "document": "soort document: OOK, POK, PLOK of PV",
    "titel": "titel van het document, zoals Praktijkovereenkomst",
    "kenmerken": "lijst van kenmerken met .label en .waarde, in vaste volgorde",
    "traject": "het hele record (alle sleutels hieronder ook via traject.<sleutel>)",
}


def record_context(traject: Traject) -> dict[str, Any]:
    """The variables that are the same for every document of ``traject``."""
    record = traject.model_dump(mode="python")
    record["kandidaat"]["volledige_naam"] = traject.kandidaat.volledige_naam
    for pad in _NAMEN:
        _normalise_name(record, pad)
    for werkproces in record["werkprocessen"]:
        werkproces["regel"] = werkproces_regel(werkproces["code"], werkproces["crebo"])
    subsidie = traject.financiering.praktijkplaatssubsidie
    derived: dict[str, Any] = {
        "plaatsing_eind": traject.plaatsing_eind,
        "plaatsing_dagen": traject.plaatsing_dagen,
        "plaatsing_weken": traject.plaatsing_weken,
        "bpv_weken": traject.bpv_weken,
        "bpv_uren": traject.bpv_uren,
        "bpv_uren_per_studiejaar": [vars(deel) for deel in traject.bpv_uren_per_studiejaar],
        "opleiding_dagen": traject.opleiding_dagen,
        "subsidie": traject.subsidie,
        "subsidie_per_40_weken": subsidie.bedrag_per_40_weken if subsidie else None,
        "betaler": traject.betaler,
        "minderjarig": traject.minderjarig,
        "behaalde_werkprocessen": [
            {**w.model_dump(mode="python"), "regel": werkproces_regel(w.code, w.crebo)}
            for w in traject.behaalde_werkprocessen
        ],
        # The PV lists what was learned, nothing else (domein.md section 2). A PV is only
        # made with an afronding (documents_to_make), so there is no planned list to fall
        # back on: without one the list is empty.
        "pv_werkprocessen": [
            {**w.model_dump(mode="python"), "regel": werkproces_regel(w.code, w.crebo)}
            for w in traject.behaalde_werkprocessen
        ],
        "periode_eind": traject.periode_eind,
        "datum_afgifte": traject.afronding.datum_afgifte if traject.afronding else None,
        "opleiding_langer_dan_40_weken": traject.opleiding_dagen > MAX_PLAATSING_DAGEN,
    }
    return {**record, **derived, "traject": record}


def document_context(
    traject: Traject, document: DocumentType, base: dict[str, Any] | None = None
) -> dict[str, Any]:
    """All variables of one document; pass ``base`` (:func:`record_context`) to reuse it."""
    context = dict(base if base is not None else record_context(traject))
    context["document"] = document
    context["titel"] = TITELS[document]
    context["kenmerken"] = [
        {"label": label, "waarde": waarde} for label, waarde in kenmerken_regels(traject, document)
    ]
    return context


def _normalise_name(record: dict[str, Any], pad: tuple[str, ...]) -> None:
    parent: Any = record
    for key in pad[:-1]:
        parent = parent.get(key) if isinstance(parent, dict) else None
    if isinstance(parent, dict) and isinstance(parent.get(pad[-1]), str):
        parent[pad[-1]] = naam_in_zin(parent[pad[-1]])


# -- the shape of the variables, for the template check --------------------------------------

LEAF = "leaf"
Shape = Any  # LEAF, a dict of name -> Shape, or a one-element list [Shape]


def context_shape() -> dict[str, Shape]:
    """Every variable a template may use, nested as in :func:`document_context`."""
    record = _model_shape(Traject)
    record["kandidaat"]["volledige_naam"] = LEAF
    record["werkprocessen"][0]["regel"] = LEAF
    shape: dict[str, Shape] = {**record, **dict.fromkeys(AFGELEID, LEAF), "traject": record}
    shape["bpv_uren_per_studiejaar"] = [
        dict.fromkeys(("studiejaar", "van", "tot", "dagen", "uren"), LEAF)
    ]
    shape["behaalde_werkprocessen"] = [{**record["werkprocessen"][0]}]
    shape["pv_werkprocessen"] = [{**record["werkprocessen"][0]}]
    shape.update(document=LEAF, titel=LEAF, kenmerken=[{"label": LEAF, "waarde": LEAF}])
    return shape


def _model_shape(model: type[BaseModel]) -> dict[str, Shape]:
    return {name: _type_shape(field.annotation) for name, field in model.model_fields.items()}


def _type_shape(annotation: Any) -> Shape:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_shape(args[0])
    if origin in (typing.Union, types.UnionType):
        real = [a for a in args if a is not type(None)]
        return _type_shape(real[0]) if len(real) == 1 else LEAF
    if origin is list:
        return [_type_shape(args[0])]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_shape(annotation)
    return LEAF
