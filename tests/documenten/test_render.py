"""Rendering: golden files, escaping, strictness, the sandbox, metadata, determinism."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from overeenkomsten.documenten import TemplateSet
from overeenkomsten.documenten.context import context_shape, document_context
from overeenkomsten.documenten.metadata import VERSION_KEY, read_custom_properties
from overeenkomsten.documenten.render import compile_template, default_template_dir
from overeenkomsten.errors import TemplateError
from overeenkomsten.model import Traject
from overeenkomsten.model.kenmerken import (
    DOCUMENT_TYPES,
    HASH_KEY,
    HERKOMST_KEYS,
    PROGRAMMA_KEY,
    RECORD_KEY,
    ROL_LABELS,
    SJABLOON_HASH_KEY,
    SJABLOON_KEY,
    DocumentType,
    kenmerken,
    kenmerken_regels,
    metadata_key,
    record_hash,
    required_roles,
)
from tests.conftest import data_path
from tests.documenten.hulp import (
    BIJZONDER,
    canonical,
    docx_text,
    injected,
    paragraphs,
    part,
    xml_parts,
)
from tests.plugins.documenten import valid_traject


@pytest.fixture(scope="module")
def templates() -> TemplateSet:
    return TemplateSet()


VANDAAG = dt.date(2027, 7, 1)


def afgerond(record_data: dict[str, Any]) -> dict[str, Any]:
    """The example record at its end: both werkprocessen learned, the PV issued."""
    record = copy.deepcopy(record_data)
    record["afronding"] = {
        "werkelijke_einddatum": "2027-06-11",
        "reden": "behaald",
        "behaalde_werkprocessen": ["B1-K1-W1", "B1-K1-W3"],
        "datum_afgifte": "2027-06-18",
    }
    return record


@pytest.fixture(scope="module")
def traject(record_data: dict[str, Any]) -> Traject:
    return valid_traject(afgerond(record_data), vandaag=VANDAAG)


@pytest.fixture(scope="module")
def rendered(templates: TemplateSet, traject: Traject) -> dict[DocumentType, bytes]:
    return {document: templates.render(traject, document) for document in DOCUMENT_TYPES}


@pytest.mark.parametrize("document", DOCUMENT_TYPES)
def test_document_xml_matches_golden_file(
    rendered: dict[DocumentType, bytes], document: DocumentType, update_golden: bool
) -> None:
    golden = data_path("golden", f"{document}.document.xml")
    actual = canonical(part(rendered[document]))
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), "golden file missing: run pytest --update-golden and review it"
    assert actual == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("document", DOCUMENT_TYPES)
def test_no_template_tag_survives_rendering(
    rendered: dict[DocumentType, bytes], document: DocumentType
) -> None:
    for name, xml in xml_parts(rendered[document]).items():
        text = xml.decode("utf-8")
        assert not re.search(r"\{\{|\{%|\{#", text), name


@pytest.mark.parametrize("document", DOCUMENT_TYPES)
def test_kenmerken_block_and_signature_blocks_follow_the_contract(
    rendered: dict[DocumentType, bytes], traject: Traject, document: DocumentType
) -> None:
    lines = paragraphs(rendered[document])
    start = lines.index("Kenmerken")
    expected = [f"{label}: {value}" for label, value in kenmerken_regels(traject, document)]
    assert lines[start + 1 : start + 1 + len(expected)] == expected
    headings = [line for line in lines if line.startswith("Handtekening ")]
    assert headings == [f"Handtekening {ROL_LABELS[r]}" for r in required_roles(traject, document)]
    for heading in headings:
        index = lines.index(heading)
        block = lines[index + 1 : index + 7]
        assert block[0].startswith("Naam: ")
        # Each signer writes its own place and date (domein.md v2 §2): empty lines.
        assert "Plaats: ______________________" in block
        assert "Datum: ______________________" in block
        # A natural person signs without a Functie ("Functie: kandidaat" is gone).
        has_functie = any(line.startswith("Functie: ") for line in block[:3])
        assert has_functie is (
            heading not in ("Handtekening kandidaat", "Handtekening wettelijk vertegenwoordiger")
        )
    assert sum("Opgemaakt op" in line for line in lines) == (document != "PV")


def test_the_plok_names_its_end_date_as_the_placement_end(
    rendered: dict[DocumentType, bytes],
) -> None:
    assert "Einddatum plaatsing: 11 juni 2027" in paragraphs(rendered["PLOK"])
    assert "Einddatum: 11 juni 2027" in paragraphs(rendered["POK"])


def test_footer_names_trajectory_document_and_page_fields(
    rendered: dict[DocumentType, bytes],
) -> None:
    footer = part(rendered["POK"], "word/footer1.xml").decode("utf-8")
    text = "".join(paragraphs(rendered["POK"], "word/footer1.xml"))
    assert text.startswith("RMT-TW-2026-0042 – Praktijkovereenkomst (POK)pagina ")
    assert " PAGE " in footer
    assert " NUMPAGES " in footer


def test_dates_and_money_are_written_the_dutch_way(
    rendered: dict[DocumentType, bytes], templates: TemplateSet, record_data: dict[str, Any]
) -> None:
    ook = docx_text(rendered["OOK"])
    assert "De opleiding begint op 7 september 2026" in ook
    assert "De prijs van de opleiding (de opleidingskosten) bedraagt € 3.250,00." in ook
    # The example record names no praktijkplaatssubsidie: the PLOK promises none.
    assert "subsidie" not in docx_text(rendered["PLOK"]).casefold()
    record = {**record_data, "financiering": {**record_data["financiering"]}}
    record["financiering"]["praktijkplaatssubsidie"] = {
        "regeling": "Subsidieregeling praktijkleren 2026",
        "bedrag_per_40_weken": 2700,
    }
    plok = docx_text(templates.render(valid_traject(record), "PLOK"))
    assert "voor deze plaatsing naar rato € 2.680,71." in plok  # 2700 x 278 / 280 dagen
    assert "op grond van Subsidieregeling praktijkleren 2026" in plok


def test_pv_lists_werkprocessen_in_a_table(rendered: dict[DocumentType, bytes]) -> None:
    document = Document(io.BytesIO(rendered["PV"]))
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows == [
        ["Werkproces (kwalificatie)", "Omschrijving"],
        ["B1-K1-W1 (crebo 25371)", "Ontvangt goederen"],
        ["B1-K1-W3 (crebo 25371)", "Slaat goederen op"],
    ]


def test_bsn_only_in_ook_text_and_never_in_metadata(
    rendered: dict[DocumentType, bytes],
) -> None:
    for document, data in rendered.items():
        in_text = "111222333" in docx_text(data)
        assert in_text == (document == "OOK"), document  # domein.md v2 §9: not on the PLOK
        for name, xml in xml_parts(data).items():
            if name.startswith("docProps/"):
                assert b"111222333" not in xml, (document, name)


@pytest.mark.parametrize("document", DOCUMENT_TYPES)
def test_custom_properties_hold_kenmerken_and_record_hash(
    rendered: dict[DocumentType, bytes], traject: Traject, document: DocumentType
) -> None:
    expected = {metadata_key(k): v for k, v in kenmerken(traject, document).items()}
    expected[HASH_KEY] = record_hash(traject)
    found = read_custom_properties(rendered[document])
    herkomst = {key: found.pop(key) for key in HERKOMST_KEYS}
    assert found.pop(VERSION_KEY) == "1"  # domein.md section 7: each document its version
    assert found == expected
    # Where the document comes from (X15): the BSN-free record, template and version.
    record = json.loads(herkomst[RECORD_KEY])
    assert record["kandidaat"]["bsn"] is None
    assert record["traject_id"] == traject.traject_id
    assert herkomst[SJABLOON_KEY] == f"{document}.docx"
    template = default_template_dir() / f"{document}.docx"
    assert herkomst[SJABLOON_HASH_KEY] == hashlib.sha256(template.read_bytes()).hexdigest()
    assert herkomst[PROGRAMMA_KEY].startswith("overeenkomsten ")


def test_core_properties_come_from_the_record(rendered: dict[DocumentType, bytes]) -> None:
    core = Document(io.BytesIO(rendered["PLOK"])).core_properties
    assert core.title == "Plaatsingsovereenkomst praktijkleren in het mbo RMT-TW-2026-0042"
    assert core.created is not None
    assert core.created.date().isoformat() == "2026-08-31"
    assert core.modified == core.created
    assert core.author == "ROC Voorbeeld"


def test_rendering_is_byte_identical_in_this_and_a_fresh_process(
    templates: TemplateSet, record_data: dict[str, Any]
) -> None:
    traject = valid_traject(record_data)
    first = templates.render(traject, "POK")
    assert templates.render(traject, "POK") == first
    script = (
        "import json, hashlib, sys\n"
        "from overeenkomsten.documenten import TemplateSet\n"
        "from overeenkomsten.model.validatie import validate_record\n"
        "t, _ = validate_record(json.load(open(sys.argv[1], encoding='utf-8')))\n"
        "print(hashlib.sha256(TemplateSet().render(t, 'POK')).hexdigest())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(data_path("traject.json"))],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == hashlib.sha256(first).hexdigest()


def test_packages_open_in_python_docx_and_are_valid_zips(
    rendered: dict[DocumentType, bytes],
) -> None:
    for data in rendered.values():
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert package.testzip() is None
            assert {i.date_time for i in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert Document(io.BytesIO(data)).paragraphs


def test_special_text_stays_exactly_as_typed(
    templates: TemplateSet, record_data: dict[str, Any]
) -> None:
    traject = valid_traject(injected(record_data))
    for document in DOCUMENT_TYPES:
        text = docx_text(templates.render(traject, document))
        for waarde in BIJZONDER.values():
            assert waarde in text, (document, waarde)
        assert "Praktijkopleider: {{ 7*7 }}" in text.splitlines()


def test_emoji_gets_a_run_of_its_own(templates: TemplateSet, record_data: dict[str, Any]) -> None:
    traject = valid_traject(injected(record_data))
    xml = part(templates.render(traject, "OOK")).decode("utf-8")
    assert re.search(
        r'w:ascii="Symbola"[^<]*/>(?:<[^t][^>]*>)*<w:t xml:space="preserve">😀</w:t>', xml
    )


def test_minderjarig_adds_the_wettelijk_vertegenwoordiger_block(
    templates: TemplateSet, record: dict[str, Any]
) -> None:
    record["kandidaat"]["geboortedatum"] = "2010-01-15"
    record["kandidaat"]["wettelijk_vertegenwoordiger"] = {"naam": "H. Yılmaz", "email": None}
    traject = valid_traject(record)
    for document in ("OOK", "POK", "PLOK"):  # domein.md v2: the PLOK too
        lines = paragraphs(templates.render(traject, document))
        index = lines.index("Handtekening wettelijk vertegenwoordiger")
        assert lines[index + 1] == "Naam: H. Yılmaz"
    assert "Handtekening wettelijk vertegenwoordiger" not in paragraphs(
        templates.render(traject, "PV")
    )


def test_optional_fields_left_empty_render_without_none(
    templates: TemplateSet, record: dict[str, Any]
) -> None:
    record["praktijkopleider"].update(email=None, telefoon=None)
    record["opleiding"].update(lesplaats=None, lesdagen=None)
    record["kandidaat"].update(bsn=None, onderwijsnummer="101222331")
    traject = valid_traject(record)
    text = docx_text(templates.render(traject, "OOK"))
    assert "None" not in text
    assert "onderwijsnummer 101222331" in text
    assert (
        "Waar en wanneer het onderwijs van de instelling wordt gegeven, maakt de instelling "
        "uiterlijk twee weken vóór de startdatum schriftelijk bekend." in text
    )


def test_every_context_variable_is_in_the_shape_the_check_uses(
    record_data: dict[str, Any],
) -> None:
    def keys(value: Any, prefix: str = "") -> set[str]:
        if isinstance(value, dict):
            return {
                k
                for name, v in value.items()
                for k in {prefix + name} | keys(v, f"{prefix}{name}.")
            }
        if isinstance(value, list) and value:
            return keys(value[0], prefix.rstrip(".") + "[].")
        return set()

    context = document_context(valid_traject(record_data), "PV")
    assert keys(context) <= keys(context_shape())


# -- user templates that must be refused ----------------------------------------------------


def _user_template(tmp_path: Path, document: DocumentType, extra_paragraph: str) -> Path:
    folder = tmp_path / "sjablonen"
    shutil.copytree(default_template_dir(), folder)
    docx = Document(str(folder / f"{document}.docx"))
    docx.add_paragraph().add_run(extra_paragraph)
    docx.save(str(folder / f"{document}.docx"))
    return folder


def test_sandbox_refuses_python_internals(tmp_path: Path, record_data: dict[str, Any]) -> None:
    folder = _user_template(tmp_path, "POK", "{{ ''.__class__.__mro__ }}")
    with pytest.raises(TemplateError) as caught:
        TemplateSet(folder).render(valid_traject(record_data), "POK")
    assert caught.value.code == "sjabloon-onveilig"
    assert caught.value.bericht.startswith(
        "Het sjabloon POK.docx probeert iets wat in een sjabloon"
    )


def test_unknown_variable_names_template_and_full_variable(
    tmp_path: Path, record_data: dict[str, Any]
) -> None:
    folder = _user_template(tmp_path, "OOK", "Geboren in {{ kandidaat.geboorteplaats }}.")
    with pytest.raises(TemplateError) as caught:
        TemplateSet(folder).render(valid_traject(record_data), "OOK")
    assert caught.value.code == "sjabloon-onbekende-variabele"
    assert "OOK.docx" in caught.value.bericht
    assert "'kandidaat.geboorteplaats'" in caught.value.bericht


@pytest.mark.parametrize(
    "tag", ["{{ kandidaat.achternaam|safe }}", "{% autoescape false %}x{% endautoescape %}"]
)
def test_switching_escaping_off_is_refused(tmp_path: Path, tag: str) -> None:
    folder = _user_template(tmp_path, "PLOK", tag)
    with pytest.raises(TemplateError) as caught:
        TemplateSet(folder).get("PLOK")
    assert caught.value.code == "sjabloon-escaping-uit"


def test_unclosed_block_is_a_dutch_syntax_error_with_the_paragraph(tmp_path: Path) -> None:
    folder = _user_template(tmp_path, "PLOK", "{% if jobcoach %}Er is een jobcoach.")
    with pytest.raises(TemplateError) as caught:
        TemplateSet(folder).get("PLOK")
    assert caught.value.code == "sjabloon-syntaxfout"
    assert "'{% if %}' dat niet wordt afgesloten met '{% endif %}'" in caught.value.bericht
    assert "Er is een jobcoach." in caught.value.bericht


def test_each_template_is_compiled_once_per_process() -> None:
    path = default_template_dir() / "OOK.docx"
    assert compile_template(path) is compile_template(path)


@pytest.mark.parametrize(
    ("tag", "fragment"),
    [
        ("{{ kandidaat|datum }}", "het filter 'datum' verwacht een datum, maar kreeg een groep"),
        ("{{ {}[kandidaat.bsn] }}", "gebruikt de variabele '*****2333'"),
        ("{{ bpv.uren_per_week / 0 }}", "kan niet worden ingevuld: een deling door nul."),
    ],
)
def test_error_messages_are_dutch_and_never_show_the_bsn(
    tmp_path: Path, record_data: dict[str, Any], tag: str, fragment: str
) -> None:
    folder = _user_template(tmp_path, "POK", tag)
    with pytest.raises(TemplateError) as caught:
        TemplateSet(folder).render(valid_traject(record_data), "POK")
    assert fragment in caught.value.bericht
    assert "111222333" not in str(caught.value)
