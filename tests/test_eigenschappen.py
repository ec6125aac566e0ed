"""Property-based tests (hypothesis) over generated records.

* any valid record renders all its documents with no template tag left, and the facts read
  back from each document (the auditor's extractor) equal the record's;
* arbitrary input never makes validation raise: every problem is ours, in Dutch;
* the 40-week rule and the age rule hold at every boundary.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overeenkomsten.controle import DocumentBron, read_document
from overeenkomsten.controle.tekst import normalize
from overeenkomsten.documenten.genereer import DocumentGenerator
from overeenkomsten.model import Traject, is_adult
from overeenkomsten.model.kenmerken import documents_to_make, kenmerken
from overeenkomsten.model.validatie import validate_record
from overeenkomsten.register import KwalificatieRegister
from tests.conftest import data_path

BASE: dict[str, Any] = __import__("json").loads(data_path("traject.json").read_text("utf-8"))
REGISTER = KwalificatieRegister.default()
KWALIFICATIES = sorted(
    (REGISTER.get(c) for c in ("25371", "25372", "25078", "25080", "25104", "25251")),
    key=lambda k: k.crebo if k else "",
)

_TEXT = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"),
            blacklist_characters="\u00a0",
        ),
        min_size=1,
        max_size=30,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
_NAME = st.one_of(
    _TEXT,
    st.sampled_from(
        [
            "Jansen & Zn <B.V.>",
            "Bakkerij Smit B.V.",  # ends a sentence: one full stop, not two
            "Özdemir-van 't Hof",
            '"citaat"',
            "Fatma 😀",
            "{{ 7*7 }}",
            "{% if x %}",
            "Ĳsbrand Ærø",
            "李小龙",
        ]
    ),
)


@st.composite
def records(draw: st.DrawFn) -> dict[str, Any]:
    record = copy.deepcopy(BASE)
    start = draw(st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31)))
    length = draw(st.integers(0, 400))
    record["startdatum"] = start.isoformat()
    record["einddatum"] = (start + dt.timedelta(days=length)).isoformat()
    if length >= 280 or draw(st.booleans()):
        placement = draw(st.integers(0, min(length, 279)))
        record["plaatsing_einddatum"] = (start + dt.timedelta(days=placement)).isoformat()
    record["ondertekening"]["datum"] = (start - dt.timedelta(days=7)).isoformat()
    record["kandidaat"]["geboortedatum"] = draw(
        st.dates(dt.date(1960, 1, 1), start - dt.timedelta(days=16 * 365))
    ).isoformat()
    record["kandidaat"]["wettelijk_vertegenwoordiger"] = {"naam": draw(_NAME), "email": None}
    for path in (
        ("kandidaat", "voornamen"),
        ("kandidaat", "achternaam"),
        ("leerbedrijf", "naam"),
        ("instelling", "naam"),
        ("praktijkopleider", "naam"),
    ):
        record[path[0]][path[1]] = draw(_NAME)
    kwalificatie = draw(st.sampled_from(KWALIFICATIES))
    assert kwalificatie is not None
    record["opleiding"].update(
        crebo=kwalificatie.crebo, niveau=kwalificatie.niveau, naam=draw(_NAME)
    )
    record["einddoel"] = draw(st.sampled_from(["diploma", "certificaat", "praktijkverklaring"]))
    record["opleiding"]["certificaat"] = draw(_NAME)
    codes = draw(
        st.lists(
            st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(1, 9)),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    record["werkprocessen"] = [
        {"code": f"B{b}-K{k}-W{w}", "titel": draw(_NAME), "crebo": kwalificatie.crebo}
        for b, k, w in codes
    ]
    return record


_GENERATOR: DocumentGenerator | None = None


def _generator() -> DocumentGenerator:
    global _GENERATOR
    if _GENERATOR is None:
        _GENERATOR = DocumentGenerator(pdf=False)
    return _GENERATOR


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_any_valid_record_renders_and_reads_back(record: dict[str, Any]) -> None:
    traject, problems = validate_record(record)
    assert traject is not None, [p.as_dict() for p in problems]
    files = _generator().render(traject)
    # The engine makes the documents of documents_to_make (PV only after afronding).
    assert len(files) == len(documents_to_make(traject))
    for name, data in files.items():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        literal = xml.replace("{{ 7*7 }}", "").replace("{% if x %}", "")
        assert "{{" not in literal, name
        assert "{%" not in literal, name
        feiten = read_document(DocumentBron(name, data))
        assert feiten.bruikbaar, (name, feiten.leesfout)
        document = feiten.type
        assert document is not None
        expected = {k: normalize(v) for k, v in kenmerken(traject, document).items()}
        assert {k: normalize(v) for k, v in feiten.kenmerken.items()} == expected
        if document == "POK":
            assert list(feiten.werkprocessen) == [(w.code, w.crebo) for w in traject.werkprocessen]
        if document == "PV":  # only what was learned (afronding), nothing else; an engine
            # that still makes the PV at the start gets the planned list (transitional)
            listed = traject.behaalde_werkprocessen if traject.afronding else traject.werkprocessen
            assert list(feiten.werkprocessen) == [(w.code, w.crebo) for w in listed]


_ANY = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3)
    ),
    max_leaves=10,
)
_PATHS = [
    ("traject_id",),
    ("einddoel",),
    ("startdatum",),
    ("einddatum",),
    ("plaatsing_einddatum",),
    ("kandidaat", "bsn"),
    ("kandidaat", "geboortedatum"),
    ("kandidaat", "postcode"),
    ("kandidaat", "voornamen"),
    ("instelling", "brin"),
    ("opleiding", "crebo"),
    ("opleiding", "niveau"),
    ("leerbedrijf", "kvk"),
    ("bpv", "uren_per_week"),
    ("financiering", "opleidingskosten"),
    ("werkprocessen",),
    ("kandidaat",),
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PATHS), _ANY), min_size=1, max_size=4))
def test_arbitrary_values_give_only_dutch_problems(changes: list[Any]) -> None:
    record = copy.deepcopy(BASE)
    for path, value in changes:
        target = record
        for key in path[:-1]:
            target = target[key] if isinstance(target.get(key), dict) else {}
        target[path[-1]] = value
    traject, problems = validate_record(record)  # must never raise
    for problem in problems:
        assert problem.code
        assert problem.code == problem.code.lower()
        assert "_" not in problem.code
        assert "Input should" not in problem.bericht
        assert "validation error" not in problem.bericht
    assert (traject is None) == any(p.ernst == "fout" for p in problems)


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)), st.integers(1, 400))
def test_forty_weeks_is_280_days_inclusive(start: dt.date, days: int) -> None:
    record = copy.deepcopy(BASE)
    record["startdatum"] = start.isoformat()
    record["einddatum"] = (start + dt.timedelta(days=days - 1)).isoformat()
    record["ondertekening"]["datum"] = start.isoformat()
    record["financiering"] = {
        **record["financiering"],
        "praktijkplaatssubsidie": {"regeling": "Regeling", "bedrag_per_40_weken": 2700},
    }
    codes = {p.code for p in validate_record(record)[1]}
    assert ("plaatsing-langer-dan-40-weken" in codes) == (days > 280)
    if days <= 280:
        traject = Traject.model_validate(record)
        assert traject.plaatsing_dagen == days
        assert traject.subsidie is not None
        assert traject.subsidie <= 2700


@settings(max_examples=300, deadline=None)
@given(st.dates(dt.date(1990, 1, 1), dt.date(2012, 12, 31)), st.integers(-400, 400))
def test_age_rule_at_the_18th_birthday(born: dt.date, offset: int) -> None:
    try:
        birthday = born.replace(year=born.year + 18)
    except ValueError:  # 29 February in a common year: the birthday is 1 March
        birthday = dt.date(born.year + 18, 3, 1)
    signing = birthday + dt.timedelta(days=offset)
    assert is_adult(born, signing) == (signing >= birthday)
