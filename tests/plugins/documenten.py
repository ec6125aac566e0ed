"""Document sets made once per test session, for every stage that reads documents back.

``maak_sets(records, pdf=True)`` validates the records, writes their sets with the shipped
templates (all PDFs of one call in ONE LibreOffice run) and returns traject_id -> folder.
Calls with the same records (by content) return the same folders, so tests can share them;
treat those folders as read-only (copy one to ``tmp_path`` before changing it)::

    def test_something(maak_sets, record):
        record["kandidaat"]["achternaam"] = "Jansen & Zn <B.V.>"
        folder = maak_sets([record])[record["traject_id"]]

``voorbeeld_set`` is the folder of ``tests/data/traject.json`` (docx + pdf): a set made
at the start, so OOK, POK and PLOK only. A set with a praktijkverklaring (PV) needs a
finished record: :func:`afgerond` adds an ``afronding`` (the PV is made at the end, never
before; domein.md section 2), and ``afgeronde_set`` is the example's set made that way.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from overeenkomsten.documenten import DocumentGenerator
from overeenkomsten.model import Traject
from overeenkomsten.model.validatie import validate_record

MaakSets = Callable[..., dict[str, Path]]

#: The end of the example trajectory (tests/data/traject.json, 7 September 2026 - 11 June
#: 2027): it ended early, on a date that has passed, and the PV was issued a week later.
#: Past dates keep the record valid on any later day (V13: no date of issue in the future)
#: and keep the PV beside it correct for ``controleer`` (X11), which judges by today's date.
AFRONDING: dict[str, Any] = {
    "werkelijke_einddatum": "2026-11-20",
    "reden": "voortijdig",
    "toelichting": "Kandidaat heeft elders werk gevonden.",
    "datum_afgifte": "2026-11-27",
}
#: After the PV's date of issue: when the praktijkopleider and examencommissie sign it.
PV_ONDERTEKEND = dt.datetime(2026, 11, 27, 14, 0, tzinfo=dt.UTC)


def afgerond(data: dict[str, Any], **afronding: Any) -> dict[str, Any]:
    """A copy of ``data`` with an ``afronding``: :data:`AFRONDING` with ``afronding``'s
    changes, every werkproces of the record learned unless ``behaalde_werkprocessen`` says
    otherwise. Such a record gets its praktijkverklaring (for einddoel praktijkverklaring)."""
    finished = copy.deepcopy(data)
    codes = [w["code"] for w in data.get("werkprocessen") or []]
    finished["afronding"] = {**AFRONDING, "behaalde_werkprocessen": codes, **afronding}
    return finished


def valid_traject(data: dict[str, Any], vandaag: dt.date | None = None) -> Traject:
    """The Traject of ``data``; fails the test with the Dutch problems when it is invalid.

    ``vandaag`` fixes "today" for the rules (a PV's date of issue may not lie after it)."""
    traject, problems = validate_record(data, vandaag=vandaag)
    if traject is None:
        messages = "; ".join(f"{p.pad}: {p.bericht}" for p in problems if p.ernst == "fout")
        pytest.fail(f"ongeldig testrecord {data.get('traject_id')!r}: {messages}")
    return traject


def _require_libreoffice() -> None:
    """As the ``soffice`` fixture: skip without LibreOffice, but fail in CI."""
    if shutil.which("soffice") or shutil.which("libreoffice"):
        return
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) ontbreekt in CI: installeer het met scripts/setup.sh")
    pytest.skip("LibreOffice (soffice) is niet geinstalleerd")


@pytest.fixture(scope="session")
def document_generators() -> Iterator[dict[bool, DocumentGenerator]]:
    """One generator without PDF; the PDF one is made on first use (needs LibreOffice)."""
    generators: dict[bool, DocumentGenerator] = {False: DocumentGenerator(pdf=False)}
    yield generators
    for generator in generators.values():
        generator.close()


@pytest.fixture(scope="session")
def maak_sets(
    tmp_path_factory: pytest.TempPathFactory,
    document_generators: dict[bool, DocumentGenerator],
) -> MaakSets:
    """Factory ``(records: list[dict], pdf: bool = True, vandaag: date | None = None) ->
    {traject_id: folder}``; ``vandaag`` fixes "today" for validating the records (as in
    :func:`valid_traject`), to make a set a user could only make by another route."""
    cache: dict[str, dict[str, Path]] = {}
    root = tmp_path_factory.mktemp("documentensets")

    def make(
        records: list[dict[str, Any]], pdf: bool = True, vandaag: dt.date | None = None
    ) -> dict[str, Path]:
        canonical = json.dumps(
            [records, pdf, vandaag], sort_keys=True, ensure_ascii=False, default=str
        )
        key = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
        if key not in cache:
            if pdf and True not in document_generators:
                _require_libreoffice()
                document_generators[True] = DocumentGenerator(pdf=True)
            trajecten = [valid_traject(record, vandaag) for record in records]
            sets = document_generators[pdf].generate_many(trajecten, root / key)
            cache[key] = {s.traject_id: s.map for s in sets}
        return dict(cache[key])

    return make


@pytest.fixture(scope="session")
def voorbeeld_set(maak_sets: MaakSets, record_data: dict[str, Any]) -> Path:
    """The folder with the docx + pdf set of tests/data/traject.json (read-only)."""
    return maak_sets([record_data])[record_data["traject_id"]]


@pytest.fixture(scope="session")
def afgeronde_set(maak_sets: MaakSets, record_data: dict[str, Any]) -> Path:
    """The folder of the example trajectory made once it ended (:func:`afgerond`): OOK, POK,
    PLOK and PV, docx + pdf (read-only)."""
    return maak_sets([afgerond(record_data)])[record_data["traject_id"]]
