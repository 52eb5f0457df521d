from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KsmConfig(AppConfig):
    name = "ksm"
    verbose_name = _("Self-help groups (KSM)")
