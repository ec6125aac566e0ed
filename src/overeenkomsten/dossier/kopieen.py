"""A dossier's readable pages against its originals (X7): the copies and the cover must say
what the attached originals say.

People read the pages; the check reads the attachments. A dossier rewritten by someone
(without its seal, with ``"zegel": false`` in the manifest) could show a forged copy or a
forged cover line while the originals stay intact. So every copy's text is compared, page
by page, with its original's; every page belongs to the cover or to a copy; the facts
on the cover and in the manifest's summary (the trajectory, dates, codes, the kandidaat,
the SHA-256 of each original) are those of the originals; and the verdict the cover and
the manifest state is not better than what a fresh check of the originals gives.

Page labels and the manifest's ``paginalabels`` are written by whoever wrote the file, so
they only help to name a page: the pages after the cover must be, by their text, the
copies of the readable originals in the manifest's order, whatever they are labelled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass

from overeenkomsten._tekst import dutch_date
from overeenkomsten.controle import Bevinding
from overeenkomsten.controle.artikelen import Zin, sentence_facts
from overeenkomsten.controle.extract import page_texts
from overeenkomsten.controle.feiten import DocumentFeiten
from overeenkomsten.controle.tekst import normalize
from overeenkomsten.dossier.beeld import Beeld, copy_differences, page_views, shows_nothing
from overeenkomsten.dossier.bijlagen import Bijlage
from overeenkomsten.dossier.manifest import Manifest
from overeenkomsten.dossier.opbouw import VOORBLAD_LABEL
from overeenkomsten.dossier.status import NL, OORDEEL_UITLEG
from overeenkomsten.handtekeningen.types import Handtekening
from overeenkomsten.model.kenmerken import LABELS

_SHA = re.compile(r"[0-9a-f]{64}")
_SHA_HEADING = "Originelen (bijlagen)"
_INDEX_HEADING = "Inhoud"
_SUMMARY_START = "Traject"
_SUMMARY_END = "Oordeel van de controle"


@dataclass(frozen=True)
class Pagina:
    label: str
    tekst: str
    #: What the page shows beyond its text (drawing, annotations); None when unreadable.
    beeld: Beeld | None = None


def pages(pdf: bytes) -> list[Pagina]:
    """Each page's label, normalised text and view (an unreadable page: empty text).

    Read once per file (the originals are compared by label and by place); the cache
    keeps the pages of the last few files by their SHA-256, not the files themselves."""
    key = hashlib.sha256(pdf).digest()
    found = _GELEZEN.get(key)
    if found is None:
        found = _pages(pdf)
        if len(_GELEZEN) >= 16:
            _GELEZEN.pop(next(iter(_GELEZEN)))
        _GELEZEN[key] = found
    return list(found)


_GELEZEN: dict[bytes, tuple[Pagina, ...]] = {}


def _pages(pdf: bytes) -> tuple[Pagina, ...]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    labels = list(reader.page_labels)
    texts = page_texts(pdf, reader)
    try:
        views: list[Beeld | None] = list(page_views(reader.pages))
    except Exception:  # noqa: BLE001 - pages pypdf cannot walk: compared on text only
        views = []
    views += [None] * (len(texts) - len(views))
    return tuple(
        Pagina(labels[index] if index < len(labels) else str(index + 1), text, views[index])
        for index, text in enumerate(texts)
    )


def _view_findings(
    copy: Sequence[Pagina], original: Sequence[Pagina], bijlage: Bijlage, naam: str
) -> Iterator[Bevinding]:
    """Copy pages whose text is the original's but which show something else."""
    for kopie, pagina in zip(copy, original, strict=False):
        if kopie.beeld is None or pagina.beeld is None:
            continue
        problems = copy_differences(pagina.beeld, kopie.beeld)
        if problems:
            yield Bevinding(
                "DOSSIER",
                "fout",
                "kopie-beeld-wijkt-af",
                f"Pagina {kopie.label} van het dossier heeft de tekst van het origineel "
                f"{bijlage.naam}, maar laat iets anders zien: {'; '.join(problems)}. Wat er "
                "op de kopie te zien is, kan dus iets anders zeggen dan het origineel. Het "
                "origineel telt; de kopie is na het bundelen veranderd.",
                (naam, bijlage.naam),
            )
            return


def check_pages(
    dossier: bytes,
    manifest: Manifest | None,
    originelen: Sequence[Bijlage],
    feiten: Sequence[DocumentFeiten],
    naam: str,
    oordeel: str | None = None,
) -> Iterator[Bevinding]:
    """The copies and the cover against the originals; ``oordeel`` is the verdict of a
    fresh check of those originals, against which the cover's and manifest's claims are
    held."""
    try:
        gelezen = pages(dossier)
    except Exception:  # noqa: BLE001 - the dossier's own pages cannot be read: say so
        yield Bevinding(
            "DOSSIER",
            "niet-gecontroleerd",
            "paginas-onleesbaar",
            "De leesbare pagina's van het dossier konden niet gelezen worden; ze zijn niet "
            "met de originelen vergeleken.",
            (naam,),
        )
        return
    known = {VOORBLAD_LABEL}
    reported: set[str] = set()
    if manifest is not None:
        by_name = {b.naam: b for b in originelen}
        for document in manifest.documenten:
            bijlage = by_name.get(document.bestand)
            prefix = _prefix(document.paginalabels)
            if prefix is None or bijlage is None:
                continue
            known.add(prefix)
            for bevinding in _copy(gelezen, prefix, bijlage, naam):
                reported.add(bijlage.naam)
                yield bevinding
    cover_count = yield from _copies_by_content(gelezen, manifest, originelen, naam, reported)
    extra = [p.label for p in gelezen if _label_prefix(p.label) not in known]
    if extra:
        yield Bevinding(
            "DOSSIER",
            "fout",
            "pagina-onbekend",
            f"Het dossier heeft pagina's die geen voorblad en geen kopie van een origineel "
            f"zijn: {', '.join(extra[:10])}. Ze zijn er later in gezet; lees alleen de "
            "originelen (bijlagen).",
            (naam,),
        )
    cover = [p for p in gelezen if _label_prefix(p.label) == VOORBLAD_LABEL]
    yield from _cover_annotations(cover or gelezen[: max(cover_count, 0)], naam)
    yield from _cover(cover, manifest, originelen, feiten, naam)
    if manifest is not None:
        yield from _manifest_claims(manifest, feiten, naam)
    if oordeel is not None:
        claimed_pages = cover if cover else gelezen[: max(cover_count, 0)]
        lines = [normalize(line) for p in claimed_pages for line in p.tekst.splitlines()]
        yield from _claim("het voorblad", _claimed(lines), oordeel, naam)
        if manifest is not None:
            yield from _claim("het manifest", manifest.controle.oordeel, oordeel, naam)


def _copies_by_content(
    gelezen: list[Pagina],
    manifest: Manifest | None,
    originelen: Sequence[Bijlage],
    naam: str,
    reported: set[str],
) -> Generator[Bevinding, None, int]:
    """The pages after the cover are the copies of the readable originals, in order, by
    their text; labels play no part. Returns the number of cover pages this implies."""
    order = list(originelen)
    if manifest is not None:
        rank = {d.bestand: i for i, d in enumerate(manifest.documenten)}
        order.sort(key=lambda b: rank.get(b.naam, len(rank)))
    expected: list[tuple[Bijlage, list[str], list[Pagina]]] = []
    for bijlage in order:
        try:
            original = pages(bijlage.data)
        except Exception:  # noqa: BLE001 - an unreadable original gets no copy
            continue
        if original:
            expected.append((bijlage, [normalize(p.tekst) for p in original], original))
    total = sum(len(texts) for _b, texts, _p in expected)
    cover_count = len(gelezen) - total
    if cover_count < 1:
        missing = [b.naam for b, _t, _p in expected if b.naam not in reported]
        if missing:
            yield Bevinding(
                "DOSSIER",
                "fout",
                "kopie-ontbreekt",
                f"Het dossier heeft {len(gelezen)} leesbare pagina's, te weinig voor een "
                f"voorblad en de kopieën van de originelen ({total} pagina's): de kopie van "
                f"{', '.join(missing)} ontbreekt of is ingekort.",
                (naam, *missing),
            )
        return cover_count
    offset = cover_count
    for bijlage, texts, original in expected:
        copy = gelezen[offset : offset + len(texts)]
        offset += len(texts)
        if bijlage.naam in reported:
            continue
        if [normalize(p.tekst) for p in copy] == texts:
            for bevinding in _view_findings(copy, original, bijlage, naam):
                reported.add(bijlage.naam)
                yield bevinding
            continue
        verschil = _first_difference(" ".join(texts), " ".join(normalize(p.tekst) for p in copy))
        yield Bevinding(
            "DOSSIER",
            "fout",
            "kopie-wijkt-af",
            f"De pagina's waar de leesbare kopie van {bijlage.naam} hoort te staan "
            f"({copy[0].label} t/m {copy[-1].label}) zeggen iets anders dan het origineel in "
            f"de bijlage: {verschil}. Het origineel telt; de kopie is na het bundelen "
            "veranderd, vervangen of verplaatst.",
            (naam, bijlage.naam),
            {f"{naam} (kopie)": f"{len(copy)} pagina's", bijlage.naam: f"{len(texts)} pagina's"},
        )
    return cover_count


_RANG = {"in orde": 0, "onvolledig": 1, "fouten": 2}
_CLAIM = re.compile(r"\boordeel\s*:\s*(in orde|onvolledig|fouten)\b")


def _cover_annotations(cover: Sequence[Pagina], naam: str) -> Iterator[Bevinding]:
    """The cover carries no annotation that shows something (only links, and the seal's
    invisible field): an annotation's appearance could paint over what the cover says."""
    for pagina in cover:
        shown = sorted(
            subtype.lstrip("/")
            for subtype, box, look in (pagina.beeld.aantekeningen if pagina.beeld else ())
            if not shows_nothing((subtype, box, look))
        )
        if shown:
            yield Bevinding(
                "DOSSIER",
                "fout",
                "voorblad-aantekening",
                f"Op pagina {pagina.label} (voorblad) staan aantekeningen ({', '.join(shown)}) "
                "die bundel nooit maakt: hun weergave kan over de tekst van het voorblad "
                "heen iets anders laten zien. Ze zijn er na het bundelen op gezet.",
                (naam,),
            )
            return


def _claimed(lines: Sequence[str]) -> str | None:
    """The most favourable verdict the cover states: its verdict line, or the sentence
    that explains a verdict."""
    found: set[str] = set()
    for line in lines:
        lowered = line.casefold()
        found.update(m.group(1) for m in _CLAIM.finditer(lowered))
        for oordeel, zin in OORDEEL_UITLEG.items():
            if normalize(zin).casefold() in lowered:
                found.add(oordeel)
    return min(found, key=lambda o: _RANG[o]) if found else None


def _claim(waar: str, claimed: str | None, oordeel: str, naam: str) -> Iterator[Bevinding]:
    """A verdict ``waar`` states that is better than the fresh check's ``oordeel``."""
    if claimed not in _RANG or oordeel not in _RANG or _RANG[claimed] >= _RANG[oordeel]:
        return
    code = "voorblad-oordeel" if waar == "het voorblad" else "manifest-oordeel"
    if oordeel == "fouten":
        yield Bevinding(
            "DOSSIER",
            "fout",
            code,
            f"{waar[0].upper()}{waar[1:]} zegt dat de controle '{claimed}' opleverde, maar de "
            f"controle van de originelen in de bijlagen geeft nu '{oordeel}'. Lees "
            f"{waar} niet als oordeel: het is na het bundelen veranderd, of de originelen "
            "zijn niet in orde. Het oordeel van deze controle telt.",
            (naam,),
            {waar: claimed, "controle van de originelen": oordeel},
        )
        return
    yield Bevinding(
        "DOSSIER",
        "waarschuwing",
        code,
        f"{waar[0].upper()}{waar[1:]} zegt dat de controle '{claimed}' opleverde; deze "
        f"controle van de originelen komt op '{oordeel}'. Was er bij het bundelen meer te "
        "controleren (bijvoorbeeld met --vertrouwd, --crl of --erkenningen), geef dat dan "
        f"nu ook op; anders zegt {waar} meer dan vast te stellen is.",
        (naam,),
        {waar: claimed, "controle van de originelen": oordeel},
    )


def _prefix(paginalabels: str | None) -> str | None:
    if not paginalabels:
        return None
    first = paginalabels.split(" ", 1)[0]
    return first.rsplit("-", 1)[0] if "-" in first else None


def _label_prefix(label: str) -> str:
    return label.rsplit("-", 1)[0] if "-" in label else label


def _copy(gelezen: list[Pagina], prefix: str, bijlage: Bijlage, naam: str) -> Iterator[Bevinding]:
    copy = [p for p in gelezen if _label_prefix(p.label) == prefix]
    try:
        original = pages(bijlage.data)
    except Exception:  # noqa: BLE001 - an unreadable original has no copy to compare
        return
    if not copy:
        yield Bevinding(
            "DOSSIER",
            "fout",
            "kopie-ontbreekt",
            f"De leesbare kopie van {bijlage.naam} ({prefix}) ontbreekt in het dossier.",
            (naam, bijlage.naam),
        )
        return
    a = [normalize(p.tekst) for p in original]
    b = [normalize(p.tekst) for p in copy]
    if a == b:
        yield from _view_findings(copy, original, bijlage, naam)
        return
    verschil = _first_difference(" ".join(a), " ".join(b))
    yield Bevinding(
        "DOSSIER",
        "fout",
        "kopie-wijkt-af",
        f"De leesbare kopie van {bijlage.naam} (pagina's {copy[0].label} t/m {copy[-1].label}) "
        f"zegt iets anders dan het origineel in de bijlage: {verschil}. Het origineel telt; "
        "de kopie is na het bundelen veranderd.",
        (naam, bijlage.naam),
        {f"{naam} (kopie)": f"{len(copy)} pagina's", bijlage.naam: f"{len(original)} pagina's"},
    )


def _first_difference(original: str, copy: str) -> str:
    a, b = original.split(), copy.split()
    index = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    start = max(0, index - 5)
    was = " ".join(a[start : index + 8])
    nu = " ".join(b[start : index + 8])
    return f"origineel '…{was}…', kopie '…{nu}…'"


def _cover(
    cover: list[Pagina],
    manifest: Manifest | None,
    originelen: Sequence[Bijlage],
    feiten: Sequence[DocumentFeiten],
    naam: str,
) -> Iterator[Bevinding]:
    lines = [normalize(line) for p in cover for line in p.tekst.splitlines() if line.strip()]
    if not lines:
        yield Bevinding(
            "DOSSIER", "fout", "voorblad-ontbreekt", "Het dossier heeft geen voorblad.", (naam,)
        )
        return
    # The SHA-256 of every original, and no other (a table cell may wrap a hash).
    joined = re.sub(r"\s+", "", " ".join(lines[_index(lines, _SHA_HEADING) :]))
    shown = set(_SHA.findall(joined))
    real = {b.sha256 for b in originelen}
    wrong = sorted(shown - real)
    missing = sorted(b.naam for b in originelen if b.sha256 not in shown)
    if wrong or (missing and shown):
        yield Bevinding(
            "DOSSIER",
            "fout",
            "voorblad-sha256",
            "Het voorblad noemt andere SHA-256-waarden dan die van de bijlagen"
            + (f": {', '.join(wrong)}" if wrong else "")
            + (f"; niet genoemd: {', '.join(missing)}" if missing else "")
            + ".",
            (naam,),
        )
    index = " ".join(lines[_index(lines, _INDEX_HEADING) : _index(lines, _SHA_HEADING)])
    yield from _cover_signatures(" ".join(index.split()), _all_signatures(originelen, feiten), naam)
    start, end = _index(lines, _SUMMARY_START), _index(lines, _SUMMARY_END)
    # a labelled line elsewhere on the cover ("Kandidaat: ...") is read as part of it
    labelled = [line for i, line in enumerate(lines) if (i < start or i >= end) and _labelled(line)]
    summary = [*lines[start:end], *labelled]
    yield from _facts(
        "het voorblad", " ".join(summary), feiten, manifest, naam, _labelled_lines(summary, feiten)
    )
    if manifest is not None and manifest.traject:
        text = " ".join(f"{k} {v}" for k, v in manifest.traject.items())
        yield from _facts("het manifest", text, feiten, manifest, naam)


#: One signature in the cover's index: "<rol>: <name>, <date> <time> (<source>)".
_SIGNATURE_LINE = re.compile(
    r"(\d{1,2} [a-z]+ \d{4}) \d{2}:\d{2} \((?:eigen opgave|tijdstempel|bron onbekend)\)"
)
_GOOD = ("intact, geldig en vertrouwd", "intact en geldig, maar niet vertrouwd")


def _all_signatures(
    originelen: Sequence[Bijlage], feiten: Sequence[DocumentFeiten]
) -> list[Handtekening]:
    """The signatures of every attachment: as the check read them, and those of an
    attachment it did not read as a document (an attestation beside its scan)."""
    from overeenkomsten.handtekeningen import inspect_signatures

    gelezen = {d.naam: d for d in feiten}
    found = [h for d in feiten for h in d.handtekeningen or ()]
    for bijlage in originelen:
        if bijlage.naam not in gelezen:
            try:
                found.extend(inspect_signatures(bijlage.data))
            except Exception:  # noqa: BLE001 - unreadable: it shows no signature either
                continue
    return found


def _cover_signatures(index: str, real: Sequence[Handtekening], naam: str) -> Iterator[Bevinding]:
    """The cover's index names only signers, signing days and good signatures that the
    originals have: a forged line there would show an unsigned set as signed."""
    signers = {f"{normalize(h.ondertekenaar).casefold()}, " for h in real}
    days = {h.tijdstip.astimezone(NL).date() for h in real if h.tijdstip}
    good = sum(1 for h in real if h.intact and h.geldig and h.toegestaan)
    lowered = index.casefold()
    problems = []
    for match in _SIGNATURE_LINE.finditer(index):
        before = lowered[: match.start()]
        if not any(before.endswith(signer) for signer in signers):
            wie = index[: match.start()].rstrip(", ").rsplit(": ", 1)[-1]
            problems.append(f"ondertekenaar {wie}")
        day = next((f.waarde for f in sentence_facts(Zin("", match.group(1)))), None)
        if isinstance(day, dt.date) and day not in days:
            problems.append(f"ondertekend op {match.group(1)}")
    claimed = sum(index.count(phrase) for phrase in _GOOD)
    if claimed > good:
        problems.append(f"{claimed} handtekeningen in orde (de originelen hebben er {good})")
    if problems:
        yield Bevinding(
            "DOSSIER",
            "fout",
            "voorblad-handtekeningen",
            "De inhoudsopgave op het voorblad noemt handtekeningen die de originelen niet "
            f"hebben: {'; '.join(problems)}. Het origineel telt; het voorblad is na het "
            "bundelen veranderd.",
            (naam,),
        )


#: The labels of the cover's summary and of the Kenmerken block (a line of the cover that
#: starts with one states a fact about the trajectory).
_LABELS = tuple(
    sorted(
        {*LABELS, "Kandidaat", "Instelling", "Leerbedrijf", "Praktijkopleider", "RMT"},
        key=len,
        reverse=True,
    )
)


def _labelled(line: str) -> bool:
    return any(re.match(rf"{re.escape(label)}\b", line) for label in _LABELS)


def _labelled_lines(lines: Sequence[str], feiten: Sequence[DocumentFeiten]) -> list[str]:
    """Cover lines naming a kandidaat or trajectory that no original names."""
    docs = [d for d in feiten if d.bruikbaar]
    kandidaten = {normalize(k).casefold() for d in docs if (k := d.waarde("Kandidaat").tekst)}
    ids = {t for d in docs if (t := d.waarde("Traject").tekst)}
    problems = []
    for line in lines:
        label, _sep, value = line.partition(" ")
        label, value = label.rstrip(":"), value.lstrip(": ").strip()
        if not value:
            continue
        if label == "Kandidaat" and kandidaten:
            if not any(k in normalize(value).casefold() for k in kandidaten):
                problems.append(f"'{line}'")
        elif label == "Traject" and ids and not any(i in value for i in ids):
            problems.append(f"'{line}'")
    return problems


def _index(lines: list[str], heading: str) -> int:
    return next((i for i, line in enumerate(lines) if line.startswith(heading)), len(lines))


def _facts(
    waar: str,
    text: str,
    feiten: Sequence[DocumentFeiten],
    manifest: Manifest | None,
    naam: str,
    regels: Sequence[str] = (),
) -> Iterator[Bevinding]:
    """Dates, codes and the kandidaat on the cover or in the manifest: the originals'.
    ``regels`` are problems already found line by line."""
    docs = [d for d in feiten if d.bruikbaar]
    if not docs or not text:
        return
    dates, codes = _known(docs, manifest)
    problems: list[str] = list(regels)
    for feit in sentence_facts(Zin(waar, text)):
        if isinstance(feit.waarde, dt.date):
            if feit.waarde not in dates:
                problems.append(f"datum {feit.tekst}")
        elif feit.soort in _CODES and str(feit.waarde) not in codes.get(feit.soort, set()):
            problems.append(f"{feit.soort} {feit.tekst}")
    kandidaten = sorted({k for d in docs if (k := d.waarde("Kandidaat").tekst)})
    lowered = normalize(text).casefold()
    if (
        "kandidaat" in lowered
        and kandidaten
        and not any(normalize(k).casefold() in lowered for k in kandidaten)
    ):
        problems.append(f"een andere kandidaat dan {', '.join(kandidaten)}")
    ids = sorted({t for d in docs if (t := d.waarde("Traject").tekst)})
    if ids and not any(i in text for i in ids):
        problems.append(f"een ander traject dan {', '.join(ids)}")
    if problems:
        yield Bevinding(
            "DOSSIER",
            "fout",
            "voorblad-wijkt-af" if waar == "het voorblad" else "manifest-wijkt-af",
            f"{waar[0].upper()}{waar[1:]} zegt iets anders dan de originelen in de bijlagen: "
            f"{'; '.join(problems)} staat in geen enkel origineel. Het origineel telt.",
            (naam,),
        )


_CODES = {
    "crebonummer": ("Crebonummer", "geheel"),
    "BRIN": ("Instelling (BRIN)", "code"),
    "KvK-nummer": ("Leerbedrijf (KvK)", "code"),
    "leerbedrijf-ID": ("Leerbedrijf-ID", "geheel"),
}


def _known(
    docs: Sequence[DocumentFeiten], manifest: Manifest | None
) -> tuple[set[dt.date], dict[str, set[str]]]:
    """The dates and codes the originals state anywhere (and the dossier's own date)."""
    dates: set[dt.date] = set()
    codes: dict[str, set[str]] = {}
    for doc in docs:
        for feit in sentence_facts(Zin("", " ".join(doc.tekst.regels if doc.tekst else ()))):
            if isinstance(feit.waarde, dt.date):
                dates.add(feit.waarde)
            else:
                codes.setdefault(feit.soort, set()).add(str(feit.waarde))
        for soort, (label, deel) in _CODES.items():
            value = doc.waarde(label, deel)  # type: ignore[arg-type]
            if value.gelezen:
                codes.setdefault(soort, set()).add(str(value.sleutel).upper())
        codes.setdefault("crebonummer", set()).update(c for _, c in doc.werkprocessen)
        for label in ("Startdatum", "Einddatum", "Geboortedatum"):
            day = doc.waarde(label).sleutel
            if isinstance(day, dt.date):
                dates.add(day)
        dates.update(
            h.tijdstip.astimezone(NL).date() for h in doc.handtekeningen or () if h.tijdstip
        )
    if manifest is not None:
        dates.add(manifest.gemaakt_op.date())
    return dates, codes


def _manifest_claims(
    manifest: Manifest, feiten: Sequence[DocumentFeiten], naam: str
) -> Iterator[Bevinding]:
    """What the manifest says about each original (its type, its signatures: field,
    signer, intact, valid) and about the end of the trajectory (``afronding``) is what the
    originals say. These do not depend on the options of a check (trust does), so a
    difference means the manifest was written by someone else than ``bundel``."""
    gelezen = {f.naam: f for f in feiten}
    problems: list[str] = []
    for document in manifest.documenten:
        doc = gelezen.get(document.bestand)
        if doc is None:
            continue
        if doc.bruikbaar and document.document not in (None, doc.type):
            problems.append(f"{document.bestand} is een {doc.type}, geen {document.document}")
        if doc.handtekeningen is None:
            continue
        claimed = sorted(
            (str(h.get("veld")), str(h.get("ondertekenaar")), h.get("intact"), h.get("geldig"))
            for h in document.handtekeningen
        )
        actual = sorted((h.veld, h.ondertekenaar, h.intact, h.geldig) for h in doc.handtekeningen)
        if claimed != actual:
            problems.append(
                f"bij {document.bestand} noemt het {len(claimed)} handtekening(en) "
                f"({_signatures(claimed)}), het origineel heeft er {len(actual)} "
                f"({_signatures(actual)})"
            )
    problems.extend(_afronding_claims(manifest, feiten))
    if problems:
        yield Bevinding(
            "DOSSIER",
            "fout",
            "manifest-wijkt-af",
            "Het manifest zegt iets anders dan de originelen in de bijlagen: "
            f"{'; '.join(problems)}. Het origineel telt; het manifest is niet door bundel "
            "geschreven of is daarna veranderd.",
            (naam,),
        )


def _signatures(items: Sequence[tuple[str, str, object, object]]) -> str:
    if not items:
        return "geen"
    return ", ".join(
        f"{veld}: {wie}" + ("" if intact is True and geldig is True else " (niet in orde)")
        for veld, wie, intact, geldig in items
    )


def _afronding_claims(manifest: Manifest, feiten: Sequence[DocumentFeiten]) -> Iterator[str]:
    """The manifest's ``afronding``: its dates and werkprocessen are in the originals."""
    afronding = manifest.afronding
    docs = [d for d in feiten if d.bruikbaar]
    if not afronding or not any(d.type == "PV" for d in docs):
        return
    dates, _codes = _known(docs, None)
    for key, value in afronding.items():
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            continue
        if day not in dates:
            yield f"afronding {key} {dutch_date(day)} staat in geen enkel origineel"
    learned = afronding.get("behaalde_werkprocessen") or []
    known = {code for d in docs for code, _crebo in d.werkprocessen}
    other = sorted(str(c) for c in (learned if isinstance(learned, list) else [learned]))
    other = [c for c in other if c not in known]
    if other:
        yield f"afronding noemt werkprocessen die in geen origineel staan: {', '.join(other)}"
