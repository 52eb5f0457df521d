"""get_FOO_display() through kotaku.lib.choices.ChoiceLabels: Django's result, built once."""

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation

from kotaku.lib.choices import ChoiceLabels, choice_labels
from monitoring.models import RktlItem, Visit
from monitoring.models.rktl import RktlStatus

PROJECT_APPS = {"kotaku", "monitoring", "ksm", "bdc", "notifications", "webhooks", "api"}


def project_models_with_choices():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model.__name__.startswith("Historical"):
            continue
        fields = [f for f in model._meta.concrete_fields if f.choices]
        if fields:
            yield model, fields


def test_every_model_with_choices_reads_its_labels_once():
    missing = [
        m.__name__
        for m, _fields in project_models_with_choices()
        if not issubclass(m, ChoiceLabels)
    ]
    assert missing == []


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_label_is_djangos_own_in_the_active_language(language):
    checked = 0
    with translation.override(language):
        for model, fields in project_models_with_choices():
            for field in fields:
                for value, _label in field.flatchoices:
                    record = model(**{field.attname: value})
                    ours = getattr(record, f"get_{field.name}_display")()
                    assert ours == models.Model._get_FIELD_display(record, field), (model, value)
                    assert isinstance(ours, str)
                    checked += 1
    assert checked > 100


def test_a_label_follows_the_language_after_the_first_lookup():
    item = RktlItem(status=RktlStatus.DONE)
    with translation.override("id"):
        indonesian = item.get_status_display()
    with translation.override("en"):
        english = item.get_status_display()
    with translation.override("id"):
        assert item.get_status_display() == indonesian
    assert (indonesian, english) == ("Selesai, menunggu verifikasi", "Done, awaiting verification")


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Visit(status="gone").get_status_display() == "gone"
    assert Visit(status=None).get_status_display() is None


def test_the_labels_are_built_once_per_field():
    field = Visit._meta.get_field("status")
    assert choice_labels(field) is choice_labels(field)
