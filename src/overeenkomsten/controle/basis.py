"""What every rule works with: the documents of one trajectory, and how to compare them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overeenkomsten._tekst import dutch_date
from overeenkomsten.controle.bevinding import Bevinding, Ernst
from overeenkomsten.controle.erkenningen import Erkenning
from overeenkomsten.controle.feiten import Deel, DocumentFeiten, Waarde
from overeenkomsten.handtekeningen.basis import ZONDER_VERTROUWEN, Vertrouwensbasis
from overeenkomsten.model.kenmerken import DocumentType
from overeenkomsten.model.traject import Traject
from overeenkomsten.register import KwalificatieRegister

if TYPE_CHECKING:
    from overeenkomsten.controle.documentstaat import Trajectstaat, Vervangen

CONTRACTEN: tuple[DocumentType, ...] = ("OOK", "POK", "PLOK")


@dataclass
class Context:
    """The documents of one trajectory and the optional inputs of the check.

    ``documenten`` are the files recognised as one of the four documents;
    ``onleesbaar`` the document files (.docx, PDF) that could not be read, which may be
    the missing ones; ``vervangen`` the older versions of a document (section 7);
    ``vertrouwd`` the trust roots and revocation lists given (loaded).
    """

    documenten: list[DocumentFeiten]
    onleesbaar: list[DocumentFeiten] = field(default_factory=list)
    register: KwalificatieRegister | None = None
    erkenningen: list[Erkenning] | None = None
    traject: Traject | None = None
    vervangen: list[Vervangen] = field(default_factory=list)
    vertrouwd: Vertrouwensbasis = ZONDER_VERTROUWEN
    sjablonen: Path | None = None
    #: The traject.json beside the documents (not compared with them: that is ``traject``),
    #: for where the trajectory stands: its ``afronding`` (X11).
    naast: Traject | None = None
    #: Lines for the report's header, not findings ("niet verzegeld", "sjabloon onbekend").
    kop: list[str] = field(default_factory=list)

    @cached_property
    def staat(self) -> Trajectstaat:
        """Present, signed, by whom, late: the one definition that ``status`` shares."""
        from overeenkomsten.controle.documentstaat import trajectory_state

        return trajectory_state(self)

    def of(self, *types: DocumentType) -> list[DocumentFeiten]:
        return [d for d in self.documenten if d.type in types]

    def label(self, doc: DocumentFeiten) -> str:
        """``PLOK``, or ``PLOK (bestand.pdf)`` when there is more than one PLOK."""
        assert doc.type is not None
        if len(self.of(doc.type)) > 1:
            return f"{doc.type} ({doc.naam})"
        return doc.type

    def consensus(
        self, label: str, types: Sequence[DocumentType] = CONTRACTEN, deel: Deel = "geheel"
    ) -> Any:
        """The value most documents of ``types`` state (ties: the first document's)."""
        values = [v.sleutel for d in self.of(*types) if (v := d.waarde(label, deel)).gelezen]
        if not values:
            return None
        return Counter(values).most_common(1)[0][0]

    @property
    def startdatum(self) -> dt.date | None:
        value = self.consensus("Startdatum")
        return value if isinstance(value, dt.date) else None


Rule = Callable[[Context], Iterable[Bevinding]]


def show(value: Waarde) -> str:
    """A value as the document prints it."""
    if isinstance(value.sleutel, dt.date):
        return dutch_date(value.sleutel)
    return value.tekst or ""


def names(docs: Iterable[DocumentFeiten]) -> tuple[str, ...]:
    return tuple(d.naam for d in docs)


def join(items: Sequence[str]) -> str:
    """``a``, ``a en b``, ``a, b en c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} en {items[-1]}"


def compare(
    ctx: Context,
    regel: str,
    code: str,
    wat: str,
    docs: Sequence[DocumentFeiten],
    label: str,
    *,
    deel: Deel = "geheel",
    ernst: Ernst = "fout",
    minimum: int = 2,
) -> Iterator[Bevinding]:
    """The same fact on ``docs``: a finding naming each document's value when they differ.

    When they agree but a document lacks the fact (or it cannot be read), or fewer than
    ``minimum`` documents state it, the comparison was not made: ``niet-gecontroleerd``.
    """
    groups: dict[Hashable, list[DocumentFeiten]] = {}
    shown: dict[str, str] = {}
    missing: list[str] = []
    for doc in docs:
        value = doc.waarde(label, deel)
        if value.gelezen:
            groups.setdefault(value.sleutel, []).append(doc)
            shown[doc.naam] = show(value)
        elif value.tekst is None:
            missing.append(f"{ctx.label(doc)} vermeldt geen {wat}")
        else:
            missing.append(f"{ctx.label(doc)} heeft als {wat} '{value.tekst}', dat is onleesbaar")
    if len(groups) > 1:
        ordered = [doc for group in sorted(groups.values(), key=len) for doc in group]
        parts = [f"{ctx.label(doc)} {wat} {shown[doc.naam]}" for doc in ordered]
        yield Bevinding(
            regel,
            ernst,
            code,
            f"{wat[0].upper()}{wat[1:]} verschilt: {', '.join(parts)}.",
            names(ordered),
            {doc.naam: shown[doc.naam] for doc in ordered},
        )
        return
    if missing:
        yield Bevinding(
            regel,
            "niet-gecontroleerd",
            f"{code}-niet-leesbaar",
            f"{wat[0].upper()}{wat[1:]} niet vergeleken: {'; '.join(missing)}.",
            names(docs),
        )
    elif sum(len(g) for g in groups.values()) < minimum:
        present = f"er is alleen {join([ctx.label(d) for d in docs])}" if docs else "er is geen"
        yield Bevinding(
            regel,
            "niet-gecontroleerd",
            f"{code}-te-weinig-documenten",
            f"{wat[0].upper()}{wat[1:]} niet vergeleken: daarvoor zijn twee documenten nodig "
            f"en {present}.",
            names(docs),
        )


def not_checked(regel: str, code: str, bericht: str, *docs: DocumentFeiten) -> Bevinding:
    """A check that could not be made, with the reason: never a silent pass."""
    return Bevinding(regel, "niet-gecontroleerd", code, bericht, names(docs))
