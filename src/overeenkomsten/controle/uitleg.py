"""``uitleg``: every rule of the check in plain Dutch, with what to do about a finding.

One text per rule code, the same words as docs/controle.md; ``overeenkomsten uitleg X16``
prints one, ``overeenkomsten uitleg`` the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from overeenkomsten.errors import InputError


@dataclass(frozen=True)
class Uitleg:
    code: str
    titel: str
    wat: str
    doen: str


_REGELS = (
    Uitleg(
        "X0",
        "Alle overeenkomsten aanwezig en van hetzelfde traject",
        "De onderwijsovereenkomst (OOK), praktijkovereenkomst (POK) en "
        "plaatsingsovereenkomst (PLOK) moeten er zijn, en alle documenten moeten hetzelfde "
        "traject-ID noemen. Documenten worden herkend aan wat erin staat, niet aan hun "
        "bestandsnaam.",
        "Voeg het ontbrekende document toe aan de map, of haal het document van een ander "
        "traject eruit. Kon een bestand niet gelezen worden, kijk dan of het een scan is.",
    ),
    Uitleg(
        "X1",
        "Zelfde startdatum",
        "OOK, POK (begin van de beroepspraktijkvorming) en PLOK noemen dezelfde startdatum.",
        "Maak de documenten opnieuw met genereer vanuit één traject.json, en laat ze opnieuw "
        "ondertekenen.",
    ),
    Uitleg(
        "X2",
        "Plaatsing hoogstens 40 weken",
        "De PLOK duurt hoogstens 40 weken (280 dagen, beide dagen meegeteld) en eindigt niet "
        "na de POK.",
        "Zet plaatsing_einddatum vroeger in het record en maak de PLOK opnieuw.",
    ),
    Uitleg(
        "X3",
        "Zelfde kwalificatie",
        "Alle overeenkomsten noemen hetzelfde crebonummer; de werkprocessen van de PV komen "
        "uit kwalificaties van het traject; het crebonummer staat in het register.",
        "Controleer opleiding.crebo in het record; geef met --register de actuele codelijst "
        "van SBB.",
    ),
    Uitleg(
        "X4",
        "Zelfde kandidaat",
        "Naam, geboortedatum en (waar het staat) BSN van de kandidaat zijn op alle documenten "
        "gelijk.",
        "Verbeter het record en maak de documenten opnieuw.",
    ),
    Uitleg(
        "X5",
        "Zelfde instelling en leerbedrijf",
        "De instelling (BRIN) en het leerbedrijf (KvK-nummer, leerbedrijf-ID) zijn op alle "
        "documenten dezelfde.",
        "Verbeter het record en maak de documenten opnieuw.",
    ),
    Uitleg(
        "X6",
        "Leerbedrijf erkend",
        "Het leerbedrijf is door SBB erkend voor deze kwalificatie, over de hele periode.",
        "Geef de lijst met erkenningen van SBB mee met --erkenningen; zonder die lijst is "
        "deze regel niet gecontroleerd.",
    ),
    Uitleg(
        "X7",
        "Handtekeningen aanwezig, intact en vertrouwd",
        "Elke partij die moet tekenen heeft digitaal getekend; niets is na het tekenen "
        "veranderd behalve nieuwe handtekeningen; het certificaat is herleid tot een "
        "vertrouwde basis. Over een tekst heen getekende handtekeningen (overlay) en "
        "verwijderde handtekeningen zijn fouten, ook een document dat volgens "
        ".overeenkomsten/ondertekend.json in de map ondertekend was en nu geen handtekening "
        "meer heeft (opnieuw opgeslagen). Intrekking: een CRL of OCSP-antwoord in de PDF of "
        "via --crl; ingetrokken bij het tekenen is een fout, niets dat het certificaat dekt "
        "een waarschuwing (de controle haalt niets van internet). In een dossier moeten de "
        "kopieën en het "
        "voorblad zeggen wat de originelen zeggen; een niet-verzegeld dossier staat op de "
        "eerste regel van het rapport.",
        "Laat ontbrekende partijen tekenen met onderteken; geef de vertrouwde "
        "basiscertificaten met --vertrouwd (of OVEREENKOMSTEN_VERTROUWD) en een actuele "
        "intrekkingslijst met --crl, of vraag de PDF met validatiegegevens (LTV). Is een "
        "document na "
        "het tekenen veranderd, laat dan het oorspronkelijke document opnieuw tekenen. Een "
        "gewijzigd dossier: bundel opnieuw uit de originelen.",
    ),
    Uitleg(
        "X8",
        "Vooraf getekend",
        "OOK en POK zijn getekend op of vóór de startdatum.",
        "Teken vóór de start. Is het te laat, leg dan vast waarom en bespreek het met de "
        "instelling.",
    ),
    Uitleg(
        "X9",
        "Praktijkopleider tekent de PV",
        "De praktijkopleider uit de POK is degene die de praktijkverklaring tekent.",
        "Laat de juiste praktijkopleider tekenen, of verbeter het record.",
    ),
    Uitleg(
        "X10",
        "Werkprocessen van de PV staan in de POK",
        "De PV noemt alleen werkprocessen die in de POK zijn afgesproken.",
        "Verbeter afronding.behaalde_werkprocessen en maak de PV opnieuw.",
    ),
    Uitleg(
        "X11",
        "PV alleen na de afronding",
        "Een praktijkverklaring hoort alleen bij einddoel praktijkverklaring, en wordt pas "
        "aan het eind gemaakt. Een PV die eerder is opgemaakt is een fout: naast of uit een "
        "record zonder afronding, met een datum van afgifte na vandaag of vóór het einde van "
        "haar periode, of met een periode die nog niet voorbij is. Een afgerond traject "
        "zonder PV is nog niet gecontroleerd.",
        "Loopt het traject nog, verwijder dan de PV. Is het afgelopen, vul dan 'afronding' "
        "in het record in (werkelijke einddatum, behaalde werkprocessen, datum van afgifte) "
        "en maak de PV met genereer.",
    ),
    Uitleg(
        "X12",
        "Perioden liggen binnen elkaar",
        "De periode van de POK valt binnen die van de OOK, die van de PV binnen die van de POK.",
        "Verbeter de data in het record en maak de documenten opnieuw.",
    ),
    Uitleg(
        "X13",
        "Derde leerweg",
        "De leerweg is OVO of ODT (derde leerweg); iets anders is een waarschuwing.",
        "Controleer opleiding.leerweg in het record.",
    ),
    Uitleg(
        "X14",
        "OOK niet verplicht vanaf 1 augustus 2023",
        "Begint het traject op of na 1 augustus 2023, dan is een ontbrekende OOK een "
        "waarschuwing en geen fout.",
        "Voeg de OOK toe als de instelling die gebruikt.",
    ),
    Uitleg(
        "X15",
        "De artikelen zeggen wat de Kenmerken zeggen",
        "Partijen tekenen de artikelen, niet het Kenmerken-blok. Elke datum, elk crebonummer, "
        "BRIN, KvK-nummer, aantal uren, bedrag en elke naam in een artikel moet kloppen met "
        "de Kenmerken; anders is het een fout die het artikel en beide waarden noemt. "
        "Daarnaast wordt de hele tekst vergeleken met wat het sjabloon voor dit traject "
        "geeft: toegevoegde, weggelaten of gewijzigde zinnen zijn een waarschuwing. Is het "
        "sjabloon onbekend, dan staat dat bovenaan het rapport. Een PDF zonder de metadata "
        "van overeenkomsten (opnieuw geëxporteerd) krijgt een waarschuwing.",
        "Is een artikel met de hand veranderd, maak het document dan opnieuw met genereer en "
        "laat het opnieuw tekenen. Een bewust toegevoegd artikel mag: controleer de "
        "waarschuwing en laat het zo. Gebruikt u eigen sjablonen, geef ze dan mee met "
        "--sjablonen. Vraag bij een opnieuw geëxporteerde PDF het oorspronkelijke bestand.",
    ),
    Uitleg(
        "X16",
        "Wie tekende",
        "Een handtekening telt alleen voor een partij als de naam op het certificaat de naam "
        "is die in het ondertekeningsblok van die partij staat (zonder hoofdletters, accenten "
        "en titels; voorletters mogen). Een handtekening in het veld van een rol die het "
        "document niet heeft is een fout.",
        "Laat de juiste persoon tekenen. Staat op het certificaat rechtmatig een andere naam "
        "(bijvoorbeeld een andere achternaam), zet die dan als naam_op_certificaat in het "
        "record.",
    ),
    Uitleg(
        "X17",
        "De PV zegt wat de afronding zegt",
        "De praktijkverklaring noemt precies de werkelijke einddatum, de datum van afgifte en "
        "de behaalde werkprocessen uit de afronding van het record.",
        "Verbeter de afronding in het record en maak de PV opnieuw met genereer.",
    ),
    Uitleg(
        "TM",
        "Tekst en metadata gelijk",
        "De zichtbare tekst en de metadata van een document (ook het record dat erin zit) "
        "zeggen hetzelfde. Verschillen ze, dan telt de tekst: die is ondertekend.",
        "Maak het document opnieuw met genereer; verander geen Kenmerken met de hand.",
    ),
    Uitleg(
        "TR",
        "Documenten gelijk aan traject.json",
        "Met traject.json (bij bundel): elk document zegt wat het record zegt.",
        "Maak de documenten opnieuw vanuit het juiste record.",
    ),
    Uitleg(
        "BESTAND",
        "Bestand niet te lezen",
        "Een bestand in de map is leeg, geen document, beschadigd, versleuteld, of een scan "
        "(een PDF zonder tekst: de inhoud is niet digitaal leesbaar). Een .docx telt nooit "
        "in plaats van een ondertekende PDF of scan.",
        "Vervang het bestand door het digitaal ondertekende origineel, of leg een scan van "
        "een papieren handtekening vast met attesteer.",
    ),
    Uitleg(
        "DOSSIER",
        "Dossier gelijk aan zijn originelen",
        "De bijlagen van een dossier zijn de originelen uit het manifest (SHA-256); de "
        "leesbare kopieën en het voorblad zeggen wat die originelen zeggen (de pagina's na "
        "het voorblad worden op hun tekst vergeleken, niet op hun nummers); er zijn geen "
        "pagina's bijgezet. Het oordeel op het voorblad en in het manifest is niet beter dan "
        "wat een nieuwe controle van de originelen geeft: 'in orde' bij originelen met "
        "fouten is een fout, 'in orde' waar nu niet alles te controleren is een waarschuwing.",
        "Bundel het dossier opnieuw uit de ondertekende originelen met bundel, en verzegel "
        "het met --zegel. Bij een waarschuwing over het oordeel: geef dezelfde opties als bij "
        "het bundelen (--vertrouwd, --crl, --erkenningen).",
    ),
    Uitleg(
        "ZEGEL",
        "Zegel over het dossier",
        "Een verzegeld dossier: het zegel is intact en vertrouwd, en daarna is niets "
        "veranderd. Zegt het manifest dat er een zegel was en is het er niet, dan is dat een "
        "fout.",
        "Bundel opnieuw met --zegel en geef de vertrouwde basis met --vertrouwd.",
    ),
)
REGELS: dict[str, Uitleg] = {u.code: u for u in _REGELS}


def explain(code: str) -> Uitleg:
    """The explanation of rule ``code`` (``X16``, ``x16``, ``16``); InputError otherwise."""
    key = code.strip().upper()
    if key.isdigit():
        key = f"X{key}"
    if key not in REGELS:
        raise InputError(
            f"Er is geen regel '{code}'. Bekende regels: {', '.join(REGELS)}.",
            code="regel-onbekend",
        )
    return REGELS[key]
