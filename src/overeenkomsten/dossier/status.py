"""What the cover says in words: one Dutch line per signature (as its index shows it), and
the sentence under its verdict."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from overeenkomsten._tekst import dutch_date
from overeenkomsten.handtekeningen.types import Handtekening
from overeenkomsten.model.kenmerken import ROL_LABELS

NL = ZoneInfo("Europe/Amsterdam")

#: The sentence under the cover's verdict line; the check reads the cover's claim back
#: (:mod:`.kopieen`), so both use this one table.
OORDEEL_UITLEG = {
    "in orde": "Alle controles zijn gedaan en er is niets gevonden.",
    "onvolledig": (
        "Er is geen fout gevonden, maar niet alles kon worden gecontroleerd "
        "(zie de bevindingen 'niet gecontroleerd')."
    ),
    "fouten": "De controle vond fouten (zie hieronder).",
}


def signature_line(handtekening: Handtekening) -> str:
    """E.g. ``instelling: drs. P. de Vries, 31 augustus 2026 10:00 (eigen opgave): ...``."""
    h = handtekening
    wie = f"{_role(h)}: {h.ondertekenaar}"
    if h.tijdstip is not None:
        moment = h.tijdstip.astimezone(NL)
        bron = {"tijdstempel": "tijdstempel", "ondertekenaar": "eigen opgave"}.get(
            h.tijdstip_bron, "bron onbekend"
        )
        wie += f", {dutch_date(moment.date())} {moment:%H:%M} ({bron})"
    return f"{wie}: {status_text(h)}"


def status_text(h: Handtekening) -> str:
    """In orde (vertrouwd or not), or what is wrong."""
    if not h.intact:
        return "NIET in orde: de ondertekende inhoud is gewijzigd"
    if not h.geldig:
        return "NIET in orde: de handtekening klopt niet"
    if not h.toegestaan:
        return f"NIET in orde: na ondertekening gewijzigd ({h.wijzigingen})"
    if not h.vertrouwd:
        return (
            "intact en geldig, maar niet vertrouwd "
            "(certificaat niet herleid tot een vertrouwde basis)"
        )
    return "intact, geldig en vertrouwd"


def _role(h: Handtekening) -> str:
    if h.soort == "tijdstempel":
        return "documenttijdstempel"
    if h.rol is not None:
        return f"{h.veld} ({ROL_LABELS[h.rol]})" if ROL_LABELS[h.rol] != h.veld else h.veld
    return f"veld {h.veld}"
