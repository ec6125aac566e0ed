"""Field types of the record: text, dates, money and the Dutch identifiers.

Every check raises :class:`PydanticCustomError` with a stable code and a Dutch message, so
that readers can show it as is. Identifier checks use python-stdnum where it has them.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer
from pydantic_core import PydanticCustomError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import brin, bsn, onderwijsnummer, postcode

MAX_TEXT_LENGTH = 500
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_ALLOWED_FORMAT_CHARS = {"\u200d", "\ufe0f"}  # zero-width joiner and variation selector (emoji)


def _fail(code: str, message: str, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(code, message, ctx or None)


def _text(value: Any) -> str:
    """Plain single-line text: trimmed, no control or bidirectional-override characters."""
    if value is None:
        raise _fail("verplicht", "Dit veld is verplicht.")
    if isinstance(value, bool):
        raise _fail("tekst-verwacht", "Hier hoort tekst.")
    if isinstance(value, int | float | Decimal):
        value = format(value, "f") if isinstance(value, Decimal) else str(value)
    if not isinstance(value, str):
        raise _fail("tekst-verwacht", "Hier hoort tekst.")
    if len(value) > MAX_TEXT_LENGTH:
        raise _fail(
            "tekst-te-lang",
            "De tekst is te lang ({lengte} tekens, hoogstens {max}).",
            lengte=len(value),
            max=MAX_TEXT_LENGTH,
        )
    value = unicodedata.normalize("NFC", value.strip())
    for char in value:
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES and char not in (
            _ALLOWED_FORMAT_CHARS
        ):
            raise _fail(
                "tekst-ongeldig-teken",
                "De tekst bevat een onzichtbaar of stuurteken (U+{teken}); typ de tekst "
                "opnieuw zonder dat teken.",
                teken=f"{ord(char):04X}",
            )
    if not value:
        raise _fail("verplicht", "Dit veld is verplicht.")
    return str(value)


def _digits(value: Any, *, pad_numbers_to: int | None = None) -> str:
    """Digits typed as text or as a number; numbers get their lost leading zeros back."""
    if isinstance(value, bool):
        raise _fail("cijfers-verwacht", "Hier horen alleen cijfers.")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        return text.zfill(pad_numbers_to) if pad_numbers_to else text
    return re.sub(r"[\s.]", "", _text(value))


def parse_date(value: Any) -> dt.date:
    """ISO (``2026-09-07``), Dutch day-month (``7-9-2026``, ``07-09-2026``) or a real date."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise _fail("datum-met-tijd", "Hier hoort een datum zonder tijd.")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
        dutch = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text)
        try:
            if iso:
                return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
            if dutch:
                return dt.date(int(dutch[3]), int(dutch[2]), int(dutch[1]))
        except ValueError:
            raise _fail(
                "datum-bestaat-niet", "Deze datum bestaat niet ({waarde}).", waarde=text
            ) from None
    raise _fail(
        "datum-ongeldig",
        "Dit is geen datum. Schrijf bijvoorbeeld 7-9-2026 of 2026-09-07.",
    )


def _crebo(value: Any) -> str:
    text = _digits(value)
    if not re.fullmatch(r"\d{5}", text):
        raise _fail(
            "crebo-ongeldig",
            "Een crebonummer heeft precies 5 cijfers (bijvoorbeeld 25371), niet '{waarde}'.",
            waarde=text,
        )
    return text


def _bsn(value: Any) -> str:
    text = _digits(value, pad_numbers_to=9)
    if not re.fullmatch(r"\d{9}", text):
        raise _fail("bsn-lengte", "Een BSN heeft 9 cijfers.")
    if not bsn.is_valid(text):
        raise _fail("bsn-elfproef", "Dit BSN klopt niet (elfproef); controleer de cijfers.")
    return text


def _onderwijsnummer(value: Any) -> str:
    text = _digits(value)
    if not re.fullmatch(r"\d{9}", text):
        raise _fail("onderwijsnummer-lengte", "Een onderwijsnummer heeft 9 cijfers.")
    if not text.startswith("10"):
        raise _fail("onderwijsnummer-begin", "Een onderwijsnummer begint met 10.")
    if not onderwijsnummer.is_valid(text):
        raise _fail(
            "onderwijsnummer-elfproef",
            "Dit onderwijsnummer klopt niet (elfproef); controleer de cijfers.",
        )
    return text


def _brin(value: Any) -> str:
    text = _text(value).upper().replace(" ", "")
    try:
        return str(brin.validate(text))
    except StdnumError:
        raise _fail(
            "brin-ongeldig",
            "Een BRIN-code is 2 cijfers en 2 letters, eventueel met 2 cijfers erachter "
            "(bijvoorbeeld 25LH of 25LH01).",
        ) from None


def _postcode(value: Any) -> str:
    text = _text(value)
    try:
        return str(postcode.validate(text))
    except StdnumError:
        raise _fail(
            "postcode-ongeldig",
            "Een postcode is 4 cijfers en 2 letters, zoals 7511 AB.",
        ) from None


def _kvk(value: Any) -> str:
    text = _digits(value, pad_numbers_to=8)
    if not re.fullmatch(r"\d{8}", text):
        raise _fail("kvk-ongeldig", "Een KvK-nummer heeft precies 8 cijfers.")
    return text


def _leerbedrijf_id(value: Any) -> str:
    text = _digits(value)
    if not re.fullmatch(r"\d{1,12}", text):
        raise _fail(
            "leerbedrijf-id-ongeldig",
            "Een leerbedrijf-ID van SBB bestaat uit cijfers (meestal 9).",
        )
    return text


def _werkproces_code(value: Any) -> str:
    text = _text(value).upper()
    if not re.fullmatch(r"[BP]\d+-K\d+-W\d+", text):
        raise _fail(
            "werkproces-code-ongeldig",
            "Een werkprocescode ziet eruit als B1-K1-W2 of P2-K1-W1.",
        )
    return text


def _email(value: Any) -> str:
    text = _text(value)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise _fail("email-ongeldig", "Dit is geen geldig e-mailadres.")
    return text


def _money(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise _fail("bedrag-ongeldig", "Hier hoort een bedrag in euro's, zoals 3250,00.")
    try:
        if isinstance(value, str):
            text = value.strip().replace("€", "").replace(" ", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            amount = Decimal(text)
        else:
            amount = Decimal(str(value))
    except InvalidOperation:
        raise _fail("bedrag-ongeldig", "Hier hoort een bedrag in euro's, zoals 3250,00.") from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("1000000"):
        raise _fail("bedrag-ongeldig", "Het bedrag moet tussen 0 en 1.000.000 euro liggen.")
    return amount.quantize(Decimal("0.01"))


def _hours(value: Any) -> Decimal:
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        hours = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise _fail("uren-ongeldig", "Hier hoort een aantal uren per week, zoals 32.") from None
    if not hours.is_finite() or hours <= 0 or hours > 60:
        raise _fail(
            "uren-buiten-grens", "Het aantal uren per week moet groter dan 0 en hoogstens 60 zijn."
        )
    return hours


def _niveau(value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
        raise _fail("niveau-ongeldig", "Het niveau is 1, 2, 3 of 4.")
    return value


def _json_number(value: Decimal) -> int | float:
    """Numbers stay numbers in JSON (``traject.json``): 32 -> 32, 32.50 -> 32.5."""
    return int(value) if value == value.to_integral_value() else float(value)


_AS_JSON_NUMBER = PlainSerializer(_json_number, return_type=int | float, when_used="json")

Tekst = Annotated[str, BeforeValidator(_text)]
Datum = Annotated[dt.date, BeforeValidator(parse_date)]
Crebo = Annotated[str, BeforeValidator(_crebo)]
Bsn = Annotated[str, BeforeValidator(_bsn)]
Onderwijsnummer = Annotated[str, BeforeValidator(_onderwijsnummer)]
Brin = Annotated[str, BeforeValidator(_brin)]
Postcode = Annotated[str, BeforeValidator(_postcode)]
KvkNummer = Annotated[str, BeforeValidator(_kvk)]
LeerbedrijfId = Annotated[str, BeforeValidator(_leerbedrijf_id)]
WerkprocesCode = Annotated[str, BeforeValidator(_werkproces_code)]
Email = Annotated[str, BeforeValidator(_email)]
Bedrag = Annotated[Decimal, BeforeValidator(_money), _AS_JSON_NUMBER]
Uren = Annotated[Decimal, BeforeValidator(_hours), _AS_JSON_NUMBER]
Niveau = Annotated[int, BeforeValidator(_niveau)]
