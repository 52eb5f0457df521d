from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and national data sets, and the pages the bench times. Nothing imports this app."""

    name = "demo"
    verbose_name = _("Demo data")
