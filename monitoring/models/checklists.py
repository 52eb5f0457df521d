"""Checklists: versioned templates, their sections and items, in two languages."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Bilingual:
    """Mixin for records that carry their text in Indonesian and English."""

    def localized(self, field: str) -> str:
        lang = (get_language() or "id")[:2]
        return getattr(self, f"{field}_{'en' if lang == 'en' else 'id'}") or getattr(
            self, f"{field}_id"
        )


class ChecklistTemplate(Bilingual, models.Model):
    """A versioned checklist. Visits keep the version they were filled against."""

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"))
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    is_default = models.BooleanField(_("default for new visits"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="checklist_unique_version"),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="checklist_one_default"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.localized('title')} (v{self.version})"


class ChecklistSection(Bilingual, models.Model):
    template = models.ForeignKey(
        ChecklistTemplate, models.CASCADE, related_name="sections", verbose_name=_("template")
    )
    code = models.CharField(_("code"), max_length=4)
    order = models.PositiveSmallIntegerField(_("order"))
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)

    class Meta:
        ordering = ["template", "order"]
        verbose_name = _("checklist section")
        verbose_name_plural = _("checklist sections")
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="section_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.localized('title')}"


class ChecklistItem(Bilingual, models.Model):
    section = models.ForeignKey(
        ChecklistSection, models.CASCADE, related_name="items", verbose_name=_("section")
    )
    code = models.CharField(_("code"), max_length=6)
    order = models.PositiveSmallIntegerField(_("order"))
    text_id = models.CharField(_("text (Indonesian)"), max_length=300)
    text_en = models.CharField(_("text (English)"), max_length=300)

    class Meta:
        ordering = ["section__order", "order"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [models.UniqueConstraint(fields=["section", "code"], name="item_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.localized('text')}"

    @property
    def localized_text(self) -> str:
        return self.localized("text")
