"""The audit trail of a record, read from django-simple-history's tables for display.

`audit_trail` gathers the history of a record and of its children (a visit's answers,
attendees, findings ...) into one list, newest first: who, when, what, and each changed field
with its old and new value. One query per history table, whatever the number of changes.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import is_aware, localtime
from django.utils.translation import gettext as _

from kotaku.lib.choices import choice_labels

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
MAX_TEXT = 120


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: str
    action: str  # created / changed / deleted
    what: str  # the record's kind and name, e.g. "Attendee: Siti"
    changes: list[Change] = field(default_factory=list)
    reason: str = ""  # why, when the change was a workflow step that says (a reopening)


def _display(record, f: models.Field) -> str:
    value = getattr(record, f.attname)
    if value is None or value == "":
        return "—"
    if f.choices:
        return str(choice_labels(f).get(value, value))
    if isinstance(f, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        # In the user's time zone, as the entry's own time is shown: stored values are UTC.
        return date_format(localtime(value) if is_aware(value) else value, "SHORT_DATETIME_FORMAT")
    if hasattr(value, "isoformat"):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(f, models.ForeignKey):
        return f"#{value}"
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


LABEL_FIELDS = ("name", "description", "action", "activity", "caption", "other_name")


def _label(record) -> str:
    """A name for a historical child record, read without touching related tables: one of
    its LABEL_FIELDS, or its __str__ where the model says that reads its own fields only."""
    for name in LABEL_FIELDS:
        value = getattr(record, name, "")
        if value:
            return str(value)[:60]
    if getattr(record.instance_type, "STR_READS_OWN_FIELDS", False):
        return str(record.instance)[:60]
    return f"#{record.id}"


def _tracked_fields(history_model, hidden=frozenset()) -> list[models.Field]:
    skip = {"id", "code", "created_at", "updated_at", *hidden}
    return [
        f
        for f in history_model.instance_type._meta.concrete_fields
        if f.name not in skip and f.editable
    ]


def _entries(history_qs, kind: str, hidden=frozenset()) -> list[Entry]:
    records = list(history_qs.select_related("history_user").order_by("id", "history_id"))
    fields = _tracked_fields(history_qs.model, hidden) if records else []
    entries = []
    previous_by_object: dict = {}
    for record in records:
        previous = previous_by_object.get(record.id)
        changes = []
        if record.history_type == "~" and previous is not None:
            for f in fields:
                if getattr(previous, f.attname) == getattr(record, f.attname):
                    continue  # the same value shows the same: not written out twice to compare
                old, new = _display(previous, f), _display(record, f)
                if old != new:
                    changes.append(Change(str(f.verbose_name), old, new))
            if not changes:
                previous_by_object[record.id] = record
                continue
        elif record.history_type == "+":
            changes = [
                Change(str(f.verbose_name), "", _display(record, f))
                for f in fields
                if _display(record, f) != "—" and not isinstance(f, models.ForeignKey)
            ]
        user = record.history_user
        entries.append(
            Entry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else _("system"),
                action=ACTIONS[record.history_type],
                what=f"{kind}: {_label(record)}" if kind else "",
                changes=changes,
                reason=getattr(record, "history_change_reason", None) or "",
            )
        )
        previous_by_object[record.id] = record
    return entries


def audit_trail(
    record: models.Model,
    children: list[tuple] | None = None,
    limit=100,
    hidden_fields: frozenset[str] = frozenset(),
):
    """The record's history and its children's, newest first.

    `children` lists (ChildModel, "foreign_key_attname") pairs, e.g. [(Attendee, "visit_id")];
    each child's entries are labelled with its model's name in the user's language.
    `hidden_fields` names the record's fields whose changes are not shown (a phone number, to a
    reader who may not see personal data).
    """
    entries = _entries(record.history.all(), "", hidden_fields)
    for model, fk in children or []:
        label = capfirst(model._meta.verbose_name)
        entries += _entries(model.history.filter(**{fk: record.pk}), label)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
