"""Community self-help groups (KSM), their members, products and maturity assessments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kotaku.access import CityScopedQuerySet
from kotaku.lib.choices import ChoiceLabels, Gender
from kotaku.lib.codes import new_code
from kotaku.lib.model_fields import AmountField, QuantityField
from kotaku.lib.phones import normalise_phone, phone_or_as_is
from kotaku.lib.positions import latitude_field, longitude_field, position_constraints
from kotaku.models import City, Kelurahan
from webhooks.events import emit
from webhooks.models import Event


def formed_by_q(day) -> Q:
    """KSMs formed on or before `day`: by their formation date, or, for a KSM registered
    without one, by the day it was registered (in the program's time zone)."""
    return Q(formed_on__lte=day) | Q(formed_on__isnull=True, created_at__date__lte=day)


class Ksm(ChoiceLabels, models.Model):
    class Type(models.TextChoices):
        EKONOMI = "ekonomi", _("Economic (livelihood)")
        LINGKUNGAN = "lingkungan", _("Environmental (infrastructure)")
        SOSIAL = "sosial", _("Social")

    class PpmkStage(models.IntegerChoices):
        # The three-stage livelihood scheme of seed 004.
        I = 1, _("I: assistance")  # noqa: E741
        II = 2, _("II: revolving fund")
        III = 3, _("III: productive enterprise")

    class Maturity(models.TextChoices):
        TUNAS = "tunas", _("Tunas (budding)")
        TUMBUH = "tumbuh", _("Tumbuh (growing)")
        KEMBANG = "kembang", _("Kembang (developed)")

    code = models.CharField(_("code"), max_length=10, unique=True, default=new_code, editable=False)
    name = models.CharField(_("name"), max_length=150)
    # Denormalised from the kelurahan so that access scoping and lists filter on one column.
    city = models.ForeignKey(City, models.PROTECT, related_name="ksms", verbose_name=_("city"))
    kelurahan = models.ForeignKey(
        Kelurahan, models.PROTECT, related_name="ksms", verbose_name=_("kelurahan")
    )
    type = models.CharField(_("type"), max_length=10, choices=Type.choices, default=Type.EKONOMI)
    formed_on = models.DateField(_("formed on"), null=True, blank=True)
    ppmk_stage = models.PositiveSmallIntegerField(
        _("PPMK stage"), choices=PpmkStage.choices, default=PpmkStage.I
    )
    maturity = models.CharField(
        _("maturity"), max_length=10, choices=Maturity.choices, default=Maturity.TUNAS
    )
    is_bdc_partner = models.BooleanField(_("BDC partner"), default=False)
    chair_name = models.CharField(_("chair"), max_length=150, blank=True)
    # Stored as "+62" and the national number, digits only (kotaku.lib.phones).
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    # For the API's incremental sync (`updated_since`): also touched when its members,
    # products or assessments change.
    updated_at = models.DateTimeField(
        _("updated at"), auto_now=True, db_default=Now(), db_index=True
    )
    # Where the group works or sells, for the maps (optional).
    latitude = latitude_field()
    longitude = longitude_field()

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CityScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("KSM")
        verbose_name_plural = _("KSM")
        constraints = [
            models.UniqueConstraint(
                fields=["kelurahan", "name"], name="ksm_unique_name_in_kelurahan"
            ),
            models.CheckConstraint(
                condition=Q(ppmk_stage__in=[1, 2, 3]), name="ksm_ppmk_stage_valid"
            ),
            *position_constraints("ksm"),
        ]
        indexes = [
            # The registry lists a city's KSMs by name, filtered by stage and partner flag.
            models.Index(fields=["city", "name"], name="ksm_city_name_idx"),
            models.Index(fields=["city", "ppmk_stage"], name="ksm_city_stage_idx"),
            # The national registry (Pusat): the first page of 100,000 KSMs by name.
            models.Index(fields=["name", "id"], name="ksm_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # One stored form for phone numbers, also for records created in code.
        self.phone = phone_or_as_is(self.phone)
        # The city is derived from the kelurahan; kept as a column for scoping and lists.
        self.city_id = Kelurahan.objects.values_list("kecamatan__city_id", flat=True).get(
            pk=self.kelurahan_id
        )
        update_fields = kwargs.get("update_fields")
        before = getattr(self, "_stored_stage", None)
        changed = (
            before is not None
            and before != self.ppmk_stage
            and (update_fields is None or "ppmk_stage" in update_fields)
        )
        with transaction.atomic():
            super().save(*args, **kwargs)
            if changed:
                # Every path that saves a KSM (its edit page, the import, the admin) comes
                # here; a queryset update() or a bulk write does not, and none changes stages.
                stage_changed(self, before)
        if update_fields is None or "ppmk_stage" in update_fields:
            self._stored_stage = self.ppmk_stage

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        if "ppmk_stage" in self.__dict__:
            self._stored_stage = self.ppmk_stage

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The stage as stored, to tell a change of it on save (absent when deferred).
        instance._stored_stage = instance.__dict__.get("ppmk_stage")
        return instance

    def clean(self) -> None:
        """The rules a KSM obeys whether it is typed in a form, imported or edited in the
        admin: a phone number in Indonesian form (stored as "+62..."), and a formation date
        that is not in the future (a KSM "formed" next year would drop out of Quick Status)."""
        errors = {}
        try:
            self.phone = normalise_phone(self.phone)
        except ValidationError as error:
            errors["phone"] = error
        if self.formed_on and self.formed_on > timezone.localdate():
            errors["formed_on"] = ValidationError(
                _("The formation date cannot be in the future."), code="future"
            )
        if errors:
            raise ValidationError(errors)


def stage_changed(ksm: Ksm, before: int) -> None:
    """Webhooks are told of a KSM's new PPMK stage, in the transaction of the change."""
    emit(
        event=Event.KSM_STAGE_CHANGED,
        city=ksm.city,
        data={"code": ksm.code, "city": ksm.city.code, "from": before, "to": ksm.ppmk_stage},
    )


class KsmScopedQuerySet(CityScopedQuerySet):
    city_field = "ksm__city"


class Member(ChoiceLabels, models.Model):
    ksm = models.ForeignKey(Ksm, models.CASCADE, related_name="members", verbose_name=_("KSM"))
    name = models.CharField(_("name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    has_disability = models.BooleanField(_("person with disability"), default=False)
    business = models.CharField(_("business"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = KsmScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["ksm", "name"], name="member_unique_name_per_ksm")
        ]

    def __str__(self) -> str:
        return self.name


class Product(ChoiceLabels, models.Model):
    class Category(models.TextChoices):
        KERAJINAN = "kerajinan", _("Crafts (kerajinan)")
        TENUN = "tenun", _("Woven cloth (tenun)")
        KONVEKSI = "konveksi", _("Garments (konveksi)")
        MAKANAN_RINGAN = "makanan_ringan", _("Snacks (makanan ringan)")
        LAINNYA = "lainnya", _("Other")

    ksm = models.ForeignKey(Ksm, models.CASCADE, related_name="products", verbose_name=_("KSM"))
    name = models.CharField(_("name"), max_length=150)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    is_flagship = models.BooleanField(_("flagship product"), default=False)
    unit = models.CharField(_("unit"), max_length=30, help_text=_("e.g. pcs, kg, lembar"))
    price = AmountField(_("price (Rp)"), max_digits=12, decimal_places=0)
    monthly_capacity = QuantityField(_("monthly capacity"), default=0)
    permits = models.CharField(
        _("permits"), max_length=200, blank=True, help_text=_("e.g. P-IRT, halal, SNI")
    )

    history = HistoricalRecords()
    objects = KsmScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-is_flagship", "name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["ksm", "name"], name="product_unique_name_per_ksm"),
            models.CheckConstraint(condition=Q(price__gte=0), name="product_price_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class MaturityCriterion(models.TextChoices):
    """What makes a mature self-help group (seed 004)."""

    VOLUNTARY = "voluntary", _("Voluntary membership bound by shared interest")
    ACTIVITY = "activity", _("Clear, continuing activity")
    RULES = "rules", _("Written group rules that work")
    DEMOCRATIC = "democratic", _("Democratic decisions")
    MEETINGS = "meetings", _("Regular meetings")
    SAVINGS = "savings", _("Group savings")
    BOOKS = "books", _("Correct books")
    REPAYMENT = "repayment", _("Loans repaid on time")
    PROBLEM_SOLVING = "problem_solving", _("Able to state problems and mobilise resources")
    PARTNERSHIPS = "partnerships", _("Partnerships with outside bodies")
    BUSINESS_PLAN = "business_plan", _("Business development plan")


def maturity_for_score(score: int) -> str:
    """The stage a number of criteria met implies: up to 4 Tunas, up to 8 Tumbuh, else Kembang."""
    if score <= 4:
        return Ksm.Maturity.TUNAS
    if score <= 8:
        return Ksm.Maturity.TUMBUH
    return Ksm.Maturity.KEMBANG


class Assessment(ChoiceLabels, models.Model):
    """A dated assessment of a KSM against the maturity checklist."""

    ksm = models.ForeignKey(Ksm, models.CASCADE, related_name="assessments", verbose_name=_("KSM"))
    assessed_on = models.DateField(_("assessed on"))
    # The codes of the MaturityCriterion members that were met.
    criteria_met = models.JSONField(_("criteria met"), default=list, blank=True)
    score = models.PositiveSmallIntegerField(_("score"))
    maturity = models.CharField(_("maturity"), max_length=10, choices=Ksm.Maturity.choices)
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("assessed by"),
    )

    history = HistoricalRecords()
    objects = KsmScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("maturity assessment")
        verbose_name_plural = _("maturity assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__lte=len(MaturityCriterion.values)),
                name="assessment_score_within_checklist",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ksm} · {self.assessed_on:%Y-%m-%d}"

    def set_criteria(self, codes) -> None:
        """Record the criteria met and derive the score and stage from them."""
        valid = [c for c in MaturityCriterion.values if c in set(codes)]
        self.criteria_met = valid
        self.score = len(valid)
        self.maturity = maturity_for_score(self.score)


def active_member_count() -> models.Expression:
    """Each KSM's active members, as an annotation: a subquery, not a join and GROUP BY, so
    PostgreSQL counts them for the rows a page shows only (25 of a city's 110 partners, 25
    of the country's 100,000 KSMs)."""
    members = (
        Member.objects.filter(ksm=models.OuterRef("pk"), is_active=True)
        .order_by()
        .values("ksm")
        .annotate(n=models.Count("*"))
        .values("n")
    )
    return Coalesce(models.Subquery(members), 0)
