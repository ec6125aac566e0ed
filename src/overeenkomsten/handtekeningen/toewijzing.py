"""For which party a signature counts (X16): the one definition of "signed by whom".

A signature counts for a party only when the signer is that party: the certificate's
name (common name, or given name + surname) is the person printed in the party's
signature block, or a name the record declares for that person (``naam_op_certificaat``).
The field name alone never makes a stranger's signature count, and a field named after a
role the document does not have (the RMT on an OOK) counts for nobody. An e-signature
service's organisation seal counts when the signature's /Name (or its reason) names the
person; identity then rests on the service.

Pure Python over :class:`Handtekening` records: ``controleer`` and ``status`` both decide
with :func:`assign_signatures`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from overeenkomsten.handtekeningen.namen import fold, matches_any, same_person
from overeenkomsten.handtekeningen.types import Handtekening, Toewijzing
from overeenkomsten.model.kenmerken import ROLLEN, Rol
from overeenkomsten.model.traject import Traject

#: Signature kinds that can count for a party (a certifying first signature included).
PARTIJ_SOORTEN = ("handtekening", "zegel")


def record_names(traject: Traject, rol: Rol) -> tuple[str, ...]:
    """The names the record gives the person who signs for ``rol``, including
    ``naam_op_certificaat`` when declared (X16)."""
    persons: list[Any] = []
    names: list[Any]
    kandidaat = traject.kandidaat
    if rol == "kandidaat":
        persons.append(kandidaat)
        names = [kandidaat.volledige_naam]
    elif rol == "wettelijk-vertegenwoordiger":
        persons.append(kandidaat.wettelijk_vertegenwoordiger)
        names = [getattr(kandidaat.wettelijk_vertegenwoordiger, "naam", None)]
    elif rol in ("instelling", "leerbedrijf", "rmt"):
        party = getattr(traject, rol, None)
        persons.append(getattr(party, "ondertekenaar", None))
        names = [getattr(persons[-1], "naam", None)]
    elif rol == "praktijkopleider":
        persons.append(traject.praktijkopleider)
        names = [traject.praktijkopleider.naam]
    else:  # examencommissie
        commissie = getattr(traject.instelling, "examencommissie", None)
        persons.append(commissie)
        names = [getattr(commissie, "voorzitter", None)]
    for person in persons:
        alias = getattr(person, "naam_op_certificaat", None)
        if isinstance(alias, str):
            names.append(alias)
    return tuple(dict.fromkeys(n for n in names if isinstance(n, str) and n.strip()))


def certificate_names(h: Handtekening) -> tuple[str, ...]:
    """The person names on the signer's certificate."""
    if h.certificaat is not None:
        return h.certificaat.namen
    return (h.ondertekenaar,)


def mentions(text: str | None, name: str) -> bool:
    """True when ``text`` (a /Name or a reason) contains ``name`` as a run of words."""
    if not text:
        return False
    if same_person(text, name):
        return True
    words = fold(text).replace(",", " ").split()
    for size in range(2, 7):
        for start in range(0, len(words) - size + 1):
            if same_person(" ".join(words[start : start + size]), name):
                return True
    return False


def _via_service(h: Handtekening, names: Sequence[str]) -> bool:
    if h.certificaat is None or not h.certificaat.is_organisatie:
        return False
    return any(mentions(h.naam, n) or mentions(h.reden, n) for n in names)


def assign_signatures(
    handtekeningen: Iterable[Handtekening],
    partijen: Mapping[Rol, Sequence[str]],
    rollen: Collection[Rol],
) -> list[Toewijzing]:
    """One :class:`Toewijzing` per signature that could count for a party.

    ``partijen`` maps each role to the names of its signer (the printed block first, then
    the record's names); ``rollen`` are the roles the document has. Document timestamps
    and the dossier seal are left out.
    """
    result: list[Toewijzing] = []
    for h in handtekeningen:
        if h.soort not in PARTIJ_SOORTEN or h.veld == "zegel":
            continue
        result.append(_assign(h, partijen, rollen))
    return result


def _assign(
    h: Handtekening, partijen: Mapping[Rol, Sequence[str]], rollen: Collection[Rol]
) -> Toewijzing:
    names = certificate_names(h)
    if h.rol is not None:
        verwacht = next(iter(partijen.get(h.rol, ())), None)
        if h.rol not in rollen:
            return Toewijzing(h, None, probleem="rol-niet-in-document", verwacht=verwacht)
        wanted = partijen.get(h.rol, ())
        if matches_any(names, wanted):
            return Toewijzing(h, h.rol, via="certificaat", verwacht=verwacht)
        if _via_service(h, wanted):
            return Toewijzing(h, h.rol, via="dienst", verwacht=verwacht)
        return Toewijzing(h, None, probleem="naam-wijkt-af", verwacht=verwacht)
    ordered = [r for r in ROLLEN if r in rollen]
    for rol in ordered:
        if matches_any(names, partijen.get(rol, ())):
            return Toewijzing(h, rol, via="certificaat")
    for rol in ordered:
        if _via_service(h, partijen.get(rol, ())):
            return Toewijzing(h, rol, via="dienst")
    return Toewijzing(h, None, probleem="onbekende-ondertekenaar")


def signed_roles(toewijzingen: Iterable[Toewijzing]) -> set[Rol]:
    """The parties that have a signature counting for them."""
    return {t.rol for t in toewijzingen if t.rol is not None}
