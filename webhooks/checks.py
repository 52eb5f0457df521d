"""System check of the webhook settings: a network that does not parse is refused at start."""

import ipaddress

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def allowed_networks_check(app_configs, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for network in settings.WEBHOOK_ALLOWED_NETWORKS:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            errors.append(
                checks.Error(
                    f"WEBHOOK_ALLOWED_NETWORKS: {network!r} is not a network "
                    "(write e.g. 10.20.0.0/16 or 192.168.1.5).",
                    id="webhooks.E001",
                )
            )
    return errors
