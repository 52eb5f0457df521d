"""Yearly targets for the program's indicators (monitoring/indicators.py defines them)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotaku.lib.choices import ChoiceLabels
from kotaku.models import City, Province
from monitoring.models.history import PackageHistoricalRecords


class IndicatorKey(models.TextChoices):
    """The indicators a target may be set for. Their definitions, units and the way each is
    counted live in monitoring/indicators.py, one entry per key."""

    RKTL_ON_TIME = "rktl_on_time", _("RKTL verified by the first deadline")
    KSM_ADVANCED = "ksm_stage_2_3", _("KSMs at PPMK stage II or III")
    BLM_USE = "blm_use", _("BLM use rate")
    VISITS_PER_BDC = "visits_per_bdc", _("Visits per BDC")
    WOMEN_SHARE = "women_share", _("Share of women among attendees")


DUPLICATE = _("This indicator has a target for this year and area.")


class Target(ChoiceLabels, models.Model):
    """What Pusat aims at for an indicator in a year: for the whole country (no area), a
    province, or a city. The yearly value applies to each quarter of the year."""

    indicator = models.CharField(_("indicator"), max_length=20, choices=IndicatorKey.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    province = models.ForeignKey(
        Province,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("province"),
    )
    city = models.ForeignKey(
        City, models.CASCADE, null=True, blank=True, related_name="targets", verbose_name=_("city")
    )
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("set by")
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    history = PackageHistoricalRecords()
    # __str__ reads only the target's own fields: the audit trail may label it with it.
    STR_READS_OWN_FIELDS = True

    class Meta:
        ordering = ["year", "indicator", "id"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(province__isnull=True) | Q(city__isnull=True),
                name="target_one_area_at_most",
                violation_error_message=_("Choose a province or a city, not both."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="target_not_negative",
                violation_error_message=_("A target cannot be negative."),
            ),
            # One target per indicator, year and area (NULLs are distinct in a plain unique
            # constraint, hence one condition per kind of area).
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=Q(province__isnull=True, city__isnull=True),
                name="target_unique_national",
                violation_error_message=DUPLICATE,
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "province"],
                condition=Q(province__isnull=False),
                name="target_unique_province",
                violation_error_message=DUPLICATE,
            ),
            models.UniqueConstraint(
                fields=["indicator", "year", "city"],
                condition=Q(city__isnull=False),
                name="target_unique_city",
                violation_error_message=DUPLICATE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.year}: {self.value}"

    @property
    def area_kind(self) -> str:
        if self.city_id:
            return "city"
        return "province" if self.province_id else "national"
