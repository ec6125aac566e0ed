"""Forms of the beheer pages (organisations, users, trust roots, revocation lists, the
log filter)."""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from cryptography import x509
from django import forms
from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator

from overeenkomsten.web.models import Logregel, Organisatie, Profiel
from overeenkomsten.web.uploads import UploadVeld

Rol = Profiel.Rol
Soort = Organisatie.Soort
BRIN = re.compile(r"^\d{2}[A-Z]{2}$")
KVK = re.compile(r"^\d{8}$")
PEM_MAX = 256 * 1024
#: The largest revocation list accepted (a CA's full CRL can hold many thousands of entries).
CRL_MAX = 20 * 1024 * 1024

#: Which roles a user of each kind of organisation can have.
ROLLEN = {
    Soort.BEHEER: [Rol.BEHEERDER],
    Soort.REGIO: [Rol.BACKOFFICE, Rol.BEHEERDER],
    Soort.INSTELLING: [Rol.INSTELLING, Rol.BEHEERDER],
    Soort.AUDITOR: [Rol.AUDITOR, Rol.BEHEERDER],
}


class OrganisatieForm(forms.ModelForm[Organisatie]):
    """An organisation; naam, soort and BRIN only for the installation's beheerder."""

    class Meta:
        model = Organisatie
        fields = ["naam", "soort", "brin", "kvk", "bewaartermijn_jaren"]
        help_texts = {
            "brin": "Verplicht voor een instelling: twee cijfers en twee letters (25LH).",
            "bewaartermijn_jaren": "Zoveel jaar na het einde van een traject worden de "
            "gegevens verwijderd (opruimen).",
        }

    def __init__(self, *args: Any, installatie: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [  # type: ignore[attr-defined]
            (s.value, s.label) for s in Soort if s != Soort.BEHEER
        ]
        if not installatie or (self.instance.pk and self.instance.soort == Soort.BEHEER):
            for naam in ("naam", "soort", "brin"):
                self.fields[naam].disabled = True
        self.fields["bewaartermijn_jaren"].min_value = 1  # type: ignore[attr-defined]
        self.fields["bewaartermijn_jaren"].widget.attrs.update({"min": 1, "max": 100})

    def clean_brin(self) -> str:
        return str(self.cleaned_data.get("brin") or "").strip().upper()

    def clean_kvk(self) -> str:
        kvk = str(self.cleaned_data.get("kvk") or "").strip()
        if kvk and not KVK.match(kvk):
            raise forms.ValidationError("Een KvK-nummer heeft acht cijfers.")
        return kvk

    def clean_bewaartermijn_jaren(self) -> int:
        jaren = int(self.cleaned_data["bewaartermijn_jaren"])
        if not 1 <= jaren <= 100:
            raise forms.ValidationError("Kies een bewaartermijn van 1 tot en met 100 jaar.")
        return jaren

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        soort, brin = data.get("soort"), data.get("brin", "")
        if soort == Soort.INSTELLING and not BRIN.match(brin or ""):
            self.add_error("brin", "Een instelling heeft een BRIN: twee cijfers en twee letters.")
        if soort != Soort.INSTELLING and brin and "brin" not in self.errors:
            self.add_error("brin", "Alleen een instelling heeft een BRIN.")
        return data


class NieuweGebruikerForm(forms.Form):
    gebruikersnaam = forms.CharField(
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, cijfers en @ . + - _; geen BSN.",
    )
    voornaam = forms.CharField(max_length=150, required=False)
    achternaam = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(
        label="E-mailadres", help_text="Hier komt de uitnodiging om een wachtwoord te kiezen."
    )
    rol = forms.ChoiceField(choices=[])

    def __init__(self, *args: Any, organisatie: Organisatie, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rol"].choices = [  # type: ignore[attr-defined]
            (r.value, r.label) for r in ROLLEN[Soort(organisatie.soort)]
        ]

    def clean_gebruikersnaam(self) -> str:
        naam = str(self.cleaned_data["gebruikersnaam"]).strip()
        if User.objects.filter(username__iexact=naam).exists():
            raise forms.ValidationError("Deze gebruikersnaam bestaat al.")
        if re.fullmatch(r"\d{9}", naam):
            raise forms.ValidationError("Gebruik geen BSN of ander nummer van negen cijfers.")
        return naam


class GebruikerForm(forms.Form):
    rol = forms.ChoiceField(choices=[])
    actief = forms.BooleanField(
        required=False, help_text="Een inactief account kan niet inloggen (niets wordt gewist)."
    )

    def __init__(self, *args: Any, organisatie: Organisatie, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rol"].choices = [  # type: ignore[attr-defined]
            (r.value, r.label) for r in ROLLEN[Soort(organisatie.soort)]
        ]


class VertrouwdForm(forms.Form):
    naam = forms.CharField(
        max_length=200, required=False, help_text="Leeg: de naam uit het certificaat."
    )
    bestand = forms.FileField(
        label="Certificaat (PEM-bestand)", required=False, help_text="Een .pem- of .crt-bestand."
    )
    tekst = forms.CharField(
        label="Of plak het certificaat", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        bestand, tekst = data.get("bestand"), data.get("tekst") or ""
        if bestand is not None:
            if bestand.size > PEM_MAX:
                raise forms.ValidationError("Dit bestand is te groot voor een certificaat.")
            ruw = bestand.read()
        else:
            ruw = tekst.encode("utf-8", "replace")
        if not ruw.strip():
            raise forms.ValidationError("Kies een PEM-bestand of plak het certificaat.")
        try:
            certificaten = x509.load_pem_x509_certificates(ruw)
        except ValueError:
            raise forms.ValidationError(
                "Dit is geen certificaat in PEM-formaat (tekst die begint met "
                "-----BEGIN CERTIFICATE-----). Exporteer het certificaat als PEM of Base64 "
                "en probeer het opnieuw."
            ) from None
        data["certificaten"] = certificaten
        return data


class IntrekkingslijstForm(forms.Form):
    """A revocation list (CRL) as PEM or DER, read by the library's loader (as ``--crl``);
    ``lijsten`` holds each list the file holds (``cryptography``'s CRL objects)."""

    bestand = forms.FileField(
        allow_empty_file=True,  # said in clean(), naming the file
        label="Intrekkingslijst (CRL)",
        help_text="Een .crl-bestand (DER) of een PEM-bestand (tekst die begint met "
        "-----BEGIN X509 CRL-----), zoals de uitgever van de certificaten het publiceert.",
    )

    def clean(self) -> dict[str, Any]:
        from overeenkomsten.errors import ConfigurationError
        from overeenkomsten.instellingen import load_trust

        data = super().clean() or {}
        bestand = data.get("bestand")
        if bestand is None:
            return data
        naam = PurePath(bestand.name or "").name or "het bestand"
        if bestand.size > CRL_MAX:
            raise forms.ValidationError(
                f"'{naam}' is groter dan {CRL_MAX // (1024 * 1024)} MB; dat is te groot voor "
                "een intrekkingslijst. Er is niets opgeslagen."
            )
        ruw = bestand.read()
        if not ruw.strip():
            raise forms.ValidationError(
                f"'{naam}' is leeg; dat is geen intrekkingslijst. Er is niets opgeslagen."
            )
        try:
            basis = load_trust((), [ruw])
            lijsten = [x509.load_der_x509_crl(bytes(lijst.dump())) for lijst in basis.crls]
            for lijst in lijsten:
                lijst.last_update_utc  # noqa: B018  (a list without thisUpdate is no CRL)
        except (ConfigurationError, ValueError) as fout:
            reden = (
                str(fout).replace("intrekkingslijst 1", f"'{naam}'")
                if isinstance(fout, ConfigurationError)
                else f"'{naam}' is geen intrekkingslijst (CRL, verwacht: DER of PEM)."
            )
            raise forms.ValidationError(f"{reden} Er is niets opgeslagen.") from None
        data["lijsten"] = lijsten
        return data


class ErkenningenForm(forms.Form):
    bestand = UploadVeld(
        soort="werkmap",
        label="Lijst met erkenningen van SBB",
        help_text="Een .csv-, .xlsx- of .ods-bestand met de kolommen leerbedrijf_id, crebo, "
        "geldig_van en geldig_tot. Een nieuwe lijst vervangt de vorige.",
    )


class LogboekFilter(forms.Form):
    gebruiker = forms.CharField(required=False, max_length=150)
    actie = forms.ChoiceField(required=False, choices=[("", "alle"), *Logregel.Actie.choices])
    van = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
