"""Attacks on a signed PDF that once passed (X7, X8, X16): each is built from the session's
signed document in a few byte edits or one pyHanko update, and must be reported.

* bytes appended after the last revision a reader follows (no cross-reference section, or
  a final ``startxref`` that skips the update): viewers that rebuild the file show them;
* signatures hidden by a ``/Prev`` chain that skips the signed revisions;
* a later appearance that is larger than its rectangle, or lies off the page (viewers
  differ in whether they keep it to its rectangle);
* an appearance shown only on hover or when clicked, or hidden on screen but printed;
* a certificate whose purposes exclude signing documents (a TSA's, a CA's own);
* an expired certificate with a signing time claimed before the document existed;
* a signing time vouched for by a timestamp nobody trusts;
* a certificate name written in look-alike (full-width) letters.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.stamp import TextStampStyle
from pypdf import PdfReader

from overeenkomsten.handtekeningen import LocalTimestampAuthority, inspect_signatures, sign_pdf
from overeenkomsten.handtekeningen.namen import same_person
from overeenkomsten.handtekeningen.plaatsing import text_lines
from overeenkomsten.handtekeningen.sleutels import load_signer
from tests.handtekeningen.conftest import BLOKKEN
from tests.plugins.pki import PkiMaterial, sign_as

LATER = dt.datetime(2026, 9, 10, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def getekend(ondertekend_pdf: Path, tmp_path: Path) -> Path:
    """A copy of the PDF signed by instelling, leerbedrijf and kandidaat."""
    return Path(shutil.copy(ondertekend_pdf, tmp_path / "pok.pdf"))


def _startxrefs(data: bytes) -> list[int]:
    return [int(v) for v in re.findall(rb"startxref\s+(\d+)", data)]


def _update(data: bytes, *, prev: int, startxref: int | None = None, objects: bytes = b"") -> bytes:
    """``data`` with a raw incremental update: ``objects``, an empty xref section and a
    trailer whose /Prev is ``prev``; the final startxref points at it unless given."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    root = reader.trailer_view.raw_get("/Root").reference
    size = int(reader.trailer_view["/Size"])
    body = data + b"\n" + objects
    at = len(body)
    body += b"xref\n0 1\n0000000000 65535 f \n"
    body += f"trailer\n<< /Size {size} /Root {root.idnum} 0 R /Prev {prev} >>\n".encode()
    body += f"startxref\n{at if startxref is None else startxref}\n%%EOF\n".encode()
    return body


@pytest.mark.parametrize(
    "aanhangsel",
    [
        b"Startdatum: 1 februari 2031\n",
        b"\n99 0 obj\n<< /Type /Catalog >>\nendobj\n",
    ],
    ids=["tekst", "object-zonder-xref"],
)
def test_bytes_appended_after_the_last_revision_are_a_change(
    getekend: Path, test_pki: PkiMaterial, aanhangsel: bytes
) -> None:
    getekend.write_bytes(getekend.read_bytes() + aanhangsel)

    found = inspect_signatures(getekend, test_pki.basis())

    assert [h.veld for h in found] == list(BLOKKEN)
    assert not any(h.in_orde for h in found)
    assert all("aangehangen" in h.wijzigingen for h in found)


def test_an_update_that_the_final_startxref_skips_is_a_change(
    getekend: Path, test_pki: PkiMaterial
) -> None:
    data = getekend.read_bytes()
    last = _startxrefs(data)[-1]
    getekend.write_bytes(_update(data, prev=last, startxref=last))

    assert not any(h.in_orde for h in inspect_signatures(getekend, test_pki.basis()))


def test_padding_after_the_last_revision_is_no_change(
    getekend: Path, test_pki: PkiMaterial
) -> None:
    getekend.write_bytes(getekend.read_bytes() + b"\r\n\n  \x00")

    assert all(h.in_orde for h in inspect_signatures(getekend, test_pki.basis()))


def test_signatures_hidden_by_a_prev_that_skips_them_are_reported(
    getekend: Path, test_pki: PkiMaterial
) -> None:
    data = getekend.read_bytes()
    getekend.write_bytes(_update(data, prev=_startxrefs(data)[0]))

    found = inspect_signatures(getekend, test_pki.basis())

    assert len(found) == len(BLOKKEN)
    assert all(h.afwijking == "verwijderd" and not h.in_orde for h in found)
    assert {h.ondertekenaar for h in found} == {test_pki.namen[rol] for rol in BLOKKEN}


def _timestamp_with_appearance(
    pdf: Path,
    pki: PkiMaterial,
    box: tuple[int, int, int, int],
    bbox: list[float],
    matrix: list[float],
    *,
    soort: str = "/N",
    vlaggen: int | None = None,
) -> None:
    """A document timestamp whose widget has the rectangle ``box`` and an appearance with
    its own ``bbox`` and ``matrix`` (a white block with a date)."""
    tsa = load_signer(pki.tsa_p12, pki.wachtwoord)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf.read_bytes()))
    fields.append_signature_field(
        writer, fields.SigFieldSpec(sig_field_name="tijdstempel", on_page=0, box=box)
    )
    appearance = generic.StreamObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/XObject"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Form"),
            generic.pdf_name("/BBox"): generic.ArrayObject(map(generic.FloatObject, bbox)),
            generic.pdf_name("/Matrix"): generic.ArrayObject(map(generic.FloatObject, matrix)),
        },
        stream_data=b"q 1 1 1 rg 100 600 200 20 re f Q",
    )
    for _name, _value, ref in fields.enumerate_sig_fields(writer, with_name="tijdstempel"):
        widget = ref.get_object()
        ref = writer.add_object(appearance)
        states = {generic.pdf_name("/N"): ref}
        if soort != "/N":  # an empty normal appearance, the real one on hover or click
            states[generic.pdf_name("/N")] = writer.add_object(
                generic.StreamObject(
                    {generic.pdf_name("/BBox"): generic.ArrayObject([generic.FloatObject(0)] * 4)},
                    stream_data=b"",
                )
            )
            states[generic.pdf_name(soort)] = ref
        widget[generic.pdf_name("/AP")] = generic.DictionaryObject(states)
        if vlaggen is not None:
            widget[generic.pdf_name("/F")] = generic.NumberObject(vlaggen)
        writer.update_container(widget)
    stamper = DummyTimeStamper(
        tsa_cert=tsa.signing_cert, tsa_key=tsa.signing_key, certs_to_embed=tsa.cert_registry
    )
    out = io.BytesIO()
    PdfTimeStamper(stamper, field_name="tijdstempel").timestamp_pdf(writer, "sha256", output=out)
    pdf.write_bytes(out.getvalue())


@pytest.mark.parametrize(
    ("box", "bbox", "matrix", "woorden"),
    [
        # a 20 x 10 rectangle in the margin, an appearance as large as the page
        ((560, 820, 580, 830), [0, 0, 595, 842], [1, 0, 0, 1, 0, 0], "groter is dan zijn vlak"),
        # a rectangle off the page, moved onto the text by its matrix
        ((700, 900, 900, 920), [0, 0, 200, 20], [1, 0, 0, 1, -600, -300], "buiten de pagina"),
    ],
    ids=["grote-bbox", "buiten-pagina"],
)
def test_an_appearance_that_can_draw_beyond_its_rectangle_is_an_overlay(
    getekend: Path,
    test_pki: PkiMaterial,
    box: tuple[int, int, int, int],
    bbox: list[float],
    matrix: list[float],
    woorden: str,
) -> None:
    _timestamp_with_appearance(getekend, test_pki, box, bbox, matrix)

    found = inspect_signatures(getekend, test_pki.basis())

    assert [h.afwijking for h in found[: len(BLOKKEN)]] == [None] * len(BLOKKEN)
    (stempel,) = found[len(BLOKKEN) :]
    assert stempel.afwijking == "overlay"
    assert woorden in stempel.toelichting


@pytest.mark.parametrize("soort", ["/R", "/D"], ids=["bij-aanwijzen", "bij-klikken"])
def test_an_appearance_shown_on_hover_or_click_is_judged_too(
    getekend: Path, test_pki: PkiMaterial, soort: str
) -> None:
    _timestamp_with_appearance(
        getekend, test_pki, (560, 820, 580, 830), [0, 0, 595, 842], [1, 0, 0, 1, 0, 0], soort=soort
    )

    stempel = inspect_signatures(getekend, test_pki.basis())[-1]

    assert stempel.afwijking == "overlay"


def _box_over_text(pdf: Path) -> tuple[int, int, int, int]:
    line = next(line for line in text_lines(PdfReader(pdf).pages[0]) if "Artikel 1" in line.text)
    return (round(line.x), round(line.bottom), round(line.x + 200), round(line.top))


@pytest.mark.parametrize(
    "vlaggen", [32 | 4, 32 | 256], ids=["niet-op-scherm-wel-afgedrukt", "bij-aanwijzen"]
)
def test_an_appearance_off_screen_but_printed_or_shown_on_hover_is_drawn(
    getekend: Path, test_pki: PkiMaterial, vlaggen: int
) -> None:
    box = _box_over_text(getekend)
    width, height = box[2] - box[0], box[3] - box[1]
    _timestamp_with_appearance(
        getekend, test_pki, box, [0, 0, width, height], [1, 0, 0, 1, 0, 0], vlaggen=vlaggen
    )

    stempel = inspect_signatures(getekend, test_pki.basis())[-1]

    assert stempel.afwijking == "overlay"
    assert "bedekt tekst" in stempel.toelichting


def _issued_by_root(pki: PkiMaterial, folder: Path, naam: str, *, ca: bool) -> Path:
    """A PKCS#12 file with a certificate for ``naam`` issued by the session's root."""
    assert pki.root_sleutel is not None
    root = x509.load_pem_x509_certificate(pki.root_pem.read_bytes())
    root_key = serialization.load_pem_private_key(pki.root_sleutel.read_bytes(), None)
    assert isinstance(root_key, ec.EllipticCurvePrivateKey)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, naam)]))
        .issuer_name(root.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2040, 1, 1, tzinfo=dt.UTC))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(root_key, hashes.SHA256())
    )
    p12 = folder / "uitgegeven.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"x", key, cert, [root], serialization.BestAvailableEncryption(pki.wachtwoord)
        )
    )
    return p12


def test_a_certificate_authoritys_own_certificate_does_not_sign(
    kopie: Path, test_pki: PkiMaterial, tmp_path: Path
) -> None:
    p12 = _issued_by_root(test_pki, tmp_path, test_pki.namen["kandidaat"], ca=True)
    sign_as(test_pki, kopie, "kandidaat", p12, tijdstip=LATER)

    (kandidaat,) = inspect_signatures(kopie, test_pki.basis())

    assert kandidaat.vertrouwen == "niet-vertrouwd"
    assert "uitgeven van certificaten" in kandidaat.toelichting


def test_a_signing_time_before_the_document_existed_does_not_save_an_expired_certificate(
    kopie: Path, test_pki: PkiMaterial
) -> None:
    """The 'verlopen' certificate was valid in 2020-2021; the document was made later (its
    CreationDate is today), so a claimed signing time in 2021 cannot be true."""
    geclaimd = dt.datetime(2021, 6, 1, 10, 0, tzinfo=dt.UTC)
    sign_as(test_pki, kopie, "kandidaat", test_pki.bijzonder["verlopen"], tijdstip=geclaimd)

    (kandidaat,) = inspect_signatures(kopie, test_pki.basis())

    assert kandidaat.tijdstip == geclaimd  # reported as claimed
    assert kandidaat.vertrouwen == "verlopen"
    assert kandidaat.vertrouwen_fout
    assert "kan niet kloppen" in kandidaat.toelichting


def test_a_certificate_for_another_purpose_does_not_sign(
    kopie: Path, test_pki: PkiMaterial
) -> None:
    """The TSA's certificate (extended key usage: time stamping only) chains to the root
    and may sign digitally, but it is not meant to sign documents."""
    test_pki.sign(kopie, "instelling", tijdstip=LATER)
    sign_as(test_pki, kopie, "kandidaat", test_pki.tsa_p12, tijdstip=LATER)

    instelling, kandidaat = inspect_signatures(kopie, test_pki.basis())

    assert instelling.vertrouwen == "vertrouwd"
    assert kandidaat.vertrouwen == "niet-vertrouwd"
    assert "niet bedoeld om documenten te ondertekenen" in kandidaat.toelichting


def _untrusted_tsa(folder: Path, wachtwoord: bytes) -> LocalTimestampAuthority:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Eigen TSA")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2040, 1, 1, tzinfo=dt.UTC))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(key, hashes.SHA256())
    )
    p12 = folder / "eigen-tsa.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"tsa", key, cert, None, serialization.BestAvailableEncryption(wachtwoord)
        )
    )
    return LocalTimestampAuthority(p12, wachtwoord)


def test_a_timestamp_nobody_trusts_does_not_vouch_for_the_time(
    kopie: Path, test_pki: PkiMaterial, tmp_path: Path
) -> None:
    sign_pdf(
        kopie,
        "kandidaat",
        test_pki.p12["kandidaat"],
        test_pki.wachtwoord,
        tijdstip=LATER,
        tijdstempel=_untrusted_tsa(tmp_path, test_pki.wachtwoord),
    )

    (met_basis,) = inspect_signatures(kopie, test_pki.basis())
    (zonder_basis,) = inspect_signatures(kopie)

    assert met_basis.tijdstip_bron == "ondertekenaar"
    assert met_basis.tijdstip == LATER
    assert not met_basis.tijdstempel_vertrouwd
    assert zonder_basis.tijdstip_bron == "tijdstempel"  # nothing to judge it by


def test_look_alike_letters_name_someone_else() -> None:
    assert not same_person("Ｆatma Yılmaz", "Fatma Yılmaz")  # full-width F
    assert not same_person("𝐅atma Yılmaz", "Fatma Yılmaz")  # mathematical bold F
    assert same_person("Fatma Yilmaz", "Fatma Yılmaz")  # as people type it
    assert same_person("Soﬁe de Wit", "Sofie de Wit")  # a ligature from a text layer


def test_a_later_signature_that_makes_viewers_rebuild_the_form_is_a_change(
    getekend: Path, test_pki: PkiMaterial, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/NeedAppearances in a signature's revision: viewers then draw each form field from
    its value, not from the appearance that was signed (a shadow attack's switch). pyHanko's
    own signer clears it; an attacker's signer does not."""
    import pyhanko.sign.signers.cms_embedder as embedder

    clear = embedder.ensure_sig_flags

    def keep(writer: IncrementalPdfFileWriter, lock_sig_flags: bool = True) -> None:
        clear(writer=writer, lock_sig_flags=lock_sig_flags)
        form = writer.root["/AcroForm"]
        form[generic.pdf_name("/NeedAppearances")] = generic.BooleanObject(True)
        writer.update_container(form)

    monkeypatch.setattr(embedder, "ensure_sig_flags", keep)
    sign_pdf(getekend, "rmt", test_pki.p12["rmt"], test_pki.wachtwoord, tijdstip=LATER)
    monkeypatch.undo()

    found = inspect_signatures(getekend, test_pki.basis())

    assert [h.veld for h in found] == [*BLOKKEN, "rmt"]
    assert not any(h.in_orde for h in found[: len(BLOKKEN)])
    assert all("NeedAppearances" in h.wijzigingen for h in found[: len(BLOKKEN)])


def test_a_signature_after_a_trusted_timestamp_is_not_earlier_than_it(
    kopie: Path, test_pki: PkiMaterial
) -> None:
    """The instelling's signature carries a trusted timestamp of 10 September; the
    kandidaat signed after it (a later revision) but claims 31 August: backdated."""
    vooraf = dt.datetime(2026, 8, 31, 10, 0, tzinfo=dt.UTC)
    test_pki.sign(kopie, "instelling", tijdstip=LATER, tijdstempel=True)
    test_pki.sign(kopie, "kandidaat", tijdstip=vooraf)

    instelling, kandidaat = inspect_signatures(kopie, test_pki.basis())

    assert instelling.tijdstip == LATER
    assert kandidaat.tijdstip == LATER
    assert kandidaat.tijdstip_bron == "tijdstempel"


def test_a_later_signature_over_an_earlier_signatures_appearance_is_an_overlay(
    getekend: Path, test_pki: PkiMaterial
) -> None:
    reader = PdfFileReader(io.BytesIO(getekend.read_bytes()))
    for naam, _value, ref in fields.enumerate_sig_fields(reader):
        if naam == "instelling":
            widget = ref.get_object()
            box = tuple(round(float(v)) for v in widget["/Rect"])
            pagina = next(
                i
                for i, p in enumerate(reader.root["/Pages"]["/Kids"])
                if any(a.get_object() is widget for a in p.get_object().get("/Annots", []))
            )
    signer = load_signer(test_pki.p12["rmt"], test_pki.wachtwoord)
    out = io.BytesIO()
    signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="rmt", md_algorithm="sha256"),
        signer,
        stamp_style=TextStampStyle(stamp_text="Handtekening ingetrokken"),
        new_field_spec=fields.SigFieldSpec(sig_field_name="rmt", on_page=pagina, box=box),
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(getekend.read_bytes())), output=out)
    getekend.write_bytes(out.getvalue())

    rmt = inspect_signatures(getekend, test_pki.basis())[-1]

    assert rmt.veld == "rmt"
    assert rmt.afwijking == "overlay"
    assert "eerdere handtekening" in rmt.toelichting
