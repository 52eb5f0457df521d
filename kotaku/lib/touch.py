"""A parent record's `updated_at` also moves when one of its child rows changes.

The API's incremental sync (`updated_since`) returns a KSM with its members, products and
assessments, and a BDC with its people, outlets and grant tranches: a change to any of them is
a change to the record a client copies. One mechanism covers every path that saves through the
ORM (pages, API, admin, imports): receivers of `post_save` and `post_delete`. Bulk writes send
no signals; code that bulk-creates children calls `touch()` itself (the demo data sets do).

A deletion's receivers run inside the deletion's transaction. A save's run right after it: put
the write in `transaction.atomic()` to make both one transaction (the API's writes and the KSM
pages do; the admin's change pages and the imports already write in one).
"""

from collections.abc import Iterable

from django.db import models
from django.db.models.signals import post_delete, post_init, post_save
from django.utils import timezone

# The attribute a loaded child keeps its parent's id in, to touch the old parent too when the
# child is moved to another one (possible in the admin).
LOADED = "_touch_loaded_parent_id"


def touch(model: type[models.Model], ids: Iterable, *, field: str = "updated_at") -> None:
    """Set `field` of the `model` rows with these ids to now (one UPDATE; none for no ids)."""
    ids = {pk for pk in ids if pk is not None}
    if ids:
        model._default_manager.filter(pk__in=ids).update(**{field: timezone.now()})


def touch_parent_on_change(child: type[models.Model], parent: str) -> None:
    """Connect the receivers that touch the record `child.<parent>` points to whenever a
    `child` row is saved or deleted, except when the deletion is the parent's own (a cascade:
    the parent is going too)."""
    attname = child._meta.get_field(parent).attname
    parent_model = child._meta.get_field(parent).related_model
    uid = f"touch-{child._meta.label}-{parent}"

    def loaded(sender, instance, **kwargs) -> None:
        instance.__dict__[LOADED] = instance.__dict__.get(attname)

    def saved(sender, instance, raw: bool = False, **kwargs) -> None:
        if raw:  # loaddata: the fixture holds the parent's own updated_at
            return
        current = getattr(instance, attname)
        touch(parent_model, {current, instance.__dict__.get(LOADED)})
        instance.__dict__[LOADED] = current

    def deleted(sender, instance, origin=None, **kwargs) -> None:
        if isinstance(origin, parent_model) or (
            isinstance(origin, models.QuerySet) and origin.model is parent_model
        ):
            return
        touch(parent_model, [getattr(instance, attname)])

    post_init.connect(loaded, sender=child, weak=False, dispatch_uid=uid)
    post_save.connect(saved, sender=child, weak=False, dispatch_uid=uid)
    post_delete.connect(deleted, sender=child, weak=False, dispatch_uid=uid)
