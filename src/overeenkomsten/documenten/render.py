"""Render the Word templates: docxtpl's template language, compiled once per process.

``DocxTemplate(path).render(context)`` re-reads the package, re-runs docxtpl's XML
preprocessing and recompiles the Jinja template for every document; most of its time goes
there (domein.md section 8). Here a :class:`CompiledTemplate` does that work once: it runs
docxtpl's own preprocessing (``patch_xml``) on every part with tags, compiles each into a
Jinja template, and compresses the other parts of the package once. Per record only the
Jinja render runs and the package is written, the static parts copied as compressed bytes.

Rendering is always autoescaped (``&`` and ``<`` in a name stay text), strict (a variable
the record does not have is an error naming template and variable) and sandboxed (a
template can read the record, not reach Python's internals).
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, nodes
from lxml import etree  # type: ignore[import-untyped]

from overeenkomsten.documenten import analyse
from overeenkomsten.documenten._zip import ZipMember, compress, write_zip
from overeenkomsten.documenten.actief import strip_active_content
from overeenkomsten.documenten.begrenzing import (
    BoundedEnvironment,
    RenderLimitError,
    deadline,
    render_bounded,
)
from overeenkomsten.documenten.context import FILTERS, document_context
from overeenkomsten.documenten.meldingen import (
    python_error,
    render_code,
    render_message,
    syntax_message,
)
from overeenkomsten.documenten.metadata import (
    CORE_CONTENT_TYPE,
    CORE_PATH,
    CORE_REL_TYPE,
    CUSTOM_CONTENT_TYPE,
    CUSTOM_PATH,
    CUSTOM_REL_TYPE,
    core_xml,
    custom_xml,
    document_properties,
)
from overeenkomsten.documenten.tekens import isolate_uncovered, needs_own_runs
from overeenkomsten.errors import TemplateError
from overeenkomsten.grenzen import zip_bomb_reason
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import DOCUMENT_TYPES, DocumentType, record_hash
from overeenkomsten.paden import default_template_dir as default_template_dir

_PATCHER = DocxTemplate("")  # docxtpl's preprocessing methods use no per-file state
_PARAGRAPH = re.compile(r"<w:p([ >])")
_TAG = re.compile(r"\{\{|\{%|\{#")
_LISTING_TEXT = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\n\x07\x0c]")
_TEXT_TAGS = re.compile(r"<[^>]*>")
_ESCAPED_BRACES = ("{_{", "}_}", "{_%", "%_}")
_WORD_TEXT = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*)")
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")
_STATIC_LEVEL = 9  # compressed once per template
_DYNAMIC_LEVEL = 3  # per document: speed over the last few percent of size


def template_environment() -> BoundedEnvironment:
    """The Jinja environment of every template: sandboxed, bounded in time and size
    (:mod:`.begrenzing`), autoescaped, strict.

    ``None`` prints as an empty string, so optional fields (``tussenvoegsel``) need no
    ``if``. The ``safe`` filter is removed: escaping cannot be switched off.
    """
    env = BoundedEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.filters.pop("safe", None)
    env.bound_filters()
    return env


def _finalize(value: Any) -> Any:
    return "" if value is None else value


@dataclass(frozen=True)
class _Part:
    """One XML part with tags, compiled."""

    name: str
    source: str
    ast: nodes.Template
    template: jinja2.Template
    escaped_braces: bool
    listing: bool
    symbols: bool
    fix_tree: bool


class CompiledTemplate:
    """One Word template, preprocessed and compiled; renders a package per context."""

    def __init__(self, path: Path, environment: BoundedEnvironment) -> None:
        self.path = path
        self.naam = path.name
        self.sha256 = ""  # of the template file: documents name it, the check finds it by it
        self._env = environment
        self._layout: list[ZipMember | _Part | str] = []
        self._custom_template: bytes | None = None
        # A template that ran out of time once is refused at once for the rest of the
        # process: a batch of a thousand rows must not wait out the deadline a thousand times.
        self._too_slow: TemplateError | None = None
        try:
            with zipfile.ZipFile(path) as package:
                members = package.infolist()
                reason = zip_bomb_reason(members)  # before anything is unpacked
                if reason is not None:
                    raise TemplateError(
                        f"Het sjabloon '{path}' wordt niet geopend: {reason} (mogelijk een "
                        "zip-bom).",
                        code="sjabloon-zip-bom",
                    )
                entries = [(i.filename, package.read(i)) for i in members]
            self.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        except (OSError, zipfile.BadZipFile, KeyError, EOFError) as exc:
            raise TemplateError(
                f"Het sjabloon '{path}' is geen leesbaar Word-document (.docx).",
                code="sjabloon-onleesbaar",
            ) from exc
        entries = strip_active_content(entries)  # macros, remote images: never passed on
        names = {name for name, _ in entries}
        if "word/document.xml" not in names:
            raise TemplateError(
                f"Het sjabloon '{path}' is geen Word-document: word/document.xml ontbreekt.",
                code="sjabloon-onleesbaar",
            )
        for name, data in entries:
            if name.endswith("/"):
                continue
            if name == CUSTOM_PATH:
                self._custom_template = data
            elif name == CORE_PATH:
                self._layout.append(CORE_PATH)
            elif name == "[Content_Types].xml":
                self._layout.append(compress(name, _with_content_types(data), _STATIC_LEVEL))
            elif name == "_rels/.rels":
                self._layout.append(compress(name, _with_package_rels(data), _STATIC_LEVEL))
            else:
                self._layout.append(self._compile_part(name, data))
        if CORE_PATH not in self._layout:
            self._layout.append(CORE_PATH)
        self._layout.append(CUSTOM_PATH)

    @property
    def parts(self) -> list[tuple[str, nodes.Template]]:
        """(part name, parsed Jinja code) of every part with tags."""
        return [(p.name, p.ast) for p in self._layout if isinstance(p, _Part)]

    def _compile_part(self, name: str, data: bytes) -> ZipMember | _Part:
        if not (name.startswith("word/") and name.endswith(".xml") and b"{" in data):
            return compress(name, data, _STATIC_LEVEL)
        text = data.decode("utf-8")
        patched = _PATCHER.patch_xml(text)
        if not _TAG.search(patched):
            return compress(name, data, _STATIC_LEVEL)
        source = _PARAGRAPH.sub(r"\n<w:p\1", patched)
        try:
            ast = self._env.parse(source)
            switches = list(analyse.escaping_switches(ast))
            if switches:
                raise TemplateError(
                    f"Het sjabloon {self.naam} zet het escapen van tekst uit met "
                    f"{switches[0]}. Dat is niet toegestaan: tekst uit het record moet altijd "
                    "als tekst in het document komen.",
                    code="sjabloon-escaping-uit",
                )
            other_files = list(ast.find_all((nodes.Include, nodes.Extends, nodes.Import)))
            other_files += list(ast.find_all(nodes.FromImport))
            if other_files:
                tag = type(other_files[0]).__name__.lower().replace("fromimport", "from")
                raise TemplateError(
                    f"Het sjabloon {self.naam} gebruikt {{% {tag} %}}. Een sjabloon kan geen "
                    "andere bestanden invoegen of importeren; zet de tekst in het sjabloon zelf.",
                    code="sjabloon-invoegen",
                )
            unknown = analyse.unknown_filters(ast, self._env.filters)
            if unknown:
                raise TemplateError(
                    f"Het sjabloon {self.naam} gebruikt het onbekende filter '{unknown[0]}'. "
                    f"Beschikbaar zijn onder meer: {', '.join(sorted(FILTERS))}.",
                    code="sjabloon-onbekend-filter",
                )
            template = self._env.from_string(ast)
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                syntax_message(self.naam, name, source, exc), code="sjabloon-syntaxfout"
            ) from exc
        return _Part(
            name=name,
            source=source,
            ast=ast,
            template=template,
            escaped_braces=any(marker in patched for marker in _ESCAPED_BRACES),
            # Tabs and line breaks inside text become Word tabs and breaks (docxtpl's
            # listing); record values cannot hold them (control characters are refused).
            listing=_LISTING_TEXT.search(patched) is not None,
            symbols=needs_own_runs(_TEXT_TAGS.sub("", patched)),
            fix_tree=bool(re.search(r"\{[{%]tc ", text)) or "<wp:docPr" in text,
        )

    def render(self, context: Mapping[str, Any], core: bytes, custom: Mapping[str, str]) -> bytes:
        """The .docx package for ``context``; ``core`` and ``custom`` are its properties."""
        if self._too_slow is not None:
            raise TemplateError(self._too_slow.bericht, code=self._too_slow.code)
        members: list[ZipMember] = []
        symbols = needs_own_runs(dict(context))
        try:
            with deadline():
                parts = {
                    item.name: self._render_part(item, context, symbols)
                    for item in self._layout
                    if isinstance(item, _Part)
                }
        except TemplateError as exc:
            if exc.code == "sjabloon-te-traag":
                self._too_slow = exc
            raise
        for item in self._layout:
            if isinstance(item, ZipMember):
                members.append(item)
            elif isinstance(item, _Part):
                members.append(compress(item.name, parts[item.name], _DYNAMIC_LEVEL))
            elif item == CORE_PATH:
                members.append(compress(CORE_PATH, core, _DYNAMIC_LEVEL))
            else:
                members.append(
                    compress(CUSTOM_PATH, custom_xml(custom, self._custom_template), _DYNAMIC_LEVEL)
                )
        return write_zip(members)

    def _render_part(self, part: _Part, context: Mapping[str, Any], symbols: bool) -> bytes:
        try:
            xml = render_bounded(part.template, context)
        except RenderLimitError as exc:
            raise TemplateError(
                f"Het sjabloon {self.naam} wordt niet ingevuld: {exc.bericht}.", code=exc.code
            ) from exc
        except RecursionError as exc:
            raise TemplateError(
                f"Het sjabloon {self.naam} wordt niet ingevuld: een macro of lus roept zichzelf "
                "te vaak aan.",
                code="sjabloon-te-diep",
            ) from exc
        except MemoryError as exc:
            raise TemplateError(
                f"Het sjabloon {self.naam} wordt niet ingevuld: het invullen kost te veel "
                "geheugen.",
                code="sjabloon-te-groot",
            ) from exc
        except jinja2.TemplateError as exc:
            raise TemplateError(
                render_message(self.naam, part.ast, exc), code=render_code(exc)
            ) from exc
        except (ValueError, TypeError, ArithmeticError, LookupError, AttributeError) as exc:
            raise TemplateError(
                f"Het sjabloon {self.naam} kan niet worden ingevuld: {python_error(exc)}.",
                code="sjabloon-fout",
            ) from exc
        xml = xml.replace("\n<w:p>", "<w:p>").replace("\n<w:p ", "<w:p ")
        if part.escaped_braces:
            for marker, brace in zip(_ESCAPED_BRACES, ("{{", "}}", "{%", "%}"), strict=True):
                xml = xml.replace(marker, brace)
        if part.listing:
            xml = _PATCHER.resolve_listing(xml)
        xml = _single_stops(xml)
        data = xml.encode("utf-8")
        try:
            tree = etree.fromstring(data)
        except etree.XMLSyntaxError as exc:
            raise TemplateError(
                f"Het sjabloon {self.naam} levert na het invullen geen geldig Word-document op "
                f"({part.name}: {exc.msg}). Meestal staat een {{%p %}}- of {{%tr %}}-tag niet "
                "alleen in zijn alinea of tabelrij; controleer het sjabloon met "
                "'overeenkomsten sjablonen-controle'.",
                code="sjabloon-ongeldige-xml",
            ) from exc
        if (symbols or part.symbols) and isolate_uncovered(tree):
            data = _serialize(tree)
        if part.fix_tree:
            data = _fix_tree(tree)
        return data


def _single_stops(xml: str) -> str:
    """One full stop where a value that ends in one ("Holding B.V.") closes the template's
    sentence ("betaald door {{ betaler }}."): "B.V.." reads as a typo in a contract. An
    ellipsis ("...") is left alone."""
    if ".." not in xml:
        return xml
    return _WORD_TEXT.sub(lambda m: m[1] + _DOUBLE_STOP.sub(".", m[2]), xml)


def _fix_tree(tree: etree._Element) -> bytes:
    """docxtpl's table-column and drawing-id repairs, for templates that need them."""
    fixed = _PATCHER.fix_tables(etree.tostring(tree, encoding="unicode"))
    number = 1000
    for drawing in fixed.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    ):
        number += 1
        drawing.set("id", str(number))
    return _serialize(fixed)


def _serialize(tree: etree._Element) -> bytes:
    result: bytes = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


def _with_content_types(data: bytes) -> bytes:
    text = data.decode("utf-8")
    for part, content_type in ((CORE_PATH, CORE_CONTENT_TYPE), (CUSTOM_PATH, CUSTOM_CONTENT_TYPE)):
        if f'PartName="/{part}"' not in text:
            text = text.replace(
                "</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'
            )
    return text.encode("utf-8")


def _with_package_rels(data: bytes) -> bytes:
    text = data.decode("utf-8")
    for index, (part, rel_type) in enumerate(
        ((CORE_PATH, CORE_REL_TYPE), (CUSTOM_PATH, CUSTOM_REL_TYPE)), start=1
    ):
        if f'Target="{part}"' not in text and f'Target="/{part}"' not in text:
            text = text.replace(
                "</Relationships>",
                f'<Relationship Id="rIdOvereenkomsten{index}" Type="{rel_type}" '
                f'Target="{part}"/></Relationships>',
            )
    return text.encode("utf-8")


# -- one compiled set per process ----------------------------------------------------------


@cache
def _compiled(path: Path, mtime_ns: int, size: int) -> CompiledTemplate:
    return CompiledTemplate(path, template_environment())


def compile_template(path: Path) -> CompiledTemplate:
    """The compiled template at ``path``; compiled once per process (until the file changes)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise TemplateError(
            f"Het sjabloon '{path}' bestaat niet of is niet leesbaar.", code="sjabloon-ontbreekt"
        ) from exc
    return _compiled(path.resolve(), stat.st_mtime_ns, stat.st_size)


class TemplateSet:
    """The four templates of one folder (``OOK.docx``, ``POK.docx``, ``PLOK.docx``,
    ``PV.docx``), compiled on first use."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder if folder is not None else default_template_dir()
        if not self.folder.is_dir():
            raise TemplateError(
                f"De map met sjablonen '{self.folder}' bestaat niet.", code="sjablonen-ontbreken"
            )

    def path(self, document: DocumentType) -> Path:
        return self.folder / f"{document}.docx"

    def get(self, document: DocumentType) -> CompiledTemplate:
        path = self.path(document)
        if not path.is_file():
            raise TemplateError(
                f"Het sjabloon {path.name} ontbreekt in de map '{self.folder}'.",
                code="sjabloon-ontbreekt",
            )
        return compile_template(path)

    def compile_all(self, documents: tuple[DocumentType, ...] = DOCUMENT_TYPES) -> None:
        """Compile up front, so that a broken template stops a run before anything is written."""
        for document in documents:
            self.get(document)

    def render(
        self,
        traject: Traject,
        document: DocumentType,
        *,
        base: dict[str, Any] | None = None,
        digest: str | None = None,
        versie: int = 1,
    ) -> bytes:
        """The .docx bytes of one document. ``base`` (:func:`record_context`) and ``digest``
        (:func:`record_hash`) may be passed in when rendering several documents of one
        trajectory; ``versie`` is the document's version (in its metadata, and as
        ``versie`` for a template that prints it)."""
        context = document_context(traject, document, base)
        context["versie"] = versie
        template = self.get(document)
        properties = document_properties(
            traject,
            document,
            digest or record_hash(traject),
            (template.naam, template.sha256),
            versie,
        )
        return template.render(context, core_xml(traject, document), properties)
