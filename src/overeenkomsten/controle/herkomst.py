"""Where the facts come from: TM (the visible text against the metadata; the text counts,
it is what people signed) and TR (the documents against traject.json, when given)."""

from __future__ import annotations

from collections.abc import Iterator

from overeenkomsten.controle.basis import Context
from overeenkomsten.controle.bevinding import Bevinding
from overeenkomsten.controle.feiten import parse_value
from overeenkomsten.controle.tekst import normalize
from overeenkomsten.model.kenmerken import (
    HASH_KEY,
    LABELS,
    kenmerken,
    record_hash,
    werkproces_regel,
)


def check_metadata(ctx: Context) -> Iterator[Bevinding]:
    """TM: the visible text and the metadata state the same values (the text counts)."""
    for doc in ctx.documenten:
        for label in LABELS:
            if label not in doc.metadata or label not in doc.kenmerken:
                continue
            text = parse_value(label, doc.kenmerken[label])
            meta = parse_value(label, doc.metadata[label])
            if _same(text.sleutel, meta.sleutel, text.tekst, meta.tekst):
                continue
            yield Bevinding(
                "TM",
                "fout",
                "tekst-metadata",
                f"{ctx.label(doc)} {label}: in de tekst '{text.tekst}', in de metadata "
                f"'{meta.tekst}'. De tekst telt (die is ondertekend).",
                (doc.naam,),
                {
                    f"{doc.naam} (tekst)": text.tekst or "",
                    f"{doc.naam} (metadata)": meta.tekst or "",
                },
            )


def _same(a: object, b: object, text_a: str | None, text_b: str | None) -> bool:
    if a is not None and b is not None:
        return a == b
    return normalize(text_a or "") == normalize(text_b or "")


def check_record(ctx: Context) -> Iterator[Bevinding]:
    """TR: each document states what traject.json says (only when a record is given)."""
    traject = ctx.traject
    if traject is None:
        return
    digest = record_hash(traject)
    for doc in ctx.documenten:
        assert doc.type is not None
        for label, expected in kenmerken(traject, doc.type).items():
            printed = doc.waarde(label)
            wanted = parse_value(label, expected)
            if printed.tekst is not None and not _same(
                printed.sleutel, wanted.sleutel, printed.tekst, expected
            ):
                yield Bevinding(
                    "TR",
                    "fout",
                    "document-wijkt-af-van-record",
                    f"{ctx.label(doc)} {label} {printed.tekst}, traject.json {expected}.",
                    (doc.naam,),
                    {doc.naam: printed.tekst, "traject.json": expected},
                )
        if doc.type in ("POK", "PV"):
            listed = set(doc.werkprocessen)
            record = {(w.code, w.crebo) for w in traject.werkprocessen}
            if doc.type == "PV" and traject.afronding is not None:  # X17: what was learned
                record = {(w.code, w.crebo) for w in traject.behaalde_werkprocessen}
            if record and listed != record:
                yield Bevinding(
                    "TR",
                    "fout",
                    "werkprocessen-wijken-af-van-record",
                    f"{ctx.label(doc)} noemt de werkprocessen "
                    f"{', '.join(werkproces_regel(*w) for w in sorted(listed)) or 'geen'}, "
                    f"traject.json {', '.join(werkproces_regel(*w) for w in sorted(record))}.",
                    (doc.naam,),
                )
        if doc.recordhash is not None and doc.recordhash != digest:
            yield Bevinding(
                "TR",
                "waarschuwing",
                "recordhash-verschilt",
                f"{ctx.label(doc)} is gemaakt van een andere versie van traject.json "
                f"({HASH_KEY} verschilt).",
                (doc.naam,),
            )
