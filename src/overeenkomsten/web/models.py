"""The web application's records (docs/web.md): organisations, people, trajectories and
their files, and the append-only log (Logregel).

Files live in Django's storage (``<data>/bestanden/`` or S3), named by organisation and
date, never by a BSN. Queries that show anything to a user go through
:mod:`overeenkomsten.web.toegang`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class Organisatie(models.Model):
    """A party using the installation: the beheer organisation of the first beheerder, a
    regional party (regio), an mbo instelling (with its BRIN) or an audit firm (auditor)."""

    class Soort(models.TextChoices):
        BEHEER = "beheer", "Beheer van de installatie"
        REGIO = "regio", "Regionale partij"
        INSTELLING = "instelling", "Instelling"
        AUDITOR = "auditor", "Auditor"

    naam = models.CharField("naam", max_length=200, unique=True)
    soort = models.CharField("soort", max_length=20, choices=Soort.choices)
    brin = models.CharField("BRIN", max_length=8, blank=True, db_index=True)
    kvk = models.CharField("KvK-nummer", max_length=8, blank=True)
    bewaartermijn_jaren = models.PositiveSmallIntegerField("bewaartermijn (jaren)", default=7)
    aangemaakt = models.DateTimeField("aangemaakt", auto_now_add=True)

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Profiel(models.Model):
    """Which organisation a user belongs to, and in which role."""

    class Rol(models.TextChoices):
        BACKOFFICE = "backoffice", "Backoffice"
        INSTELLING = "instelling", "Instelling"
        AUDITOR = "auditor", "Auditor"
        BEHEERDER = "beheerder", "Beheerder"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profiel"
    )
    organisatie = models.ForeignKey(Organisatie, on_delete=models.PROTECT, related_name="profielen")
    rol = models.CharField("rol", max_length=20, choices=Rol.choices)

    class Meta:
        verbose_name = "profiel"
        verbose_name_plural = "profielen"

    def __str__(self) -> str:
        return f"{self.user} ({self.get_rol_display()}, {self.organisatie})"


class Vertrouwd(models.Model):
    """A trust root (CA certificate, PEM) of an organisation: signatures on its documents
    are checked against these."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="vertrouwd")
    naam = models.CharField("naam", max_length=200)
    pem = models.TextField("certificaat (PEM)")
    onderwerp = models.CharField("onderwerp", max_length=500, blank=True)
    geldig_tot = models.DateTimeField("geldig tot", null=True, blank=True)
    aangemaakt = models.DateTimeField("aangemaakt", auto_now_add=True)

    class Meta:
        verbose_name = "vertrouwd certificaat"
        verbose_name_plural = "vertrouwde certificaten"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class Intrekkingslijst(models.Model):
    """A revocation list (CRL) of an organisation, as DER: signatures on its documents
    whose certificate it lists as revoked are a ``fout`` (X7), and a certificate it covers
    is checked for revocation. The fields beside the list are read from it on upload."""

    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.CASCADE, related_name="intrekkingslijsten"
    )
    naam = models.CharField("bestandsnaam", max_length=200)
    der = models.BinaryField("intrekkingslijst (DER)")
    uitgever = models.CharField("uitgever", max_length=500)
    bijgewerkt_op = models.DateTimeField("bijgewerkt op")
    volgende_uiterlijk = models.DateTimeField("volgende uiterlijk", null=True, blank=True)
    ingetrokken = models.PositiveIntegerField("ingetrokken certificaten", default=0)
    aangemaakt = models.DateTimeField("aangemaakt", auto_now_add=True)

    class Meta:
        verbose_name = "intrekkingslijst"
        verbose_name_plural = "intrekkingslijsten"
        ordering = ["uitgever", "-bijgewerkt_op"]

    def __str__(self) -> str:
        return self.naam

    @property
    def verouderd(self) -> bool:
        """True when the list's issuer promised a newer one by now (its nextUpdate)."""
        from django.utils import timezone

        return self.volgende_uiterlijk is not None and self.volgende_uiterlijk < timezone.now()


class Intake(models.Model):
    """An uploaded intake file and the result of its validation (a task)."""

    class Status(models.TextChoices):
        WACHT = "wacht", "Wacht"
        BEZIG = "bezig", "Bezig"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="+")
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    bestand = models.FileField("bestand", upload_to="intake/%Y/%m/", max_length=300)
    naam = models.CharField("bestandsnaam", max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHT)
    resultaat = models.JSONField(default=dict, blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-aangemaakt"]


class Batch(models.Model):
    """A run of the engine over the valid rows of an intake (a task)."""

    class Status(models.TextChoices):
        WACHT = "wacht", "Wacht"
        BEZIG = "bezig", "Bezig"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="+")
    intake = models.ForeignKey(
        Intake, on_delete=models.SET_NULL, null=True, blank=True, related_name="batches"
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHT)
    gedaan = models.PositiveIntegerField(default=0)
    totaal = models.PositiveIntegerField(default=0)
    samenvatting = models.JSONField(default=dict, blank=True)
    zip = models.FileField(upload_to="batch/%Y/%m/", blank=True, max_length=300)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt"]
        verbose_name_plural = "batches"

    @property
    def voortgang(self) -> int:
        """Percentage done (0-100)."""
        return 100 * self.gedaan // self.totaal if self.totaal else 0


class Overzichtexport(models.Model):
    """The overzicht as an Excel workbook (``status --xlsx``), made by a task for one user:
    the filter and search of the page it was asked from. Removed by ``opruimen`` after a
    day (:data:`overeenkomsten.web.taken.export.BEWAREN`)."""

    class Status(models.TextChoices):
        WACHT = "wacht", "Wacht"
        BEZIG = "bezig", "Bezig"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="+")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filter = models.CharField(max_length=40, blank=True)
    zoek = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WACHT)
    gedaan = models.PositiveIntegerField(default=0)
    totaal = models.PositiveIntegerField(default=0)
    trajecten = models.PositiveIntegerField(default=0)
    regels = models.PositiveIntegerField(default=0)
    bestand = models.FileField(upload_to="exports/", blank=True, max_length=300)
    fout = models.TextField(blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True, db_index=True)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt"]
        verbose_name = "export van het overzicht"
        verbose_name_plural = "exports van het overzicht"

    @property
    def voortgang(self) -> int:
        """Percentage of the trajectories read (0-100)."""
        return 100 * self.gedaan // self.totaal if self.totaal else 0


class Traject(models.Model):
    """One trajectory: its validated record (domein.md section 10) and the stored result of
    the library's status and check (computed by a task when a document changes, never per
    page view)."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="+")
    traject_id = models.CharField("traject-ID", max_length=100)
    brin = models.CharField("BRIN", max_length=8, db_index=True)
    kandidaat_naam = models.CharField("kandidaat", max_length=300)
    record = models.JSONField(default=dict)
    map_pad = models.CharField(max_length=500, blank=True)
    status = models.JSONField(default=dict, blank=True)
    volgende_termijn = models.DateField(null=True, blank=True, db_index=True)
    nog_te_tekenen = models.TextField(blank=True)
    verdict = models.CharField(max_length=30, blank=True, db_index=True)
    #: Stored with the status (web/taken/traject.py), so that the overzicht's filters are
    #: one indexed comparison with today: the first day of an unsigned contract or PV
    #: deadline (te laat once it lies before today), and the day the praktijkverklaring is
    #: due while every contract is signed (klaar voor praktijkverklaring from that day).
    te_laat_vanaf = models.DateField(null=True, blank=True, db_index=True)
    pv_vanaf = models.DateField(null=True, blank=True, db_index=True)
    einddatum = models.DateField("einddatum", null=True, blank=True, db_index=True)
    bijgewerkt = models.DateTimeField(auto_now=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "traject"
        verbose_name_plural = "trajecten"
        ordering = ["traject_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisatie", "traject_id"], name="traject_uniek_per_organisatie"
            )
        ]

    def __str__(self) -> str:
        return self.traject_id


class Document(models.Model):
    """One version of one document of a trajectory."""

    class Soort(models.TextChoices):
        OOK = "OOK", "Onderwijsovereenkomst"
        POK = "POK", "Praktijkovereenkomst"
        PLOK = "PLOK", "Praktijkleerovereenkomst"
        PV = "PV", "Praktijkverklaring"

    class Bron(models.TextChoices):
        GEMAAKT = "gemaakt", "gemaakt"
        ONTVANGEN = "ontvangen", "ontvangen"

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="documenten")
    soort = models.CharField(max_length=4, choices=Soort.choices)
    #: The library's version of the document (``_v<n>``, trajectmap.document_versions),
    #: for a made file and a received one alike; never a count of uploads.
    versie = models.PositiveIntegerField(default=1)
    #: ``gemaakt``: a file of the set the engine made (one row per kind and version);
    #: ``ontvangen``: a signed PDF or attested scan handed back (any number per version).
    bron = models.CharField(max_length=9, choices=Bron.choices, default=Bron.GEMAAKT)
    bestand = models.FileField(upload_to="documenten/%Y/%m/", max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    ondertekend = models.BooleanField(default=False)
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["soort", "-versie"]
        constraints = [
            models.UniqueConstraint(
                fields=["traject", "soort", "versie"],
                condition=models.Q(bron="gemaakt"),
                name="document_gemaakt_uniek",
            )
        ]


class Dossier(models.Model):
    """A bundled dossier of a trajectory, shared with auditor organisations."""

    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="dossiers")
    bestand = models.FileField(upload_to="dossiers/%Y/%m/", max_length=300)
    sha256 = models.CharField(max_length=64)
    gedeeld_met = models.ManyToManyField(
        Organisatie,
        blank=True,
        related_name="gedeelde_dossiers",
        limit_choices_to={"soort": Organisatie.Soort.AUDITOR},
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-aangemaakt"]
        verbose_name_plural = "dossiers"


class AuditRapport(models.Model):
    """The report of checking one or more uploaded dossiers."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="+")
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    bestanden = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, default="wacht")
    rapport = models.JSONField(default=dict, blank=True)
    pdf = models.FileField(upload_to="audit/%Y/%m/", blank=True, max_length=300)
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-aangemaakt"]


class Logregel(models.Model):
    """One line of the audit log (AVG accountability): append-only, never a BSN.

    Written through :func:`overeenkomsten.web.logboek.schrijf`; saving an existing line or
    deleting one raises, so the log cannot be edited through the ORM's instance methods.
    """

    class Actie(models.TextChoices):
        BEKEKEN = "bekeken", "bekeken"
        GEDOWNLOAD = "gedownload", "gedownload"
        INGELOGD = "ingelogd", "ingelogd"
        UITGELOGD = "uitgelogd", "uitgelogd"
        MISLUKT_INLOGGEN = "mislukt-inloggen", "mislukt inloggen"
        GEWIJZIGD = "gewijzigd", "gewijzigd"
        AANGEMAAKT = "aangemaakt", "aangemaakt"
        VERWIJDERD = "verwijderd", "verwijderd"
        GEDEELD = "gedeeld", "gedeeld"
        GEEXPORTEERD = "geexporteerd", "geëxporteerd"

    wanneer = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    gebruikersnaam = models.CharField(max_length=150, blank=True)
    organisatie = models.ForeignKey(
        Organisatie, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actie = models.CharField(max_length=20, choices=Actie.choices, db_index=True)
    object_soort = models.CharField(max_length=50, blank=True)
    object_id = models.CharField(max_length=100, blank=True)
    omschrijving = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-wanneer", "-id"]
        verbose_name = "logregel"
        verbose_name_plural = "logregels"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise RuntimeError("A Logregel is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise RuntimeError("A Logregel is append-only.")
