"""Each rule on small contract-following documents (python-docx, in memory): one edit, one
rule fires, naming both values. The same rules on the real generated sets: test_sets.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from overeenkomsten._tekst import dutch_date
from overeenkomsten.controle import Erkenning
from overeenkomsten.errors import ConfigurationError
from overeenkomsten.handtekeningen.basis import Vertrouwensbasis
from overeenkomsten.model import Traject
from overeenkomsten.register import Kwalificatie, KwalificatieRegister
from tests.conftest import data_path
from tests.controle.helpers import afgerond_traject, bron, bronnen, check, fired, only, traject


@pytest.fixture(scope="module")
def t() -> Traject:
    """The example trajectory once it ended: its set has all four documents."""
    return afgerond_traject()


def test_untouched_set_has_no_fout_and_says_what_was_not_checked(t: Traject) -> None:
    rapport = check(*bronnen(t))
    assert rapport.oordeel == "onvolledig"
    assert fired(rapport) == set()
    assert fired(rapport, "waarschuwing") == set()
    assert fired(rapport, "niet-gecontroleerd") == {"X6", "X7", "X8"}
    assert set(rapport.geslaagd) == {f"X{i}" for i in range(18)} - {"X6", "X7", "X8", "X16"} | {
        "TM"
    }


def test_type_comes_from_the_text_not_the_file_name(t: Traject) -> None:
    sources = bronnen(t)
    renamed = [type(s)(f"scan{i}.docx", s.data) for i, s in enumerate(sources)]
    rapport = check(*renamed)
    assert sorted(rapport.documenten.values()) == ["OOK", "PLOK", "POK", "PV"]
    assert fired(rapport) == set()


# --- X0 and X14 ------------------------------------------------------------------------


def test_x0_missing_plok(t: Traject) -> None:
    finding = only(check(*bronnen(t, PLOK=None)), "X0")
    assert "PLOK" in finding.bericht
    assert finding.code == "document-ontbreekt"


def test_x0_pok_of_another_trajectory_is_named(t: Traject) -> None:
    other = traject(traject_id="RMT-TW-2026-0099")
    rapport = check(*bronnen(t, POK=bron(other, "POK")))
    finding = only(rapport, "X0")
    assert finding.documenten == ("RMT-TW-2026-0099_POK.docx",)
    assert "RMT-TW-2026-0099" in finding.bericht
    assert "RMT-TW-2026-0042" in finding.bericht
    assert finding.waarden["RMT-TW-2026-0099_POK.docx"] == "RMT-TW-2026-0099"


def test_x14_missing_ook_after_august_2023_is_a_warning(t: Traject) -> None:
    rapport = check(*bronnen(t, OOK=None))
    assert fired(rapport) == set()
    assert "X0" in rapport.geslaagd
    assert fired(rapport, "waarschuwing") == {"X14"}


def test_x14_missing_ook_before_august_2023_is_an_x0_fout() -> None:
    old = traject(
        startdatum="2023-07-03",
        einddatum="2024-03-29",
        ondertekening__datum="2023-06-26",
    )
    rapport = check(*bronnen(old, OOK=None))
    assert "OOK" in only(rapport, "X0").bericht
    assert "X14" in rapport.geslaagd


# --- X1-X6 ---------------------------------------------------------------------------------


def test_x1_plok_startdatum_differs(t: Traject) -> None:
    plok = bron(t, "PLOK", {"Startdatum": "14 september 2026"})
    finding = only(check(*bronnen(t, PLOK=plok)), "X1")
    assert finding.bericht.startswith(
        "Startdatum verschilt: PLOK startdatum 14 september 2026, OOK startdatum 7 september 2026"
    )
    assert finding.waarden["RMT-TW-2026-0042_PLOK.docx"] == "14 september 2026"
    assert finding.waarden["RMT-TW-2026-0042_OOK.docx"] == "7 september 2026"


def test_x1_unreadable_date_is_not_checked_never_passed(t: Traject) -> None:
    plok = bron(t, "PLOK", {"Startdatum": "7 septembr 2026"})
    rapport = check(*bronnen(t, PLOK=plok))
    assert fired(rapport) == set()
    assert "X1" not in rapport.geslaagd
    x1 = [b for b in rapport.bevindingen if b.regel == "X1"]
    assert x1[0].ernst == "niet-gecontroleerd"
    assert "7 septembr 2026" in x1[0].bericht


def test_x2_plok_of_281_days_fails_and_280_passes() -> None:
    long = traject(einddatum="2027-07-30", plaatsing_einddatum="2027-06-13")
    assert fired(check(*bronnen(long))) == set()
    plok = bron(long, "PLOK", {"Einddatum": "14 juni 2027"})
    finding = only(check(*bronnen(long, PLOK=plok)), "X2")
    assert "281 dagen" in finding.bericht
    assert "7 september 2026 tot en met 14 juni 2027" in finding.bericht


def test_x2_plok_ending_after_the_pok(t: Traject) -> None:
    plok = bron(t, "PLOK", {"Einddatum": "12 juni 2027"})
    finding = only(check(*bronnen(t, PLOK=plok)), "X2")
    assert "PLOK einddatum 12 juni 2027 ligt na POK einddatum 11 juni 2027" in finding.bericht


def test_x3_crebo_in_pok_differs(t: Traject) -> None:
    pok = bron(t, "POK", {"Crebonummer": "25372"})
    finding = only(check(*bronnen(t, POK=pok)), "X3")
    assert "POK crebonummer 25372" in finding.bericht
    assert "OOK crebonummer 25371" in finding.bericht


def test_x3_pv_werkproces_from_a_kwalificatie_nobody_named(t: Traject) -> None:
    def edit(lines: list[str]) -> list[str]:
        return [line.replace("B1-K1-W3 (crebo 25371)", "B1-K1-W3 (crebo 25373)") for line in lines]

    rapport = check(*bronnen(t, PV=bron(t, "PV", edit=edit)))
    assert fired(rapport) == {"X3", "X10"}
    x3 = next(b for b in rapport.bevindingen if b.regel == "X3")
    assert "B1-K1-W3 (crebo 25373)" in x3.bericht


def test_x3_user_register_validity(t: Traject) -> None:
    register = KwalificatieRegister(
        [Kwalificatie("25371", "Logistiek medewerker", 2, None, dt.date(2026, 7, 31))],
        bron="codelijst.xlsx",
        is_default=False,
    )
    finding = only(check(*bronnen(t), register=register), "X3")
    assert finding.code == "crebo-niet-meer-geldig"
    assert "31 juli 2026" in finding.bericht


def test_x3_unknown_crebo_in_bundled_register_is_a_warning() -> None:
    other = traject(opleiding__crebo="29999")
    rapport = check(*bronnen(other))
    assert fired(rapport) == set()
    assert fired(rapport, "waarschuwing") == {"X3"}


def test_x4_kandidaat_name_differs(t: Traject) -> None:
    ook = bron(t, "OOK", {"Kandidaat": "Fatma Yilmaz"})
    finding = only(check(*bronnen(t, OOK=ook)), "X4")
    assert "OOK kandidaat Fatma Yilmaz" in finding.bericht
    assert "Fatma Yılmaz" in finding.bericht


def test_x4_bsn_differs_and_is_masked(t: Traject) -> None:
    def edit(lines: list[str]) -> list[str]:
        return [line.replace("111222333", "123456782") for line in lines]

    finding = only(check(*bronnen(t, PLOK=bron(t, "PLOK", edit=edit))), "X4")
    assert "*****6782" in finding.bericht
    assert "*****2333" in finding.bericht
    assert "123456782" not in finding.bericht


def test_x5_brin_and_kvk(t: Traject) -> None:
    pok = bron(t, "POK", {"Instelling (BRIN)": "ROC Voorbeeld (25LJ)"})
    finding = only(check(*bronnen(t, POK=pok)), "X5")
    assert "POK BRIN 25LJ" in finding.bericht
    assert "25LH" in finding.bericht
    pv = bron(t, "PV", {"Leerbedrijf (KvK)": "Transport & Opslag Twente B.V. (12345679)"})
    finding = only(check(*bronnen(t, PV=pv)), "X5")
    assert "PV KvK-nummer 12345679" in finding.bericht


def test_x6_needs_erkenningen(t: Traject) -> None:
    erkend = [Erkenning("25371", leerbedrijf_id="100077736", geldig_van=dt.date(2020, 1, 1))]
    rapport = check(*bronnen(t), erkenningen=erkend)
    assert "X6" in rapport.geslaagd
    wrong_crebo = [Erkenning("25372", kvk="12345678")]
    finding = only(check(*bronnen(t), erkenningen=wrong_crebo), "X6")
    assert "crebo 25371" in finding.bericht
    assert "12345678" in finding.bericht


def test_x6_recognition_must_cover_the_whole_period(t: Traject) -> None:
    erkend = [
        Erkenning("25371", kvk="12345678", geldig_tot=dt.date(2026, 12, 31)),
        Erkenning(
            "25371", kvk="12345678", geldig_van=dt.date(2027, 1, 1), geldig_tot=dt.date(2027, 3, 31)
        ),
    ]
    finding = only(check(*bronnen(t), erkenningen=erkend), "X6")
    assert "1 april 2027" in finding.bericht


# --- X9-X13 -------------------------------------------------------------------------------


def test_x9_praktijkopleider_of_pok_is_not_the_pv_signatory(t: Traject) -> None:
    pok = bron(t, "POK", {"Praktijkopleider": "B. de Groot"})
    finding = only(check(*bronnen(t, POK=pok)), "X9")
    assert "POK praktijkopleider B. de Groot" in finding.bericht
    assert "PV ondertekenaar praktijkopleider A. El Amrani" in finding.bericht


def test_x10_werkproces_removed_from_pok(t: Traject) -> None:
    def edit(lines: list[str]) -> list[str]:
        return [line for line in lines if not line.startswith("B1-K1-W3")]

    finding = only(check(*bronnen(t, POK=bron(t, "POK", edit=edit))), "X10")
    assert "B1-K1-W3 (crebo 25371)" in finding.bericht
    assert finding.waarden["RMT-TW-2026-0042_POK.docx"] == "B1-K1-W1 (crebo 25371)"


def test_x11_pv_in_a_diploma_trajectory() -> None:
    diploma = traject(einddoel="diploma", werkprocessen=[])
    pv = bron(afgerond_traject(), "PV")
    finding = only(check(*bronnen(diploma), pv), "X11")
    assert "diploma" in finding.bericht
    assert finding.waarden["RMT-TW-2026-0042_PV.docx"] == "praktijkverklaring aanwezig"


#: An afronding that differs from t's (20 November, both werkprocessen, issued 27 November).
AFRONDING = {
    "werkelijke_einddatum": "2026-11-13",
    "reden": "voortijdig",
    "toelichting": "Kandidaat heeft elders werk gevonden.",
    "behaalde_werkprocessen": ["B1-K1-W1"],
    "datum_afgifte": "2026-11-20",
}


def test_x11_no_pv_before_the_end_is_no_finding() -> None:
    """A set made at the start has OOK, POK and PLOK only (domein.md section 2)."""
    lopend = traject()
    rapport = check(*bronnen(lopend), traject=lopend)
    assert sorted(rapport.documenten.values()) == ["OOK", "PLOK", "POK"]
    assert not [b for b in rapport.bevindingen if b.regel == "X11"]
    assert fired(rapport) == set()


def test_x11_finished_trajectory_without_pv_is_not_checked(t: Traject) -> None:
    afgerond = traject(afronding=AFRONDING)
    rapport = check(*bronnen(t, PV=None), traject=afgerond)
    (finding,) = [b for b in rapport.bevindingen if b.regel == "X11"]
    assert finding.ernst == "niet-gecontroleerd"
    assert finding.code == "pv-ontbreekt"
    assert "afgerond" in finding.bericht


def _issued_on(datum: str) -> Callable[[list[str]], list[str]]:
    def issued(lines: list[str]) -> list[str]:
        end = next(i for i, line in enumerate(lines) if line.startswith("Praktijkopleider:"))
        return [
            *lines[: end + 1],
            f"Deze verklaring is afgegeven op {datum}.",
            *lines[end + 1 :],
        ]

    return issued


def test_x11_pv_issued_before_its_period_ends(t: Traject) -> None:
    pv = bron(t, "PV", edit=_issued_on("13 november 2026"))
    finding = only(check(*bronnen(t, PV=pv)), "X11")
    assert finding.code == "pv-te-vroeg"
    assert "praktijkverklaring opgemaakt voordat het traject is afgerond" in finding.bericht
    assert "13 november 2026" in finding.bericht
    assert "20 november 2026" in finding.bericht


def test_x11_pv_of_a_record_without_afronding_is_a_fout() -> None:
    """A PV made at the start, for the planned period (as the release before v2 made it),
    beside the record that has no afronding: drawn up before any work was done."""
    lopend = traject()
    pv = bron(lopend, "PV")
    rapport = check(*bronnen(lopend), pv, traject=lopend)
    finding = only(rapport, "X11")
    assert finding.code == "pv-zonder-afronding"
    assert "praktijkverklaring opgemaakt voordat het traject is afgerond" in finding.bericht
    assert "heeft geen afronding" in finding.bericht
    assert finding.documenten == ("RMT-TW-2026-0042_PV.docx",)
    assert rapport.oordeel == "fouten"


def test_x11_pv_for_a_period_that_has_not_ended_is_a_fout_without_any_record() -> None:
    """No record at all: the PV's own text says its period runs until 11 June 2027."""
    lopend = traject()
    rapport = check(*bronnen(lopend), bron(lopend, "PV"))
    finding = only(rapport, "X11")
    assert finding.code == "pv-te-vroeg"
    assert "11 juni 2027" in finding.bericht
    assert "nog niet voorbij" in finding.bericht


def test_x11_pv_issued_after_today_is_a_fout(t: Traject) -> None:
    morgen = dt.date.today() + dt.timedelta(days=1)
    pv = bron(t, "PV", edit=_issued_on(dutch_date(morgen)))
    finding = only(check(*bronnen(t, PV=pv)), "X11")
    assert finding.code == "pv-afgifte-in-toekomst"
    assert dutch_date(morgen) in finding.bericht
    assert "nog niet gekomen" in finding.bericht


def test_x11_pv_with_afronding_is_no_x11_finding() -> None:
    afgerond = traject(afronding=AFRONDING)
    rapport = check(*bronnen(afgerond), traject=afgerond)
    assert not [b for b in rapport.bevindingen if b.regel == "X11"]


def test_x17_pv_states_what_afronding_says(t: Traject) -> None:
    """The PV was made for the planned end and all werkprocessen; the afronding says the
    trajectory ended early with one werkproces learned."""
    afgerond = traject(afronding=AFRONDING)
    rapport = check(*bronnen(t), traject=afgerond)
    (finding,) = [b for b in rapport.bevindingen if b.regel == "X17"]
    assert finding.ernst == "fout"
    assert "20 november 2026" in finding.bericht
    assert "13 november 2026" in finding.bericht
    assert "B1-K1-W3" in finding.bericht


def test_x12_pok_ending_after_the_ook(t: Traject) -> None:
    pok = bron(t, "POK", {"Einddatum": "25 juni 2027"})
    finding = only(check(*bronnen(t, POK=pok)), "X12")
    assert "POK eindigt op 25 juni 2027, OOK al op 11 juni 2027" in finding.bericht


def test_x12_pv_outside_the_pok(t: Traject) -> None:
    pv = bron(t, "PV", {"Startdatum": "1 september 2026"})
    finding = only(check(*bronnen(t, PV=pv)), "X12")
    assert "PV begint op 1 september 2026, POK pas op 7 september 2026" in finding.bericht


def test_x13_other_leerweg_is_a_warning(t: Traject) -> None:
    rapport = check(*bronnen(t, OOK=bron(t, "OOK", {"Leerweg": "BOL"})))
    assert fired(rapport) == set()
    assert fired(rapport, "waarschuwing") == {"X13"}
    assert any("OOK leerweg BOL" in b.bericht for b in rapport.bevindingen)


# --- TM and TR ---------------------------------------------------------------------------


def test_text_against_metadata_the_text_counts(t: Traject) -> None:
    plok = bron(t, "PLOK", {"Startdatum": "14 september 2026"}, metadata="origineel")
    rapport = check(*bronnen(t, PLOK=plok))
    assert fired(rapport) == {"X1", "TM"}
    tm = next(b for b in rapport.bevindingen if b.regel == "TM")
    assert tm.code == "tekst-metadata"
    assert "'14 september 2026'" in tm.bericht
    assert "'7 september 2026'" in tm.bericht
    x1 = next(b for b in rapport.bevindingen if b.regel == "X1")
    assert "PLOK startdatum 14 september 2026" in x1.bericht


def test_against_the_record(t: Traject) -> None:
    assert fired(check(*bronnen(t), traject=t)) == set()
    plok = bron(t, "PLOK", {"Startdatum": "14 september 2026"})
    rapport = check(*bronnen(t, PLOK=plok), traject=t)
    assert fired(rapport) == {"X1", "TR"}
    assert "TR" not in check(*bronnen(t)).regels


def test_record_from_a_json_file() -> None:
    """tests/data/traject.json has no afronding: its set has no PV yet."""
    rapport = check(*bronnen(traject()), traject=data_path("traject.json"))
    assert "TR" in rapport.geslaagd
    assert fired(rapport) == set()


def test_x0_two_documents_of_one_kind_is_a_warning(t: Traject) -> None:
    copy = bron(t, "POK", naam="kopie van POK.docx")
    rapport = check(*bronnen(t), copy)
    assert fired(rapport) == set()
    finding = only(rapport, "X0", "waarschuwing")
    assert set(finding.documenten) == {"kopie van POK.docx", "RMT-TW-2026-0042_POK.docx"}


def test_a_missing_trust_root_stops_the_check(t: Traject, tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as caught:
        check(*bronnen(t), vertrouwd=Vertrouwensbasis.from_files([tmp_path / "root.pem"]))
    assert caught.value.code == "vertrouwd-ontbreekt"


def test_rules_about_the_pv_do_not_apply_to_a_set_without_one() -> None:
    """X9, X10 and X17 are about the praktijkverklaring: without a PV they are not 'in
    orde bevonden' (nothing was checked) but 'niet van toepassing'."""
    over_de_pv = {"X9", "X10", "X17"}
    zonder = check(*bronnen(traject()))
    assert over_de_pv <= set(zonder.niet_van_toepassing)
    assert not over_de_pv & set(zonder.geslaagd)
    assert zonder.as_dict()["niet_van_toepassing"] == zonder.niet_van_toepassing
    met = check(*bronnen(afgerond_traject()))
    assert over_de_pv <= set(met.geslaagd)
    assert not over_de_pv & set(met.niet_van_toepassing)
