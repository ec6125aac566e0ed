"""The rules that span fields (domein.md section 4: V1-V6) and the register check.

They run in :meth:`Traject._check_rules` (a wrap validator) so that every problem of a
record is reported at once: when some fields are invalid, the rules still run on the fields
that could be read, and their errors join the field errors in one ``ValidationError``.
Warnings (which do not make a record invalid) are appended to the list passed as
``context["waarschuwingen"]``. The register comes from ``context["register"]``
(default: the bundled 2015 register).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError, ValidationInfo
from pydantic_core import InitErrorDetails, PydanticCustomError

from overeenkomsten._tekst import dutch_date
from overeenkomsten.model.berichten import dutch_message
from overeenkomsten.model.velden import Crebo, Datum, Niveau, WerkprocesCode
from overeenkomsten.register import KwalificatieRegister

if TYPE_CHECKING:
    from pydantic.functional_validators import ModelWrapValidatorHandler

    from overeenkomsten.model.traject import Traject

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class RuleFinding:
    """One rule's verdict on a field: an error, or (``warning``) a warning."""

    loc: Loc
    code: str
    bericht: str
    waarde: Any
    warning: bool = False


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


@dataclass(frozen=True)
class Facts:
    """The values the rules need; ``UNKNOWN`` where a value is missing or invalid."""

    einddoel: Any
    startdatum: Any
    einddatum: Any
    plaatsing_einddatum: Any
    crebo: Any
    niveau: Any
    certificaat: Any
    geboortedatum: Any
    ondertekening_datum: Any
    bsn: Any
    onderwijsnummer: Any
    vertegenwoordiger: Any
    werkprocessen: Any  # list of (code, crebo) pairs, items UNKNOWN where invalid

    @classmethod
    def from_traject(cls, t: Traject) -> Facts:
        return cls(
            einddoel=t.einddoel,
            startdatum=t.startdatum,
            einddatum=t.einddatum,
            plaatsing_einddatum=t.plaatsing_einddatum,
            crebo=t.opleiding.crebo,
            niveau=t.opleiding.niveau,
            certificaat=t.opleiding.certificaat,
            geboortedatum=t.kandidaat.geboortedatum,
            ondertekening_datum=t.ondertekening.datum,
            bsn=t.kandidaat.bsn,
            onderwijsnummer=t.kandidaat.onderwijsnummer,
            vertegenwoordiger=t.kandidaat.wettelijk_vertegenwoordiger,
            werkprocessen=[(w.code, w.crebo) for w in t.werkprocessen],
        )

    @classmethod
    def from_raw(cls, data: Any) -> Facts:
        """Best-effort facts from an input that failed field validation."""
        werkprocessen = _raw(data, ("werkprocessen",), None)
        pairs: Any = UNKNOWN
        if isinstance(werkprocessen, list):
            pairs = [
                (
                    _parse(_WERKPROCES, _raw(w, ("code",), UNKNOWN)),
                    _parse(_CREBO, _raw(w, ("crebo",), UNKNOWN)),
                )
                for w in werkprocessen
            ]
        elif werkprocessen is None:
            pairs = []
        return cls(
            einddoel=_raw(data, ("einddoel",), UNKNOWN),
            startdatum=_parse(_DATE, _raw(data, ("startdatum",), UNKNOWN)),
            einddatum=_parse(_DATE, _raw(data, ("einddatum",), UNKNOWN)),
            plaatsing_einddatum=_parse(_DATE, _raw(data, ("plaatsing_einddatum",), None)),
            crebo=_parse(_CREBO, _raw(data, ("opleiding", "crebo"), UNKNOWN)),
            niveau=_parse(_NIVEAU, _raw(data, ("opleiding", "niveau"), UNKNOWN)),
            certificaat=_raw(data, ("opleiding", "certificaat"), None),
            geboortedatum=_parse(_DATE, _raw(data, ("kandidaat", "geboortedatum"), UNKNOWN)),
            ondertekening_datum=_parse(_DATE, _raw(data, ("ondertekening", "datum"), UNKNOWN)),
            bsn=_raw(data, ("kandidaat", "bsn"), None),
            onderwijsnummer=_raw(data, ("kandidaat", "onderwijsnummer"), None),
            vertegenwoordiger=_raw(data, ("kandidaat", "wettelijk_vertegenwoordiger"), None),
            werkprocessen=pairs,
        )


_DATE: TypeAdapter[dt.date] = TypeAdapter(Datum)
_CREBO: TypeAdapter[str] = TypeAdapter(Crebo)
_NIVEAU: TypeAdapter[int] = TypeAdapter(Niveau)
_WERKPROCES: TypeAdapter[str] = TypeAdapter(WerkprocesCode)


def _raw(data: Any, path: tuple[str, ...], missing: Any) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return missing
        data = data[key]
    if isinstance(data, str) and not data.strip():
        return None if missing is None else UNKNOWN
    return data


def _parse(adapter: TypeAdapter[Any], value: Any) -> Any:
    if value is None or value is UNKNOWN:
        return value
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return UNKNOWN


def _known(*values: Any) -> bool:
    return all(v is not UNKNOWN and v is not None for v in values)


def _nl_date(value: dt.date) -> str:
    return dutch_date(value)


def check_identity(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V1: a kandidaat has a BSN or an onderwijsnummer."""
    if f.bsn is None and f.onderwijsnummer is None:
        yield RuleFinding(
            ("kandidaat", "bsn"),
            "bsn-of-onderwijsnummer-ontbreekt",
            "Vul het BSN in, of het onderwijsnummer als de kandidaat geen BSN heeft.",
            None,
        )


def check_register(f: Facts, register: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V2: the crebo exists in the register, with the same niveau, valid on the startdatum."""
    if _known(f.crebo):
        yield from _check_crebo(("opleiding", "crebo"), f.crebo, f.startdatum, register)
        kwalificatie = register.get(f.crebo)
        if kwalificatie is not None and _known(f.niveau) and kwalificatie.niveau != f.niveau:
            yield RuleFinding(
                ("opleiding", "niveau"),
                "niveau-wijkt-af-van-register",
                f"Crebo {f.crebo} ({kwalificatie.naam}) is niveau {kwalificatie.niveau} "
                f"volgens het kwalificatieregister, niet niveau {f.niveau}.",
                f.niveau,
            )
    if isinstance(f.werkprocessen, list):
        seen: set[str] = set()
        for index, (_code, crebo) in enumerate(f.werkprocessen):
            if _known(crebo) and crebo not in seen and crebo != f.crebo:
                seen.add(crebo)
                yield from _check_crebo(("werkprocessen", index, "crebo"), crebo, UNKNOWN, register)


def _check_crebo(
    loc: Loc, crebo: str, startdatum: Any, register: KwalificatieRegister
) -> Iterator[RuleFinding]:
    kwalificatie = register.get(crebo)
    if kwalificatie is None:
        if register.is_default:
            yield RuleFinding(
                loc,
                "crebo-onbekend-in-meegeleverd-register",
                f"Crebo {crebo} staat niet in het meegeleverde kwalificatieregister van 2015. "
                "Controleer het nummer, of gebruik de actuele codelijst van SBB "
                "(--register).",
                crebo,
                warning=True,
            )
        else:
            yield RuleFinding(
                loc,
                "crebo-onbekend",
                f"Crebo {crebo} staat niet in het kwalificatieregister ({register.bron}).",
                crebo,
            )
        return
    if not _known(startdatum):
        return
    if kwalificatie.geldig_van and startdatum < kwalificatie.geldig_van:
        yield RuleFinding(
            loc,
            "crebo-nog-niet-geldig",
            f"Crebo {crebo} is pas geldig vanaf {_nl_date(kwalificatie.geldig_van)}; "
            f"de startdatum is {_nl_date(startdatum)}.",
            crebo,
        )
    if kwalificatie.geldig_tot and startdatum > kwalificatie.geldig_tot:
        yield RuleFinding(
            loc,
            "crebo-niet-meer-geldig",
            f"Crebo {crebo} was geldig tot {_nl_date(kwalificatie.geldig_tot)}; "
            f"de startdatum is {_nl_date(startdatum)}.",
            crebo,
        )


def check_period(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V3 and V4: the periods run forwards and the placement lasts at most 40 weeks."""
    from overeenkomsten.model.traject import MAX_PLAATSING_DAGEN

    if not _known(f.startdatum, f.einddatum):
        return
    if f.einddatum < f.startdatum:
        yield RuleFinding(
            ("einddatum",),
            "einddatum-voor-startdatum",
            f"De einddatum ({_nl_date(f.einddatum)}) ligt voor de startdatum "
            f"({_nl_date(f.startdatum)}).",
            f.einddatum,
        )
        return
    if f.plaatsing_einddatum is UNKNOWN:
        return
    eind = f.plaatsing_einddatum or f.einddatum
    loc: Loc = ("plaatsing_einddatum",)
    if f.plaatsing_einddatum is not None and f.plaatsing_einddatum > f.einddatum:
        yield RuleFinding(
            loc,
            "plaatsing-na-einddatum",
            f"De plaatsing eindigt ({_nl_date(eind)}) na de einddatum van de opleiding "
            f"({_nl_date(f.einddatum)}).",
            eind,
        )
        return
    if eind < f.startdatum:
        yield RuleFinding(
            loc,
            "plaatsing-voor-startdatum",
            f"De plaatsing eindigt ({_nl_date(eind)}) voor de startdatum "
            f"({_nl_date(f.startdatum)}).",
            eind,
        )
        return
    dagen = (eind - f.startdatum).days + 1
    if dagen > MAX_PLAATSING_DAGEN:
        uiterlijk = f.startdatum + dt.timedelta(days=MAX_PLAATSING_DAGEN - 1)
        hint = (
            "Vul een einddatum plaatsing in"
            if f.plaatsing_einddatum is None
            else "Kies een einddatum plaatsing"
        )
        yield RuleFinding(
            loc,
            "plaatsing-langer-dan-40-weken",
            f"De plaatsing duurt {dagen} dagen ({_nl_date(f.startdatum)} tot en met "
            f"{_nl_date(eind)}); dat is meer dan 40 weken (280 dagen). {hint} van uiterlijk "
            f"{_nl_date(uiterlijk)}.",
            f.plaatsing_einddatum,
        )


def check_einddoel(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V5: a praktijkverklaring needs werkprocessen; a certificaat needs its name."""
    if f.einddoel == "praktijkverklaring" and f.werkprocessen == []:
        yield RuleFinding(
            ("werkprocessen",),
            "werkprocessen-ontbreken",
            "Bij einddoel praktijkverklaring hoort minstens een werkproces (blad Werkprocessen).",
            None,
        )
    if f.einddoel == "certificaat" and f.certificaat is None:
        yield RuleFinding(
            ("opleiding", "certificaat"),
            "certificaat-ontbreekt",
            "Bij einddoel certificaat hoort de naam van het mbo-certificaat.",
            None,
        )
    if isinstance(f.werkprocessen, list):
        seen: set[tuple[Any, Any]] = set()
        for index, pair in enumerate(f.werkprocessen):
            if _known(*pair) and pair in seen:
                yield RuleFinding(
                    ("werkprocessen", index, "code"),
                    "werkproces-dubbel",
                    f"Werkproces {pair[0]} (crebo {pair[1]}) staat er twee keer in.",
                    pair[0],
                )
            seen.add(pair)


def check_age(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """V6: a kandidaat under 18 on the signing date needs a wettelijk vertegenwoordiger."""
    from overeenkomsten.model.traject import is_adult

    if not _known(f.geboortedatum, f.ondertekening_datum):
        return
    if f.geboortedatum >= f.ondertekening_datum:
        yield RuleFinding(
            ("kandidaat", "geboortedatum"),
            "geboortedatum-na-ondertekening",
            "De geboortedatum ligt op of na de datum van ondertekening.",
            f.geboortedatum,
        )
        return
    if not is_adult(f.geboortedatum, f.ondertekening_datum) and f.vertegenwoordiger is None:
        yield RuleFinding(
            ("kandidaat", "wettelijk_vertegenwoordiger", "naam"),
            "wettelijk-vertegenwoordiger-ontbreekt",
            f"De kandidaat is op de datum van ondertekening "
            f"({_nl_date(f.ondertekening_datum)}) nog geen 18; vul de naam van de "
            "wettelijk vertegenwoordiger in (die tekent de OOK en POK mee).",
            None,
        )


def check_signing_date(f: Facts, _: KwalificatieRegister) -> Iterator[RuleFinding]:
    """Signing after the start is allowed in the record, but the check (X8) will object."""
    if _known(f.ondertekening_datum, f.startdatum) and f.ondertekening_datum > f.startdatum:
        yield RuleFinding(
            ("ondertekening", "datum"),
            "ondertekening-na-startdatum",
            f"De datum van ondertekening ({_nl_date(f.ondertekening_datum)}) ligt na de "
            f"startdatum ({_nl_date(f.startdatum)}); OOK en POK horen vooraf getekend te "
            "worden.",
            f.ondertekening_datum,
            warning=True,
        )


RULES: tuple[Callable[[Facts, KwalificatieRegister], Iterator[RuleFinding]], ...] = (
    check_identity,
    check_register,
    check_period,
    check_einddoel,
    check_age,
    check_signing_date,
)


def run_rules(facts: Facts, register: KwalificatieRegister) -> list[RuleFinding]:
    return [finding for rule in RULES for finding in rule(facts, register)]


def validate_with_rules(
    data: Any, handler: ModelWrapValidatorHandler[Traject], info: ValidationInfo
) -> Traject:
    context = info.context if isinstance(info.context, dict) else {}
    register = context.get("register") or KwalificatieRegister.default()
    traject: Traject | None = None
    try:
        traject = handler(data)
    except ValidationError as exc:
        field_errors = [
            InitErrorDetails(
                type=PydanticCustomError(*dutch_message(err)),
                loc=err["loc"],
                input=err.get("input"),
            )
            for err in exc.errors(include_url=False)
        ]
        facts = Facts.from_raw(data) if isinstance(data, dict) else None
    else:
        field_errors = []
        facts = Facts.from_traject(traject)
    findings = run_rules(facts, register) if facts is not None else []
    warnings = context.get("waarschuwingen")
    if isinstance(warnings, list):
        warnings.extend(f for f in findings if f.warning)
    errors = field_errors + [
        InitErrorDetails(type=PydanticCustomError(f.code, f.bericht), loc=f.loc, input=f.waarde)
        for f in findings
        if not f.warning
    ]
    if errors:
        raise ValidationError.from_exception_data("Traject", errors)
    assert traject is not None
    return traject
