"""Who may see what: every view gets its objects through these functions.

A trajectory is visible to the organisation that registered it and to the instelling
whose BRIN it names; an auditor sees only the dossiers shared with its organisation. A
view asks ``get_object_or_404(zichtbare_trajecten(request.user), pk=pk)``, so an object of
another organisation is a 404, the same answer as one that does not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import Resolver404, resolve

from overeenkomsten.web.models import (
    AuditRapport,
    Batch,
    Document,
    Dossier,
    Intake,
    Logregel,
    Organisatie,
    Overzichtexport,
    Profiel,
    Traject,
    Vertrouwd,
)

Rol = Profiel.Rol
Gebruiker = User | AnonymousUser
V = TypeVar("V", bound=Callable[..., HttpResponseBase])

BEHEER_NAAM = "Beheer"


def beheer_organisatie() -> Organisatie:
    """The installation's own organisation (soort beheer), made when first needed."""
    organisatie, _ = Organisatie.objects.get_or_create(
        soort=Organisatie.Soort.BEHEER, defaults={"naam": BEHEER_NAAM}
    )
    return organisatie


def profiel_van(user: Gebruiker | None) -> Profiel | None:
    """The user's profile; a superuser without one (made with ``createsuperuser``) becomes
    a beheerder of the beheer organisation. None for anyone else without a profile: such
    an account sees nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    assert isinstance(user, User)
    try:
        return user.profiel
    except Profiel.DoesNotExist:
        if not user.is_superuser:
            return None
    return Profiel.objects.create(user=user, organisatie=beheer_organisatie(), rol=Rol.BEHEERDER)


def rol_van(user: Gebruiker | None) -> str | None:
    profiel = profiel_van(user)
    return profiel.rol if profiel is not None else None


def vraagt_tweestaps(user: Gebruiker | None) -> bool:
    """Whether the account must pass two-factor login before it sees anything.

    Every role can see a BSN: backoffice, instelling and beheerder in the records, and an
    auditor in the documents of a shared dossier. So every signed-in account needs it.
    """
    return user is not None and user.is_authenticated


def is_installatiebeheerder(user: Gebruiker | None) -> bool:
    """The first beheerder (a superuser): creates organisations."""
    return bool(user is not None and user.is_authenticated and getattr(user, "is_superuser", False))


def is_beheerder(user: Gebruiker | None) -> bool:
    """A beheerder of an organisation (manages its users, trust roots, log and retention)."""
    return rol_van(user) == Rol.BEHEERDER or is_installatiebeheerder(user)


def zichtbare_trajecten(user: Gebruiker | None) -> QuerySet[Traject]:
    profiel = profiel_van(user)
    if profiel is None or profiel.rol == Rol.AUDITOR:
        return Traject.objects.none()
    organisatie = profiel.organisatie
    zichtbaar = Q(organisatie=organisatie)
    if organisatie.soort == Organisatie.Soort.INSTELLING and organisatie.brin:
        zichtbaar |= Q(brin=organisatie.brin)
    return Traject.objects.filter(zichtbaar)


def zichtbare_documenten(user: Gebruiker | None) -> QuerySet[Document]:
    return Document.objects.filter(traject__in=zichtbare_trajecten(user))


def zichtbare_dossiers(user: Gebruiker | None) -> QuerySet[Dossier]:
    profiel = profiel_van(user)
    if profiel is None:
        return Dossier.objects.none()
    if profiel.rol == Rol.AUDITOR:
        return Dossier.objects.filter(gedeeld_met=profiel.organisatie)
    return Dossier.objects.filter(traject__in=zichtbare_trajecten(user))


def _eigen(user: Gebruiker | None, model: type[Any], *rollen: str) -> QuerySet[Any]:
    profiel = profiel_van(user)
    if profiel is None or profiel.rol not in rollen:
        return model.objects.none()  # type: ignore[no-any-return]
    return model.objects.filter(organisatie=profiel.organisatie)  # type: ignore[no-any-return]


def zichtbare_intakes(user: Gebruiker | None) -> QuerySet[Intake]:
    return _eigen(user, Intake, Rol.BACKOFFICE, Rol.BEHEERDER)


def zichtbare_batches(user: Gebruiker | None) -> QuerySet[Batch]:
    return _eigen(user, Batch, Rol.BACKOFFICE, Rol.BEHEERDER)


def zichtbare_exports(user: Gebruiker | None) -> QuerySet[Overzichtexport]:
    """Exports of the overzicht: only the user who asked for one sees it."""
    qs: QuerySet[Overzichtexport] = _eigen(
        user, Overzichtexport, Rol.BACKOFFICE, Rol.INSTELLING, Rol.BEHEERDER
    )
    return qs.filter(door_id=user.pk) if user is not None else qs.none()


def zichtbare_auditrapporten(user: Gebruiker | None) -> QuerySet[AuditRapport]:
    return _eigen(user, AuditRapport, *Rol.values)


def zichtbare_vertrouwd(user: Gebruiker | None) -> QuerySet[Vertrouwd]:
    """Trust roots: managed by the organisation's beheerders."""
    return _eigen(user, Vertrouwd, Rol.BEHEERDER)


def beheerde_organisaties(user: Gebruiker | None) -> QuerySet[Organisatie]:
    """The installation's beheerder manages every organisation; another beheerder only
    their own."""
    if is_installatiebeheerder(user):
        return Organisatie.objects.all()
    profiel = profiel_van(user)
    if profiel is None or profiel.rol != Rol.BEHEERDER:
        return Organisatie.objects.none()
    return Organisatie.objects.filter(pk=profiel.organisatie_id)


def beheerde_profielen(user: Gebruiker | None) -> QuerySet[Profiel]:
    return Profiel.objects.filter(organisatie__in=beheerde_organisaties(user)).select_related(
        "user", "organisatie"
    )


def zichtbare_logregels(user: Gebruiker | None) -> QuerySet[Logregel]:
    """The log: the installation's beheerder sees all of it, an organisation's beheerder
    the lines of its own organisation."""
    if is_installatiebeheerder(user):
        return Logregel.objects.all()
    return Logregel.objects.filter(organisatie__in=beheerde_organisaties(user))


def rol_vereist(*rollen: str) -> Callable[[V], V]:
    """A view for these roles only (a beheerder of the installation always passes)."""

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (rol_van(request.user) in rollen or is_installatiebeheerder(request.user)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def menu(request: HttpRequest) -> dict[str, Any]:
    """Template context: the navigation for the user's role (basis.html)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", bool)():
        return {"menu": [], "rol": None}
    rol = rol_van(user)
    items: list[tuple[str, str]] = []
    if rol in {Rol.BACKOFFICE, Rol.BEHEERDER, Rol.INSTELLING}:
        items.append(("Overzicht", "/trajecten/"))
    if rol in {Rol.BACKOFFICE, Rol.BEHEERDER}:
        items.append(("Intake", "/intake/"))
    items.append(("Audit", "/audit/"))
    if is_beheerder(user):
        items.append(("Beheer", "/beheer/"))
    return {"menu": [(naam, url) for naam, url in items if _bestaat(url)], "rol": rol}


def _bestaat(url: str) -> bool:
    """Whether a page is installed at ``url`` (pages are added by their own modules)."""
    try:
        resolve(url)
    except Resolver404:
        return False
    return True
