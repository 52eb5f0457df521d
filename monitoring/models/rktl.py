"""RKTL follow-up actions: their statuses, what "open" and "overdue" mean, updates, evidence."""

import datetime

from django.conf import settings
from django.db import connections, models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotaku.access import CityScopedQuerySet
from kotaku.lib.choices import ChoiceLabels
from kotaku.lib.codes import new_code
from kotaku.models import City
from monitoring.models.history import PackageHistoricalRecords
from monitoring.models.visits import Finding

User = settings.AUTH_USER_MODEL


class RktlCategory(models.TextChoices):
    BUSINESS_PLAN = "rencana_usaha", _("Year-1 business and activity plan")
    MANAGEMENT = "mekanisme_pengelolaan", _("Management mechanism")
    CAPACITY = "kapasitas", _("Komite/Pengelola capacity")
    TRANSPARENCY = "transparansi", _("Transparency and accountability")
    BLM_USE = "pemanfaatan_blm", _("BLM use against targets")
    TIERED_CONTROL = "pengendalian", _("Tiered control")
    KSM_READINESS = "kesiapan_ksm", _("KSM readiness")


class RktlStatus(models.TextChoices):
    # After the labels Indonesia's audit board (BPK) uses for follow-up.
    OPEN = "belum", _("Not yet followed up")
    IN_PROGRESS = "proses", _("In progress")
    DONE = "selesai", _("Done, awaiting verification")
    VERIFIED = "terverifikasi", _("Verified")
    CANNOT = "tidak_dapat", _("Cannot be followed up")


class Tier(models.TextChoices):
    """Who is in charge of an RKTL action, along the review chain."""

    KSM = "ksm", _("KSM")
    PENGELOLA = "pengelola", _("Pengelola BDC")
    KOMITE = "komite", _("Komite BDC")
    FASILITATOR = "fasilitator", _("Facilitator")
    KORKOT = "korkot", _("Korkot")
    KMW = "kmw", _("KMW")
    PEMDA = "pemda", _("Local government")


class RktlConcern(models.TextChoices):
    """What an RKTL action is about: one of its visit's targets."""

    KSM = "ksm", _("A KSM")
    BDC = "bdc", _("The BDC")
    OUTLET = "outlet", _("An outlet")


# ---- What "open" and "overdue" mean: the one definition every page, PDF, export, the admin
# and the dashboard use, in Python (RktlItem.is_open, is_overdue) and in SQL (the Q builders
# below, RktlQuerySet, the partial index of open items).

# Closed: nothing more is awaited from the field. "Done" awaits only its verification, so a
# done item past its deadline is not overdue.
CLOSED_STATUSES = (RktlStatus.DONE, RktlStatus.VERIFIED, RktlStatus.CANNOT)
OPEN_STATUSES = tuple(s for s in RktlStatus if s not in CLOSED_STATUSES)


def open_q() -> Q:
    """The condition of an open item, for filter() and conditional aggregates."""
    # Plain values in a list: the partial index's condition is built from this, and its
    # migration state holds the same list.
    return ~Q(status__in=[s.value for s in CLOSED_STATUSES])


def overdue_on(status: str, deadline: datetime.date, today: datetime.date) -> bool:
    """Whether an item of `status` and `deadline` is overdue on `today`: the rule of
    `overdue_q`, for values already read (an item's, or a row of an export)."""
    return status not in CLOSED_STATUSES and deadline < today


def concern_label_of(
    concern: str, ksm_name: str | None, outlet_name: str | None, bdc_label: str | None = None
) -> str:
    """What an action is about, from its concern and the names of its KSM and outlet (None
    when it has none): for pages, PDFs and exports alike. An export of many rows passes
    `bdc_label`, the BDC's label translated once."""
    if concern == RktlConcern.KSM and ksm_name is not None:
        return str(ksm_name)
    if concern == RktlConcern.OUTLET and outlet_name is not None:
        return str(outlet_name)
    return bdc_label or str(RktlConcern.BDC.label)


def overdue_q(today: datetime.date) -> Q:
    """The condition of an overdue item: still open after its deadline (`today` not counted
    as late). Derived, never stored."""
    return Q(deadline__lt=today) & open_q()


def overdue_original_q(today: datetime.date) -> Q:
    """Overdue against the first agreed deadline, whatever approved changes moved it since."""
    return Q(original_deadline__lt=today) & open_q()


def verified_on_time_q() -> Q:
    """The condition of an item verified by the deadline first agreed: verified now, and its
    verification recorded on or before `original_deadline` (the day itself counts, in the
    program's time zone). A subquery on the item's updates, so an item counts once."""
    verifications = RktlUpdate.objects.filter(
        item=OuterRef("pk"),
        kind=RktlUpdate.Kind.VERIFY,
        created_at__date__lte=OuterRef("original_deadline"),
    )
    return Q(status=RktlStatus.VERIFIED) & Q(Exists(verifications))


class RktlQuerySet(CityScopedQuerySet):
    def open(self) -> "RktlQuerySet":
        """Items not yet closed (see CLOSED_STATUSES)."""
        return self.filter(open_q())

    def overdue(self, today: datetime.date | None = None) -> "RktlQuerySet":
        """Open items past their deadline (today by default)."""
        return self.filter(overdue_q(today or timezone.localdate()))

    def overdue_original(self, today: datetime.date | None = None) -> "RktlQuerySet":
        """Open items past the deadline first agreed (see overdue_original_q)."""
        return self.filter(overdue_original_q(today or timezone.localdate()))

    def verified_on_time(self) -> "RktlQuerySet":
        """Items verified by the deadline first agreed (see verified_on_time_q)."""
        return self.filter(verified_on_time_q())

    def about_ksm(self, ksm) -> "RktlQuerySet":
        """The items whose concern is `ksm`, whichever visit they came from."""
        return self.filter(concern=RktlConcern.KSM, concern_ksm=ksm)

    def ids_in_city_order(self, offset: int, limit: int) -> list[int]:
        """The ids of these items from `offset`, at most `limit`, in the city list's order:
        by city name, then deadline, then id (as order_by("city__name", "deadline", "id")).

        Ordered through a join, PostgreSQL must find and sort every matching item of the
        country before it can return the first 30 (27 ms for one category). Here it walks the
        cities by name and takes each city's items from an index in deadline order, stopping
        once the page is full (0.4 ms). SQLite, which has no LATERAL, sorts as before."""
        if connections[self.db].vendor != "postgresql":
            ordered = self.order_by("city__name", "deadline", "id")
            return list(ordered.values_list("pk", flat=True)[offset : offset + limit])
        cities = connections[self.db].ops.quote_name(City._meta.db_table)
        # A city's items, in order: no more than the page needs from one city.
        of_a_city = (
            self.filter(city_id=RawSQL('"by_city"."id"', ()))
            .order_by("deadline", "id")
            .values_list("id", "deadline")[: offset + limit]
        )
        sql, params = of_a_city.query.sql_with_params()
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"SELECT page.id FROM (SELECT id, name FROM {cities} ORDER BY name, id) by_city "
                f"CROSS JOIN LATERAL ({sql}) page "
                "ORDER BY by_city.name, page.deadline, page.id LIMIT %s OFFSET %s",
                (*params, limit, offset),
            )
            return [row[0] for row in cursor.fetchall()]

    def status_counts(self) -> dict[str, int]:
        """How many items in each status, every status present (zero when none), in the
        order of RktlStatus: one grouped query."""
        counted = dict(self.order_by().values_list("status").annotate(n=Count("id")))
        return {status: counted.get(status, 0) for status in RktlStatus.values}


class RktlItem(ChoiceLabels, models.Model):
    """A follow-up action (RKTL) agreed from a finding."""

    code = models.CharField(_("code"), max_length=10, unique=True, default=new_code, editable=False)
    finding = models.ForeignKey(
        Finding, models.PROTECT, related_name="rktl_items", verbose_name=_("finding")
    )
    # Denormalised from finding.visit.city: RKTL lists and dashboards scope and group on it.
    city = models.ForeignKey(
        City, models.PROTECT, related_name="rktl_items", verbose_name=_("city")
    )
    category = models.CharField(_("category"), max_length=24, choices=RktlCategory.choices)
    problem = models.TextField(_("problem"))
    action = models.TextField(_("action"))
    pic_name = models.CharField(_("person in charge"), max_length=150)
    pic_tier = models.CharField(_("tier of person in charge"), max_length=12, choices=Tier.choices)
    deadline = models.DateField(_("deadline"))
    original_deadline = models.DateField(_("original deadline"), editable=False)
    status = models.CharField(
        _("status"), max_length=14, choices=RktlStatus.choices, default=RktlStatus.OPEN
    )
    cannot_reason = models.TextField(_("reason it cannot be done"), blank=True)
    # What the action is about, chosen from the visit's targets (RktlItemForm).
    concern = models.CharField(
        _("concerns"), max_length=6, choices=RktlConcern.choices, default=RktlConcern.BDC
    )
    concern_ksm = models.ForeignKey(
        "ksm.Ksm",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="rktl_items",
        verbose_name=_("KSM concerned"),
    )
    concern_outlet = models.ForeignKey(
        "bdc.Outlet",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="rktl_items",
        verbose_name=_("outlet concerned"),
    )
    created_by = models.ForeignKey(User, models.PROTECT, verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = PackageHistoricalRecords(excluded_fields=["updated_at"])
    objects = RktlQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("RKTL item")
        verbose_name_plural = _("RKTL items")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="tidak_dapat") | ~Q(cannot_reason=""),
                name="rktl_cannot_needs_reason",
            ),
            # A KSM concern names its KSM, an outlet concern its outlet, the BDC neither.
            models.CheckConstraint(
                condition=(
                    Q(concern="ksm", concern_ksm__isnull=False, concern_outlet__isnull=True)
                    | Q(concern="outlet", concern_ksm__isnull=True, concern_outlet__isnull=False)
                    | Q(concern="bdc", concern_ksm__isnull=True, concern_outlet__isnull=True)
                ),
                name="rktl_concern_names_its_target",
            ),
        ]
        indexes = [
            # RKTL lists and dashboards: a city's items by status, and overdue by deadline.
            models.Index(fields=["city", "status", "deadline"], name="rktl_city_status_idx"),
            models.Index(fields=["status", "deadline"], name="rktl_status_deadline_idx"),
            models.Index(fields=["city", "category"], name="rktl_city_category_idx"),
            # The national RKTL list (Pusat), in its default order: earliest deadline first.
            models.Index(fields=["deadline", "id"], name="rktl_deadline_idx"),
            # A city's RKTL list in the same order (a Korkot's, a facilitator's): without it,
            # PostgreSQL walks the national deadline index past the other cities' items.
            models.Index(fields=["city", "deadline", "id"], name="rktl_city_deadline_idx"),
            # Overdue counts (home, dashboard): only the items still open, by deadline.
            models.Index(
                fields=["deadline", "city"],
                condition=open_q(),
                name="rktl_open_deadline_idx",
            ),
            # The targets panel and the RKTL list's "first deadline" filter: items whose
            # first agreed deadline falls in a quarter.
            models.Index(fields=["original_deadline", "city"], name="rktl_original_deadline_idx"),
            # Counts per status within a category (the RKTL list filtered by category).
            models.Index(fields=["category", "status"], name="rktl_category_status_idx"),
            # A category across the country, sorted by city: read from the index alone (the
            # items of a category are spread over every page of the table).
            models.Index(
                fields=["category", "city", "deadline", "id"], name="rktl_category_city_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.action[:80]

    def save(self, *args, **kwargs):
        # The city is the finding's visit's; kept as a column for scoping, lists and dashboards.
        self.city_id = Finding.objects.values_list("visit__city_id", flat=True).get(
            pk=self.finding_id
        )
        if self.original_deadline is None:
            self.original_deadline = self.deadline
        super().save(*args, **kwargs)

    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return overdue_on(self.status, self.deadline, today or timezone.localdate())

    def is_overdue_original(self, today: datetime.date | None = None) -> bool:
        return self.is_open() and self.original_deadline < (today or timezone.localdate())

    @property
    def deadline_moved(self) -> bool:
        return self.deadline != self.original_deadline

    def concern_label(self) -> str:
        """What the action is about, for pages, PDFs and exports (reads the KSM or outlet:
        select_related them for a list)."""
        ksm = self.concern_ksm.name if self.concern_ksm_id else None
        outlet = self.concern_outlet.name if self.concern_outlet_id else None
        return concern_label_of(self.concern, ksm, outlet)


class RktlUpdateQuerySet(CityScopedQuerySet):
    city_field = "item__city"


class RktlUpdate(ChoiceLabels, models.Model):
    """A dated step in an RKTL item's life: progress reported, or a verification decision."""

    class Kind(models.TextChoices):
        PROGRESS = "progres", _("Progress report")
        VERIFY = "verifikasi", _("Verified")
        REJECT = "tolak", _("Verification rejected")
        DEADLINE = "tenggat", _("Deadline changed")

    item = models.ForeignKey(
        RktlItem, models.CASCADE, related_name="updates", verbose_name=_("item")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # A verification may go without a note; every other update says what happened or why
    # (the constraint below, as the forms and services require).
    note = models.TextField(_("note"), blank=True)
    status_before = models.CharField(_("status before"), max_length=14, choices=RktlStatus.choices)
    status_after = models.CharField(_("status after"), max_length=14, choices=RktlStatus.choices)
    old_deadline = models.DateField(_("old deadline"), null=True, blank=True)
    new_deadline = models.DateField(_("new deadline"), null=True, blank=True)
    author = models.ForeignKey(User, models.PROTECT, verbose_name=_("by"))
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    objects = RktlUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("RKTL update")
        verbose_name_plural = _("RKTL updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="verifikasi") | ~Q(note=""),
                name="rktl_update_note_unless_verified",
                violation_error_message=_("Only a verification may be recorded without a note."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d}"


class DeadlineRequest(ChoiceLabels, models.Model):
    """A facilitator's request to move an RKTL item's deadline, and the Korkot's or KMW's
    decision on it. Until approved, the item keeps its deadline (and stays overdue when it is)."""

    class Decision(models.TextChoices):
        PENDING = "menunggu", _("Waiting for a decision")
        APPROVED = "disetujui", _("Approved")
        REFUSED = "ditolak", _("Refused")

    item = models.ForeignKey(
        RktlItem, models.CASCADE, related_name="deadline_requests", verbose_name=_("item")
    )
    requested_by = models.ForeignKey(
        User, models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    current_deadline = models.DateField(_("deadline when asked"))
    proposed_deadline = models.DateField(_("proposed deadline"))
    reason = models.TextField(_("reason"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        User, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.TextField(_("decision note"), blank=True)

    history = PackageHistoricalRecords()
    objects = RktlUpdateQuerySet.as_manager()
    # __str__ reads only the request's own fields: the audit trail may label it with it.
    STR_READS_OWN_FIELDS = True

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("deadline change request")
        verbose_name_plural = _("deadline change requests")
        constraints = [
            # One request waits at a time per item.
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(decision="menunggu"),
                name="deadline_request_one_pending",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="deadline_request_needs_reason"),
            # A decision says who took it and when; a pending request has neither.
            models.CheckConstraint(
                condition=(
                    Q(decision="menunggu", decided_by__isnull=True, decided_at__isnull=True)
                    | (
                        ~Q(decision="menunggu")
                        & Q(decided_by__isnull=False, decided_at__isnull=False)
                    )
                ),
                name="deadline_request_decided_by_whom",
            ),
            # Refusing says why.
            models.CheckConstraint(
                condition=~Q(decision="ditolak") | ~Q(note=""),
                name="deadline_request_refusal_needs_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposed_deadline:%Y-%m-%d} · {self.get_decision_display()}"

    @property
    def is_pending(self) -> bool:
        return self.decision == self.Decision.PENDING


def evidence_path(instance: "Evidence", filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"rktl/{instance.update.item.code}/{new_code()}.{ext}"


class Evidence(models.Model):
    update = models.ForeignKey(
        RktlUpdate, models.CASCADE, related_name="evidence", verbose_name=_("update")
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.caption or self.original_name
