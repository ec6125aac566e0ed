"""Check templates a user edited in Word, before they break a batch.

Word splits text into runs wherever formatting, spelling marks or editing history change;
a Jinja tag split over runs is fragile (docxtpl glues it back only in simple cases, and a
tag half in bold renders oddly). The check finds, per template:

* tags split over runs, tags not closed within their paragraph, and paragraph/row tags
  (``{%p``, ``{%tr``, ``{%tc``) that share their paragraph or row with other text (that
  text would disappear);
* blocks that are not closed (``{% if %}`` without ``{% endif %}``) and other syntax errors;
* variables the record does not have, unknown filters, escaping switched off;
* what rendering a set of example trajectories shows: errors, and whether the document
  still has its Kenmerken block and the signature blocks the check relies on.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import typing
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from pydantic import BaseModel

from overeenkomsten.documenten import analyse
from overeenkomsten.documenten.actief import ActiveContent, find_active_content
from overeenkomsten.documenten.context import context_shape
from overeenkomsten.documenten.render import (
    CompiledTemplate,
    TemplateSet,
    compile_template,
    default_template_dir,
    template_environment,
)
from overeenkomsten.errors import TemplateError, os_reason
from overeenkomsten.grenzen import zip_bomb_reason
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import (
    DOCUMENT_TYPES,
    ROL_LABELS,
    DocumentType,
    documents_to_make,
    kenmerken_regels,
    required_roles,
)
from overeenkomsten.model.validatie import validate_record

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPEN = re.compile(r"\{\{|\{%|\{#")
_STRUCTURE_TAG = re.compile(r"^\{[{%#](p|tr|tc)\s")


@dataclass(frozen=True)
class Bevinding:
    """One problem in a template: which file, where (in the user's terms), what."""

    sjabloon: str
    code: str
    bericht: str
    plaats: str | None = None

    def __str__(self) -> str:
        where = f" ({self.plaats})" if self.plaats else ""
        return f"{self.sjabloon}{where}: {self.bericht}"


@dataclass
class SjabloonRapport:
    """The result of checking a folder of templates."""

    map: Path
    gecontroleerd: list[str] = field(default_factory=list)
    bevindingen: list[Bevinding] = field(default_factory=list)

    @property
    def in_orde(self) -> bool:
        return not self.bevindingen


def check_templates(folder: Path | None = None) -> SjabloonRapport:
    """Check OOK.docx, POK.docx, PLOK.docx and PV.docx in ``folder`` (default: shipped).

    Raises :class:`TemplateError` when the folder itself does not exist.
    """
    folder = folder if folder is not None else default_template_dir()
    if not folder.is_dir():
        raise TemplateError(
            f"De map met sjablonen '{folder}' bestaat niet.", code="sjablonen-ontbreken"
        )
    report = SjabloonRapport(map=folder)
    for document in DOCUMENT_TYPES:
        path = folder / f"{document}.docx"
        if not path.is_file():
            report.bevindingen.append(
                Bevinding(path.name, "sjabloon-ontbreekt", "Dit sjabloon ontbreekt in de map.")
            )
            continue
        report.gecontroleerd.append(path.name)
        report.bevindingen.extend(check_template(path, document))
    return report


def check_template(path: Path, document: DocumentType) -> list[Bevinding]:
    """All problems of one template (``document`` says which of the four it is)."""
    try:
        with zipfile.ZipFile(path) as package:
            reason = zip_bomb_reason(package.infolist())  # before anything is unpacked
            if reason is not None:
                return [
                    Bevinding(
                        path.name,
                        "sjabloon-zip-bom",
                        f"Niet geopend: {reason} (mogelijk een zip-bom).",
                    )
                ]
            entries = [(name, package.read(name)) for name in package.namelist()]
    except (OSError, zipfile.BadZipFile, EOFError) as exc:
        return [
            Bevinding(
                path.name,
                "sjabloon-onleesbaar",
                "Geen leesbaar Word-document (.docx): het bestand is beschadigd, afgebroken of "
                f"geen zip-pakket{_reason(exc)}.",
            )
        ]
    parts = {n: d for n, d in entries if n.startswith("word/") and n.endswith(".xml")}
    findings = [_active(path.name, item) for item in find_active_content(entries)]
    findings += [f for name, xml in parts.items() for f in _check_runs(path.name, name, xml)]
    try:
        compiled = compile_template(path)
    except TemplateError as exc:
        return [*findings, Bevinding(path.name, exc.code, exc.bericht)]
    findings.extend(_check_code(compiled))
    if not findings:
        findings.extend(_check_rendering(compiled, document))
    return findings


def _reason(exc: BaseException) -> str:
    return f" ({os_reason(exc)[0]})" if isinstance(exc, OSError) else ""


def _active(template: str, item: ActiveContent) -> Bevinding:
    if item.soort == "macro":
        return Bevinding(
            template,
            "sjabloon-macro",
            f"Het sjabloon bevat {item.omschrijving}. Macro's horen niet in een sjabloon: ze "
            "zouden in elk gemaakt document terechtkomen. Sla het sjabloon in Word op als "
            "'Word-document (*.docx)', niet als document met macro's.",
            item.onderdeel,
        )
    return Bevinding(
        template,
        "sjabloon-extern",
        f"Het sjabloon bevat {item.omschrijving}. Bij elke omzetting naar PDF zou dat van "
        "buiten worden opgehaald. Haal de koppeling weg; een afbeelding voegt u in het "
        "sjabloon zelf in (Invoegen > Afbeelding > Dit apparaat), niet als koppeling.",
        item.onderdeel,
    )


# -- runs and paragraphs ---------------------------------------------------------------------


def _check_runs(template: str, part: str, xml: bytes) -> Iterator[Bevinding]:
    if b"{" not in xml:
        return
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError:
        yield Bevinding(template, "sjabloon-onleesbaar", f"{part} is geen geldige XML.")
        return
    onderdeel = _part_label(part)
    for number, paragraph in enumerate(root.iter(f"{_W}p"), start=1):
        texts = [t for t in paragraph.iter(f"{_W}t") if _own_paragraph(t) is paragraph]
        joined = "".join(t.text or "" for t in texts)
        if "{" not in joined:
            continue
        plaats = f"{onderdeel}, alinea {number}"
        owner: list[int] = []
        for index, t in enumerate(texts):
            owner.extend([index] * len(t.text or ""))
        for match in _TAG.finditer(joined):
            tag = match.group(0)
            if owner[match.start()] != owner[match.end() - 1]:
                yield Bevinding(
                    template,
                    "tag-gesplitst",
                    f"De tag '{tag}' is in Word over meerdere stukken tekst (runs) verdeeld. "
                    "Typ de tag opnieuw in één keer, of selecteer hem en wis de opmaak.",
                    plaats,
                )
            structure = _STRUCTURE_TAG.match(tag)
            if structure:
                yield from _check_alone(template, tag, structure.group(1), paragraph, plaats)
        if _OPEN.search(_TAG.sub("", joined)):
            yield Bevinding(
                template,
                "tag-niet-afgesloten",
                "Een tag wordt in deze alinea niet afgesloten ('}}', '%}' of '#}' ontbreekt): "
                f"'{_shorten(joined)}'.",
                plaats,
            )


def _check_alone(
    template: str, tag: str, kind: str, paragraph: Any, plaats: str
) -> Iterator[Bevinding]:
    container = paragraph
    if kind in ("tr", "tc"):
        container = _ancestor(paragraph, f"{_W}{kind}")
        if container is None:
            yield Bevinding(
                template,
                "tag-buiten-tabel",
                f"De tag '{tag}' hoort in een tabel{'rij' if kind == 'tr' else 'cel'}.",
                plaats,
            )
            return
    text = "".join(container.itertext()) if kind != "p" else _paragraph_text(paragraph)
    if text.replace(tag, "").strip():
        waar = {"p": "alinea", "tr": "tabelrij", "tc": "tabelcel"}[kind]
        yield Bevinding(
            template,
            "tag-niet-alleen",
            f"De tag '{tag}' vervangt de hele {waar}, maar daar staat ook andere tekst, die "
            f"zou verdwijnen: '{_shorten(text)}'. Zet de tag in een eigen {waar}.",
            plaats,
        )


def _own_paragraph(element: Any) -> Any:
    return _ancestor(element, f"{_W}p")


def _ancestor(element: Any, tag: str) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _paragraph_text(paragraph: Any) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{_W}t") if _own_paragraph(t) is paragraph)


def _part_label(part: str) -> str:
    if part == "word/document.xml":
        return "tekst"
    match = re.match(r"word/(header|footer)\d*\.xml$", part)
    if match:
        return {"header": "koptekst", "footer": "voettekst"}[match.group(1)]
    return part


def _shorten(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


# -- Jinja code --------------------------------------------------------------------------------


def _check_code(compiled: CompiledTemplate) -> Iterator[Bevinding]:
    shape = {**dict.fromkeys(template_environment().globals, analyse.ANY), **context_shape()}
    for part, ast in compiled.parts:
        for variable in analyse.unknown_variables(ast, shape):
            yield Bevinding(
                compiled.naam,
                "variabele-onbekend",
                f"De variabele '{variable}' bestaat niet in het record.",
                _part_label(part),
            )


# -- rendering example trajectories ------------------------------------------------------------


def _check_rendering(compiled: CompiledTemplate, document: DocumentType) -> Iterator[Bevinding]:
    folder = compiled.path.parent
    templates = TemplateSet(folder)
    for omschrijving, traject in example_trajectories():
        if document not in documents_to_make(traject):
            continue
        try:
            data = templates.render(traject, document)
        except TemplateError as exc:
            yield Bevinding(compiled.naam, exc.code, f"Bij {omschrijving}: {exc.bericht}")
            return
        lines = document_lines(data)
        for label, waarde in kenmerken_regels(traject, document):
            if f"{label}: {waarde}" not in lines:
                yield Bevinding(
                    compiled.naam,
                    "kenmerk-ontbreekt",
                    f"Bij {omschrijving} staat het kenmerk '{label}: {waarde}' niet als eigen "
                    "alinea in het document; de controle kan het dan niet teruglezen.",
                )
                return
        for rol in required_roles(traject, document):
            kop = f"Handtekening {ROL_LABELS[rol]}"
            if kop not in lines:
                yield Bevinding(
                    compiled.naam,
                    "handtekeningblok-ontbreekt",
                    f"Bij {omschrijving} ontbreekt het handtekeningblok '{kop}'.",
                )
                return


def document_lines(docx: bytes) -> set[str]:
    """The paragraph texts of a rendered document's main part."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return {_paragraph_text(p).strip() for p in root.iter(f"{_W}p")}


def example_trajectories() -> list[tuple[str, Traject]]:
    """Trajectories that take every branch of the shipped templates, built from the field
    examples of the model: (Dutch description, trajectory)."""
    base = _example(Traject)
    variants: list[tuple[str, dict[str, Any]]] = [("een volledig voorbeeldrecord", base)]
    minimal = copy.deepcopy(base)
    minimal.update(jobcoach=None, plaatsing_einddatum=None, afronding=None)
    minimal["kandidaat"].update(
        bsn=None, tussenvoegsel=None, email=None, telefoon=None, wettelijk_vertegenwoordiger=None
    )
    minimal["opleiding"].update(lesplaats=None, lesdagen=None, certificaat=None)
    minimal["praktijkopleider"].update(email=None, telefoon=None)
    minimal["instelling"]["bpv_begeleider"]["email"] = None
    variants.append(("een record zonder de optionele velden", minimal))
    minor = copy.deepcopy(base)
    signed = _valid(base).ondertekening.datum
    minor["kandidaat"]["geboortedatum"] = signed.replace(year=signed.year - 16).isoformat()
    variants.append(("een minderjarige kandidaat", minor))
    for einddoel in ("diploma", "certificaat"):
        other = copy.deepcopy(base)
        other.update(einddoel=einddoel, werkprocessen=[], afronding=None)
        other["financiering"]["betaald_door"] = "werkgever"
        other["kandidaat"].update(inkomen="loon", status="werkend")
        variants.append((f"einddoel {einddoel}", other))
    return [(omschrijving, _valid(data)) for omschrijving, data in variants]


def _valid(data: dict[str, Any]) -> Traject:
    # The model's examples are dated in 2026-2027; "today" must not reject their afronding.
    traject, problems = validate_record(data, vandaag=dt.date.max)
    if traject is None:  # the model's own examples must make a valid record
        raise AssertionError(f"voorbeeldrecord ongeldig: {[p.bericht for p in problems]}")
    return traject


def _example(model: type[BaseModel]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        inner = _model_in(info.annotation)
        if inner is not None and typing.get_origin(info.annotation) is list:
            data[name] = [_example(inner)]
        elif inner is not None:
            data[name] = _example(inner)
        elif info.examples:
            data[name] = info.examples[0]
        else:
            data[name] = None
    return data


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
