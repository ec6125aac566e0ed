"""What to do about a finding, in the words of the web application.

The library's explanations (:func:`overeenkomsten.api.uitleg`) tell a command-line user
which command or option to use (``genereer``, ``--erkenningen``, ``--vertrouwd``...). A user
of the web application has pages instead: this module gives, per rule, the same advice in
terms of those pages. A rule whose advice names no command keeps the library's text. A
finding's own message may name an option too ("geef een lijst met erkenningen van SBB
(--erkenningen)"): :func:`web_bericht` says it in the same terms.
"""

from __future__ import annotations

import re

from overeenkomsten.controle.uitleg import Uitleg

_OPNIEUW = (
    "Verbeter het traject in de werkmap, upload die opnieuw bij Intake en start de batch: "
    "de documenten worden opnieuw gemaakt (een ondertekend document blijft bewaard en krijgt "
    "een nieuwe versie ernaast)."
)

#: Per rule code: what a web user does, for the rules whose library advice names a command.
WAT_TE_DOEN: dict[str, str] = {
    "X0": "Maak de ontbrekende documenten met de batch (Intake), of voeg het ondertekende "
    "document toe met 'Ondertekende PDF of scan toevoegen' op de trajectpagina. Kon een "
    "bestand niet gelezen worden, kijk dan of het een scan is.",
    "X1": _OPNIEUW + " Laat de nieuwe versies opnieuw ondertekenen.",
    "X2": "Zet de einddatum van de plaatsing vroeger in de werkmap, upload die opnieuw bij "
    "Intake en start de batch; laat de nieuwe PLOK opnieuw ondertekenen.",
    "X3": "Controleer het crebonummer van de opleiding in de werkmap en maak de documenten "
    "opnieuw met de batch (Intake).",
    "X4": _OPNIEUW,
    "X5": _OPNIEUW,
    "X6": "Laat de beheerder van uw organisatie de lijst met erkenningen van SBB uploaden "
    "(Beheer, bij de organisatie: Erkenningen van SBB); zonder die lijst is deze regel niet "
    "gecontroleerd.",
    "X7": "Laat ontbrekende partijen digitaal tekenen en voeg de ondertekende PDF toe op de "
    "trajectpagina. Is een certificaat niet herleid tot een vertrouwde basis, laat de "
    "beheerder van uw organisatie dan het basiscertificaat (CA) uploaden bij Beheer "
    "(Vertrouwde certificaten). Kan de intrekking niet gecontroleerd worden, laat de "
    "beheerder dan de actuele intrekkingslijst (CRL) van de uitgever van het certificaat "
    "uploaden bij Beheer (Intrekkingslijsten), of vraag de PDF met validatiegegevens (LTV) "
    "bij wie de handtekening plaatste. Was het certificaat ingetrokken toen er getekend "
    "werd, laat die partij dan opnieuw tekenen met een geldig certificaat. Is een document "
    "na het tekenen veranderd, laat dan het oorspronkelijke document opnieuw tekenen. Een "
    "gewijzigd dossier: maak het dossier opnieuw op de dossierpagina van het traject.",
    "X9": "Laat de juiste praktijkopleider tekenen, of verbeter de praktijkopleider in de "
    "werkmap en maak de documenten opnieuw met de batch (Intake).",
    "X10": "Verbeter de behaalde werkprocessen bij 'Afronding invullen en praktijkverklaring "
    "maken' op de trajectpagina; de praktijkverklaring wordt dan opnieuw gemaakt.",
    "X11": "Loopt het traject nog, dan hoort er nog geen praktijkverklaring bij. Is het "
    "afgelopen, vul dan de afronding in (werkelijke einddatum, behaalde werkprocessen, datum "
    "van afgifte) bij 'Afronding invullen en praktijkverklaring maken' op de trajectpagina.",
    "X12": _OPNIEUW,
    "X13": "Controleer de leerweg van de opleiding in de werkmap en maak de documenten "
    "opnieuw met de batch (Intake).",
    "X15": "Is een artikel met de hand veranderd, laat het document dan opnieuw maken met de "
    "batch (Intake) en opnieuw tekenen. Een bewust toegevoegd artikel mag: controleer de "
    "waarschuwing en laat het zo. Vraag bij een opnieuw geëxporteerde PDF het oorspronkelijke "
    "bestand.",
    "X16": "Laat de juiste persoon tekenen. Staat op het certificaat rechtmatig een andere "
    "naam (bijvoorbeeld een andere achternaam), zet die dan als naam op het certificaat in de "
    "werkmap en start de batch opnieuw.",
    "X17": "Verbeter de afronding bij 'Afronding invullen en praktijkverklaring maken' op de "
    "trajectpagina; de praktijkverklaring wordt dan opnieuw gemaakt.",
    "TM": "Laat het document opnieuw maken met de batch (Intake); verander geen Kenmerken met "
    "de hand.",
    "TR": _OPNIEUW,
    "BESTAND": "Voeg het digitaal ondertekende origineel toe op de trajectpagina, of een scan "
    "van een papieren handtekening met de verklaring van wie het papier controleerde "
    "('Ondertekende PDF of scan toevoegen').",
    "DOSSIER": "Maak het dossier opnieuw op de dossierpagina van het traject, uit de "
    "ondertekende originelen. Bij een waarschuwing over het oordeel: controleer dat de "
    "vertrouwde certificaten en de erkenningen van SBB bij Beheer dezelfde zijn als bij het "
    "maken van het dossier.",
    "ZEGEL": "Maak het dossier opnieuw op de dossierpagina van het traject; controleer bij "
    "Beheer dat het basiscertificaat van het zegel bij de vertrouwde certificaten staat.",
}


def wat_te_doen(uitleg: Uitleg | None) -> str:
    """What a web user does about a finding of ``uitleg``'s rule ("" without a rule)."""
    if uitleg is None:
        return ""
    return WAT_TE_DOEN.get(uitleg.code, uitleg.doen)


_BEHEER_ERKENNINGEN = "Beheer, bij de organisatie: Erkenningen van SBB"
_BEHEER_CERTIFICATEN = "Beheer, bij de organisatie: Vertrouwde certificaten"
_BEHEER_CRL = "Beheer, bij de organisatie: Intrekkingslijsten"

#: The library's phrases that name an option, and what the web application says instead.
_IN_WEBTERMEN: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"geef een lijst met erkenningen van SBB \(--erkenningen\)"),
        f"de beheerder van uw organisatie kan de lijst met erkenningen van SBB uploaden "
        f"({_BEHEER_ERKENNINGEN})",
    ),
    (
        re.compile(r"geef de actuele codelijst van SBB met --register"),
        "meld dit bij de beheerder van de toepassing",
    ),
    (
        re.compile(
            r"\(geef het basiscertificaat met --vertrouwd of (?:in )?OVEREENKOMSTEN_VERTROUWD\)"
        ),
        f"(de beheerder van uw organisatie kan het basiscertificaat uploaden: "
        f"{_BEHEER_CERTIFICATEN})",
    ),
    (
        re.compile(r"geen vertrouwde basis opgegeven \(--vertrouwd\)"),
        f"geen vertrouwde basis opgegeven ({_BEHEER_CERTIFICATEN})",
    ),
    (
        re.compile(r" of via --crl\b"),
        f" of in de intrekkingslijsten van de organisatie ({_BEHEER_CRL})",
    ),
    (
        re.compile(r", of een actuele CRL \(--crl\)"),
        f", of laat de beheerder van uw organisatie een actuele intrekkingslijst (CRL) "
        f"uploaden ({_BEHEER_CRL})",
    ),
    (
        re.compile(r"\(bijvoorbeeld met --vertrouwd, --crl of --erkenningen\)"),
        "(bijvoorbeeld andere vertrouwde certificaten, intrekkingslijsten of erkenningen van "
        "SBB bij Beheer)",
    ),
    # anything else: an option in brackets goes, a bare option is named as a setting
    (re.compile(r" ?\([^()]*--[a-z][^()]*\)"), ""),
    (re.compile(r" ?(?:met |via |of )?--[a-z][a-z-]*"), ""),
)


def wat_de_regel_zegt(uitleg: Uitleg | None) -> str:
    """What ``uitleg``'s rule checks, in the web application's terms ("" without a rule)."""
    return "" if uitleg is None else web_bericht(uitleg.wat)


def web_bericht(bericht: str) -> str:
    """A finding's message in the web application's terms: no command-line option."""
    if "--" not in bericht and "OVEREENKOMSTEN_" not in bericht:
        return bericht
    for patroon, vervanging in _IN_WEBTERMEN:
        bericht = patroon.sub(vervanging, bericht)
    return re.sub(r" \.(?=\s|$)", ".", re.sub(r" {2,}", " ", bericht))
