"""Operating-system failures end in one Dutch sentence naming the path, and exit 2.

Real failures on Linux: a read-only folder (EACCES), a read-only file system (EROFS), a
full disk (ENOSPC) on small tmpfs mounts, files locked with ``chattr +i`` (EPERM, as a file
held open by Excel), a key file without a key, no usable folder for temporary files.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pypdf import PdfWriter

from overeenkomsten.cli.app import os_error_message
from tests.cli.systeem import assert_dutch_failure, lock, run, tmpfs, without_override
from tests.conftest import ROOT
from tests.plugins.pki import PkiMaterial

INTAKE_JSON = ROOT / "voorbeelden" / "intake.json"
INTAKE_FOUTEN = ROOT / "voorbeelden" / "fouten.xlsx"
EEN = ("--traject", "RMT-TW-2026-0042")


def _pdf(path: Path) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(path)
    return path


@pytest.mark.parametrize("command", ["genereer", "batch"])
def test_uit_naming_a_file(tmp_path: Path, command: str) -> None:
    bestand = tmp_path / "uit.txt"
    bestand.write_text("van de gebruiker", "utf-8")

    result = run(command, INTAKE_JSON, "--uit", bestand, "--geen-pdf")

    assert_dutch_failure(result, str(bestand), "bestand", "map")
    assert bestand.read_text("utf-8") == "van de gebruiker"


@pytest.mark.parametrize("command", ["genereer", "batch"])
def test_read_only_folder_is_named(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run(command, INTAKE_JSON, "--uit", folder, "--geen-pdf", prefix=without_override())
    finally:
        folder.chmod(0o755)

    assert_dutch_failure(result, str(folder), "geen toegang")


@pytest.mark.parametrize("command", ["genereer", "batch"])
def test_read_only_file_system(tmp_path: Path, command: str) -> None:
    with tmpfs(tmp_path / "ro", "ro,size=1m") as folder:
        result = run(command, INTAKE_JSON, "--uit", folder / "uit", "--geen-pdf")

    assert_dutch_failure(result, str(folder), "alleen-lezen")


@pytest.mark.parametrize("command", ["genereer", "batch"])
def test_full_disk(tmp_path: Path, command: str) -> None:
    with tmpfs(tmp_path / "vol", "size=64k") as folder:
        result = run(command, INTAKE_JSON, "--uit", folder / "uit", "--geen-pdf")

    assert_dutch_failure(result, str(folder / "uit"), "schijf is vol", "ruimte")
    assert "half weggeschreven" not in result.output


def test_report_locked_by_another_program(tmp_path: Path) -> None:
    uit = tmp_path / "uit"
    first = run("batch", INTAKE_FOUTEN, "--uit", uit, "--geen-pdf", "--werkers", "1")
    assert first.code == 1, first
    rapport = uit / "foutenrapport.xlsx"
    with lock(rapport):
        result = run(
            "batch", INTAKE_FOUTEN, "--uit", uit, "--geen-pdf", "--werkers", "1", "--opnieuw"
        )

    assert_dutch_failure(result, str(rapport), "geopend in een ander programma")


def test_locked_pdf_is_not_signed(ook_pdf: Path, test_pki: PkiMaterial) -> None:
    pdf = ook_pdf
    before = pdf.read_bytes()
    with lock(pdf):
        result = run(
            "onderteken", pdf, "--rol", "instelling", "--p12", test_pki.p12["instelling"],
            "--wachtwoord-env", "P12_WACHTWOORD",
            env={"P12_WACHTWOORD": test_pki.wachtwoord.decode()},
        )  # fmt: skip

    assert_dutch_failure(result, str(pdf), "geen toegang")
    assert pdf.read_bytes() == before


def test_key_file_without_a_key(tmp_path: Path, test_pki: PkiMaterial, ook_pdf: Path) -> None:
    _key, certificate, _chain = pkcs12.load_key_and_certificates(
        test_pki.p12["instelling"].read_bytes(), test_pki.wachtwoord
    )
    assert certificate is not None
    alleen_certificaat = tmp_path / "certificaat.p12"
    alleen_certificaat.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"x", None, None, [certificate], serialization.BestAvailableEncryption(b"geheim")
        )
    )

    result = run(
        "onderteken", ook_pdf, "--rol", "instelling",
        "--p12", alleen_certificaat, "--wachtwoord-env", "P12_WACHTWOORD",
        env={"P12_WACHTWOORD": "geheim"},
    )  # fmt: skip

    assert_dutch_failure(result, str(alleen_certificaat), "geen sleutel")


def test_key_file_is_a_folder(tmp_path: Path) -> None:
    result = run("onderteken", _pdf(tmp_path / "a.pdf"), "--rol", "instelling", "--p12", tmp_path)

    assert_dutch_failure(result, str(tmp_path), "is een map")


def test_no_usable_folder_for_temporary_files(tmp_path: Path, soffice: str) -> None:
    """TMPDIR missing, and /tmp, /var/tmp and the working folder read-only: Python's
    tempfile gives up with an English message that names no path (making PDFs needs it)."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("hiervoor zijn unshare en root nodig (een eigen mount-namespace)")
    werk = tmp_path / "werk"
    werk.mkdir()
    uit = tmp_path / "uit"
    uit.mkdir()
    script = (  # tmp_path is under /tmp: step into it before /tmp is covered
        'mount -t tmpfs -o ro tmpfs "$WERK" && cd "$WERK" && mount --bind "$UIT" /mnt && '
        'mount -t tmpfs -o ro tmpfs /tmp && mount -t tmpfs -o ro tmpfs /var/tmp && exec "$@"'
    )
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"unshare -m is hier niet toegestaan: {probe.stderr!r}")

    result = run(
        "genereer", INTAKE_JSON, "--uit", "/mnt/sets", *EEN,
        prefix=["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh"],
        env={"TMPDIR": str(tmp_path / "bestaat-niet"), "WERK": str(werk), "UIT": str(uit)},
    )  # fmt: skip

    assert_dutch_failure(result, "TMPDIR", "tijdelijke bestanden", str(tmp_path / "bestaat-niet"))


def test_debug_shows_the_traceback_to_the_beheerder(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "ro,size=1m") as folder:
        result = run("--debug", "genereer", INTAKE_JSON, "--uit", folder / "u", "--geen-pdf")

    assert result.code != 0
    assert "Traceback" in result.stderr
    assert "OSError" in result.stderr or "Read-only" in result.stderr


def test_vanished_file_says_it_may_have_been_moved(tmp_path: Path) -> None:
    weg = tmp_path / "intake.xlsx"
    with pytest.raises(FileNotFoundError) as info:
        weg.open("rb")

    message = os_error_message(info.value, {"uit": tmp_path / "uit"})

    assert str(weg) in message
    assert "bestaat niet (meer)" in message
    assert "verwijderd" in message


def test_unknown_errno_has_no_english(tmp_path: Path) -> None:
    error = OSError(errno.ECONNRESET, os.strerror(errno.ECONNRESET), str(tmp_path / "x"))

    message = os_error_message(error)

    assert str(tmp_path / "x") in message
    assert os.strerror(errno.ECONNRESET) not in message
    assert f"foutcode {errno.ECONNRESET}" in message


def test_full_disk_without_a_file_name_names_the_output_folder(tmp_path: Path) -> None:
    message = os_error_message(OSError(errno.ENOSPC, "No space left on device"), {"uit": tmp_path})

    assert message == (
        f"Fout (bij het werk in '{tmp_path}'): de schijf is vol. Maak ruimte vrij, of kies een "
        "map op een andere schijf, en probeer het opnieuw."
    )


@pytest.mark.parametrize("command", ["valideer", "genereer", "handtekeningen", "status"])
def test_unreadable_input_is_named(tmp_path: Path, command: str) -> None:
    target = tmp_path / ("map" if command == "status" else "invoer.json")
    if command == "status":
        target.mkdir()
    else:
        shutil.copy(INTAKE_JSON, target)
    target.chmod(0)
    extra = ["--uit", str(tmp_path / "uit")] if command == "genereer" else []
    try:
        result = run(command, target, *extra, prefix=without_override())
    finally:
        target.chmod(0o755)

    assert_dutch_failure(result, str(target), "geen toegang")
    assert "kies readable" not in result.output


def test_output_to_a_full_disk_is_named_as_the_output(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "overeenkomsten", "valideer", str(INTAKE_JSON), "--json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )

    assert done.returncode == 2
    text = " ".join(done.stderr.split())
    assert "bij het schrijven van de uitvoer" in text
    assert "schijf is vol" in text
    assert str(INTAKE_JSON) not in text
    assert "Exception ignored" not in text


@pytest.mark.parametrize("opdracht", [["schema"], ["uitleg"]])  # click's echo; rich's console
def test_a_closed_pipe_ends_quietly(opdracht: list[str]) -> None:
    """As ``overeenkomsten schema | head -1`` when head has already gone: exit 141, as a
    shell's pipeline reports SIGPIPE (rich's console would exit 1, a finding's code)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "overeenkomsten", *opdracht],
            stdout=write_end,
            stderr=subprocess.PIPE,
            check=False,
            timeout=60,
        )
    finally:
        os.close(write_end)

    assert done.returncode == 141
    assert done.stderr.decode() == ""


def test_relative_output_folder_with_pdfs(tmp_path: Path, soffice: str) -> None:
    """LibreOffice's profile is given as a file URI, which a relative path cannot be."""
    record = shutil.copy(ROOT / "tests" / "data" / "traject.json", tmp_path / "traject.json")

    result = run("genereer", record.name, "--uit", "uitvoer", cwd=tmp_path)

    assert result.code == 0, result
    assert len(list((tmp_path / "uitvoer").glob("*/*.pdf"))) == 3  # no PV before afronding


def test_dossier_on_a_read_only_disk_names_that_folder(tmp_path: Path, voorbeeld_set: Path) -> None:
    """A temporary file beside the dossier is no reason to point at TMPDIR, also when the
    output folder happens to lie under /tmp."""
    with tmpfs(tmp_path / "ro", "ro,size=1m") as folder:
        result = run("bundel", voorbeeld_set, "--uit", folder / "dossier.pdf", "--ook-bij-fouten")

    assert_dutch_failure(result, str(folder), "alleen-lezen")
    assert "TMPDIR" not in result.output
