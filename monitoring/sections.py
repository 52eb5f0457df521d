"""The sections of the visit fill-in page, in page order: adding a section is adding an entry.

Each entry says what the fill-in views (`monitoring/views/visit_edit.py`), the page's templates,
the review form (a comment per section) and the page's script need to know about a section.
The script learns the rest from data attributes the partials render.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from monitoring import attendance, places, services
from monitoring import forms as f
from monitoring.models import Answer, ChecklistSection, RktlItem, Visit


@dataclass(frozen=True)
class Section:
    """One section of the fill-in page.

    `key` names it in its URL (`edit/<key>/`), in `Visit.section_meta` (its version and last
    writer), in a review's comments per section and in the page (`#section-<key>`). A section
    with `split` has several parts, keyed `<key>-<code>` (the checklist: one per checklist
    section).
    `prefix` is the prefix of its form's fields, `{code}` standing for a part's code. Input not
    yet saved is kept in the browser by field name: a changed prefix loses it.
    `template` renders one part, for the whole page and for the htmx response alike.
    `form_name` is the part's form in the page's `forms` (a list of them when split).
    `form(visit, part, data, files)` builds the part's form, bound when `data` is given, and
    the form carrying the version it was loaded with (the same form, or None if unversioned).
    `save(visit, form)` writes a valid form posted to `visit_section`; None for the sections
    that post to views of their own (photos, findings).
    `context(visit, part)` is what the template needs besides the form.
    `split(section, visit, code)` lists the parts (only the one of `code`, when given).
    """

    key: str
    label: Promise
    template: str
    form_name: str
    form: Callable[..., tuple[Any, f.VersionedForm | None]]
    prefix: str = ""
    save: Callable[[Visit, Any], None] | None = None
    context: Callable[[Visit, "Part"], dict] | None = None
    split: Callable[["Section", Visit, str | None], list["Part"]] | None = None

    def parts(self, visit: Visit, key: str | None = None) -> list["Part"]:
        """The section's parts on the page, or the one named `key` (404 when there is none)."""
        if self.split is None:
            return [Part(self, self.key, self.prefix)]
        if key is None:
            return self.split(self, visit, None)
        if not key.startswith(f"{self.key}-"):
            raise Http404  # the checklist as a whole is not a part of the page
        return self.split(self, visit, key.removeprefix(f"{self.key}-"))

    def owns(self, key: str) -> bool:
        return key == self.key or (self.split is not None and key.startswith(f"{self.key}-"))


@dataclass
class Part:
    """One `<details>` of the page: a section, or one part of a split section."""

    section: Section
    key: str
    prefix: str
    # A checklist part's checklist section, and the visit's answers (loaded once for all).
    checklist_section: ChecklistSection | None = None
    answers: dict[int, Answer] = field(default_factory=dict)
    # Forms of the records listed in the section, bound after a failed save: a finding's
    # RKTL form, by the finding's id.
    related: dict = field(default_factory=dict)
    form: Any = None
    version: f.VersionedForm | None = None
    meta: dict = field(default_factory=dict)  # the last save: version and writer

    def build(self, visit: Visit, data: QueryDict | None = None, files=None) -> "Part":
        """Make the part's form (bound when `data` is given); returns the part."""
        self.form, self.version = self.section.form(visit, self, data, files)
        return self

    @property
    def forms(self):
        """The part's entry in the page's `forms`: the form, with its version form if apart."""
        return (self.form, self.version) if self.version not in (None, self.form) else self.form


def _version(visit: Visit, part: Part, data) -> f.VersionedForm:
    initial = {"version": services.section_version(visit, part.key)}
    return f.VersionedForm(data, initial=initial)


def _plan_form(visit, part, data, files):
    return f.VisitPlanForm(data, instance=visit, cities=[visit.city]), _version(visit, part, data)


def save_plan(form: f.VisitPlanForm) -> None:
    """Write only the plan's own columns: status and the rest may have changed meanwhile."""
    visit = form.save(commit=False)
    m2m = {field.name for field in Visit._meta.many_to_many}
    visit.save(update_fields=[name for name in form.Meta.fields if name not in m2m | {"city"}])
    form.save_m2m()


def _position_form(visit, part, data, files):
    # A copy: a refused position must not show on the page as the visit's.
    form = f.VisitPositionForm(data, instance=copy.copy(visit))
    return form, _version(visit, part, data)


def save_position(form: f.VisitPositionForm) -> None:
    """Write the position's columns only (through save(): the change is in the history)."""
    form.save(commit=False).save(update_fields=form.Meta.fields)


def _formset(formset_class):
    def build(visit, part, data, files):
        formset = formset_class(data, instance=visit, prefix=part.prefix)
        return formset, _version(visit, part, data)

    return build


def _checklist_parts(section: Section, visit: Visit, code: str | None) -> list[Part]:
    """One part per checklist section of the visit's template (two queries), and the answers
    (one more)."""
    checklist = ChecklistSection.objects.filter(template_id=visit.template_id).prefetch_related(
        "items"
    )
    if code is not None:
        checklist = [get_object_or_404(checklist, code=code)]
    answers = {a.item_id: a for a in Answer.objects.filter(visit=visit)}
    return [
        Part(section, f"{section.key}-{s.code}", section.prefix.format(code=s.code), s, answers)
        for s in checklist
    ]


def _checklist_form(visit, part, data, files):
    form = f.ChecklistSectionForm(
        data,
        section=part.checklist_section,
        answers=part.answers,
        initial={"version": services.section_version(visit, part.key)},
        prefix=part.prefix,
    )
    form.server_answers = [part.answers[i.pk] for i in form.items if i.pk in part.answers]
    form.progress = f"{len(form.server_answers)}/{len(form.items)}"
    return form, form


def findings_with_rktl(visit: Visit):
    items = RktlItem.objects.select_related("concern_ksm", "concern_outlet")
    return visit.findings.select_related("item").prefetch_related(
        Prefetch("rktl_items", queryset=items.order_by("deadline", "id"))
    )


# The key in `Part.related` of the first RKTL action posted with a new finding.
NEW_FINDING = "new"


def _findings_context(visit: Visit, part: Part) -> dict:
    findings = list(findings_with_rktl(visit))
    choices = f.concern_choices(visit)
    for finding in findings:
        finding.rktl_form = part.related.get(finding.pk) or f.RktlItemForm(
            prefix=f"rktl{finding.pk}", choices=choices
        )
    first_action = part.related.get(NEW_FINDING) or f.first_action_form(visit, choices=choices)
    return {"findings": findings, "first_action_form": first_action}


SECTIONS: tuple[Section, ...] = (
    Section(
        key="plan",
        label=_("Plan"),
        template="monitoring/includes/_section_plan.html",
        form_name="plan",
        form=_plan_form,
        save=lambda visit, form: save_plan(form),
    ),
    Section(
        key="position",
        label=_("Position on site"),
        template="monitoring/includes/_section_position.html",
        form_name="position",
        form=_position_form,
        save=lambda visit, form: save_position(form),
    ),
    Section(
        key="checklist",
        label=_("Checklist"),
        template="monitoring/includes/_section_checklist.html",
        form_name="checklist",
        prefix="cl{code}",
        form=_checklist_form,
        save=lambda visit, form: form.save(visit),
        split=_checklist_parts,
    ),
    Section(
        key="documents",
        label=_("Document checks"),
        template="monitoring/includes/_section_documents.html",
        form_name="documents",
        prefix="doc",
        form=_formset(f.DocumentCheckFormSet),
        save=lambda visit, formset: formset.save(),
    ),
    Section(
        key="attendees",
        label=_("Attendance"),
        template="monitoring/includes/_section_attendees.html",
        form_name="attendees",
        prefix="att",
        form=_formset(f.AttendeeFormSet),
        save=lambda visit, formset: formset.save(),
        context=lambda visit, part: {
            "totals": attendance.attendance_totals(visit),
            "attendance_definition": attendance.script_definition(),
        },
    ),
    Section(
        key="attachments",
        label=_("Photos and files"),
        template="monitoring/includes/_section_attachments.html",
        form_name="attachment",
        form=lambda visit, part, data, files: (f.AttachmentForm(data, files), None),
        context=lambda visit, part: {
            "attachments": places.flag_photos(visit, visit.attachments.all())
        },
    ),
    Section(
        key="findings",
        label=_("Findings and RKTL"),
        template="monitoring/includes/_section_findings.html",
        form_name="finding",
        form=lambda visit, part, data, files: (f.FindingForm(data, visit=visit), None),
        context=_findings_context,
    ),
)

SECTION_LABELS = {section.key: section.label for section in SECTIONS}


def section_for(key: str) -> Section:
    """The section that `key` (a URL's section, e.g. `checklist-A`) names; 404 if none."""
    for section in SECTIONS:
        if section.owns(key):
            return section
    raise Http404


def part(visit: Visit, key: str, data: QueryDict | None = None, files=None) -> Part:
    """The part of the page named `key`, with its form (bound when `data` is given)."""
    (found,) = section_for(key).parts(visit, key)
    return found.build(visit, data, files)


def page_parts(visit: Visit, bound: Part | None = None) -> list[Part]:
    """Every part of the page in order, with unbound forms; `bound` (a failed save) in its
    place."""
    parts = [p for section in SECTIONS for p in section.parts(visit)]
    return [bound if bound and p.key == bound.key else p.build(visit) for p in parts]


def parts_context(visit: Visit, parts: list[Part]) -> dict:
    """What the templates of `parts` need: each part, the forms by name, the sections' data."""
    forms: dict[str, Any] = {}
    context: dict[str, Any] = {"parts": parts, "forms": forms}
    for p in parts:
        p.meta = visit.section_meta.get(p.key, {})
        if p.section.split:
            forms.setdefault(p.section.form_name, []).append(p.forms)
        else:
            forms[p.section.form_name] = p.forms
        if p.section.context:
            context.update(p.section.context(visit, p))
    return context
