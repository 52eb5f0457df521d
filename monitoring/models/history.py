"""The audit trail's model field for a models package."""

from simple_history.models import HistoricalRecords


class PackageHistoricalRecords(HistoricalRecords):
    """HistoricalRecords for a model defined in a submodule of `<app>.models`.

    django-simple-history puts the historical model in the module of the model it tracks, and
    names its `__module__` after the app package when that module is not `<app>.models`:
    `monitoring.HistoricalVisit`, which cannot be imported (the shell's auto-import and pickle
    both fail on it). Placed in `<app>.models` instead, it is where it was before the split.
    """

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        self.module = f"{cls._meta.app_label}.models"
