"""PDFs whose structure pypdf does not expect (a catalog that is no dictionary, arrays
nested deeper than Python's stack, encryption for a recipient's certificate) beside a set:
``bundel`` attaches them without a copy instead of stopping with an unexpected error, the
dossier that holds them is checked like any other, one finding for the bad file, and
``handtekeningen`` says in Dutch that such a file cannot be read (exit 2)."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.crypt import PubKeySecurityHandler
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import copy_into_new_writer

from tests.dossier.pdfs import _pdf
from tests.robuustheid.cli import assert_clean, run_many


def _catalog_not_a_dictionary() -> bytes:
    return _pdf([b"[1 2 3]"])


def _deep_arrays() -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /Diep " + b"[" * 50_000 + b"]" * 50_000 + b" >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        ]
    )


def _for_a_recipient(pdf: bytes) -> bytes:
    """``pdf`` encrypted for one recipient's certificate (/Adobe.PubSec)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ontvanger")])
    usage = x509.KeyUsage(
        digital_signature=False, content_commitment=False, key_encipherment=True,
        data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
        encipher_only=False, decipher_only=False,
    )  # fmt: skip
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2040, 1, 1, tzinfo=dt.UTC))
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    recipient = asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pdf)))
    writer._assign_security_handler(PubKeySecurityHandler.build_from_certs([recipient]))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, goede_pdfs: dict[str, Path]) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("vreemd")
    folder = root / "set"
    folder.mkdir()
    for path in goede_pdfs.values():
        shutil.copy(path, folder / path.name)
    (folder / "catalogus.pdf").write_bytes(_catalog_not_a_dictionary())
    (folder / "diep.pdf").write_bytes(_deep_arrays())
    (folder / "ontvanger.pdf").write_bytes(_for_a_recipient(goede_pdfs["OOK"].read_bytes()))
    dossier = root / "dossier.pdf"
    made = run_many({"bundel": ["bundel", folder, "--uit", dossier, "--ook-bij-fouten"]}, workers=1)
    checked = run_many(
        {
            "controleer": ["controleer", dossier, "--json"],
            "handtekeningen catalogus.pdf": ["handtekeningen", folder / "catalogus.pdf"],
            "handtekeningen diep.pdf": ["handtekeningen", folder / "diep.pdf"],
        },
        workers=2,
    )
    return {**made, **checked}


def test_bundel_attaches_files_it_cannot_read(runs: dict[str, Any]) -> None:
    assert_clean(runs["bundel"], 0, "Dossier geschreven")


def test_the_dossier_with_them_is_checked(runs: dict[str, Any]) -> None:
    run = runs["controleer"]
    assert_clean(run, 0)
    uitkomst = json.loads(run.stdout)
    named = {name for b in uitkomst["bevindingen"] for name in b["documenten"]}
    assert {"catalogus.pdf", "diep.pdf", "ontvanger.pdf"} <= named
    assert {"OOK", "POK", "PLOK", "PV"} <= set(uitkomst["documenten"].values())


@pytest.mark.parametrize("name", ["catalogus.pdf", "diep.pdf"])
def test_their_signatures_are_an_unusable_input(runs: dict[str, Any], name: str) -> None:
    assert_clean(runs[f"handtekeningen {name}"], 2, "onleesbaar")
