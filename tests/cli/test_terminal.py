"""The terminal: a password prompt that does not echo, a password passed by mistake is
never repeated, and tables that stay readable at 80 and 60 columns."""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfWriter
from rich.console import Console

from overeenkomsten import api
from overeenkomsten.cli import main
from overeenkomsten.cli.handtekeningen import _table
from overeenkomsten.cli.intake import problem_table
from overeenkomsten.errors import Problem
from tests.cli.systeem import run
from tests.plugins.pki import PkiMaterial

PASSWORD_BY_MISTAKE = "Zomer2026!geheim"


def _pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(path)
    return path


def _controlling_terminal() -> None:  # pragma: no cover - runs in the child
    import fcntl

    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def _on_a_terminal(args: list[str], answer: str, timeout: float = 60) -> tuple[int, str]:
    """Run the command with a pseudo-terminal as its controlling terminal, type ``answer``
    at the first prompt, and return its exit code and everything the terminal showed."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "overeenkomsten", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        start_new_session=True,
        preexec_fn=_controlling_terminal,
    )
    os.close(slave)
    shown = b""
    answered = False
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the command closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        if not answered and b"Wachtwoord" in shown:
            os.write(master, answer.encode() + b"\r")
            answered = True
        if process.poll() is not None and not ready:
            break
    os.close(master)
    code = process.wait(timeout=10)
    return code, shown.decode("utf-8", "replace")


def test_password_prompt_on_a_terminal_does_not_echo(ook_pdf: Path, test_pki: PkiMaterial) -> None:
    pdf = ook_pdf
    password = test_pki.wachtwoord.decode()

    code, shown = _on_a_terminal(
        ["onderteken", str(pdf), "--rol", "instelling", "--p12", str(test_pki.p12["instelling"])],
        password,
    )

    assert code == 0, shown
    assert "Wachtwoord van instelling.p12" in shown
    assert "Ondertekend als instelling" in shown
    assert password not in shown
    assert api.handtekeningen(pdf)[0].rol == "instelling"


def test_without_a_terminal_there_is_no_prompt(ook_pdf: Path, test_pki: PkiMaterial) -> None:
    result = run(
        "onderteken", ook_pdf, "--rol", "instelling",
        "--p12", test_pki.p12["instelling"],
    )  # fmt: skip

    assert result.code == 2
    assert "geef het op met --wachtwoord-env" in result.output


@pytest.mark.parametrize("command", ["onderteken", "bundel"])
def test_a_password_given_as_variable_name_is_not_repeated(
    tmp_path: Path, test_pki: PkiMaterial, command: str
) -> None:
    pdf = _pdf(tmp_path / "OOK.pdf")
    if command == "onderteken":
        args = ["onderteken", pdf, "--rol", "instelling", "--p12", test_pki.p12["instelling"]]
    else:
        args = ["bundel", tmp_path, "--uit", tmp_path / "d.pdf", "--zegel", test_pki.p12["rmt"]]

    result = CliRunner().invoke(
        main, [str(a) for a in args] + ["--wachtwoord-env", PASSWORD_BY_MISTAKE]
    )

    assert result.exit_code == 2
    assert PASSWORD_BY_MISTAKE not in result.output
    assert "NAAM van een omgevingsvariabele" in " ".join(result.output.split())


@pytest.fixture(scope="module")
def signed_pdf(tmp_path_factory: pytest.TempPathFactory, test_pki: PkiMaterial) -> Path:
    pdf = _pdf(tmp_path_factory.mktemp("getekend") / "POK.pdf")
    test_pki.sign(pdf, "instelling")
    test_pki.sign(pdf, "leerbedrijf")
    return pdf


def _render(renderable: object, width: int) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None, soft_wrap=False).print(renderable)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("width", [60, 80])
def test_signature_table_keeps_every_column_when_narrow(signed_pdf: Path, width: int) -> None:
    lines = _render(_table(api.handtekeningen(signed_pdf), signed_pdf), width)
    text = "\n".join(lines)

    assert max(len(line) for line in lines) <= width, text
    for kop in ("Ondertekenaar:", "Tijdstip:", "Intact:", "Geldig:", "Vertrouwd:", "Dekking:"):
        assert text.count(kop) == 2, text
    assert "drs. P. de Vries" in text
    assert "J. Jansen" in text


def test_signature_table_is_a_table_when_wide(signed_pdf: Path) -> None:
    lines = _render(_table(api.handtekeningen(signed_pdf), signed_pdf), 160)

    header = next(line for line in lines if "Intact" in line)
    assert "Geldig" in header
    assert "Vertrouwd" in header


@pytest.mark.parametrize("width", [60, 80])
def test_problem_table_when_narrow(width: int) -> None:
    problem = Problem(
        code="bsn-ongeldig",
        bericht="Het BSN voldoet niet aan de elfproef; controleer het nummer op het ID-bewijs.",
        waarde="*****2334",
        bestand="/een/lange/map/intake.xlsx",
        blad="Trajecten",
        rij=7,
        kolom="BSN kandidaat",
    )

    lines = _render(problem_table([problem, problem]), width)
    text = "\n".join(lines)

    assert max(len(line) for line in lines) <= width, text
    assert text.count("Kolom of pad: BSN kandidaat") == 2, text
    assert text.count("intake.xlsx, blad Trajecten, rij 7") == 2, text
    assert "elfproef" in text


def test_columns_of_the_terminal_are_respected(signed_pdf: Path) -> None:
    result = run("handtekeningen", signed_pdf, env={"COLUMNS": "80"})

    assert result.code == 0
    table = result.stdout.split("Niet vertrouwd")[0]
    assert max(len(line) for line in table.splitlines()) <= 80, result.stdout
    assert "Intact:" in table
    assert "Geldig:" in table
