from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

SETTINGS_TAG = "kotaku_settings"


@register(SETTINGS_TAG)
def settings_check(app_configs, **kwargs) -> list[Error]:
    """Refuse to run with debug off and no real secret key.

    Registered without deploy=True so that it runs for every management command; wsgi.py and
    asgi.py run it too, because gunicorn does not run system checks on its own.
    """
    errors = []
    if not settings.DEBUG and (
        settings.SECRET_KEY == settings.INSECURE_SECRET_KEY or len(settings.SECRET_KEY) < 50
    ):
        errors.append(
            Error(
                "DEBUG is off but SECRET_KEY is not set to a real secret.",
                hint="Set SECRET_KEY (or SECRET_KEY_FILE) to a random string of 50 or more "
                "characters, e.g. from "
                "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`.",
                id="kotaku.E001",
            )
        )
    if not settings.DEBUG and not settings.ALLOWED_HOSTS:
        errors.append(
            Error(
                "DEBUG is off but ALLOWED_HOSTS is empty.",
                hint="Set ALLOWED_HOSTS to the comma-separated host names the app is served on.",
                id="kotaku.E002",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def email_check(app_configs, **kwargs) -> list[Warning]:
    """With debug off, mail without EMAIL_HOST would only be printed in the server's log."""
    if not settings.DEBUG and not settings.EMAIL_HOST:
        return [
            Warning(
                "DEBUG is off but EMAIL_HOST is not set: mails are printed to the console.",
                hint="Set EMAIL_HOST (and EMAIL_HOST_USER, EMAIL_HOST_PASSWORD or "
                "EMAIL_HOST_PASSWORD_FILE, DEFAULT_FROM_EMAIL) to send them by SMTP.",
                id="kotaku.W001",
            )
        ]
    return []


@register(deploy=True)
def pdf_fonts_check(app_configs, **kwargs) -> list[Warning]:
    """Without HarfBuzz's subsetter, WeasyPrint falls back to fontTools, which reads and subsets
    the whole DejaVu fonts again for every PDF: about 0.7 s more for a visit report."""
    from weasyprint.text import ffi

    if ffi.harfbuzz_subset is None:
        return [
            Warning(
                "HarfBuzz-Subset is not installed: every PDF report takes about a second longer.",
                hint="Install libharfbuzz-subset0 (Debian, Ubuntu) or harfbuzz (other systems).",
                id="kotaku.W002",
            )
        ]
    return []


def fail_on_settings_errors() -> None:
    """Raise at start-up when the settings check fails (used by the WSGI/ASGI entry points)."""
    from django.core.checks import run_checks
    from django.core.exceptions import ImproperlyConfigured

    errors = run_checks(tags=[SETTINGS_TAG])
    if errors:
        raise ImproperlyConfigured("\n".join(f"{e.msg} {e.hint}" for e in errors))
