"""Pieces shared by the monitoring app's admin pages."""

from django.http import HttpRequest


class RecordsUserMixin:
    """Fills a user field of new inline rows with the signed-in user (e.g. who uploaded)."""

    # {inline model: name of its user field}
    user_fields: dict = {}

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        field = self.user_fields.get(formset.model)
        if field is None:
            return super().save_formset(request, form, formset, change)
        for obj in formset.save(commit=False):
            if not getattr(obj, f"{field}_id"):
                setattr(obj, field, request.user)
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()
