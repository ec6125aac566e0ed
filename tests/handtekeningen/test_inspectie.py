"""Inspecting signatures: trust, changes after signing, tampering, unreadable PDFs."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import FreeText

from overeenkomsten.errors import ConfigurationError, InputError
from overeenkomsten.handtekeningen import inspect_signatures
from overeenkomsten.handtekeningen.basis import Vertrouwensbasis
from overeenkomsten.handtekeningen.sleutels import load_signer
from tests.handtekeningen.conftest import BLOKKEN
from tests.plugins.pki import PkiMaterial


def _write(pdf: bytes, path: Path) -> Path:
    path.write_bytes(pdf)
    return path


def _encrypted(pdf: bytes, user: str, owner: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user, owner, algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_unsigned_pdf_has_no_signatures(bron_pdf: Path) -> None:
    assert inspect_signatures(bron_pdf) == []
    assert inspect_signatures(bron_pdf.read_bytes()) == []


def test_without_trust_roots_a_good_signature_is_intact_but_untrusted(
    ondertekend_pdf: Path,
) -> None:
    found = inspect_signatures(ondertekend_pdf)

    assert len(found) == len(BLOKKEN)
    for h in found:
        assert (h.intact, h.geldig, h.toegestaan, h.vertrouwd) == (True, True, True, False)
        assert h.in_orde
        assert "geen vertrouwde basis opgegeven" in h.toelichting


def test_signer_of_another_ca_is_not_trusted(kopie: Path, test_pki: PkiMaterial) -> None:
    test_pki.sign(kopie, "instelling", vertrouwd=False)
    test_pki.sign(kopie, "kandidaat")

    onbekend, bekend = inspect_signatures(kopie, test_pki.basis())

    assert (onbekend.veld, onbekend.intact, onbekend.geldig) == ("instelling", True, True)
    assert onbekend.vertrouwd is False
    assert onbekend.ondertekenaar == test_pki.namen["instelling"]
    assert "valt niet onder" in onbekend.toelichting
    assert bekend.vertrouwd is True
    # trusting the other CA instead turns the answers around
    onbekend2, bekend2 = inspect_signatures(
        kopie, Vertrouwensbasis.from_files([test_pki.untrusted_root_pem])
    )
    assert (onbekend2.vertrouwd, bekend2.vertrouwd) == (True, False)


def test_page_appended_after_signing_is_a_forbidden_change(
    ondertekend_pdf: Path, tmp_path: Path
) -> None:
    original = ondertekend_pdf.read_bytes()
    writer = PdfWriter(io.BytesIO(original), incremental=True)
    writer.add_blank_page()
    buffer = io.BytesIO()
    writer.write(buffer)
    changed = buffer.getvalue()
    assert changed.startswith(original)  # really an incremental update

    found = inspect_signatures(_write(changed, tmp_path / "aangevuld.pdf"))

    assert len(found) == len(BLOKKEN)
    for h in found:
        assert h.intact  # the signed bytes themselves are untouched
        assert h.geldig
        assert h.toegestaan is False
        assert not h.in_orde
        assert h.dekking == "eerdere revisie"
        assert h.wijzigingen == "revisie 5: het aantal pagina's gaat van 2 naar 3"
        assert "niet mag" in h.toelichting


def test_one_byte_changed_in_the_signed_range_is_not_intact(ondertekend_pdf: Path) -> None:
    data = bytearray(ondertekend_pdf.read_bytes())
    # the producer string of the first revision: covered by every signature
    position = data.index(b"/Producer") + 12
    data[position] ^= 0x01

    found = inspect_signatures(bytes(data))

    assert len(found) == len(BLOKKEN)
    for h in found:
        assert h.intact is False
        assert not h.in_orde
        assert "gewijzigd" in h.toelichting


def test_damaged_signature_container_is_reported_not_raised(ondertekend_pdf: Path) -> None:
    data = ondertekend_pdf.read_bytes()
    # overwrite the start of the last signature's CMS blob (hex inside /Contents <...>)
    start = data.rindex(b"/Contents <") + len(b"/Contents <")
    damaged = data[:start] + b"00" * 40 + data[start + 80 :]
    assert len(damaged) == len(data)

    found = inspect_signatures(damaged)

    assert [h.veld for h in found] == list(BLOKKEN)
    kapot = found[-1]
    assert (kapot.intact, kapot.geldig, kapot.toegestaan) == (False, False, False)
    assert "kan niet worden gecontroleerd" in kapot.toelichting
    assert all(h.intact for h in found[:-1])


@pytest.mark.parametrize(
    "change",
    [(0, -10, 0, 0), (0, 0, 10, -10), (0, 0, 0, 5)],
    ids=["eerste-deel-korter", "gat-groter", "voorbij-het-einde"],
)
def test_lying_byte_range_is_not_intact(
    ondertekend_pdf: Path, change: tuple[int, int, int, int]
) -> None:
    """A /ByteRange edited to leave bytes out (or to run past the end) is never intact."""
    data = ondertekend_pdf.read_bytes()
    match = list(re.finditer(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)\s*\]", data))[-1]
    numbers = [int(x) + delta for x, delta in zip(match.groups(), change, strict=True)]
    fake = ("/ByteRange [" + " ".join(map(str, numbers)) + "]").encode()
    fake = fake.ljust(match.end() - match.start())
    lying = data[: match.start()] + fake + data[match.end() :]

    last = inspect_signatures(lying)[-1]

    assert last.veld == BLOKKEN[-1]
    assert last.intact is False
    assert last.dekking == "gedeeltelijk"
    assert not last.in_orde


def test_document_timestamp_and_dss_are_allowed_after_signing(
    ondertekend_pdf: Path, test_pki: PkiMaterial, tmp_path: Path
) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    tsa = signers.SimpleSigner.load_pkcs12_data(
        test_pki.tsa_p12.read_bytes(), other_certs=(), passphrase=test_pki.wachtwoord
    )
    timestamper = DummyTimeStamper(tsa_cert=tsa.signing_cert, tsa_key=tsa.signing_key)
    writer = IncrementalPdfFileWriter(io.BytesIO(ondertekend_pdf.read_bytes()))
    output = io.BytesIO()
    signers.PdfTimeStamper(timestamper).timestamp_pdf(writer, "sha256", output=output)

    found = inspect_signatures(_write(output.getvalue(), tmp_path / "ts.pdf"), test_pki.basis())

    *ondertekeningen, tijdstempel = found
    assert [h.veld for h in ondertekeningen] == list(BLOKKEN)
    assert all(h.in_orde and h.vertrouwd for h in ondertekeningen)
    assert ondertekeningen[-1].wijzigingen == "alleen validatiegegevens of tijdstempels toegevoegd"
    assert tijdstempel.soort == "tijdstempel"
    assert tijdstempel.rol is None
    assert tijdstempel.tijdstip_bron == "tijdstempel"
    assert (tijdstempel.intact, tijdstempel.geldig, tijdstempel.vertrouwd) == (True, True, True)


def test_a_signed_pdf_cut_short_reports_its_signatures_as_unreadable(
    ondertekend_pdf: Path,
) -> None:
    """The last update no longer reads, an earlier state was signed: hiding, not 'unsigned'."""
    found = inspect_signatures(ondertekend_pdf.read_bytes()[:-20])

    assert found
    assert {h.afwijking for h in found} == {"onleesbaar"}
    assert not any(h.in_orde for h in found)
    assert "niet meer te lezen" in found[0].toelichting


@pytest.mark.parametrize("cut", [100, 4000])
def test_truncated_pdf_is_a_dutch_error(ondertekend_pdf: Path, cut: int) -> None:
    data = ondertekend_pdf.read_bytes()[:cut]

    with pytest.raises(InputError) as info:
        inspect_signatures(data)

    assert info.value.code == "pdf-onleesbaar"
    assert "geen leesbare PDF" in info.value.bericht


def test_not_a_pdf_is_a_dutch_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        inspect_signatures(_write(b"Dit is tekst, geen PDF.", tmp_path / "x.pdf"))

    assert info.value.code == "pdf-onleesbaar"
    assert str(tmp_path / "x.pdf") in info.value.bericht


def test_encrypted_pdf_is_a_dutch_error(bron_pdf: Path) -> None:
    with pytest.raises(InputError) as info:
        inspect_signatures(_encrypted(bron_pdf.read_bytes(), "geheim"))

    assert info.value.code == "pdf-versleuteld"
    assert "versleuteld" in info.value.bericht


def test_pdf_with_only_an_owner_password_opens(bron_pdf: Path) -> None:
    assert inspect_signatures(_encrypted(bron_pdf.read_bytes(), "", "eigenaar")) == []


def test_missing_pdf_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        inspect_signatures(tmp_path / "weg.pdf")

    assert info.value.code == "bestand-ontbreekt"


def test_unreadable_trust_root_is_a_configuration_error(
    ondertekend_pdf: Path, tmp_path: Path
) -> None:
    with pytest.raises(ConfigurationError) as info:
        Vertrouwensbasis.from_files([_write(b"geen certificaat", tmp_path / "r.pem")])

    assert info.value.code == "vertrouwd-onleesbaar"


def test_missing_trust_root_is_a_configuration_error(ondertekend_pdf: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as info:
        Vertrouwensbasis.from_files([tmp_path / "weg.pem"])

    assert info.value.code == "vertrouwd-ontbreekt"
    assert "bestaat niet" in info.value.bericht


def test_record_as_json(ondertekend_pdf: Path) -> None:
    records = [h.as_dict() for h in inspect_signatures(ondertekend_pdf)]

    again = json.loads(json.dumps(records))
    assert again[0]["veld"] == "instelling"
    assert again[0]["tijdstip"] == "2026-09-01T10:00:00+00:00"
    assert set(again[0]) >= {
        "veld",
        "rol",
        "ondertekenaar",
        "tijdstip",
        "tijdstip_bron",
        "intact",
        "geldig",
        "vertrouwd",
        "dekking",
        "wijzigingen",
        "toegestaan",
        "soort",
    }


# --- strict: after a signature only signatures and validation data (domein.md X7) -------


def _incremental(data: bytes, change: Callable[[PdfWriter], object]) -> bytes:
    """``data`` with ``change`` appended as an incremental update (pypdf)."""
    writer = PdfWriter(io.BytesIO(data), incremental=True)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert buffer.getvalue().startswith(data)
    return buffer.getvalue()


def _timestamper(test_pki: PkiMaterial) -> DummyTimeStamper:
    tsa = load_signer(test_pki.tsa_p12, test_pki.wachtwoord)
    return DummyTimeStamper(tsa_cert=tsa.signing_cert, tsa_key=tsa.signing_key)


def test_three_parties_signing_in_turn_are_all_allowed(ondertekend_pdf: Path) -> None:
    found = inspect_signatures(ondertekend_pdf)
    assert [h.veld for h in found] == list(BLOKKEN)
    assert all(h.toegestaan and h.in_orde for h in found)
    assert [h.wijzigingen for h in found[:-1]] == ["alleen handtekeningen toegevoegd"] * (
        len(BLOKKEN) - 1
    )


def test_a_metadata_only_update_after_signing_is_not_allowed(ondertekend_pdf: Path) -> None:
    """pyHanko's default policy accepts this update; X7 does not."""
    changed = _incremental(
        ondertekend_pdf.read_bytes(), lambda w: w.add_metadata({"/Title": "Andere titel"})
    )

    found = inspect_signatures(changed)

    assert [h.veld for h in found] == list(BLOKKEN)
    for h in found:
        assert (h.intact, h.geldig, h.toegestaan) == (True, True, False)
        assert h.wijzigingen == (
            "revisie 5: alleen de documenteigenschappen, zoals de titel, zijn gewijzigd"
        )
        assert h.toelichting.startswith("Na ondertekening is het document gewijzigd")
        assert "Revisie 5 wijzigt het document na ondertekening" in h.toelichting


def test_an_annotation_added_after_signing_is_not_allowed(ondertekend_pdf: Path) -> None:
    note = FreeText(text="akkoord", rect=(50, 50, 200, 100))
    changed = _incremental(ondertekend_pdf.read_bytes(), lambda w: w.add_annotation(0, note))

    found = inspect_signatures(changed)

    assert all(not h.toegestaan for h in found)
    assert "aantekeningen of formuliervelden toegevoegd" in found[0].wijzigingen


def test_a_signature_that_also_changes_the_title_is_not_allowed_for_earlier_ones(
    kopie: Path, test_pki: PkiMaterial
) -> None:
    """A later signature may add itself, not change anything else in the same update."""
    test_pki.sign(kopie, "instelling")
    signer = load_signer(test_pki.p12["kandidaat"], test_pki.wachtwoord)
    writer = IncrementalPdfFileWriter(io.BytesIO(kopie.read_bytes()))
    writer.document_meta.title = "Stiekem gewijzigd"
    out = io.BytesIO()
    metadata = signers.PdfSignatureMetadata(field_name="kandidaat")
    signers.sign_pdf(writer, metadata, signer, output=out)

    instelling, kandidaat = inspect_signatures(out.getvalue())

    assert not instelling.toegestaan
    assert "voegt een handtekening (veld kandidaat) toe" in instelling.wijzigingen
    assert "titel" in instelling.toelichting  # XMP or /Info, whichever rule sees it first
    assert kandidaat.in_orde  # the change is part of what the kandidaat signed


def test_validation_data_and_a_document_timestamp_after_signing_are_allowed(
    ondertekend_pdf: Path, test_pki: PkiMaterial
) -> None:
    data = ondertekend_pdf.read_bytes()
    last = PdfFileReader(io.BytesIO(data)).embedded_signatures[-1]
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    tsa_cert = load_signer(test_pki.tsa_p12, test_pki.wachtwoord).signing_cert
    DocumentSecurityStore.supply_dss_in_writer(writer, last.pkcs7_content, certs=[tsa_cert])
    with_dss = io.BytesIO()
    writer.write(with_dss)
    out = io.BytesIO()
    signers.PdfTimeStamper(_timestamper(test_pki)).timestamp_pdf(
        IncrementalPdfFileWriter(with_dss), "sha256", output=out
    )

    *ondertekeningen, tijdstempel = inspect_signatures(out.getvalue(), test_pki.basis())

    assert [h.veld for h in ondertekeningen] == list(BLOKKEN)
    assert all(h.in_orde and h.vertrouwd for h in ondertekeningen)
    assert tijdstempel.soort == "tijdstempel"
    assert tijdstempel.in_orde
