"""The template check: the shipped templates pass, broken copies are caught."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from docx import Document

from overeenkomsten.cli import main
from overeenkomsten.documenten.lint import Bevinding, check_templates
from overeenkomsten.documenten.render import default_template_dir

Edit = Callable[[Path], None]


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "sjablonen"
    shutil.copytree(default_template_dir(), folder)
    return folder


def _add_paragraphs(*texts: str) -> Edit:
    def edit(path: Path) -> None:
        document = Document(str(path))
        for text in texts:
            document.add_paragraph().add_run(text)
        document.save(str(path))

    return edit


def _split_tag(path: Path) -> None:
    """What Word does after a spelling mark or a half-bold edit: one tag, two runs."""
    document = Document(str(path))
    run = next(r for p in document.paragraphs for r in p.runs if "{{ opleiding.crebo }}" in r.text)
    text = run.text
    cut = text.index("{{ opleiding.crebo }}") + len("{{ opleid")
    run.text = text[:cut]
    rest = copy.deepcopy(run._r)
    run._r.addnext(rest)
    document.paragraphs[0].runs  # noqa: B018  (python-docx proxies are rebuilt on access)
    for candidate in document.paragraphs:
        for other in candidate.runs:
            if other._r is rest:
                other.text = text[cut:]
                other.bold = True
    document.save(str(path))


def _remove_kenmerken(path: Path) -> None:
    document = Document(str(path))
    texts = [p.text for p in document.paragraphs]
    start = texts.index("{%p for k in kenmerken %}")
    for paragraph in document.paragraphs[start : start + 3]:  # for, the line, endfor
        paragraph._p.getparent().remove(paragraph._p)
    document.save(str(path))


def _codes(findings: list[Bevinding]) -> list[tuple[str, str]]:
    return [(f.sjabloon, f.code) for f in findings]


def test_the_shipped_templates_pass() -> None:
    report = check_templates()
    assert report.gecontroleerd == ["OOK.docx", "POK.docx", "PLOK.docx", "PV.docx"]
    assert report.bevindingen == []
    assert report.in_orde


@pytest.mark.parametrize(
    ("document", "edit", "code", "fragment"),
    [
        ("OOK", _split_tag, "tag-gesplitst", "'{{ opleiding.crebo }}' is in Word over meerdere"),
        (
            "POK",
            _add_paragraphs("{% if jobcoach %}Jobcoach."),
            "sjabloon-syntaxfout",
            "'{% if %}' dat niet wordt afgesloten met '{% endif %}'",
        ),
        (
            "POK",
            _add_paragraphs("Einde.{% endif %}"),
            "sjabloon-syntaxfout",
            "een '{% endif %}' zonder bijbehorend begin",
        ),
        (
            "PLOK",
            _add_paragraphs("{{ kandidaat.geboorteplaats }}"),
            "variabele-onbekend",
            "De variabele 'kandidaat.geboorteplaats' bestaat niet in het record.",
        ),
        (
            "PLOK",
            _add_paragraphs("{{ onbekend }}"),
            "variabele-onbekend",
            "De variabele 'onbekend' bestaat niet",
        ),
        (
            "PV",
            _add_paragraphs("Let op: {%p if minderjarig %}", "{%p endif %}"),
            "tag-niet-alleen",
            "vervangt de hele alinea, maar daar staat ook andere tekst",
        ),
        (
            "OOK",
            _add_paragraphs("Kosten: {{ financiering.opleidingskosten"),
            "tag-niet-afgesloten",
            "wordt in deze alinea niet afgesloten",
        ),
        ("POK", _remove_kenmerken, "kenmerk-ontbreekt", "staat het kenmerk 'Traject: "),
        (
            "OOK",
            _add_paragraphs("{{ startdatum|datumm }}"),
            "sjabloon-onbekend-filter",
            "het onbekende filter 'datumm'",
        ),
    ],
)
def test_a_broken_copy_is_caught(
    tmp_path: Path, document: str, edit: Edit, code: str, fragment: str
) -> None:
    folder = _copy(tmp_path)
    edit(folder / f"{document}.docx")
    report = check_templates(folder)
    assert (f"{document}.docx", code) in _codes(report.bevindingen)
    found = next(f for f in report.bevindingen if f.code == code)
    assert fragment in found.bericht
    assert not report.in_orde


def test_a_split_tag_names_the_paragraph(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _split_tag(folder / "OOK.docx")
    finding = next(f for f in check_templates(folder).bevindingen if f.code == "tag-gesplitst")
    assert finding.plaats is not None
    assert finding.plaats.startswith("tekst, alinea ")


def test_missing_and_unreadable_templates_are_findings(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "PV.docx").unlink()
    (folder / "POK.docx").write_bytes(b"geen Word-document")
    codes = _codes(check_templates(folder).bevindingen)
    assert ("PV.docx", "sjabloon-ontbreekt") in codes
    assert ("POK.docx", "sjabloon-onleesbaar") in codes


def _cli(*args: str) -> Result:
    return CliRunner().invoke(main, ["sjablonen-controle", *args])


def test_cli_exit_codes(tmp_path: Path) -> None:
    ok = _cli()
    assert ok.exit_code == 0, ok.stderr
    assert "Geen problemen gevonden." in ok.stdout

    folder = _copy(tmp_path)
    _add_paragraphs("{{ onbekend }}")(folder / "PLOK.docx")
    broken = _cli(str(folder))
    assert broken.exit_code == 1
    assert "PLOK.docx (tekst): De variabele 'onbekend' bestaat niet in het record." in broken.stdout
    assert "1 probleem gevonden." in broken.stdout

    missing = _cli(str(tmp_path / "bestaat-niet"))
    assert missing.exit_code == 2
    assert "bestaat niet" in missing.stderr
    assert "Traceback" not in missing.stderr
