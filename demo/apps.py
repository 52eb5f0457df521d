from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and national data sets, and the pages the bench times. No app imports this one.

    It has no models, so nothing of it shows in the admin (hence no translated name).
    """

    name = "demo"
