"""Domain determinations that the record and its rules share, written once.

Whether a kandidaat is an adult on a date (V6, V11, X8) and whether a praktijkverklaring is
made (domein.md section 2, PV). Both :mod:`.traject` and :mod:`.regels` use them; keeping
them here lets the rules never import the record (no import cycle).
"""

from __future__ import annotations

import datetime as dt


def maakt_praktijkverklaring(einddoel: object, behaalde_werkprocessen: object) -> bool:
    """Whether a praktijkverklaring (PV) is made: einddoel praktijkverklaring and an
    ``afronding`` that lists at least one learned werkproces (domein.md §2 PV)."""
    return (
        einddoel == "praktijkverklaring"
        and isinstance(behaalde_werkprocessen, list)
        and len(behaalde_werkprocessen) > 0
    )


def is_adult(geboortedatum: dt.date, op: dt.date) -> bool:
    """18 or older on ``op``; on the 18th birthday itself counts as adult.

    Born on 29 February: the birthday in a common year is taken as 1 March.
    """
    return (op.year, op.month, op.day) >= (
        geboortedatum.year + 18,
        geboortedatum.month,
        geboortedatum.day,
    )
