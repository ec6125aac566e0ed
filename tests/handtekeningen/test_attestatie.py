"""Manual attestation of a wet-ink scan (``attesteer``, domein.md section 7)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfWriter
from pypdf.generic import NameObject, TextStringObject

from overeenkomsten.cli import main
from overeenkomsten.handtekeningen.attestatie import (
    SCAN_GEWIJZIGD,
    attestation_for,
    attestations_in,
    read_attestation,
)
from tests.plugins.pki import PkiMaterial


def _scan(path: Path) -> Path:
    """A PDF page without text, as a scanner makes it (here: one grey rectangle)."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    page.merge_page(page)
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _attesteer(pki: PkiMaterial, scan: Path, *extra: str, p12: Path | None = None) -> Result:
    return CliRunner().invoke(
        main,
        [
            "attesteer",
            str(scan),
            "--partijen",
            "kandidaat,leerbedrijf",
            "--getekend-op",
            "31-8-2026",
            "--p12",
            str(p12 or pki.p12["instelling"]),
            "--wachtwoord-env",
            "WW",
            *extra,
        ],  # fmt: skip
        env={"WW": pki.wachtwoord.decode(), "COLUMNS": "200"},
    )


@pytest.fixture
def scan(tmp_path: Path) -> Path:
    return _scan(tmp_path / "RMT-TW-2026-0042_POK.pdf")


def test_attesteer_writes_a_signed_dutch_statement(scan: Path, test_pki: PkiMaterial) -> None:
    result = _attesteer(test_pki, scan)

    assert result.exit_code == 0, result.output
    pad = scan.with_name("RMT-TW-2026-0042_POK.attestatie.pdf")
    assert pad.is_file()
    assert "handmatig vastgesteld" in result.output
    attestatie = read_attestation(pad, vertrouwd=test_pki.basis())
    assert attestatie is not None
    assert attestatie.geldig, attestatie.toelichting
    assert attestatie.vertrouwd
    assert attestatie.document == "POK"
    assert attestatie.partijen == ("kandidaat", "leerbedrijf")
    assert attestatie.getekend_op == dt.date(2026, 8, 31)
    assert attestatie.gecontroleerd_door == "drs. P. de Vries"
    assert attestatie.handtekening is not None
    assert attestatie.handtekening.in_orde


def test_changing_the_scan_voids_the_attestation(scan: Path, test_pki: PkiMaterial) -> None:
    assert _attesteer(test_pki, scan).exit_code == 0
    scan.write_bytes(scan.read_bytes() + b"\n% een andere scan\n")

    (attestatie,) = attestations_in(scan.parent, test_pki.basis())
    judged = attestation_for(scan, [attestatie])

    assert judged is not None
    assert not judged.geldig
    assert SCAN_GEWIJZIGD in judged.toelichting


def test_a_renamed_scan_is_found_by_content(scan: Path, test_pki: PkiMaterial) -> None:
    assert _attesteer(test_pki, scan).exit_code == 0
    renamed = scan.rename(scan.with_name("Scan 31-08 getekend.pdf"))

    judged = attestation_for(renamed, attestations_in(renamed.parent, test_pki.basis()))

    assert judged is not None
    assert judged.geldig, judged.toelichting
    assert judged.scan == renamed


def test_a_changed_attestation_is_not_valid(scan: Path, test_pki: PkiMaterial) -> None:
    assert _attesteer(test_pki, scan).exit_code == 0
    pad = scan.with_name("RMT-TW-2026-0042_POK.attestatie.pdf")
    writer = PdfWriter(io.BytesIO(pad.read_bytes()), incremental=True)
    info = writer._info.get_object()  # type: ignore[union-attr]
    key = NameObject("/OvereenkomstenAttestatie")
    info[key] = TextStringObject(str(info[key]).replace("leerbedrijf", "instelling"))
    with pad.open("wb") as target:
        writer.write(target)

    attestatie = read_attestation(pad, vertrouwd=test_pki.basis())

    assert attestatie is not None
    assert not attestatie.geldig


def test_a_checker_outside_the_trusted_roots_does_not_count(
    scan: Path, test_pki: PkiMaterial
) -> None:
    assert _attesteer(test_pki, scan, p12=test_pki.untrusted_p12["instelling"]).exit_code == 0
    pad = scan.with_name("RMT-TW-2026-0042_POK.attestatie.pdf")

    attestatie = read_attestation(pad, vertrouwd=test_pki.basis())

    assert attestatie is not None
    assert not attestatie.geldig
    assert "vertrouwde basis" in attestatie.toelichting


@pytest.mark.parametrize(
    ("extra", "melding"),
    [
        (("--getekend-op", "31-8-2099"), "in de toekomst"),
        (("--partijen", "buurman"), "Onbekende rol 'buurman'"),
        (("--document", "XYZ"), "Onbekend document 'XYZ'"),
        (("--getekend-op", "gisteren"), "geen datum"),
    ],
)
def test_bad_options_are_refused_in_dutch(
    scan: Path, test_pki: PkiMaterial, extra: tuple[str, str], melding: str
) -> None:
    result = _attesteer(test_pki, scan, *extra)

    assert result.exit_code == 2, result.output
    assert melding in result.output
    assert not scan.with_name("RMT-TW-2026-0042_POK.attestatie.pdf").exists()


def test_an_existing_attestation_is_never_overwritten(scan: Path, test_pki: PkiMaterial) -> None:
    assert _attesteer(test_pki, scan).exit_code == 0
    pad = scan.with_name("RMT-TW-2026-0042_POK.attestatie.pdf")
    before = pad.read_bytes()

    again = _attesteer(test_pki, scan)

    assert again.exit_code == 2
    assert "bestaat al" in again.output
    assert pad.read_bytes() == before
