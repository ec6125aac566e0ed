"""Dutch messages for template errors: what went wrong, in which paragraph, no values.

Jinja's own messages are English and may quote a value (a BSN); these sentences name the
template, the paragraph (by its text) and the variable instead.
"""

from __future__ import annotations

import re

import jinja2
from jinja2 import nodes

from overeenkomsten.documenten import analyse
from overeenkomsten.documenten.context import FilterError, context_shape
from overeenkomsten.errors import mask_bsn

_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def python_error(exc: Exception) -> str:
    """A Dutch description of an error in a template's expression (no values shown)."""
    if isinstance(exc, FilterError):
        return str(exc)
    if isinstance(exc, ZeroDivisionError):
        return "een deling door nul"
    if isinstance(exc, ArithmeticError):
        return "een rekenfout"
    if isinstance(exc, TypeError):
        return "een bewerking met een waarde van het verkeerde soort (bijvoorbeeld tekst + getal)"
    if isinstance(exc, LookupError):
        return "een element dat niet in de lijst staat"
    return f"een ongeldige waarde in een bewerking ({type(exc).__name__})"


def masked(text: str) -> str:
    """Error text with every 9-digit number masked: a message about a template must never
    show a BSN that happened to be in the value it was about (domein.md section 9)."""
    return _NINE_DIGITS.sub(lambda match: mask_bsn(match.group(0)), text)


def _paragraph(source: str, lineno: int | None) -> str:
    if not lineno:
        return ""
    lines = source.splitlines()
    if not 0 < lineno <= len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()
    return text if len(text) <= 90 else text[:87] + "..."


def _where(part_name: str, source: str, lineno: int | None) -> str:
    onderdeel = {"word/document.xml": "de tekst"}.get(part_name, part_name)
    text = _paragraph(source, lineno)
    return f"in {onderdeel}, alinea {lineno}: '{text}'" if text else f"in {onderdeel}"


def syntax_message(naam: str, part_name: str, source: str, exc: jinja2.TemplateSyntaxError) -> str:
    """A Dutch sentence for a Jinja syntax error, with the paragraph it is in."""
    message = exc.message or ""
    where = _where(part_name, source, exc.lineno)
    block = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
    if block:
        return (
            f"Het sjabloon {naam} heeft een blok '{{% {block.group(1)} %}}' dat niet wordt "
            f"afgesloten met '{{% end{block.group(1)} %}}' ({where})."
        )
    tag = re.search(r"Encountered unknown tag '(\w+)'", message)
    if tag:
        name = tag.group(1)
        if name.startswith("end") or name in ("else", "elif"):
            return (
                f"Het sjabloon {naam} heeft een '{{% {name} %}}' zonder bijbehorend begin "
                f"({where})."
            )
        return f"Het sjabloon {naam} gebruikt de onbekende tag '{{% {name} %}}' ({where})."
    return f"Het sjabloon {naam} bevat een fout in een Jinja-tag ({where}): {_syntax(message)}."


_TOKENS = {
    "end of print statement": "het einde van de tag (}})",
    "end of statement block": "het einde van de tag (%})",
    "end of template": "het einde van het sjabloon",
    "end of comment": "het einde van de opmerking (#})",
}
_SYNTAX = (
    (re.compile(r"^expected token '(.+)', got '(.+)'$"), "verwacht {0}, maar daar staat {1}"),
    (
        re.compile(r"^Expected an expression, got '(.+)'$"),
        "hier hoort een waarde of variabele, maar daar staat {0}",
    ),
    (re.compile(r"^unexpected '(.+)', expected '(.+)'$"), "onverwacht {0} (verwacht: {1})"),
    (re.compile(r"^unexpected '(end of .+)'$"), "{0} komt te vroeg: daarvoor ontbreekt iets"),
    (re.compile(r"^unexpected '(.+)'$"), "onverwacht {0}"),
)
_CHAR = re.compile(r"^unexpected char (.+) at \d+$")


def _token(word: str) -> str:
    return _TOKENS.get(word, f"'{word}'")


def _syntax(message: str) -> str:
    """Jinja's English syntax message in Dutch; anything unknown as a plain hint."""
    message = message.strip()
    for pattern, dutch in _SYNTAX:
        match = pattern.match(message)
        if match:
            return dutch.format(*(_token(word) for word in match.groups()))
    char = _CHAR.match(message)
    if char:
        return (
            f"onverwacht teken {char.group(1)} (een aanhalingsteken of haakje dat niet "
            "wordt gesloten?)"
        )
    return "controleer de schrijfwijze van de tag (haakjes, aanhalingstekens, %} en }})"


def render_message(naam: str, ast: nodes.Template, exc: jinja2.TemplateError) -> str:
    """A Dutch sentence for an error while filling in a template (never a BSN)."""
    if isinstance(exc, jinja2.exceptions.SecurityError):
        attribute = re.search(r"attribute '([^']+)' of '([^']+)'", exc.message or "")
        what = (
            f"het opvragen van '{attribute.group(1)}' van een {attribute.group(2)}-waarde"
            if attribute
            else "een handeling buiten het record"
        )
        return (
            f"Het sjabloon {naam} probeert iets wat in een sjabloon niet mag: {what}. Een "
            "sjabloon mag alleen gegevens uit het record tonen (afgeschermde omgeving)."
        )
    if isinstance(exc, jinja2.UndefinedError):
        variable = masked(analyse.undefined_name(exc.message or "") or "?")
        shape = {**dict.fromkeys(jinja2.Environment().globals, analyse.ANY), **context_shape()}
        for unknown in analyse.unknown_variables(ast, shape):
            if unknown == variable or unknown.endswith(f".{variable}"):
                variable = unknown
                break
        return (
            f"Het sjabloon {naam} gebruikt de variabele '{variable}', maar die bestaat niet in "
            "het record. Zie de lijst met variabelen in de handleiding."
        )
    return (
        f"Het sjabloon {naam} kan niet worden ingevuld: een tag kan met deze gegevens niet "
        "worden uitgevoerd. Controleer de tags met 'overeenkomsten sjablonen-controle'."
    )


def render_code(exc: jinja2.TemplateError) -> str:
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return "sjabloon-onveilig"
    if isinstance(exc, jinja2.UndefinedError):
        return "sjabloon-onbekende-variabele"
    return "sjabloon-fout"
