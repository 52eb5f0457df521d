"""What every API view shares: it signs in its own way (a token or the session, not the
login redirect of the pages), and it speaks its user's language."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import translation
from rest_framework import viewsets

from api.throttling import TokenThrottled
from kotaku.language import language_of


class ApiViewMixin:
    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        # Django's LoginRequiredMiddleware would redirect to the login page; DRF answers 401.
        view.login_required = False
        return view

    def initial(self, request, *args, **kwargs):
        # A token request carries no language cookie: the user's chosen language (Bahasa
        # Indonesia by default) is used for messages, labels and errors. Reading request.auth
        # signs the request in first, so that the refusals that follow (a read-only token, the
        # rate limit) are in that language too.
        if request.auth is not None:
            translation.activate(language_of(request.user) or translation.get_language())
            request.LANGUAGE_CODE = translation.get_language()
        super().initial(request, *args, **kwargs)

    def throttled(self, request, wait: float | None):
        raise TokenThrottled(wait)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.setdefault("Content-Language", translation.get_language())
        return response


class ReadOnlyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """A list and a detail, scoped by `get_queryset` (which must narrow to the user's area)."""

    lookup_field = "code"


def form_errors(form: forms.BaseForm) -> dict[str, list[str]]:
    """A form's errors as the API gives them: {"field": ["message", ...]}, in the user's
    language; errors of no single field under "non_field_errors", as DRF names them."""
    return {
        ("non_field_errors" if field == NON_FIELD_ERRORS else field): [str(m) for m in messages]
        for field, messages in form.errors.items()
    }
