"""The demo visits of a pilot city, with everything recorded during and after them, and their
RKTL; planned in full, then written."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bdc.models import Bdc
from demo import data
from demo.bdcs import BdcPlan
from demo.common import METRO, NameMaker, at, create_all, head_of, rng_for
from demo.ksms import KsmPlan
from demo.users import CityTeam, full_name
from kotaku.lib.choices import Gender
from kotaku.models import City, Kelurahan
from ksm.models import Ksm
from monitoring.models import (
    Answer,
    Attendee,
    ChecklistItem,
    ChecklistTemplate,
    DocumentCheck,
    Finding,
    Review,
    RktlConcern,
    RktlItem,
    RktlStatus,
    RktlUpdate,
    Visit,
)

Status = Visit.Status

# How many days before today a visit of each status took place: older visits got further.
VISIT_AGE_DAYS = {
    Status.APPROVED: (150, 290),
    Status.KORKOT_APPROVED: (70, 140),
    Status.RETURNED: (30, 65),
    Status.SUBMITTED: (8, 25),
    Status.DRAFT: (2, 6),  # still being written up
}
STATUS_ORDER = list(VISIT_AGE_DAYS)
# Kota Metro, where the main demo logins work, has a visit in every status.
METRO_STATUSES = [
    Status.APPROVED,
    Status.APPROVED,
    Status.KORKOT_APPROVED,
    Status.RETURNED,
    Status.SUBMITTED,
    Status.DRAFT,
]
OTHER_STATUSES = [Status.KORKOT_APPROVED, Status.RETURNED, Status.SUBMITTED, Status.DRAFT]


@dataclass
class RktlPlan:
    item: RktlItem
    updates: list[RktlUpdate] = field(default_factory=list)


@dataclass
class FindingPlan:
    finding: Finding
    # Findings and RKTL are agreed at the end of the visit; auto_now_add would say "today".
    created_at: datetime
    rktl: list[RktlPlan] = field(default_factory=list)


@dataclass
class VisitPlan:
    visit: Visit
    created_at: datetime
    ksm_names: list[str]
    outlet_names: list[str]
    team: list
    answers: list[Answer]
    documents: list[DocumentCheck]
    attendees: list[Attendee]
    findings: list[FindingPlan]
    reviews: list[Review]


def visit_statuses(city: City, rng: random.Random) -> list[str]:
    """The statuses of a city's visits, oldest visit first."""
    if city.code == METRO:
        return list(METRO_STATUSES)
    others = rng.choices(OTHER_STATUSES, weights=[3, 2, 2, 2], k=rng.randint(1, 3))
    return [Status.APPROVED, *sorted(others, key=STATUS_ORDER.index)]


def rktl_status_deck(rng: random.Random, visit_status: str, count: int) -> list[str]:
    """The statuses of a visit's RKTL items: the older the visit, the further they got."""
    S = RktlStatus
    if visit_status == Status.APPROVED:
        deck = [S.VERIFIED, S.DONE, S.CANNOT, S.IN_PROGRESS, S.OPEN]
        rng.shuffle(deck)
        extra = [S.VERIFIED, S.VERIFIED, S.DONE, S.DONE, S.IN_PROGRESS]
    elif visit_status == Status.KORKOT_APPROVED:
        deck = [S.IN_PROGRESS, S.DONE, S.OPEN]
        rng.shuffle(deck)
        extra = [S.IN_PROGRESS, S.DONE, S.DONE, S.OPEN, S.CANNOT]
    elif visit_status in (Status.SUBMITTED, Status.RETURNED):
        deck, extra = [], [S.OPEN, S.OPEN, S.IN_PROGRESS]
    else:
        deck, extra = [], [S.OPEN]
    deck += rng.choices(extra, k=max(0, count - len(deck)))
    return deck[:count]


class VisitPlanner:
    """Plans the visits of one city, with everything recorded during and after them."""

    def __init__(
        self,
        city: City,
        team: CityTeam,
        bdc_plan: BdcPlan,
        ksm_plans: list[KsmPlan],
        items: list[ChecklistItem],
        template: ChecklistTemplate,
        today: date,
    ) -> None:
        self.city = city
        self.team = team
        self.bdc = bdc_plan
        self.ksms = [p.ksm for p in ksm_plans]
        self.partners = [k for k in self.ksms if k.is_bdc_partner]
        self.items = items
        self.template = template
        self.today = today
        # Nothing is dated after yesterday evening: the data depends on the date only.
        self.latest = at(today - timedelta(days=1), 17)
        self.rng = rng_for(city.code, "visits")
        self.names = NameMaker(
            self.rng, data.CITY_NAME_REGIONS.get(city.code, data.DEFAULT_NAME_REGIONS)
        )
        self.bkms = [
            f"{self.rng.choice(['BKM', 'LKM'])} {suffix}"
            for suffix in self.rng.sample(data.BKM_SUFFIXES, 2)
        ]

    def plan(self) -> list[VisitPlan]:
        statuses = visit_statuses(self.city, self.rng)
        keys = [
            "monev1",
            *self.rng.sample(sorted(set(data.VISITS) - {"monev1"}), len(statuses) - 1),
        ]
        # Oldest first: the age ranges of the statuses do not overlap, so sorting keeps each
        # visit's age within its status's range.
        ages = sorted((self.rng.randint(*VISIT_AGE_DAYS[s]) for s in statuses), reverse=True)
        return [
            self.plan_visit(key, status, age)
            for key, status, age in zip(keys, statuses, ages, strict=True)
        ]

    # A visit and its header --------------------------------------------------------------------

    def plan_visit(self, key: str, status: str, age: int) -> VisitPlan:
        rng = self.rng
        kind, title, methods, target_bdc, location = data.VISITS[key]
        starts_on = self.today - timedelta(days=age)
        ends_on = starts_on + timedelta(
            days=rng.randint(1, 2) if kind == Visit.Kind.FIELD_VISIT else 0
        )

        if key in ("ksm", "lokakarya"):
            targets = rng.sample(self.partners, min(len(self.partners), rng.randint(2, 3)))
        else:
            targets = rng.sample(self.partners, rng.randint(0 if key == "mart" else 1, 2))
        outlets = [o.name for o in self.bdc.outlets]
        if key == "mart":
            outlet_names = [outlets[0], *rng.sample(outlets[1:], 1)]
        elif target_bdc and rng.random() < 0.7:
            outlet_names = [outlets[0]]
        else:
            outlet_names = []
        place = targets[0].kelurahan if targets else self.ksms[0].kelurahan

        team = [self.team.fasilitator, self.team.korkot]
        if kind != Visit.Kind.FIELD_VISIT or key == "monev1":
            team.append(self.team.kmw)
        team_others = "\n".join(
            f"{name} — {role}"
            for name, role in (
                (self.bdc.person("komite", "Ketua"), "Ketua Komite BDC"),
                (self.bdc.person("pengelola", "Manajer"), "Manajer BDC"),
            )
        )
        summary = (
            ""
            if status == Status.DRAFT
            else " ".join(rng.sample(data.SUMMARY_PARTS, rng.randint(2, 3)))
        )
        visit = Visit(
            city=self.city,
            kind=kind,
            title=title.format(city=self.city.full_name),
            starts_on=starts_on,
            ends_on=ends_on,
            location=location.format(
                city=self.city.full_name,
                name=self.city.name,
                head=head_of(self.city),
                kelurahan=place.name,
                kecamatan=place.kecamatan.name,
            ),
            methods=methods,
            target_bdc=target_bdc,
            team_others=team_others,
            template=self.template,
            summary=summary,
            status=status,
            created_by=self.team.fasilitator,
        )
        answers = self.plan_answers(status)
        reviews = self.plan_reviews(visit, status)
        findings = self.plan_findings(visit, answers, targets)
        return VisitPlan(
            visit=visit,
            created_at=min(at(starts_on, 8), self.latest),
            ksm_names=[k.name for k in targets],
            outlet_names=outlet_names,
            team=team,
            answers=answers,
            documents=self.plan_documents(),
            attendees=self.plan_attendees(kind, targets, place),
            findings=findings,
            reviews=reviews,
        )

    # Checklist, documents, attendance ----------------------------------------------------------

    def plan_answers(self, status: str) -> list[Answer]:
        rng = self.rng
        items = self.items
        if status == Status.DRAFT:  # a draft is filled in part
            items = items[: rng.randint(len(items) // 3, 2 * len(items) // 3)]
        weights = [60, 25, 10, 5] if status == Status.APPROVED else [45, 30, 17, 8]
        answers = []
        for item in items:
            value = rng.choices(Answer.Value.values, weights=weights)[0]
            note = rng.choice(data.ANSWER_NOTES[value]) if rng.random() < 0.35 else ""
            answers.append(Answer(item=item, value=value, note=note))
        return answers

    def plan_documents(self) -> list[DocumentCheck]:
        rng = self.rng
        kinds = [d for d in DocumentCheck.Document.values if d != DocumentCheck.Document.OTHER]
        checks = []
        for document in rng.sample(kinds, rng.randint(2, 4)):
            status = rng.choices(DocumentCheck.Status.values, weights=[50, 35, 15])[0]
            checks.append(
                DocumentCheck(
                    document=document,
                    status=status,
                    note=rng.choice(data.DOCUMENT_NOTES[status]) if rng.random() < 0.6 else "",
                )
            )
        if rng.random() < 0.2:
            checks[-1].document = DocumentCheck.Document.OTHER
            checks[-1].other_name = rng.choice(data.OTHER_DOCUMENTS)
        return checks

    def plan_attendees(self, kind: str, targets: list[Ksm], place: Kelurahan) -> list[Attendee]:
        rng = self.rng
        low, high = {
            Visit.Kind.FIELD_VISIT: (8, 15),
            Visit.Kind.COORDINATION: (10, 18),
        }.get(kind, (15, 25))
        count = rng.randint(low, high)
        women = round(count * rng.uniform(0.45, 0.55))
        genders = [Gender.FEMALE] * women + [Gender.MALE] * (count - women)
        rng.shuffle(genders)
        ksm_names = [k.name for k in targets] or [self.ksms[0].name]
        taken: set[str] = set()
        attendees = []
        for gender in genders:
            organisation, positions = rng.choice(data.ATTENDEE_ORGANISATIONS)
            attendees.append(
                Attendee(
                    name=self.names.name(gender, taken),
                    organisation=organisation.format(
                        bkm=rng.choice(self.bkms),
                        ksm=rng.choice(ksm_names),
                        city=self.city.full_name,
                        kelurahan=place.name,
                    ),
                    position=rng.choice(positions),
                    gender=gender,
                    has_disability=rng.random() < 0.03,
                )
            )
        if rng.random() < 0.4:
            rng.choice(attendees).has_disability = True
        return attendees

    # Findings and RKTL -------------------------------------------------------------------------

    def plan_findings(
        self, visit: Visit, answers: list[Answer], targets: list[Ksm]
    ) -> list[FindingPlan]:
        rng = self.rng
        status = visit.status
        # Candidates: a finding per weak checklist answer, and the general findings.
        candidates = []
        for answer in answers:
            if answer.value in (Answer.Value.NO, Answer.Value.PARTLY):
                code = answer.item.code
                # A later checklist version may have items without demo findings: use the
                # findings of the item's section then.
                options = data.FINDINGS.get(code) or [
                    f for c, fs in data.FINDINGS.items() if c[0] == code[0] for f in fs
                ]
                if options:
                    text, actions = rng.choice(options)
                    candidates.append((answer.item, text, data.SECTION_CATEGORY[code[0]], actions))
        for text, category, actions in data.GENERAL_FINDINGS:
            candidates.append((None, text, category, actions))
        for code, findings in data.FINDINGS.items():  # when few answers were weak
            for text, actions in findings:
                candidates.append((None, text, data.SECTION_CATEGORY[code[0]], actions))
        tied = [c for c in candidates if c[0] is not None]
        untied = [c for c in candidates if c[0] is None]
        rng.shuffle(tied)
        rng.shuffle(untied)
        # Mostly findings tied to a checklist item, one untied now and then.
        ordered = (
            tied[:2] + untied[:1] + tied[2:] + untied[1:] if rng.random() < 0.5 else tied + untied
        )

        count = rng.randint(3, 4) if status == Status.APPROVED else rng.randint(2, 4)
        chosen, texts = [], set()
        for candidate in ordered:
            if candidate[1] not in texts:
                texts.add(candidate[1])
                chosen.append(candidate)
            if len(chosen) == count:
                break

        plans = []
        for item, text, category, actions in chosen:
            low = 2 if status == Status.APPROVED else 1
            picked = rng.sample(actions, rng.randint(low, min(3, len(actions))))
            finding_plan = FindingPlan(
                Finding(item=item, description=text),
                created_at=min(at(visit.ends_on, 14), self.latest),
            )
            for problem, action, tier in picked:
                finding_plan.rktl.append(
                    RktlPlan(self.rktl_item(visit, category, problem, action, tier, targets))
                )
            plans.append(finding_plan)

        all_rktl = [r for f in plans for r in f.rktl]
        for rktl, rktl_status in zip(
            all_rktl, rktl_status_deck(rng, status, len(all_rktl)), strict=True
        ):
            self.plan_rktl_history(visit, rktl, rktl_status)
        return plans

    def pic_name(self, tier: str, targets: list[Ksm]) -> str:
        by_tier = {
            "ksm": (targets[0] if targets else self.partners[0]).chair_name,
            "pengelola": self.bdc.person("pengelola", "Manajer"),
            "komite": self.bdc.person("komite", "Ketua"),
            "pemda": self.bdc.person("komite", "Anggota", "pemda")
            or self.bdc.person("komite", "Ketua"),
            "fasilitator": full_name(self.team.fasilitator),
            "korkot": full_name(self.team.korkot),
            "kmw": full_name(self.team.kmw),
        }
        return by_tier[tier]

    def rktl_item(
        self, visit: Visit, category: str, problem: str, action: str, tier: str, targets: list[Ksm]
    ) -> RktlItem:
        deadline = visit.ends_on + timedelta(days=self.rng.choice([30, 45, 60, 60, 90, 120]))
        # An action of a KSM, or about KSM readiness, concerns the visit's first target KSM;
        # the others concern the BDC.
        about_ksm = targets and (tier == "ksm" or category == "kesiapan_ksm")
        return RktlItem(
            concern=RktlConcern.KSM if about_ksm else RktlConcern.BDC,
            concern_ksm=targets[0] if about_ksm else None,
            city=self.city,
            category=category,
            problem=problem,
            action=action,
            pic_name=self.pic_name(tier, targets),
            pic_tier=tier,
            deadline=deadline,
            original_deadline=deadline,
            status=RktlStatus.OPEN,
            created_by=self.team.fasilitator,
        )

    def plan_rktl_history(self, visit: Visit, rktl: RktlPlan, final: str) -> None:
        """The updates that took an item from open to `final`, at dates after the visit."""
        rng = self.rng
        S = RktlStatus
        Kind = RktlUpdate.Kind
        item = rktl.item
        fasilitator, korkot = self.team.fasilitator, self.team.korkot
        progress = (Kind.PROGRESS, rng.choice(data.RKTL_PROGRESS_NOTES), S.OPEN, S.IN_PROGRESS)
        done = (Kind.PROGRESS, rng.choice(data.RKTL_DONE_NOTES), S.IN_PROGRESS, S.DONE)
        steps: list[tuple] = []
        if final == S.IN_PROGRESS:
            steps = [progress]
        elif final == S.DONE:
            steps = [progress, done]
        elif final == S.VERIFIED:
            steps = [progress, done]
            if rng.random() < 0.3:
                steps += [
                    (Kind.REJECT, rng.choice(data.RKTL_REJECT_NOTES), S.DONE, S.IN_PROGRESS),
                    done,
                ]
            steps.append((Kind.VERIFY, rng.choice(data.RKTL_VERIFY_NOTES), S.DONE, S.VERIFIED))
        elif final == S.CANNOT:
            item.cannot_reason = rng.choice(data.CANNOT_REASONS)
            before = S.OPEN
            if rng.random() < 0.5:
                steps = [progress]
                before = S.IN_PROGRESS
            steps.append((Kind.PROGRESS, item.cannot_reason, before, S.CANNOT))

        when = min(at(visit.ends_on, 14), self.latest)  # agreed at the end of the visit
        for kind, note, before, after in steps:
            when = self.later(when, 4, 20)
            rktl.updates.append(
                RktlUpdate(
                    kind=kind,
                    note=note,
                    status_before=before,
                    status_after=after,
                    author=korkot if kind in (Kind.VERIFY, Kind.REJECT) else fasilitator,
                    created_at=when,
                )
            )
        item.status = final

        # Now and then an item still being worked on got more time.
        if final == S.IN_PROGRESS and rng.random() < 0.4:
            new_deadline = item.deadline + timedelta(days=rng.choice([30, 60, 90]))
            when = self.later(when, 2, 10)
            rktl.updates.append(
                RktlUpdate(
                    kind=Kind.DEADLINE,
                    note=rng.choice(data.RKTL_DEADLINE_NOTES),
                    status_before=final,
                    status_after=final,
                    old_deadline=item.deadline,
                    new_deadline=new_deadline,
                    author=korkot,
                    created_at=when,
                )
            )
            item.deadline = new_deadline

    # Submission and reviews --------------------------------------------------------------------

    def plan_reviews(self, visit: Visit, status: str) -> list[Review]:
        """Reviews consistent with the visit's status; sets visit.submitted_at."""
        if status == Status.DRAFT:
            return []
        rng = self.rng
        when = min(
            at(visit.ends_on + timedelta(days=rng.randint(1, 2)), rng.randint(9, 16)), self.latest
        )
        reviews = []

        def review(tier: str, decision: str) -> None:
            nonlocal when
            when = self.later(when, 1, 4)
            if decision == Review.Decision.RETURN:
                comment, sections = rng.choice(data.RETURN_COMMENTS)
            else:
                comment, sections = rng.choice(data.APPROVE_COMMENTS), {}
            reviewer = self.team.korkot if tier == Review.Tier.KORKOT else self.team.kmw
            reviews.append(
                Review(
                    tier=tier,
                    decision=decision,
                    comment=comment,
                    section_comments=sections,
                    reviewer=reviewer,
                    created_at=when,
                )
            )

        def resubmit() -> None:
            nonlocal when
            when = self.later(when, 1, 4)

        old_enough = visit.starts_on <= self.today - timedelta(days=20)
        if status == Status.SUBMITTED and old_enough and rng.random() < 0.3:
            review(Review.Tier.KORKOT, Review.Decision.RETURN)
            resubmit()
        submitted_at = when
        if status == Status.RETURNED:
            # Korkot sent it back, or approved it and KMW sent it back (never in Kota Metro,
            # whose returned visit is the Korkot example of the demo).
            if self.city.code != METRO and rng.random() < 0.3:
                review(Review.Tier.KORKOT, Review.Decision.APPROVE)
                review(Review.Tier.KMW, Review.Decision.RETURN)
            else:
                review(Review.Tier.KORKOT, Review.Decision.RETURN)
        elif status == Status.KORKOT_APPROVED:
            review(Review.Tier.KORKOT, Review.Decision.APPROVE)
        elif status == Status.APPROVED:
            roll = rng.random()
            if roll < 0.2:  # sent back by Korkot once
                review(Review.Tier.KORKOT, Review.Decision.RETURN)
                resubmit()
                submitted_at = when
            elif roll < 0.35:  # Korkot approved, KMW sent back
                review(Review.Tier.KORKOT, Review.Decision.APPROVE)
                review(Review.Tier.KMW, Review.Decision.RETURN)
                resubmit()
                submitted_at = when
            review(Review.Tier.KORKOT, Review.Decision.APPROVE)
            review(Review.Tier.KMW, Review.Decision.APPROVE)
        visit.submitted_at = submitted_at
        return reviews

    def later(self, when: datetime, min_days: int, max_days: int) -> datetime:
        """A time some days after `when`, held back to yesterday evening but still after `when`."""
        step = timedelta(days=self.rng.randint(min_days, max_days), hours=self.rng.randint(0, 6))
        return max(min(when + step, self.latest), when + timedelta(minutes=30))


def seed_visits(city: City, plans: list[VisitPlan], ksms: dict[str, Ksm], bdc: Bdc) -> None:
    """Writes the visits that are missing (by title), each with all its records."""
    existing = set(Visit.objects.filter(city=city).values_list("title", flat=True))
    new = [p for p in plans if p.visit.title not in existing]
    if not new:
        return
    create_all(Visit, [p.visit for p in new])
    outlets = {o.name: o for o in bdc.outlets.all()}
    answers, documents, attendees, findings = [], [], [], []
    for plan in new:
        visit = plan.visit
        visit.created_at = plan.created_at
        visit.target_ksms.set([ksms[name] for name in plan.ksm_names])
        visit.target_outlets.set([outlets[name] for name in plan.outlet_names])
        visit.team.set(plan.team)
        for obj in (*plan.answers, *plan.documents, *plan.attendees, *plan.reviews):
            obj.visit = visit
        for f in plan.findings:
            f.finding.visit = visit
        answers += plan.answers
        documents += plan.documents
        attendees += plan.attendees
        findings += plan.findings
    # auto_now_add stamps creation time; the demo wants the time of the visit.
    Visit.objects.bulk_update([p.visit for p in new], ["created_at"])
    create_all(Answer, answers)
    create_all(DocumentCheck, documents)
    create_all(Attendee, attendees)
    create_all(Review, [r for p in new for r in p.reviews])
    create_all(Finding, [f.finding for f in findings])

    rktl = []
    for f in findings:
        for r in f.rktl:
            r.item.finding = f.finding
            rktl.append(r)
    create_all(RktlItem, [r.item for r in rktl])
    updates = []
    for f in findings:
        f.finding.created_at = f.created_at
        for r in f.rktl:
            r.item.created_at = f.created_at
            for update in r.updates:
                update.item = r.item
            updates += r.updates
    # auto_now_add stamped today on these too.
    Finding.objects.bulk_update([f.finding for f in findings], ["created_at"])
    RktlItem.objects.bulk_update([r.item for r in rktl], ["created_at"])
    create_all(RktlUpdate, updates)
