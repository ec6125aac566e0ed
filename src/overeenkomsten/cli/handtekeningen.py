"""Commands about signatures: ``onderteken``, ``attesteer`` and ``handtekeningen``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from rich.text import Text

from overeenkomsten import api
from overeenkomsten._tekst import dutch_date
from overeenkomsten.cli.app import (
    ExitStatus,
    existing_path,
    key_options,
    main,
    password_from_env,
    stderr,
    stdout,
    vertrouwd_option,
)
from overeenkomsten.cli.tabel import Overzicht
from overeenkomsten.model.kenmerken import ROLLEN

if TYPE_CHECKING:
    from overeenkomsten.handtekeningen import Handtekening

BRON = {
    "tijdstempel": "tijdstempel",
    "ondertekenaar": "eigen opgave ondertekenaar",
    "onbekend": "bron onbekend",
}


@main.command("onderteken")
@click.argument("pdf", type=existing_path())
@click.option(
    "--rol",
    required=True,
    metavar="ROL",
    help=f"De partij die ondertekent ({', '.join(ROLLEN)}); het veld krijgt deze naam.",
)
@key_options(
    "--p12", "Sleutelbestand (PKCS#12, .p12 of .pfx) met sleutel en certificaat.", required=True
)
@click.option(
    "--uit",
    type=existing_path(),
    metavar="BESTAND",
    help="Schrijf de ondertekende PDF hierheen in plaats van het origineel te vervangen.",
)
@click.option(
    "--tsa",
    metavar="URL",
    help="Tijdstempeldienst (RFC 3161), bijvoorbeeld https://freetsa.org/tsr: het tijdstip "
    "van ondertekenen komt dan van die dienst, niet alleen van uw eigen computer.",
)
@click.option(
    "--toch",
    is_flag=True,
    help="Onderteken ook als de naam op het certificaat niet de naam in het "
    "handtekeningblok is (de controle meldt dat dan als fout, regel X16).",
)
def onderteken(
    pdf: Path,
    rol: str,
    p12: Path,
    wachtwoord_env: str | None,
    uit: Path | None,
    tsa: str | None,
    toch: bool,
) -> ExitStatus:
    """Onderteken een PDF digitaal (PAdES) namens een partij.

    Eerdere handtekeningen blijven geldig: elke partij tekent na de vorige. Het veld komt
    op het handtekeningblok van de partij als dat te vinden is, anders onzichtbaar. De PDF
    moet een OOK, POK, PLOK of PV van dit programma zijn met een partij ROL, en de naam op
    het certificaat moet de naam in het handtekeningblok zijn (anders: --toch).
    """
    wachtwoord = password_from_env(wachtwoord_env, p12)
    gedaan = api.onderteken(pdf, rol, p12, wachtwoord, uit, tsa=tsa, toch=toch)
    tijd = " met tijdstempel" if gedaan.tijdstempel else ""
    stdout().print(
        f"Ondertekend als {gedaan.rol} door {gedaan.ondertekenaar}{tijd}: {gedaan.pad}",
        markup=False,
    )
    for waarschuwing in gedaan.waarschuwingen:
        stderr().print(f"Let op: {waarschuwing}", markup=False)
    return ExitStatus.OK


@main.command("attesteer")
@click.argument("scan", type=existing_path())
@click.option(
    "--partijen",
    required=True,
    metavar="ROL,...",
    help=f"Wier natte handtekeningen u op het papier zag ({', '.join(ROLLEN)}), met komma's.",
)
@click.option(
    "--getekend-op",
    required=True,
    metavar="DATUM",
    help="De datum die op het papier bij de handtekeningen staat (bijvoorbeeld 31-8-2026).",
)
@key_options(
    "--p12",
    "Uw eigen sleutelbestand (PKCS#12): de attestatie wordt met uw sleutel ondertekend.",
    required=True,
)
@click.option(
    "--document",
    metavar="SOORT",
    help="Welk document de scan is (OOK, POK, PLOK of PV); anders volgens de bestandsnaam.",
)
@click.option(
    "--uit",
    type=existing_path(),
    metavar="BESTAND",
    help="Schrijf de attestatie hierheen (standaard: <scan>.attestatie.pdf ernaast).",
)
def attesteer(
    scan: Path,
    partijen: str,
    getekend_op: str,
    p12: Path,
    wachtwoord_env: str | None,
    document: str | None,
    uit: Path | None,
) -> ExitStatus:
    """Leg vast dat u de natte handtekeningen op een gescande PDF hebt gecontroleerd.

    Schrijft een korte verklaring (document, SHA-256 van de scan, welke partijen tekenden,
    de datum op het papier, wie controleerde en wanneer), ondertekend met uw eigen sleutel.
    De controle toont zo'n document als 'handmatig vastgesteld'. Wordt de scan daarna
    gewijzigd, dan geldt de attestatie niet meer.
    """
    wachtwoord = password_from_env(wachtwoord_env, p12)
    attestatie = api.attesteer(
        scan, [partijen], getekend_op, p12, wachtwoord, document=document, uit=uit
    )
    stdout().print(
        f"Attestatie geschreven: {attestatie.pad} (handmatig vastgesteld: "
        f"{', '.join(attestatie.partijen)}; datum op het papier "
        f"{dutch_date(attestatie.getekend_op)}; gecontroleerd door "
        f"{attestatie.gecontroleerd_door})",
        markup=False,
    )
    return ExitStatus.OK


@main.command("handtekeningen")
@click.argument("pdf", type=existing_path())
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON.")
@vertrouwd_option
def handtekeningen(pdf: Path, as_json: bool, vertrouwd: Sequence[Path]) -> ExitStatus:
    """Toon de digitale handtekeningen in een PDF en of ze kloppen (offline)."""
    found = api.handtekeningen(pdf, vertrouwd=list(vertrouwd))
    if as_json:
        print(
            json.dumps(
                {"bestand": str(pdf), "handtekeningen": [h.as_dict() for h in found]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return ExitStatus.OK
    console = stdout()
    if not found:
        console.print(
            f"{pdf}: geen digitale handtekeningen gevonden; de ondertekening is niet "
            "digitaal controleerbaar.",
            markup=False,
        )
        return ExitStatus.OK
    console.print(_table(found, pdf))
    for regel in _notes(found, trusted_roots=bool(vertrouwd)):
        console.print(regel, markup=False)
    return ExitStatus.OK


def _notes(found: list[Handtekening], *, trusted_roots: bool) -> list[str]:
    """Plain Dutch sentences under the table: what is wrong, and why nothing is trusted."""
    notes = [f"{h.veld}: {h.toelichting}" for h in found if h.toelichting and not h.in_orde]
    unchecked = [h for h in found if h.in_orde and h.vertrouwen == "niet-gecontroleerd"]
    failed = [h for h in found if h.in_orde and h.vertrouwen_fout]
    if unchecked and not any(h.vertrouwen == "vertrouwd" for h in found) and not trusted_roots:
        notes.append("Niet vertrouwd: geen vertrouwde basis opgegeven.")
        notes.append(
            "De handtekeningen zijn intact, maar wie ze zette is pas vast te stellen met "
            "--vertrouwd PEM (of OVEREENKOMSTEN_VERTROUWD): het basiscertificaat (CA) dat u "
            "vertrouwt."
        )
    else:
        notes.extend(f"{h.veld}: {h.toelichting}" for h in unchecked if h.toelichting)
    notes.extend(f"{h.veld}: {h.toelichting}" for h in failed)
    notes.extend(
        f"{h.veld}: intrekking niet gecontroleerd (geen intrekkingslijst; geef die met --crl)."
        for h in found
        if h.vertrouwen == "vertrouwd" and h.intrekking == "niet-gecontroleerd"
    )
    return notes


def _table(found: list[Handtekening], pdf: Path) -> Overzicht:
    koppen = (
        "Veld",
        "Rol",
        "Ondertekenaar",
        "Tijdstip",
        "Intact",
        "Geldig",
        "Vertrouwd",
        "Dekking",
        "Wijzigingen na ondertekening",
    )
    rijen = [
        (
            h.veld if h.soort == "handtekening" else f"{h.veld} ({h.soort})",
            h.rol or "-",
            Text(h.ondertekenaar),
            _moment(h),
            _yes_no(h.intact),
            _yes_no(h.geldig),
            _yes_no(h.vertrouwd),
            h.dekking,
            h.wijzigingen if h.toegestaan else f"{h.wijzigingen}\nniet toegestaan",
        )
        for h in found
    ]
    return Overzicht(koppen, rijen, titel=f"Handtekeningen in {pdf.name}", breed=140)


def _moment(h: Handtekening) -> str:
    if h.tijdstip is None:
        return "onbekend"
    return f"{shown_time(h.tijdstip)}\n{BRON[h.tijdstip_bron]}"


def shown_time(moment: dt.datetime) -> str:
    """``1 september 2026 12:00 (CEST)``: Dutch date, Dutch clock."""
    try:
        local = moment.astimezone(ZoneInfo("Europe/Amsterdam"))
    except ZoneInfoNotFoundError:  # pragma: no cover  (no tz database on this system)
        local = moment.astimezone(dt.UTC)
    return f"{dutch_date(local.date())} {local:%H:%M} ({local.tzname()})"


def _yes_no(value: bool) -> str:
    return "ja" if value else "nee"
