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
    if type(value) is str and len(value) <= MAX_TEXT_LENGTH:
        # The common case, in C: every forbidden category is non-printable.
        text = value.strip()
        if text and text.isprintable():
            return text if text.isascii() else unicodedata.normalize("NFC", text)
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
    # Every forbidden category is non-printable: the C-level check spares the loop for
    # nearly every text (a read of 20,000 rows validates over a million of them).
    for char in "" if value.isprintable() else value:
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


_MAANDEN: dict[str, int] = {}
for _nummer, _namen in enumerate(
    (
        ("januari", "jan"),
        ("februari", "feb", "febr"),
        ("maart", "mrt", "maa"),
        ("april", "apr"),
        ("mei",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("augustus", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    _MAANDEN.update(dict.fromkeys(_namen, _nummer))

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?")
_DAG_MAAND_JAAR = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})")
_WOORDEN = re.compile(
    r"(?:(?:ma|di|wo|do|vr|za|zo)[a-z]*\.?,?\s+)?(\d{1,2})\.?\s+([a-z]+)\.?\s+(\d{2}|\d{4})"
)


def parse_date(value: Any) -> dt.date:
    """A date as people write it (domein.md V3, V14).

    ISO (``2026-09-07``, also ``2026-09-07 00:00:00`` as a spreadsheet exports a date
    cell), Dutch day-month-year (``7-9-2026``, ``07-09-2026``, ``7/9/2026``), Dutch words
    (``7 september 2026``, ``7 sept. 2026``, ``ma 7 sep 2026``) or a real date. A two-digit
    year (``7-9-26``) is refused with the four-digit reading proposed: a wrong century in
    a birth date decides who signs.
    """
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            raise _fail("datum-met-tijd", "Hier hoort een datum zonder tijd.")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return _date_from_text(" ".join(value.split()).casefold())
    raise _fail(
        "datum-ongeldig",
        "Dit is geen datum. Schrijf bijvoorbeeld 7-9-2026 of 2026-09-07.",
    )


def _date_from_text(text: str) -> dt.date:
    parts = _date_parts(text)
    if parts is None:
        raise _fail(
            "datum-ongeldig",
            "Dit is geen datum. Schrijf bijvoorbeeld 7-9-2026, 7 september 2026 of 2026-09-07.",
        )
    day, month, year = parts
    if len(year) == 2:
        raise _fail(
            "datum-jaar-twee-cijfers",
            "Schrijf het jaar met 4 cijfers: bedoelt u {voorstel}?",
            voorstel=f"{day}-{month}-{_four_digit_year(int(year))}",
        )
    try:
        return dt.date(int(year), month, day)
    except ValueError:
        raise _fail(
            "datum-bestaat-niet", "Deze datum bestaat niet ({waarde}).", waarde=text
        ) from None


def _date_parts(text: str) -> tuple[int, int, str] | None:
    """(day, month, year as written) of a date text, or None."""
    if iso := _ISO.fullmatch(text):
        if any(int(x) for x in iso.groups()[3:] if x):
            raise _fail("datum-met-tijd", "Hier hoort een datum zonder tijd.")
        return int(iso[3]), int(iso[2]), iso[1]
    if dutch := _DAG_MAAND_JAAR.fullmatch(text):
        return int(dutch[1]), int(dutch[2]), dutch[3]
    if (words := _WOORDEN.fullmatch(text)) and words[2] in _MAANDEN:
        return int(words[1]), _MAANDEN[words[2]], words[3]
    return None


def _four_digit_year(two: int) -> int:
    """The likelier century: this one unless that puts the date more than 10 years ahead."""
    this_year = dt.date.today().year
    year = this_year - this_year % 100 + two
    return year - 100 if year > this_year + 10 else year


def choice(*options: str) -> Any:
    """A validator for a choice (V14): matched without regard to case and surrounding
    spaces, returned as the option is spelled (``' Praktijkverklaring '`` ->
    ``praktijkverklaring``, ``ovo`` -> ``OVO``)."""
    folded = {option.casefold(): option for option in options}

    def normalize(value: Any) -> Any:
        if isinstance(value, str):
            return folded.get(" ".join(value.split()).casefold(), value)
        return value

    return BeforeValidator(normalize)


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


_AMOUNT_HINT = "Hier hoort een bedrag in euro's, zoals 3250,00."
_THOUSANDS_ONLY = re.compile(r"\d{1,3}(\.\d{3})+")


def _amount_text(value: str) -> Decimal:
    """An amount as people type it: ``2875,50``, ``2.875,50``, ``€ 2.875,50``, ``2875.5``.

    A dot followed by exactly three digits and no comma (``1.625``) is a thousands
    separator to a Dutch reader and a decimal point to an English one: refused, with both
    readings proposed.
    """
    text = re.sub(r"\s+", "", value.replace("€", "").replace("EUR", "").replace("eur", ""))
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS_ONLY.fullmatch(text):
        if text.count(".") > 1:
            text = text.replace(".", "")
        else:
            whole = text.replace(".", "")
            raise _fail(
                "bedrag-dubbelzinnig",
                "Het bedrag '{waarde}' is dubbelzinnig: {duizend} euro of {klein} euro? Schrijf "
                "het zonder punt ({duizend_kort}) of met een komma ({klein_kort}).",
                waarde=value.strip(),
                duizend=f"{int(whole):,}".replace(",", ".") + ",00",
                klein=text.replace(".", ","),
                duizend_kort=whole,
                klein_kort=text.replace(".", ","),
            )
    return Decimal(text)


def _money(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise _fail("bedrag-ongeldig", _AMOUNT_HINT)
    try:
        amount = _amount_text(value) if isinstance(value, str) else Decimal(str(value))
    except InvalidOperation:
        raise _fail("bedrag-ongeldig", _AMOUNT_HINT) from None
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


def _json_amount(value: Decimal) -> int | float:
    return _json_number(value)


# Two serializers that do not compare equal: readers (the intake columns) tell Bedrag and
# Uren apart by their metadata.
_AMOUNT_AS_NUMBER = PlainSerializer(_json_amount, return_type=int | float, when_used="json")
_HOURS_AS_NUMBER = PlainSerializer(_json_number, return_type=int | float, when_used="json")

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
Bedrag = Annotated[Decimal, BeforeValidator(_money), _AMOUNT_AS_NUMBER]
Uren = Annotated[Decimal, BeforeValidator(_hours), _HOURS_AS_NUMBER]
Niveau = Annotated[int, BeforeValidator(_niveau)]
