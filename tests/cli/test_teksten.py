"""What the user reads is Dutch: usage errors, help, counts and numbers, template messages."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from docx import Document

from overeenkomsten._getallen import aantal, getal
from overeenkomsten.cli import main
from overeenkomsten.documenten.render import default_template_dir
from tests.conftest import ROOT
from tests.plugins.pki import PkiMaterial

INTAKE_JSON = ROOT / "voorbeelden" / "intake.json"
COMMANDS = main.list_commands(click.Context(main))  # also the ones not loaded yet
#: Words of click, Python or Jinja that must never reach a user.
ENGLISH = re.compile(
    r"\b(INPUT|PATH|TEXT|INTEGER|Usage|Options|Commands|Error|default|required|Missing|"
    r"Show this|expected|unexpected|StrictUndefined|Undefined|Traceback|x<=|<=x)\b"
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def test_no_arguments_shows_the_dutch_overview() -> None:
    result = run()

    assert result.exit_code == 0
    assert "Opdrachten:" in result.output
    assert "genereer" in result.output
    assert "Fout" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["genereer", INTAKE_JSON], "De optie --uit ontbreekt."),
        (["genereer"], "Het argument INVOER ontbreekt."),
        (
            ["batch", INTAKE_JSON, "--uit", "x", "--werkers", "0"],
            "0 ligt niet in het bereik 1 t/m 64",
        ),
        (["valideer", "--json=ja", INTAKE_JSON], "De optie --json neemt geen waarde"),
        (["--debug"], "Geef een opdracht op."),
        (["schema", "extra"], "Te veel argumenten: extra."),
        (["genereeer"], "Onbekende opdracht 'genereeer'."),
    ],
)
def test_usage_errors_are_dutch(args: list[str | Path], message: str) -> None:
    result = run(*args)

    assert result.exit_code == 2
    assert message in result.output
    assert not ENGLISH.search(result.output), result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_no_english(command: str) -> None:
    result = run(command, "--help")

    assert result.exit_code == 0
    assert not ENGLISH.search(result.output), result.output


def test_counts_and_numbers_are_dutch() -> None:
    assert [aantal(n, "fout") for n in (0, 1, 2)] == ["0 fouten", "1 fout", "2 fouten"]
    assert aantal(0, "waarschuwing", geen=True) == "geen waarschuwingen"
    assert aantal(1, "pagina") == "1 pagina"
    assert aantal(3, "pagina") == "3 pagina's"
    assert aantal(20_000, "rij") == "20.000 rijen"
    assert getal(23.14, 1) == "23,1"
    assert getal(2875.5, 2) == "2.875,50"


def test_one_trajectory_is_singular(tmp_path: Path) -> None:
    records = json.loads(INTAKE_JSON.read_text("utf-8"))
    one = tmp_path / "een.json"
    one.write_text(json.dumps(records[:1]), "utf-8")
    uit = tmp_path / "uit"

    made = run("genereer", one, "--uit", uit, "--geen-pdf")
    status = run("status", uit)
    batch = run("batch", one, "--uit", tmp_path / "batch", "--geen-pdf", "--werkers", "1")

    assert made.exit_code == 0, made.output
    assert "1 traject gemaakt" in made.output
    assert re.search(r"\(\d+ bestanden en traject.json\)", made.output)
    assert "0 van 1 traject volledig ondertekend." in status.output
    assert "1 rij:" in batch.output, batch.output
    for output in (made.output, status.output, batch.output):
        assert "(en)" not in output
        assert "1 trajecten" not in output
        assert "1 rijen" not in output


def test_progress_speed_has_a_decimal_comma(tmp_path: Path) -> None:
    result = run("batch", INTAKE_JSON, "--uit", tmp_path / "uit", "--geen-pdf", "--werkers", "1")

    assert re.search(r"\d+,\d per seconde", result.output), result.output
    assert not re.search(r"\d+\.\d per seconde", result.output)


def test_controleer_counts_without_en_in_brackets(tmp_path: Path) -> None:
    uit = tmp_path / "uit"
    run("genereer", INTAKE_JSON, "--uit", uit, "--geen-pdf", "--traject", "RMT-TW-2026-0042")

    result = run("controleer", uit / "RMT-TW-2026-0042")

    assert "(en)" not in result.output
    assert re.search(r"\d+ (fout|fouten), \d+ (waarschuwing|waarschuwingen),", result.output)


def _template_with(folder: Path, text: str) -> Path:
    shutil.copytree(default_template_dir(), folder)
    document = Document(str(folder / "POK.docx"))
    document.add_paragraph().add_run(text)
    document.save(str(folder / "POK.docx"))
    return folder


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("{{ kandidaat.achternaam.onbekend|datum }}", "de variabele 'onbekend'"),
        ("{{ 1 + }}", "het einde van de tag (}}) komt te vroeg"),
        ("{{ a b }}", "verwacht het einde van de tag (}}), maar daar staat 'b'"),
        ("{% if %}{% endif %}", "hier hoort een waarde of variabele"),
    ],
)
def test_template_messages_are_dutch(tmp_path: Path, tag: str, message: str) -> None:
    result = run("sjablonen-controle", _template_with(tmp_path / "sjablonen", tag))

    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
    assert not ENGLISH.search(result.output), result.output
    assert "Technische melding" not in result.output


@pytest.mark.parametrize("command", ["onderteken", "handtekeningen"])
def test_a_word_document_is_not_called_damaged(
    tmp_path: Path, command: str, test_pki: PkiMaterial, monkeypatch: pytest.MonkeyPatch
) -> None:
    docx = shutil.copy(default_template_dir() / "OOK.docx", tmp_path / "OOK.docx")
    monkeypatch.setenv("P12_WACHTWOORD", test_pki.wachtwoord.decode())
    extra = (
        [
            "--rol",
            "instelling",
            "--p12",
            test_pki.p12["instelling"],
            "--wachtwoord-env",
            "P12_WACHTWOORD",
        ]
        if command == "onderteken"
        else []
    )

    result = run(command, docx, *extra)

    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "is een Word-document, geen PDF" in text
    assert "beschadigd" not in text
