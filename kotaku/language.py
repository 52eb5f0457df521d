"""The language a user chose, remembered on their profile as well as in the browser's cookie.

LocaleMiddleware reads the language from the cookie only (the browser's own preference is
ignored, see IgnoreBrowserLanguageMiddleware). A cookie stays on one browser: a field worker
who chose English on a laptop met Indonesian again on their phone. So the language switch also
stores the choice on the signed-in user's Profile, and signing in puts it back in the cookie:
from the first page after signing in, a fresh browser speaks the user's language.

A choice made on the sign-in page, before the user is known, is kept in the session and
becomes the user's when they sign in (Django keeps the session's data across the sign-in).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.views import i18n

from kotaku.models import Profile

# A language chosen while signed out, in the session until the sign-in.
CHOSEN_SIGNED_OUT = "kotaku_language_chosen"
# Set on the request of a sign-in: the language to put in the cookie of its response.
APPLY_ATTRIBUTE = "kotaku_language_to_apply"


def _valid(language: str | None) -> bool:
    return language in dict(settings.LANGUAGES)


def language_of(user) -> str:
    """The user's stored language, or "" when they never chose one."""
    return Profile.objects.filter(user=user).values_list("language", flat=True).first() or ""


def remember(user, language: str) -> None:
    Profile.objects.update_or_create(user=user, defaults={"language": language})


@login_not_required  # the switch is on the sign-in page too
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (sets the cookie, redirects back), remembering the choice."""
    response = i18n.set_language(request)
    language = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER)
    if request.method == "POST" and _valid(language):
        if request.user.is_authenticated:
            remember(request.user, language)
        else:
            request.session[CHOSEN_SIGNED_OUT] = language
    return response


@receiver(user_logged_in, dispatch_uid="kotaku-language-on-sign-in")
def apply_language_on_sign_in(sender, request, user, **kwargs) -> None:
    """The language just chosen on the sign-in page becomes the user's; otherwise the stored
    one, if any, is applied (by LanguageOnSignInMiddleware, which sets the cookie)."""
    if request is None:
        return
    session = getattr(request, "session", None)
    chosen = session.pop(CHOSEN_SIGNED_OUT, None) if session is not None else None
    if _valid(chosen):
        remember(user, chosen)
        language = chosen
    else:
        language = language_of(user)
    if _valid(language):
        setattr(request, APPLY_ATTRIBUTE, language)


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """The cookie as Django's set_language writes it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
