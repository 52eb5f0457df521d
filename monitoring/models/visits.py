"""Field visits and what is recorded on them: answers, attendees, files, findings, reviews."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotaku.access import CityScopedQuerySet
from kotaku.lib.choices import ChoiceLabels, Gender
from kotaku.lib.codes import new_code
from kotaku.lib.positions import latitude_field, longitude_field, position_constraints
from kotaku.models import City
from monitoring.models.checklists import ChecklistItem, ChecklistTemplate
from monitoring.models.history import PackageHistoricalRecords

User = settings.AUTH_USER_MODEL


class VisitQuerySet(CityScopedQuerySet):
    def counted(self) -> "VisitQuerySet":
        """Visits that count in lists, pages, exports and the dashboard: all but the cancelled."""
        return self.exclude(status=Visit.Status.CANCELLED)


class Visit(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        FIELD_VISIT = "kunjungan", _("Field visit")
        FGD = "fgd", _("Focus group discussion (FGD)")
        COORDINATION = "koordinasi", _("Coordination meeting")
        WORKSHOP = "lokakarya", _("Workshop")

    class Method(models.TextChoices):
        OBSERVATION = "observasi", _("Observation")
        INTERVIEW = "wawancara", _("Direct interview")
        DOCUMENT_CHECK = "verifikasi_dokumen", _("Document verification")
        FGD = "fgd", _("FGD")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "diajukan", _("Waiting for Korkot review")
        KORKOT_APPROVED = "disetujui_korkot", _("Waiting for KMW review")
        RETURNED = "dikembalikan", _("Sent back")
        APPROVED = "disetujui", _("Approved")
        # Kept, out of every list and count (Visit.objects.counted()).
        CANCELLED = "dibatalkan", _("Cancelled")

    code = models.CharField(_("code"), max_length=10, unique=True, default=new_code, editable=False)
    city = models.ForeignKey(City, models.PROTECT, related_name="visits", verbose_name=_("city"))
    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.FIELD_VISIT
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    # A list of Method values; four fixed options, never queried on their own.
    methods = models.JSONField(_("methods"), default=list, blank=True)
    target_bdc = models.BooleanField(_("the BDC is a target"), default=False)
    target_ksms = models.ManyToManyField(
        "ksm.Ksm", blank=True, related_name="visits", verbose_name=_("target KSM")
    )
    target_outlets = models.ManyToManyField(
        "bdc.Outlet", blank=True, related_name="visits", verbose_name=_("target outlets")
    )
    team = models.ManyToManyField(
        User, blank=True, related_name="visit_teams", verbose_name=_("team (users)")
    )
    team_others = models.TextField(
        _("other team members"), blank=True, help_text=_("One per line: name and role.")
    )
    template = models.ForeignKey(
        ChecklistTemplate, models.PROTECT, related_name="visits", verbose_name=_("checklist")
    )
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        User, models.PROTECT, related_name="visits_created", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Where the facilitator's phone was on site (browser geolocation, with permission), how
    # sure it was (metres), and when it was read: the "position" section of the fill-in page.
    # Photos are checked against it (monitoring/places.py).
    latitude = latitude_field()
    longitude = longitude_field()
    position_accuracy = models.PositiveIntegerField(
        _("position accuracy (m)"), null=True, blank=True
    )
    positioned_at = models.DateTimeField(_("position taken at"), null=True, blank=True)
    # Per section of the fill-in page: {"attendees": {"version": 3, "by": 7, "by_name": "..",
    # "at": "2026-..."}}. Each section save bumps its version, so that a second writer of
    # the same section is told instead of silently overwriting (monitoring/services.py).
    section_meta = models.JSONField(_("section versions"), default=dict, blank=True, editable=False)

    history = PackageHistoricalRecords(excluded_fields=["updated_at", "section_meta"])
    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="visit_ends_after_start"
            ),
            *position_constraints("visit"),
        ]
        indexes = [
            # Review queues and visit lists: a city's visits in a status, newest first.
            models.Index(fields=["city", "status", "-starts_on"], name="visit_city_status_idx"),
            models.Index(fields=["status", "-starts_on"], name="visit_status_idx"),
            # The national visit list (Pusat): the newest visits of the country first.
            models.Index(fields=["-starts_on", "-id"], name="visit_starts_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%d-%m-%Y})"

    @property
    def method_labels(self) -> list[str]:
        labels = dict(self.Method.choices)
        return [str(labels.get(m, m)) for m in self.methods]

    @property
    def is_editable_by_author(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.RETURNED}

    @property
    def is_frozen(self) -> bool:
        """Approved (final, until reopened through the workflow) or cancelled: the visit and
        everything recorded on it is read-only for everyone, the admin included."""
        return self.status in {self.Status.APPROVED, self.Status.CANCELLED}


class VisitScopedQuerySet(CityScopedQuerySet):
    city_field = "visit__city"


class Answer(ChoiceLabels, models.Model):
    class Value(models.TextChoices):
        YES = "ya", _("Yes")
        PARTLY = "sebagian", _("Partly")
        NO = "tidak", _("No")
        NOT_APPLICABLE = "na", _("Not applicable")

    visit = models.ForeignKey(
        Visit, models.CASCADE, related_name="answers", verbose_name=_("visit")
    )
    item = models.ForeignKey(
        ChecklistItem, models.PROTECT, related_name="answers", verbose_name=_("item")
    )
    value = models.CharField(_("answer"), max_length=10, choices=Value.choices)
    note = models.TextField(_("note"), blank=True)

    history = PackageHistoricalRecords()
    objects = VisitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["item__section__order", "item__order"]
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            models.UniqueConstraint(fields=["visit", "item"], name="answer_unique_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.get_value_display()}"


class DocumentCheck(ChoiceLabels, models.Model):
    class Document(models.TextChoices):
        SK_KOMITE = "sk_komite", _("Komite decree (SK Komite)")
        BUSINESS_PLAN = "rencana_usaha", _("Business plan")
        FEASIBILITY = "studi_kelayakan", _("Feasibility study")
        CASH_BOOK = "buku_kas", _("Cash book")
        FINANCIAL_REPORT = "laporan_keuangan", _("Financial report")
        BLM_SCENARIO = "skenario_blm", _("BLM use scenario")
        MINUTES = "berita_acara", _("Minutes (berita acara)")
        OTHER = "lainnya", _("Other")

    class Status(models.TextChoices):
        COMPLETE = "lengkap", _("Available and complete")
        INCOMPLETE = "tidak_lengkap", _("Available, incomplete")
        MISSING = "tidak_ada", _("Not available")

    visit = models.ForeignKey(
        Visit, models.CASCADE, related_name="document_checks", verbose_name=_("visit")
    )
    document = models.CharField(_("document"), max_length=20, choices=Document.choices)
    other_name = models.CharField(_("document name (if other)"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)

    history = PackageHistoricalRecords()
    objects = VisitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("document check")
        verbose_name_plural = _("document checks")

    def __str__(self) -> str:
        return self.other_name or self.get_document_display()


class Attendee(ChoiceLabels, models.Model):
    visit = models.ForeignKey(
        Visit, models.CASCADE, related_name="attendees", verbose_name=_("visit")
    )
    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    position = models.CharField(_("role / position"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    has_disability = models.BooleanField(_("person with disability"), default=False)

    history = PackageHistoricalRecords()
    objects = VisitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")

    def __str__(self) -> str:
        return self.name


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The uploaded name is never trusted: the stored name is the record's own code.
    ext = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"visits/{instance.visit.code}/{new_code()}.{ext}"


class Attachment(ChoiceLabels, models.Model):
    class Kind(models.TextChoices):
        PHOTO = "foto", _("Photo")
        FILE = "berkas", _("File")

    visit = models.ForeignKey(
        Visit, models.CASCADE, related_name="attachments", verbose_name=_("visit")
    )
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    # For photos: a downscaled copy for pages and reports; the original stays in `file`.
    web_image = models.ImageField(_("web copy"), upload_to=attachment_path, blank=True)
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    uploaded_by = models.ForeignKey(User, models.PROTECT, verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = PackageHistoricalRecords()
    objects = VisitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="attachment_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="attachment_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.caption or self.original_name or self.get_kind_display()


class Finding(models.Model):
    visit = models.ForeignKey(
        Visit, models.CASCADE, related_name="findings", verbose_name=_("visit")
    )
    item = models.ForeignKey(
        ChecklistItem,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("checklist item"),
    )
    description = models.TextField(_("finding"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    history = PackageHistoricalRecords()
    objects = VisitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return self.description[:80]


class Review(ChoiceLabels, models.Model):
    class Tier(models.TextChoices):
        KORKOT = "korkot", _("Korkot")
        KMW = "kmw", _("KMW")
        # Only for reopening an approved visit: Pusat does not review in the normal chain.
        PUSAT = "pusat", _("Pusat")

    class Decision(models.TextChoices):
        APPROVE = "setuju", _("Approved")
        RETURN = "kembalikan", _("Sent back")
        # A correction after approval: the visit goes back to its facilitator (a reason given).
        REOPEN = "buka_kembali", _("Reopened after approval")

    visit = models.ForeignKey(
        Visit, models.CASCADE, related_name="reviews", verbose_name=_("visit")
    )
    tier = models.CharField(_("tier"), max_length=6, choices=Tier.choices)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    # Per-section reasons when sending back: {"A": "...", "attendance": "..."}.
    section_comments = models.JSONField(_("comments per section"), default=dict, blank=True)
    reviewer = models.ForeignKey(User, models.PROTECT, verbose_name=_("reviewer"))
    created_at = models.DateTimeField(_("reviewed at"), default=timezone.now)

    objects = VisitScopedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            # Sending back without saying why is not a review.
            models.CheckConstraint(
                condition=Q(decision="setuju") | ~Q(comment=""),
                name="review_return_needs_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_tier_display()}: {self.get_decision_display()}"
