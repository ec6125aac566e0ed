"""One finding of the check (*bevinding*): which rule, how serious, where, and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Ernst = Literal["fout", "waarschuwing", "niet-gecontroleerd"]
ERNSTEN: tuple[Ernst, ...] = ("fout", "waarschuwing", "niet-gecontroleerd")


@dataclass(frozen=True)
class Bevinding:
    """A finding about the documents of one trajectory.

    ``regel`` is the rule of domein.md section 5 (``X0``..``X14``) or one of our own codes
    (``TM`` text against metadata, ``TR`` documents against traject.json, ``BESTAND`` a file
    that could not be read). ``code`` is a stable kebab-case code for scripts.
    ``documenten`` are file names; ``waarden`` maps a file name to the value it states, for
    the values that disagree. ``bericht`` is the Dutch sentence for people.
    """

    regel: str
    ernst: Ernst
    code: str
    bericht: str
    documenten: tuple[str, ...] = ()
    waarden: Mapping[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The finding as the JSON object of the command-line contract."""
        return {
            "regel": self.regel,
            "ernst": self.ernst,
            "code": self.code,
            "documenten": list(self.documenten),
            "waarden": dict(self.waarden),
            "bericht": self.bericht,
        }
