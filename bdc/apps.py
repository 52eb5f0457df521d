from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BdcConfig(AppConfig):
    name = "bdc"
    verbose_name = _("Business Development Centers")
