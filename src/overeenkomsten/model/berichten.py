"""Dutch messages for pydantic's own errors; the record's own errors are Dutch already."""

from __future__ import annotations

from pydantic_core import ErrorDetails

_BUILTIN_MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("verplicht", "Dit veld is verplicht."),
    "extra_forbidden": (
        "onbekend-veld",
        "Dit veld bestaat niet in het record (tikfout?); zie 'overeenkomsten schema'.",
    ),
    "string_too_long": ("tekst-te-lang", "De tekst is te lang (hoogstens {max_length} tekens)."),
    "model_type": ("object-verwacht", "Hier hoort een object met velden."),
    "model_attributes_type": ("object-verwacht", "Hier hoort een object met velden."),
    "dict_type": ("object-verwacht", "Hier hoort een object met velden."),
    "list_type": ("lijst-verwacht", "Hier hoort een lijst."),
    "string_type": ("tekst-verwacht", "Hier hoort tekst."),
}


def dutch_message(err: ErrorDetails) -> tuple[str, str]:
    """The stable code and Dutch message for one pydantic error (ours pass through)."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return "keuze-ongeldig", f"Kies een van: {expected}."
    if kind in _BUILTIN_MESSAGES:
        code, template = _BUILTIN_MESSAGES[kind]
        if kind != "missing" and err.get("input") is None:
            return "verplicht", "Dit veld is verplicht."
        return code, template.format(**ctx) if ctx else template
    if "_" in kind:
        # Another built-in pydantic error (our codes never hold "_"): never show English.
        return "ongeldig", "Deze waarde is ongeldig."
    return kind, err["msg"]
