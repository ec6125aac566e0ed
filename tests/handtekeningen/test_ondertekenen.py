"""Signing with real pyHanko and the session's test PKI."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from overeenkomsten.errors import InputError, SignatureError
from overeenkomsten.handtekeningen import inspect_signatures, sign_pdf
from overeenkomsten.handtekeningen.plaatsing import find_placement
from tests.handtekeningen.conftest import BLOKKEN, TIJDEN
from tests.plugins.pki import PkiMaterial


def _widgets(pdf: Path) -> dict[str, tuple[int, list[float]]]:
    """Signature field name -> (page index, rectangle) as pypdf reads them."""
    reader = PdfReader(pdf)
    found: dict[str, tuple[int, list[float]]] = {}
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            if widget.get("/FT") == "/Sig":
                found[str(widget["/T"])] = (index, [float(v) for v in widget["/Rect"]])
    return found


def test_three_parties_sign_in_turn_and_all_stay_valid(
    ondertekend_pdf: Path, test_pki: PkiMaterial
) -> None:
    found = inspect_signatures(ondertekend_pdf, test_pki.basis())

    assert [h.veld for h in found] == list(BLOKKEN)
    assert [h.rol for h in found] == list(BLOKKEN)
    assert [h.ondertekenaar for h in found] == [test_pki.namen[rol] for rol in BLOKKEN]
    for h in found:
        assert (h.intact, h.geldig, h.vertrouwd, h.toegestaan) == (True, True, True, True)
        assert h.in_orde
        assert h.toelichting == ""
    assert [h.dekking for h in found] == ["eerdere revisie", "eerdere revisie", "hele document"]
    assert found[0].wijzigingen == "alleen handtekeningen toegevoegd"
    assert found[-1].wijzigingen == "geen"


def test_signing_time_is_the_claim_or_the_timestamp(
    ondertekend_pdf: Path, test_pki: PkiMaterial
) -> None:
    by_role = {h.rol: h for h in inspect_signatures(ondertekend_pdf, test_pki.basis())}

    assert by_role["instelling"].tijdstip == TIJDEN["instelling"]
    assert by_role["instelling"].tijdstip_bron == "ondertekenaar"
    assert by_role["instelling"].tijdstempel_vertrouwd is False
    assert by_role["leerbedrijf"].tijdstip == TIJDEN["leerbedrijf"]
    assert by_role["leerbedrijf"].tijdstip_bron == "tijdstempel"
    assert by_role["leerbedrijf"].tijdstempel_vertrouwd is True


def test_timestamp_from_an_untrusted_tsa_is_reported_as_such(ondertekend_pdf: Path) -> None:
    leerbedrijf = next(h for h in inspect_signatures(ondertekend_pdf) if h.veld == "leerbedrijf")

    assert leerbedrijf.tijdstip_bron == "tijdstempel"
    assert leerbedrijf.tijdstempel_vertrouwd is False


def test_field_sits_on_the_signature_block_of_its_party(
    ondertekend_pdf: Path, bron_pdf: Path
) -> None:
    widgets = _widgets(ondertekend_pdf)
    data = bron_pdf.read_bytes()

    assert set(widgets) == set(BLOKKEN)
    for rol in BLOKKEN:
        placement = find_placement(data, rol)
        assert placement is not None, rol
        page, rect = widgets[rol]
        assert page == placement.page
        assert rect == [float(round(v)) for v in placement.box]
        assert rect[2] - rect[0] >= 100
        assert rect[3] - rect[1] >= 28
    # the boxes of different parties never overlap
    boxes = [widgets[rol][1] for rol in BLOKKEN if widgets[rol][0] == widgets["kandidaat"][0]]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_field_is_placed_below_or_beside_the_heading(bron_pdf: Path) -> None:
    page = PdfReader(bron_pdf).pages[0]
    positions: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip().startswith("Handtekening"):
            positions[text.strip()] = (tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    placement = find_placement(bron_pdf.read_bytes(), "instelling")
    assert placement is not None
    x, y = positions["Handtekening namens de instelling"]
    x1, y1, x2, y2 = placement.box
    below = x1 == pytest.approx(x) and y2 < y
    beside = x1 > x + 100 and y1 < y < y2 + 15
    assert below or beside


def test_party_without_a_block_signs_invisibly(kopie: Path, test_pki: PkiMaterial) -> None:
    assert find_placement(kopie.read_bytes(), "rmt") is None

    test_pki.sign(kopie, "rmt")

    _page, rect = _widgets(kopie)["rmt"]
    assert rect == [0, 0, 0, 0]
    (h,) = inspect_signatures(kopie, test_pki.basis())
    assert (h.veld, h.intact, h.geldig, h.vertrouwd) == ("rmt", True, True, True)


def test_uit_leaves_the_original_untouched(
    kopie: Path, test_pki: PkiMaterial, tmp_path: Path
) -> None:
    before = kopie.read_bytes()
    uit = tmp_path / "sub" / "getekend.pdf"

    written = test_pki.sign(kopie, "kandidaat", uit=uit)

    assert written == uit
    assert kopie.read_bytes() == before
    assert uit.read_bytes().startswith(before)  # an incremental update appends
    assert inspect_signatures(kopie) == []


def test_naive_signing_time_is_local_time(kopie: Path, test_pki: PkiMaterial) -> None:
    moment = dt.datetime(2026, 8, 31, 14, 0)

    test_pki.sign(kopie, "kandidaat", tijdstip=moment)

    (h,) = inspect_signatures(kopie)
    assert h.tijdstip == moment.astimezone()


def test_same_role_cannot_sign_twice(ondertekend_pdf: Path, test_pki: PkiMaterial) -> None:
    before = ondertekend_pdf.read_bytes()

    with pytest.raises(SignatureError) as info:
        test_pki.sign(ondertekend_pdf, "kandidaat")

    assert info.value.code == "veld-al-ondertekend"
    assert "al ondertekend" in info.value.bericht
    assert ondertekend_pdf.read_bytes() == before


def test_wrong_password_is_a_dutch_error(kopie: Path, test_pki: PkiMaterial) -> None:
    before = kopie.read_bytes()

    with pytest.raises(SignatureError) as info:
        sign_pdf(kopie, "kandidaat", test_pki.p12["kandidaat"], b"verkeerd")

    assert info.value.code == "wachtwoord-onjuist"
    assert "wachtwoord" in info.value.bericht
    assert "klopt niet" in info.value.bericht
    assert kopie.read_bytes() == before


def test_missing_password_says_how_to_give_it(kopie: Path, test_pki: PkiMaterial) -> None:
    with pytest.raises(SignatureError) as info:
        sign_pdf(kopie, "kandidaat", test_pki.p12["kandidaat"], None)

    assert info.value.code == "wachtwoord-onjuist"
    assert "--wachtwoord-env" in info.value.bericht


def test_not_a_pkcs12_file(kopie: Path, test_pki: PkiMaterial) -> None:
    with pytest.raises(SignatureError) as info:
        sign_pdf(kopie, "kandidaat", test_pki.root_pem, test_pki.wachtwoord)

    assert info.value.code == "geen-pkcs12"
    assert "PKCS#12" in info.value.bericht


def test_unknown_role(kopie: Path, test_pki: PkiMaterial) -> None:
    with pytest.raises(SignatureError) as info:
        sign_pdf(kopie, "directeur", test_pki.p12["kandidaat"], test_pki.wachtwoord)  # type: ignore[arg-type]

    assert info.value.code == "rol-onbekend"
    assert "kandidaat" in info.value.bericht


def test_missing_pdf(tmp_path: Path, test_pki: PkiMaterial) -> None:
    with pytest.raises(InputError) as info:
        test_pki.sign(tmp_path / "weg.pdf", "kandidaat")

    assert info.value.code == "bestand-ontbreekt"


def test_truncated_pdf_cannot_be_signed(kopie: Path, test_pki: PkiMaterial) -> None:
    kopie.write_bytes(kopie.read_bytes()[:4000])

    with pytest.raises(SignatureError) as info:
        test_pki.sign(kopie, "kandidaat")

    assert info.value.code == "pdf-onleesbaar"
    assert "geen leesbare PDF" in info.value.bericht


def test_encrypted_pdf_cannot_be_signed(kopie: Path, test_pki: PkiMaterial) -> None:
    writer = PdfWriter(clone_from=PdfReader(kopie))
    writer.encrypt("geheim", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    kopie.write_bytes(buffer.getvalue())

    with pytest.raises(SignatureError) as info:
        test_pki.sign(kopie, "kandidaat")

    assert info.value.code == "pdf-versleuteld"
    assert "versleuteld" in info.value.bericht


def test_timestamp_authority_needs_an_rsa_key(kopie: Path, test_pki: PkiMaterial) -> None:
    from overeenkomsten.handtekeningen import LocalTimestampAuthority

    ec_tsa = LocalTimestampAuthority(test_pki.p12["rmt"], test_pki.wachtwoord)

    with pytest.raises(SignatureError) as info:
        sign_pdf(
            kopie,
            "kandidaat",
            test_pki.p12["kandidaat"],
            test_pki.wachtwoord,
            tijdstempel=ec_tsa,
        )

    assert info.value.code == "tijdstempel-fout"
