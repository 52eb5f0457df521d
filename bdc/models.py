"""The pilot Business Development Centers: their people, outlets, plan and grant money."""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kotaku.access import CityScopedQuerySet
from kotaku.lib.choices import ChoiceLabels, Gender
from kotaku.lib.model_fields import AmountField, SmallQuantityField
from kotaku.lib.positions import latitude_field, longitude_field, position_constraints
from kotaku.models import City


class Bdc(models.Model):
    city = models.OneToOneField(City, models.PROTECT, related_name="bdc", verbose_name=_("city"))
    name = models.CharField(_("name"), max_length=150)
    address = models.TextField(_("address"), blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    sk_komite_number = models.CharField(_("Komite decree (SK) number"), max_length=100, blank=True)
    # The feasibility study the year-one plan must follow (seed 000).
    feasibility_study_title = models.CharField(_("feasibility study"), max_length=200, blank=True)
    feasibility_study_date = models.DateField(_("feasibility study date"), null=True, blank=True)
    feasibility_study_summary = models.TextField(_("feasibility study summary"), blank=True)
    feasibility_study_file = models.FileField(
        _("feasibility study document"), upload_to="bdc/studies/", blank=True
    )
    # For the API's incremental sync (`updated_since`): also touched when its people,
    # outlets or tranches change.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_default=Now())

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["city__pilot_number", "city__name"]
        verbose_name = _("BDC")
        verbose_name_plural = _("BDCs")

    def __str__(self) -> str:
        return self.name


class BdcPerson(ChoiceLabels, models.Model):
    """A member of the Komite (oversight board) or of the Pengelola (operating managers)."""

    class Body(models.TextChoices):
        KOMITE = "komite", _("Komite")
        PENGELOLA = "pengelola", _("Pengelola")

    class Unsur(models.TextChoices):
        # The stakeholder groups a Komite is drawn from (DOMAIN.md).
        PEMDA = "pemda", _("Local government")
        LKM = "lkm", _("BKM/LKM")
        KSM = "ksm", _("KSM")
        BUSINESS = "usaha", _("Business")
        BANK = "bank", _("Bank / finance")
        MEDIA = "media", _("Media")
        ACADEMIA = "akademisi", _("Academia")
        COMMUNITY = "masyarakat", _("Community figure")
        PROFESSIONAL = "profesional", _("Professional")

    bdc = models.ForeignKey(Bdc, models.CASCADE, related_name="people", verbose_name=_("BDC"))
    body = models.CharField(_("body"), max_length=10, choices=Body.choices)
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=100)
    unsur = models.CharField(_("stakeholder group"), max_length=12, choices=Unsur.choices)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "-is_active", "id"]
        verbose_name = _("Komite / Pengelola member")
        verbose_name_plural = _("Komite and Pengelola members")
        constraints = [
            models.UniqueConstraint(
                fields=["bdc", "body", "name"], name="bdcperson_unique_name_per_body"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"


class Outlet(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        BDC_MART = "bdc_mart", _("BDC Mart")
        CONSIGNMENT = "konsinyasi", _("Consignment shop")
        MINIMARKET = "minimarket", _("Minimarket")
        ONLINE = "online", _("Online shop")
        OTHER = "lainnya", _("Other")

    bdc = models.ForeignKey(Bdc, models.CASCADE, related_name="outlets", verbose_name=_("BDC"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    address = models.CharField(_("address"), max_length=250, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    # Where the outlet is, for the maps (optional).
    latitude = latitude_field()
    longitude = longitude_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        constraints = [
            models.UniqueConstraint(fields=["bdc", "name"], name="outlet_unique_name_per_bdc"),
            *position_constraints("outlet"),
        ]

    def __str__(self) -> str:
        return self.name


class PlanActivity(models.Model):
    """An activity of the BDC's year-one business and activity plan (seed 000)."""

    bdc = models.ForeignKey(
        Bdc, models.CASCADE, related_name="plan_activities", verbose_name=_("BDC")
    )
    activity = models.CharField(_("activity"), max_length=250)
    target = models.CharField(_("target"), max_length=250)
    indicator = models.CharField(_("indicator"), max_length=250)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    progress_percent = SmallQuantityField(_("progress (%)"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("plan activity")
        verbose_name_plural = _("year-one plan activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="planactivity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="planactivity_progress_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return self.activity


class GrantTranche(models.Model):
    """A tranche of grant money (BLM BDC), e.g. Tahap 1, TA 2015."""

    bdc = models.ForeignKey(Bdc, models.CASCADE, related_name="tranches", verbose_name=_("BDC"))
    stage = models.PositiveSmallIntegerField(_("tranche (tahap)"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (TA)"))
    source = models.CharField(_("source of funds"), max_length=150, default="APBN")
    allocated = AmountField(_("allocated (Rp)"), max_digits=15, decimal_places=0)
    disbursed = AmountField(_("disbursed (Rp)"), max_digits=15, decimal_places=0, default=0)
    spent = AmountField(_("spent (Rp)"), max_digits=15, decimal_places=0, default=0)
    use_scenario = models.TextField(_("use scenario"), blank=True)

    history = HistoricalRecords()
    # __str__ needs no other table: the audit trail may use it (kotaku/history.py).
    STR_READS_OWN_FIELDS = True

    class Meta:
        ordering = ["bdc", "stage"]
        verbose_name = _("grant tranche (BLM)")
        verbose_name_plural = _("grant tranches (BLM)")
        constraints = [
            models.UniqueConstraint(fields=["bdc", "stage"], name="tranche_unique_stage_per_bdc"),
            models.CheckConstraint(
                condition=Q(allocated__gte=0, disbursed__gte=0, spent__gte=0),
                name="tranche_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(spent__lte=F("disbursed")), name="tranche_spent_within_disbursed"
            ),
            models.CheckConstraint(
                condition=Q(disbursed__lte=F("allocated")),
                name="tranche_disbursed_within_allocated",
            ),
        ]

    def __str__(self) -> str:
        return f"BLM BDC Tahap {self.stage} (TA {self.fiscal_year})"

    @property
    def use_rate(self) -> float | None:
        """Share of the disbursed money that has been spent, or None before any disbursement."""
        return float(self.spent / self.disbursed) if self.disbursed else None
