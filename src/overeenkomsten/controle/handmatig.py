"""X7 and X8 for a scan attested by hand (*handmatig vastgesteld*, domein.md section 7).

A wet-ink scan has no digital signature. When a valid attestation covers it, the parties it
lists count as signed, shown as "handmatig vastgesteld" (a ``waarschuwing`` that says who
checked and when, never a verified digital signature); a required party it does not list
is missing (``fout``); an attestation that no longer holds (the scan changed, its own
signature broken or not trusted) is a ``fout``; X8 uses the date on the paper, labelled
"volgens attestatie". The facts come from :mod:`.documentstaat`, as ``status`` reads them.
"""

from __future__ import annotations

from collections.abc import Iterator

from overeenkomsten._tekst import dutch_date
from overeenkomsten.controle.basis import Context, join
from overeenkomsten.controle.bevinding import Bevinding
from overeenkomsten.controle.documentstaat import VOORAF, DocumentStaat
from overeenkomsten.model.kenmerken import ROL_LABELS


def _attested(ctx: Context) -> list[DocumentStaat]:
    return [s for s in ctx.staat.documenten if s.attestatie is not None]


def check_attested(ctx: Context) -> Iterator[Bevinding]:
    """X7 for attested scans."""
    for s in _attested(ctx):
        a = s.attestatie
        assert a is not None
        label = f"{s.type} ({s.naam})"
        files = (s.naam, a.pad.name)
        if not a.geldig:
            yield Bevinding(
                "X7",
                "fout",
                "attestatie-geldt-niet",
                f"{label}: de attestatie {a.pad.name} geldt niet: {a.toelichting}",
                files,
            )
            continue
        seen = [ROL_LABELS[p.rol] for p in s.partijen if p.stand == "handmatig vastgesteld"]
        moment = f" op {dutch_date(a.gecontroleerd_op.date())}" if a.gecontroleerd_op else ""
        yield Bevinding(
            "X7",
            "waarschuwing",
            "handmatig-vastgesteld",
            f"{label} is een scan: de {'handtekening' if len(seen) == 1 else 'handtekeningen'} "
            f"{join(seen)} {'is' if len(seen) == 1 else 'zijn'} handmatig vastgesteld "
            f"door {a.gecontroleerd_door}{moment} (attestatie {a.pad.name}), niet digitaal "
            "gecontroleerd.",
            files,
        )
        for p in s.partijen:
            if p.stand == "ontbreekt":
                wie = f" ({p.naam})" if p.naam else ""
                yield Bevinding(
                    "X7",
                    "fout",
                    "handtekening-ontbreekt",
                    f"{label}: volgens de attestatie ontbreekt de handtekening "
                    f"{ROL_LABELS[p.rol]}{wie}.",
                    files,
                )
        if a.handtekening is not None and a.handtekening.vertrouwen == "niet-gecontroleerd":
            yield Bevinding(
                "X7",
                "niet-gecontroleerd",
                "vertrouwen-niet-gecontroleerd",
                f"{label}: de handtekening onder de attestatie van {a.gecontroleerd_door} is "
                "intact, maar niet als vertrouwd aangetoond (geef het basiscertificaat met "
                "--vertrouwd of OVEREENKOMSTEN_VERTROUWD).",
                files,
            )


def check_attested_beforehand(ctx: Context) -> Iterator[Bevinding]:
    """X8 for attested OOK and POK scans: the date on the paper, on or before the start."""
    for s in _attested(ctx):
        a = s.attestatie
        assert a is not None
        if s.type not in VOORAF or not a.geldig:
            continue
        label = f"{s.type} ({s.naam})"
        if s.startdatum is None:
            yield Bevinding(
                "X8",
                "niet-gecontroleerd",
                "startdatum-onleesbaar",
                f"{label}: de startdatum is in geen ander document leesbaar.",
                (s.naam,),
            )
        elif any(p.te_laat for p in s.partijen):
            yield Bevinding(
                "X8",
                "fout",
                "getekend-na-startdatum",
                f"{label} is ondertekend op {dutch_date(a.getekend_op)} (volgens attestatie), "
                f"na de startdatum {dutch_date(s.startdatum)}; OOK en POK horen vooraf "
                "getekend te worden.",
                (s.naam,),
                {
                    s.naam: f"ondertekend {dutch_date(a.getekend_op)}, startdatum "
                    f"{dutch_date(s.startdatum)}"
                },
            )
