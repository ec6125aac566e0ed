"""/beheer/: organisations (the installation's beheerder), users, trust roots, revocation
lists and the SBB erkenningen (each organisation's beheerders), retention, and the audit
log. A change of what a check is judged with (roots, lists, erkenningen) has the statuses
of the organisation's trajectories computed again (:func:`vraag_statussen_van`)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import PurePath
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from overeenkomsten.controle.erkenningen import read_erkenningen
from overeenkomsten.errors import OvereenkomstenError
from overeenkomsten.web import logboek, werk
from overeenkomsten.web.models import Intrekkingslijst, Profiel, Vertrouwd
from overeenkomsten.web.paginas._beheerformulieren import (
    ErkenningenForm,
    GebruikerForm,
    IntrekkingslijstForm,
    LogboekFilter,
    NieuweGebruikerForm,
    OrganisatieForm,
    VertrouwdForm,
)
from overeenkomsten.web.taken.traject import vraag_statussen_van
from overeenkomsten.web.toegang import (
    Rol,
    beheerde_organisaties,
    beheerde_profielen,
    is_installatiebeheerder,
    rol_vereist,
    zichtbare_logregels,
)

beheerder = rol_vereist(Rol.BEHEERDER)


def _profielen(request: HttpRequest) -> Any:
    profielen = beheerde_profielen(request.user)
    if not is_installatiebeheerder(request.user):
        profielen = profielen.filter(user__is_superuser=False)
    return profielen


@beheerder
def index(request: HttpRequest) -> HttpResponse:
    organisaties = beheerde_organisaties(request.user).order_by("soort", "naam")
    if not is_installatiebeheerder(request.user) and organisaties.count() == 1:
        return HttpResponseRedirect(reverse("beheer-organisatie", args=[organisaties[0].pk]))
    return render(
        request,
        "web/beheer/index.html",
        {
            "titel": "Beheer",
            "organisaties": organisaties,
            "installatie": is_installatiebeheerder(request.user),
        },
    )


@beheerder
@require_http_methods(["GET", "POST"])
def organisatie_nieuw(request: HttpRequest) -> HttpResponse:
    if not is_installatiebeheerder(request.user):
        raise PermissionDenied
    form = OrganisatieForm(request.POST or None, installatie=True)
    if request.method == "POST" and form.is_valid():
        organisatie = form.save()
        logboek.schrijf(
            request, "aangemaakt", object=organisatie, omschrijving=f"organisatie {organisatie}"
        )
        messages.success(
            request,
            f"Organisatie '{organisatie}' is aangemaakt. Maak nu een beheerder voor deze "
            "organisatie aan.",
        )
        return HttpResponseRedirect(reverse("beheer-organisatie", args=[organisatie.pk]))
    return render(
        request,
        "web/beheer/organisatie_nieuw.html",
        {"titel": "Nieuwe organisatie", "form": form},
    )


@beheerder
@require_http_methods(["GET", "POST"])
def organisatie(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(beheerde_organisaties(request.user), pk=pk)
    form = OrganisatieForm(
        request.POST or None, instance=org, installatie=is_installatiebeheerder(request.user)
    )
    if request.method == "POST" and form.is_valid():
        veranderd = ", ".join(form.changed_data)
        form.save()
        if veranderd:
            logboek.schrijf(request, "gewijzigd", object=org, omschrijving=f"velden: {veranderd}")
        messages.success(request, "De gegevens van de organisatie zijn opgeslagen.")
        return HttpResponseRedirect(request.path)
    return render(
        request,
        "web/beheer/organisatie.html",
        {
            "titel": f"Beheer · {org.naam}",
            "organisatie": org,
            "form": form,
            "profielen": _profielen(request).filter(organisatie=org).order_by("user__username"),
            "vertrouwd": Vertrouwd.objects.filter(organisatie=org),
            "intrekkingslijsten": Intrekkingslijst.objects.filter(organisatie=org).defer("der"),
            "erkenningen": werk.erkenningen_naam(org),
            "erkenningen_form": ErkenningenForm(),
        },
    )


def _uitnodiging(request: HttpRequest, user: User) -> None:
    """Mail the new user a link to choose a password (the password-reset link)."""
    context = {
        "user": user,
        "protocol": "https" if request.is_secure() else "http",
        "domain": request.get_host(),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    send_mail(
        "Uw account bij Overeenkomsten",
        render_to_string("web/beheer/uitnodiging_mail.txt", context),
        None,
        [user.email],
    )


@beheerder
@require_http_methods(["GET", "POST"])
def gebruiker_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(beheerde_organisaties(request.user), pk=pk)
    form = NieuweGebruikerForm(request.POST or None, organisatie=org)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = User.objects.create_user(
                data["gebruikersnaam"],
                data["email"],
                password=None,
                first_name=data["voornaam"],
                last_name=data["achternaam"],
            )
            profiel = Profiel.objects.create(user=user, organisatie=org, rol=data["rol"])
        _uitnodiging(request, user)
        logboek.schrijf(
            request,
            "aangemaakt",
            object=profiel,
            omschrijving=f"gebruiker {user.username} ({profiel.rol}) in {org}",
        )
        bericht = f"Gebruiker '{user.username}' is aangemaakt en krijgt een uitnodiging per mail."
        if getattr(settings, "MAIL_IN_MAP", False):
            bericht += (
                " Er is geen mailserver ingesteld: de mail staat als bestand in de map 'mail' "
                "in de datamap van de server."
            )
        messages.success(request, bericht)
        return HttpResponseRedirect(reverse("beheer-organisatie", args=[org.pk]))
    return render(
        request,
        "web/beheer/gebruiker_nieuw.html",
        {"titel": "Nieuwe gebruiker", "form": form, "organisatie": org},
    )


@beheerder
@require_http_methods(["GET", "POST"])
def gebruiker(request: HttpRequest, pk: int) -> HttpResponse:
    profiel = get_object_or_404(_profielen(request), pk=pk)
    user = profiel.user
    eigen = user.pk == request.user.pk
    form = GebruikerForm(
        request.POST or None,
        organisatie=profiel.organisatie,
        initial={"rol": profiel.rol, "actief": user.is_active},
    )
    if request.method == "POST" and form.is_valid():
        rol, actief = form.cleaned_data["rol"], form.cleaned_data["actief"]
        if eigen and (rol != profiel.rol or not actief):
            messages.error(
                request,
                "U kunt uw eigen rol niet wijzigen en uw eigen account niet uitzetten; vraag "
                "een andere beheerder.",
            )
            return HttpResponseRedirect(request.path)
        veranderd = []
        if rol != profiel.rol:
            veranderd.append(f"rol {profiel.rol} -> {rol}")
            profiel.rol = rol
            profiel.save(update_fields=["rol"])
        if actief != user.is_active:
            veranderd.append("actief" if actief else "uitgezet")
            user.is_active = actief
            user.save(update_fields=["is_active"])
        if veranderd:
            logboek.schrijf(
                request,
                "gewijzigd",
                object=profiel,
                omschrijving=f"gebruiker {user.username}: {', '.join(veranderd)}",
            )
        messages.success(request, "Opgeslagen.")
        return HttpResponseRedirect(request.path)
    return render(
        request,
        "web/beheer/gebruiker.html",
        {
            "titel": f"Gebruiker {user.username}",
            "profiel": profiel,
            "form": form,
            "eigen": eigen,
            "heeft_totp": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        },
    )


@beheerder
@require_POST
def tweestaps_herstellen(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a user's TOTP and recovery codes: at the next sign-in they set up anew."""
    profiel = get_object_or_404(_profielen(request), pk=pk)
    TOTPDevice.objects.filter(user=profiel.user).delete()
    StaticDevice.objects.filter(user=profiel.user).delete()
    logboek.schrijf(
        request,
        "gewijzigd",
        object=profiel,
        omschrijving=f"tweestapsverificatie van {profiel.user.username} hersteld",
    )
    messages.success(
        request,
        f"De tweestapsverificatie van '{profiel.user.username}' is verwijderd; bij de "
        "volgende keer inloggen stelt deze gebruiker haar opnieuw in.",
    )
    return HttpResponseRedirect(reverse("beheer-gebruiker", args=[profiel.pk]))


def _onderwerp(certificaat: x509.Certificate) -> tuple[str, str]:
    onderwerp = certificaat.subject.rfc4514_string()
    namen = certificaat.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return onderwerp, (str(namen[0].value) if namen else onderwerp)


@beheerder
@require_http_methods(["GET", "POST"])
def vertrouwd_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(beheerde_organisaties(request.user), pk=pk)
    form = VertrouwdForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        certificaten: list[x509.Certificate] = form.cleaned_data["certificaten"]
        for certificaat in certificaten:
            onderwerp, cn = _onderwerp(certificaat)
            naam = form.cleaned_data["naam"] if len(certificaten) == 1 else ""
            root = Vertrouwd.objects.create(
                organisatie=org,
                naam=(naam or cn)[:200],
                pem=certificaat.public_bytes(serialization.Encoding.PEM).decode("ascii"),
                onderwerp=onderwerp[:500],
                geldig_tot=certificaat.not_valid_after_utc,
            )
            logboek.schrijf(
                request, "aangemaakt", object=root, omschrijving=f"vertrouwd certificaat {cn}"
            )
            if certificaat.not_valid_after_utc < timezone.now():
                messages.warning(request, f"Let op: het certificaat '{cn}' is verlopen.")
        vraag_statussen_van(org.pk)
        messages.success(request, f"{len(certificaten)} certificaat/certificaten toegevoegd.")
        return HttpResponseRedirect(reverse("beheer-organisatie", args=[org.pk]))
    return render(
        request,
        "web/beheer/vertrouwd_nieuw.html",
        {"titel": "Vertrouwd certificaat toevoegen", "form": form, "organisatie": org},
    )


@beheerder
@require_POST
def vertrouwd_verwijderen(request: HttpRequest, pk: int) -> HttpResponse:
    root = get_object_or_404(
        Vertrouwd.objects.filter(organisatie__in=beheerde_organisaties(request.user)), pk=pk
    )
    org_pk = root.organisatie_id
    logboek.schrijf(
        request, "verwijderd", object=root, omschrijving=f"vertrouwd certificaat {root.naam}"
    )
    root.delete()
    vraag_statussen_van(org_pk)
    messages.success(request, f"Het certificaat '{root.naam}' is verwijderd.")
    return HttpResponseRedirect(reverse("beheer-organisatie", args=[org_pk]))


def _uitgever(lijst: x509.CertificateRevocationList) -> str:
    namen = lijst.issuer.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(namen[0].value) if namen else lijst.issuer.rfc4514_string()


@beheerder
@require_http_methods(["GET", "POST"])
def intrekkingslijst_nieuw(request: HttpRequest, pk: int) -> HttpResponse:
    """Store revocation lists (CRLs) of the organisation once the library has read them;
    the statuses of its trajectories are computed again with them."""
    org = get_object_or_404(beheerde_organisaties(request.user), pk=pk)
    form = IntrekkingslijstForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        bestandsnaam = PurePath(form.cleaned_data["bestand"].name or "").name
        lijsten: list[x509.CertificateRevocationList] = form.cleaned_data["lijsten"]
        with transaction.atomic():
            for lijst in lijsten:
                rij = Intrekkingslijst.objects.create(
                    organisatie=org,
                    naam=bestandsnaam[:200],
                    der=lijst.public_bytes(serialization.Encoding.DER),
                    uitgever=_uitgever(lijst)[:500],
                    bijgewerkt_op=lijst.last_update_utc,
                    volgende_uiterlijk=lijst.next_update_utc,
                    ingetrokken=len(lijst),
                )
                logboek.schrijf(
                    request,
                    "aangemaakt",
                    object=rij,
                    omschrijving=f"intrekkingslijst van {rij.uitgever} ({rij.ingetrokken} "
                    "ingetrokken certificaten)",
                )
                if rij.verouderd:
                    messages.warning(
                        request,
                        f"Let op: de intrekkingslijst van {rij.uitgever} is verouderd: er "
                        "had uiterlijk "
                        f"{timezone.localtime(rij.volgende_uiterlijk):%d-%m-%Y %H:%M} een "
                        "nieuwe moeten zijn. Een certificaat dat daarna is ingetrokken, staat "
                        "er niet op.",
                    )
            vraag_statussen_van(org.pk)
        wat = (
            "De intrekkingslijst is toegevoegd."
            if len(lijsten) == 1
            else f"{len(lijsten)} intrekkingslijsten zijn toegevoegd."
        )
        messages.success(
            request,
            f"{wat} De status van de trajecten van deze organisatie wordt opnieuw berekend.",
        )
        return HttpResponseRedirect(reverse("beheer-organisatie", args=[org.pk]))
    return render(
        request,
        "web/beheer/intrekkingslijst_nieuw.html",
        {"titel": "Intrekkingslijst toevoegen", "form": form, "organisatie": org},
    )


@beheerder
@require_POST
def intrekkingslijst_verwijderen(request: HttpRequest, pk: int) -> HttpResponse:
    lijst = get_object_or_404(
        Intrekkingslijst.objects.filter(organisatie__in=beheerde_organisaties(request.user)),
        pk=pk,
    )
    org_pk = lijst.organisatie_id
    with transaction.atomic():
        logboek.schrijf(
            request,
            "verwijderd",
            object=lijst,
            omschrijving=f"intrekkingslijst van {lijst.uitgever} ({lijst.naam})",
        )
        lijst.delete()
        vraag_statussen_van(org_pk)
    messages.success(
        request,
        f"De intrekkingslijst van {lijst.uitgever} is verwijderd. De status van de trajecten "
        "van deze organisatie wordt opnieuw berekend.",
    )
    return HttpResponseRedirect(reverse("beheer-organisatie", args=[org_pk]))


@beheerder
def logboek_pagina(request: HttpRequest) -> HttpResponse:
    form = LogboekFilter(request.GET or None)
    regels = zichtbare_logregels(request.user).select_related("organisatie")
    if form.is_valid():
        data = form.cleaned_data
        if data["gebruiker"]:
            regels = regels.filter(gebruikersnaam__icontains=data["gebruiker"])
        if data["actie"]:
            regels = regels.filter(actie=data["actie"])
        zone = timezone.get_current_timezone()
        if data["van"]:
            regels = regels.filter(wanneer__gte=datetime.combine(data["van"], time(), zone))
        if data["tot"]:
            einde = datetime.combine(data["tot"] + timedelta(days=1), time(), zone)
            regels = regels.filter(wanneer__lt=einde)
    pagina = Paginator(regels, 100).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "web/beheer/logboek.html",
        {"titel": "Logboek", "form": form, "pagina": pagina, "query": query.urlencode()},
    )


@beheerder
@require_POST
def erkenningen(request: HttpRequest, pk: int) -> HttpResponse:
    """Store the organisation's list of SBB erkenningen (rule X6 of its checks) once the
    library has read it; an unreadable list is refused with its Dutch message."""
    org = get_object_or_404(beheerde_organisaties(request.user), pk=pk)
    form = ErkenningenForm(request.POST, request.FILES)
    terug = HttpResponseRedirect(reverse("beheer-organisatie", args=[org.pk]))
    if not form.is_valid():
        for fouten in form.errors.values():
            for fout in fouten:
                messages.error(request, str(fout))
        return terug
    bestand = form.cleaned_data["bestand"]
    suffix = PurePath(bestand.name or "").suffix.lower()
    with werk.werkmap() as map:
        pad = map / f"erkenningen{suffix}"
        with pad.open("wb") as uit:
            for stuk in bestand.chunks():
                uit.write(stuk)
        try:
            aantal = len(read_erkenningen(pad))
        except OvereenkomstenError as fout:
            naam = PurePath(bestand.name or "").name
            messages.error(request, f"{fout} Er is niets opgeslagen.".replace(str(pad), naam))
            return terug
        oud = werk.erkenningen_naam(org)
        if oud is not None:
            default_storage.delete(oud)
        werk.bewaar(pad, werk.ERKENNINGEN.format(pk=org.pk, suffix=suffix))
    logboek.schrijf(
        request, "gewijzigd", object=org, omschrijving=f"erkenningen van SBB ({aantal} regels)"
    )
    vraag_statussen_van(org.pk)
    messages.success(request, f"De lijst met {aantal} erkenningen van SBB is opgeslagen.")
    return terug


urlpatterns = [
    path("beheer/", index, name="beheer"),
    path("beheer/organisaties/nieuw/", organisatie_nieuw, name="beheer-organisatie-nieuw"),
    path("beheer/organisaties/<int:pk>/", organisatie, name="beheer-organisatie"),
    path(
        "beheer/organisaties/<int:pk>/gebruikers/nieuw/",
        gebruiker_nieuw,
        name="beheer-gebruiker-nieuw",
    ),
    path(
        "beheer/organisaties/<int:pk>/vertrouwd/nieuw/",
        vertrouwd_nieuw,
        name="beheer-vertrouwd-nieuw",
    ),
    path("beheer/gebruikers/<int:pk>/", gebruiker, name="beheer-gebruiker"),
    path(
        "beheer/gebruikers/<int:pk>/tweestaps-herstellen/",
        tweestaps_herstellen,
        name="beheer-tweestaps-herstellen",
    ),
    path(
        "beheer/vertrouwd/<int:pk>/verwijderen/",
        vertrouwd_verwijderen,
        name="beheer-vertrouwd-verwijderen",
    ),
    path(
        "beheer/organisaties/<int:pk>/intrekkingslijsten/nieuw/",
        intrekkingslijst_nieuw,
        name="beheer-intrekkingslijst-nieuw",
    ),
    path(
        "beheer/intrekkingslijsten/<int:pk>/verwijderen/",
        intrekkingslijst_verwijderen,
        name="beheer-intrekkingslijst-verwijderen",
    ),
    path("beheer/logboek/", logboek_pagina, name="beheer-logboek"),
    path("beheer/organisaties/<int:pk>/erkenningen/", erkenningen, name="beheer-erkenningen"),
]
