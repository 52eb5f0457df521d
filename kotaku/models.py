"""Program-wide records: geography, and who works where in which role."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from kotaku.lib.choices import ChoiceLabels


class Province(models.Model):
    # Kemendagri/BPS region code, e.g. "18" for Lampung: stable across renames.
    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    # For the API's incremental sync (`updated_since`).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_default=Now())

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name

    # A filter's list of provinces is read as these values (kotaku.lib.fields.PlaceChoiceField).
    CHOICE_LABEL_FIELDS = ("name",)

    @staticmethod
    def choice_label(name: str) -> str:
        return name


class City(ChoiceLabels, models.Model):
    """A kota (city) or kabupaten (regency): the unit the program is run and reviewed in."""

    class Kind(models.TextChoices):
        KOTA = "kota", _("Kota")
        KABUPATEN = "kabupaten", _("Kabupaten")

    # Kemendagri/BPS region code, e.g. "1872" for Kota Metro.
    code = models.CharField(_("code"), max_length=4, unique=True)
    province = models.ForeignKey(
        Province, models.PROTECT, related_name="cities", verbose_name=_("province")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Without 'Kota' or 'Kabupaten'.")
    )
    is_bdc_pilot = models.BooleanField(_("BDC pilot city"), default=False)
    # The order seed 000 lists the 15 pilot cities in; blank for other cities.
    pilot_number = models.PositiveSmallIntegerField(_("pilot number"), null=True, blank=True)
    # For the API's incremental sync (`updated_since`).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_default=Now())

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("city / regency")
        verbose_name_plural = _("cities / regencies")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "kind", "name"], name="city_unique_kind_name_in_province"
            ),
            models.UniqueConstraint(
                fields=["pilot_number"],
                condition=Q(pilot_number__isnull=False),
                name="city_unique_pilot_number",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return self.choice_label(self.kind, self.name)

    # A filter's list of cities is read as these values (kotaku.lib.fields.PlaceChoiceField).
    CHOICE_LABEL_FIELDS = ("kind", "name")

    @staticmethod
    def choice_label(kind: str, name: str) -> str:
        """ "Kota Metro": not get_kind_display(), which hashes the whole choice list on each
        call, 270 times for a national filter."""
        return f"{KIND_LABELS.get(kind, kind)} {name}"


KIND_LABELS = dict(City.Kind.choices)


class Kecamatan(models.Model):
    city = models.ForeignKey(
        City, models.CASCADE, related_name="kecamatans", verbose_name=_("city")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kecamatan (district)")
        verbose_name_plural = _("kecamatan (districts)")
        constraints = [
            models.UniqueConstraint(fields=["city", "name"], name="kecamatan_unique_name_in_city")
        ]

    def __str__(self) -> str:
        return f"Kec. {self.name}"


class Kelurahan(models.Model):
    kecamatan = models.ForeignKey(
        Kecamatan, models.CASCADE, related_name="kelurahans", verbose_name=_("kecamatan")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kelurahan (village)")
        verbose_name_plural = _("kelurahan (villages)")
        constraints = [
            models.UniqueConstraint(
                fields=["kecamatan", "name"], name="kelurahan_unique_name_in_kecamatan"
            )
        ]

    def __str__(self) -> str:
        return f"Kel. {self.name}"


class Role(models.TextChoices):
    FASILITATOR = "fasilitator", _("Facilitator")
    KORKOT = "korkot", _("Korkot (city coordinator)")
    KMW = "kmw", _("KMW (regional consultant)")
    PUSAT = "pusat", _("Pusat (national admin)")
    PEMDA = "pemda", _("Pemda (local government viewer)")

    @classmethod
    def city_roles(cls) -> list["Role"]:
        return [cls.FASILITATOR, cls.KORKOT, cls.PEMDA]


class Assignment(ChoiceLabels, models.Model):
    """One role of one user over one area. A user may hold several.

    City roles (Fasilitator, Korkot, Pemda) name a city; KMW names a province; Pusat names
    neither and covers everything. The check constraint keeps those shapes honest.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    city = models.ForeignKey(
        City,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("city"),
    )
    province = models.ForeignKey(
        Province,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("province"),
    )

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__in=Role.city_roles(), city__isnull=False, province__isnull=True)
                    | Q(role=Role.KMW, city__isnull=True, province__isnull=False)
                    | Q(role=Role.PUSAT, city__isnull=True, province__isnull=True)
                ),
                name="assignment_area_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "city"],
                condition=Q(city__isnull=False),
                name="assignment_unique_city_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "province"],
                condition=Q(province__isnull=False),
                name="assignment_unique_province_role",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role="pusat"),
                name="assignment_unique_pusat",
            ),
        ]

    def __str__(self) -> str:
        area = self.city or self.province or _("all of Indonesia")
        return f"{self.user} · {self.get_role_display()} · {area}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.role in Role.city_roles():
            if not self.city_id:
                raise ValidationError({"city": _("This role needs a city.")})
            self.province = None
        elif self.role == Role.KMW:
            if not self.province_id:
                raise ValidationError({"province": _("A KMW needs a province.")})
            self.city = None
        elif self.role == Role.PUSAT:
            self.city = None
            self.province = None


class ClientRequest(models.Model):
    """A change sent with an id made on the device (the `X-Client-Request-Id` header).

    Stored in the transaction of the change it made (`kotaku.idempotency`), so that a device
    resending after a lost response gets the first answer again instead of a second visit,
    attendee, photo or report. Only changes that were applied are stored: a refused one may be
    sent again once corrected.
    """

    key = models.UUIDField(_("id made on the device"), primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user")
    )
    path = models.CharField(_("address"), max_length=300)
    # 0 while the change is being made; a concurrent twin waits on this row's lock.
    status = models.PositiveSmallIntegerField(_("response status"), default=0)
    # The few response headers a client reads (Location, whether a section was saved).
    headers = models.JSONField(_("response headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("change sent from a device")
        verbose_name_plural = _("changes sent from devices")
        indexes = [
            # `manage.py purge_client_requests` deletes old ids by age.
            models.Index(fields=["created_at"], name="clientrequest_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.path}"


class Profile(ChoiceLabels, models.Model):
    """What the app keeps about a user besides their account and roles.

    Made when first needed (the language switch); a user without one has chosen nothing.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    # Set by the language switch and applied at each sign-in (kotaku/language.py), so the
    # user's choice follows them to another phone or browser.
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language the app is shown in after signing in; empty: not chosen."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)


class Download(ChoiceLabels, models.Model):
    """A file a user asked for that takes too long to build in the request (kotaku/downloads.py).

    A job builds it and stores it under a private prefix of the default storage; the user who
    asked takes it from "My downloads" for DOWNLOAD_DAYS, as long as they may still read every
    city it covers.
    """

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user")
    )
    # Which registered builder makes the file (kotaku.downloads.register_kind).
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    # What the builder needs to make the file again, as the user asked for it (the filters).
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The language of the page it was asked from: the file's sheet names and headings.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    # The cities whose records the file holds: it is shown only while the user reads them all.
    cities = models.ManyToManyField(City, related_name="+", verbose_name=_("cities"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREPARING
    )
    file = models.FileField(_("file"), max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    # For the administrator; the user sees a message in their language.
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("asked for at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # "My downloads": a user's recent files, newest first.
            models.Index(fields=["user", "-created_at"], name="download_user_created_idx"),
            # The expiry job reads old files by age.
            models.Index(fields=["created_at"], name="download_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"


class ScheduleRun(models.Model):
    """One run of a scheduled job (kotaku/schedule.py) for one period: its unique key is what
    makes a second `run_schedule` in the same period do nothing."""

    name = models.CharField(_("job"), max_length=100)
    period_start = models.DateTimeField(_("period start"))
    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)

    class Meta:
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")
        constraints = [
            models.UniqueConstraint(fields=["name", "period_start"], name="schedulerun_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.period_start:%Y-%m-%d %H:%M}"


class CityVersion(models.Model):
    """How many transactions have changed a city's records: what a count kept for a few cities
    is keyed by (kotaku/kept.py), so it is counted again as soon as one of them changes.

    Database triggers keep it (kotaku/versions.py), in the transaction that changes a visit,
    an RKTL item, a KSM, a BDC or one of their parts, whatever wrote it (a form, the admin, an
    import, the API, raw SQL). No foreign key: a deleted city's row is left behind, harmless,
    rather than have the deletion's own triggers write it again.
    """

    city_id = models.BigIntegerField(primary_key=True)
    n = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.city_id}: {self.n}"
