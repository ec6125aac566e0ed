"""X15, the whole text: a generated document against what its template gives for its record.

Every document this tool makes carries in its metadata the BSN-free record it was made
from and its template's name and SHA-256 (:mod:`overeenkomsten.documenten.metadata`). The
template is found by that hash among the shipped templates and the user's
(``--sjablonen``), rendered again for the record (a few milliseconds), and both texts are
cut into the same units (title, Kenmerken lines, clause sentences, signature blocks) and
compared. Added, removed or changed sentences are a ``waarschuwing`` listing them (an
instelling may add a clause by hand); a changed sentence whose facts (dates, numbers,
codes, amounts) differ from what the template gives is a ``fout``. When no template is
found, the report's header says so and the facts are still checked clause by clause
(:mod:`.clausules`). A document without this tool's metadata (a PDF re-exported by Word or
LibreOffice) is read from its text alone and gets a ``waarschuwing``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from overeenkomsten.controle.artikelen import Zin, clause_text, sentence_facts
from overeenkomsten.controle.basis import Context
from overeenkomsten.controle.bevinding import Bevinding
from overeenkomsten.controle.feiten import DocumentFeiten, parse_value
from overeenkomsten.controle.tekst import normalize
from overeenkomsten.controle.tekstcache import fingerprint, remember, remembered
from overeenkomsten.model.kenmerken import RECORD_KEY, SJABLOON_HASH_KEY, SJABLOON_KEY, kenmerken
from overeenkomsten.model.traject import Traject

SJABLOON_ONBEKEND = "tekstvergelijking niet mogelijk: sjabloon onbekend"
#: A stand-in for the BSN left out of the embedded record; masked on both sides.
_BSN_PLAATSVERVANGER = "111222333"
_BSN = re.compile(r"\b(burgerservicenummer|BSN)(\W{0,30}?)\d{9}\b", re.IGNORECASE)
_MAX_LISTED = 8
_MAX_CHARS = 220


def check_template_text(ctx: Context) -> Iterator[Bevinding]:
    """Each document against its template's text for its embedded record."""
    unknown: list[str] = []
    for doc in ctx.documenten:
        if not doc.van_ons:
            yield Bevinding(
                "X15",
                "waarschuwing",
                "niet-het-gemaakte-document",
                f"{ctx.label(doc)} heeft niet de metadata die overeenkomsten in elk document "
                "zet: het is niet het gemaakte document (opnieuw opgeslagen of geëxporteerd, "
                "bijvoorbeeld met Word of LibreOffice). Het is alleen op zijn tekst "
                "gecontroleerd; vraag zo mogelijk het oorspronkelijke bestand.",
                (doc.naam,),
            )
            unknown.append(ctx.label(doc))
            continue
        traject = embedded_record(doc)
        if traject is None:
            unknown.append(ctx.label(doc))
            continue
        yield from _record_against_kenmerken(ctx, doc, traject)
        digest = doc.herkomst.get(SJABLOON_HASH_KEY, "").strip().lower()
        path = find_template(digest, ctx.sjablonen)
        if path is None or doc.type is None or doc.tekst is None:
            unknown.append(ctx.label(doc))
            continue
        actual = _units(doc.tekst.regels, doc.kop_en_voet)
        sleutel = (digest, doc.type, doc.herkomst.get(RECORD_KEY, ""))
        if remembered(sleutel) == fingerprint([z.tekst for z in actual]):
            continue  # this very text was compared before: nothing to report
        expected = _expected_units(path, traject, doc.type)
        if expected is None:
            unknown.append(ctx.label(doc))
            continue
        remember(sleutel, fingerprint([z.tekst for z in expected]))
        yield from _compare(ctx, doc, expected, actual)
    if unknown:
        ctx.kop.append(f"{SJABLOON_ONBEKEND} ({', '.join(unknown)})")


def embedded_record(doc: DocumentFeiten) -> Traject | None:
    """The record embedded in ``doc`` (its BSN replaced by a stand-in), None when absent
    or not a valid record."""
    raw = doc.herkomst.get(RECORD_KEY)
    if not raw:
        return None
    return _record(raw)


@cache
def _record(raw: str) -> Traject | None:
    from overeenkomsten.model.validatie import validate_record

    try:
        data: Any = json.loads(raw)
        kandidaat = data["kandidaat"]
        if not kandidaat.get("bsn") and not kandidaat.get("onderwijsnummer"):
            kandidaat["bsn"] = _BSN_PLAATSVERVANGER
    except (ValueError, TypeError, KeyError):
        return None
    traject, _ = validate_record(data)
    return traject


def _record_against_kenmerken(
    ctx: Context, doc: DocumentFeiten, traject: Traject
) -> Iterator[Bevinding]:
    """The embedded record says what the printed Kenmerken say (the text counts)."""
    assert doc.type is not None
    for label, expected in kenmerken(traject, doc.type).items():
        printed = doc.waarde(label)
        wanted = parse_value(label, expected)
        if printed.tekst is None or printed.sleutel == wanted.sleutel:
            continue
        if printed.sleutel is None and normalize(printed.tekst) == normalize(expected):
            continue
        yield Bevinding(
            "TM",
            "fout",
            "tekst-record-metadata",
            f"{ctx.label(doc)} {label}: in de tekst '{printed.tekst}', in het record in de "
            f"metadata '{expected}'. De tekst telt (die is ondertekend).",
            (doc.naam,),
            {f"{doc.naam} (tekst)": printed.tekst, f"{doc.naam} (metadata)": expected},
        )


def _expected_units(path: Path, traject: Traject, document: Any) -> list[Zin] | None:
    lines = _render_lines(path, traject, document)
    if lines is None:
        return None
    clean = [line for line in (normalize(x) for x in lines) if line]
    return _units(clean)


def _units(lines: Sequence[str], weglaten: frozenset[str] = frozenset()) -> list[Zin]:
    return [
        Zin(z.plek, _BSN.sub(r"\1\2*********", z.tekst))
        for z in clause_text(lines, None, volledig=True, weglaten=weglaten)
    ]


def find_template(digest: str, sjablonen: Path | None) -> Path | None:
    """The template file with SHA-256 ``digest``: a shipped one or one in ``sjablonen``."""
    if not digest:
        return None
    folders = [shipped_templates()]
    if sjablonen is not None:
        folders.append(sjablonen)
    for folder in folders:
        for path in sorted(folder.glob("*.docx")):
            if _sha256(path) == digest:
                return path
    return None


def shipped_templates() -> Path:
    """The folder of the shipped templates: the one ``documenten.render.default_template_dir``
    names, found here without importing the renderer (docxtpl) that a check may not need."""
    return Path(str(resources.files("overeenkomsten") / "data" / "sjablonen"))


def _sha256(path: Path) -> str:
    try:
        stat = path.stat()
    except OSError:
        return ""
    return _sha256_cached(path.resolve(), stat.st_mtime_ns, stat.st_size)


@cache
def _sha256_cached(path: Path, mtime_ns: int, size: int) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _render_lines(path: Path, traject: Traject, document: Any) -> list[str] | None:
    from overeenkomsten.controle.ooxml import read_word
    from overeenkomsten.documenten.context import document_context
    from overeenkomsten.documenten.metadata import core_xml
    from overeenkomsten.documenten.render import compile_template
    from overeenkomsten.errors import TemplateError

    try:
        data = compile_template(path).render(
            document_context(traject, document), core_xml(traject, document), {}
        )
    except TemplateError:
        return None
    content = read_word(data)
    if content is None:
        return None
    return content.lines[: content.body]  # headers and footers repeat per page in a PDF


def _compare(
    ctx: Context, doc: DocumentFeiten, expected: list[Zin], actual: list[Zin]
) -> Iterator[Bevinding]:
    a = [z.tekst for z in expected]
    b = [z.tekst for z in actual]
    changes: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        old, new = expected[i1:i2], actual[j1:j2]
        for before, after in zip(old, new, strict=False):
            changes.append(
                f"gewijzigd in {after.plek}: '{_short(before.tekst)}' werd '{_short(after.tekst)}'"
            )
            yield from _fact_changes(ctx, doc, before, after)
        for before in old[len(new) :]:
            changes.append(f"weggelaten uit {before.plek}: '{_short(before.tekst)}'")
        for after in new[len(old) :]:
            changes.append(f"toegevoegd in {after.plek}: '{_short(after.tekst)}'")
    if not changes:
        return
    shown = changes[:_MAX_LISTED]
    more = len(changes) - len(shown)
    sjabloon = doc.herkomst.get(SJABLOON_KEY) or "het sjabloon"
    yield Bevinding(
        "X15",
        "waarschuwing",
        "tekst-wijkt-af-van-sjabloon",
        f"De tekst van {ctx.label(doc)} wijkt af van wat {sjabloon} voor dit traject geeft "
        f"({len(changes)} {'wijziging' if len(changes) == 1 else 'wijzigingen'}): "
        + "; ".join(shown)
        + (f"; en nog {more}" if more else "")
        + ". Is dit met opzet gedaan (een artikel met de hand toegevoegd), dan is het in "
        "orde; anders: maak het document opnieuw met genereer.",
        (doc.naam,),
    )


def _fact_changes(
    ctx: Context, doc: DocumentFeiten, before: Zin, after: Zin
) -> Iterator[Bevinding]:
    """A changed sentence whose facts differ from the template's: a fout naming both."""
    old: dict[str, dict[object, str]] = {}
    new: dict[str, dict[object, str]] = {}
    for feit in sentence_facts(before):
        old.setdefault(feit.soort, {})[feit.waarde] = feit.tekst
    for feit in sentence_facts(after):
        new.setdefault(feit.soort, {})[feit.waarde] = feit.tekst
    for soort in sorted(set(old) | set(new)):
        was_values, is_values = old.get(soort, {}), new.get(soort, {})
        if set(was_values) == set(is_values):
            continue
        was, is_ = list(was_values.values()), list(is_values.values())
        nu = ", ".join(is_) or "niets"
        volgens = ", ".join(was) or "niets"
        yield Bevinding(
            "X15",
            "fout",
            "artikel-wijkt-af",
            f"{ctx.label(doc)} {after.plek}: {soort} {nu}; Kenmerken en sjabloon: {volgens}. "
            "De artikelen zijn wat partijen ondertekenen: laat artikel en Kenmerken hetzelfde "
            "zeggen (maak het document opnieuw met genereer).",
            (doc.naam,),
            {f"{doc.naam} ({after.plek})": nu, f"{doc.naam} (Kenmerken)": volgens},
        )


def _short(text: str) -> str:
    return text if len(text) <= _MAX_CHARS else f"{text[: _MAX_CHARS - 1]}…"
