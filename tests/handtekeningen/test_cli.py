"""The ``onderteken`` and ``handtekeningen`` commands, run for real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from overeenkomsten.cli import main
from tests.handtekeningen.conftest import BLOKKEN
from tests.plugins.pki import PkiMaterial


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "overeenkomsten", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        timeout=120,
    )


def test_onderteken_signs_and_handtekeningen_lists(
    kopie: Path, test_pki: PkiMaterial, tmp_path: Path
) -> None:
    uit = tmp_path / "getekend.pdf"
    signed = _run(
        "onderteken",
        str(kopie),
        "--rol",
        "instelling",
        "--p12",
        str(test_pki.p12["instelling"]),
        "--wachtwoord-env",
        "SLEUTEL_WACHTWOORD",
        "--uit",
        str(uit),
        env={"SLEUTEL_WACHTWOORD": test_pki.wachtwoord.decode()},
    )
    assert signed.returncode == 0, signed.stderr
    assert "Ondertekend als instelling" in signed.stdout

    listed = _run("handtekeningen", str(uit))

    assert listed.returncode == 0, listed.stderr
    assert "drs. P. de Vries" in listed.stdout
    assert "niet vertrouwd: geen vertrouwde basis opgegeven" in listed.stdout.lower()
    assert "eigen opgave ondertekenaar" in listed.stdout
    # pyHanko's warnings about the untrusted certificate never reach the user
    assert listed.stderr == ""


def test_wrong_password_exits_2_in_dutch(kopie: Path, test_pki: PkiMaterial) -> None:
    result = _run(
        "onderteken",
        str(kopie),
        "--rol",
        "kandidaat",
        "--p12",
        str(test_pki.p12["kandidaat"]),
        "--wachtwoord-env",
        "SLEUTEL_WACHTWOORD",
        env={"SLEUTEL_WACHTWOORD": "verkeerd"},
    )

    assert result.returncode == 2
    assert "Het wachtwoord van" in result.stderr
    assert "klopt niet" in result.stderr
    assert "Traceback" not in result.stderr


def test_unset_password_variable_exits_2(kopie: Path, test_pki: PkiMaterial) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BESTAAT_NIET"}
    result = CliRunner().invoke(
        main,
        [
            "onderteken",
            str(kopie),
            "--rol",
            "kandidaat",
            "--p12",
            str(test_pki.p12["kandidaat"]),
            "--wachtwoord-env",
            "BESTAAT_NIET",
        ],
        env=env,
    )

    assert result.exit_code == 2
    assert "BESTAAT_NIET" in result.output
    assert "niet gezet" in result.output


def test_unknown_role_exits_2(kopie: Path, test_pki: PkiMaterial) -> None:
    result = CliRunner().invoke(
        main, ["onderteken", str(kopie), "--rol", "baas", "--p12", str(test_pki.p12["rmt"])]
    )

    assert result.exit_code == 2
    assert "Onbekende rol 'baas'" in result.output


def test_handtekeningen_json(ondertekend_pdf: Path, test_pki: PkiMaterial) -> None:
    result = CliRunner().invoke(
        main,
        ["handtekeningen", str(ondertekend_pdf), "--json", "--vertrouwd", str(test_pki.root_pem)],
    )

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["bestand"] == str(ondertekend_pdf)
    records = data["handtekeningen"]
    assert [r["veld"] for r in records] == list(BLOKKEN)
    assert all(r["vertrouwd"] and r["intact"] and r["geldig"] for r in records)
    assert records[1]["tijdstip_bron"] == "tijdstempel"


def test_handtekeningen_table_with_trust_root(ondertekend_pdf: Path, test_pki: PkiMaterial) -> None:
    result = CliRunner().invoke(
        main,
        ["handtekeningen", str(ondertekend_pdf), "--vertrouwd", str(test_pki.root_pem)],
        env={"COLUMNS": "220"},
    )

    assert result.exit_code == 0, result.output
    for naam in ("drs. P. de Vries", "J. Jansen", "Fatma Yılmaz"):
        assert naam in result.stdout
    assert "tijdstempel" in result.stdout
    assert "niet vertrouwd" not in result.stdout
    assert "1 september 2026 12:00" in result.stdout  # 10:00 UTC is 12:00 in Amsterdam


def test_handtekeningen_on_unsigned_pdf(bron_pdf: Path) -> None:
    result = CliRunner().invoke(main, ["handtekeningen", str(bron_pdf)])

    assert result.exit_code == 0
    assert "geen digitale handtekeningen" in result.stdout
    assert "niet digitaal controleerbaar" in result.stdout


def test_handtekeningen_on_unsigned_pdf_json(bron_pdf: Path) -> None:
    result = CliRunner().invoke(main, ["handtekeningen", str(bron_pdf), "--json"])

    assert result.exit_code == 0
    assert json.loads(result.stdout)["handtekeningen"] == []


def test_handtekeningen_on_truncated_pdf_exits_2(ondertekend_pdf: Path, tmp_path: Path) -> None:
    kapot = tmp_path / "kapot.pdf"
    kapot.write_bytes(ondertekend_pdf.read_bytes()[:5000])

    result = _run("handtekeningen", str(kapot))

    assert result.returncode == 2
    assert "geen leesbare PDF" in result.stderr
    assert "Traceback" not in result.stderr


def test_handtekeningen_reports_a_forbidden_change(ondertekend_pdf: Path, tmp_path: Path) -> None:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter(io.BytesIO(ondertekend_pdf.read_bytes()), incremental=True)
    writer.add_blank_page()
    changed = tmp_path / "aangevuld.pdf"
    with changed.open("wb") as handle:
        writer.write(handle)

    result = CliRunner().invoke(main, ["handtekeningen", str(changed)], env={"COLUMNS": "220"})

    assert result.exit_code == 0
    assert "niet toegestaan" in result.stdout
    assert "niet mag" in result.stdout
