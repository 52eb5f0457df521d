import re

import pytest
from django import forms

from kotaku.lib.widgets import FastSelect

CHOICES = [
    ("", "All"),
    ("Lampung", [(1, "Kota Metro"), (2, 'Kota "Bandar" <Lampung>')]),
    (3, "Kota Medan"),
]


def normalise(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()


def test_it_renders_the_same_markup_as_djangos_select():
    for value in (None, "", 2, "3"):
        attrs = {"class": "form-select", "id": "id_city", "disabled": False, "required": True}
        django = forms.Select(choices=CHOICES).render("city", value, attrs=attrs)
        fast = FastSelect(choices=CHOICES).render("city", value, attrs=attrs)
        assert normalise(fast) == normalise(django)


def test_it_marks_the_chosen_option_selected_and_escapes_labels():
    html = FastSelect(choices=CHOICES).render("city", 2)
    assert '<option value="2" selected>Kota &quot;Bandar&quot; &lt;Lampung&gt;</option>' in html


def test_only_the_first_matching_option_is_selected_as_in_djangos_select():
    choices = [(1, "One"), (1, "One again"), (2, "Two")]
    django = forms.Select(choices=choices).render("n", 1)
    fast = FastSelect(choices=choices).render("n", 1)
    assert normalise(fast) == normalise(django)
    assert fast.count(" selected") == 1


def test_a_model_choice_field_of_cities_renders_as_djangos(db):
    from kotaku.models import City, Province

    province = Province.objects.create(code="99", name="Provinsi Uji")
    for code, kind, name in [("9971", "kota", "Uji"), ("9901", "kabupaten", "Uji <Barat>")]:
        City.objects.create(code=code, province=province, kind=kind, name=name)
    field = forms.ModelChoiceField(City.objects.all(), required=False)
    chosen = City.objects.get(code="9901").pk
    django = forms.Select(choices=field.choices).render("city", chosen)
    fast = FastSelect(choices=field.choices).render("city", chosen)
    assert normalise(fast) == normalise(django)
    assert "Kabupaten Uji &lt;Barat&gt;</option>" in fast


def test_a_place_field_reads_its_choices_in_one_plain_query(db, monkeypatch):
    """No server-side cursor (PostgreSQL: DECLARE, FETCH, CLOSE) for a few hundred options:
    QuerySet.iterator(), which Django's own choices use, is never called."""
    from django.db import connection
    from django.db.models.query import QuerySet
    from django.test.utils import CaptureQueriesContext

    from kotaku.lib.fields import PlaceChoiceField
    from kotaku.models import City

    def no_iterator(*args, **kwargs):
        raise AssertionError("the choices were read through QuerySet.iterator()")

    monkeypatch.setattr(QuerySet, "iterator", no_iterator)
    field = PlaceChoiceField(City.objects.all(), required=False)
    with CaptureQueriesContext(connection) as queries:
        field.widget.choices = field.choices
        html = field.widget.render("city", None)
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"]
    assert html.count("<option") == City.objects.count() + 1


@pytest.mark.parametrize("model_name", ["City", "Province"])
def test_a_place_field_offers_what_a_model_choice_field_offers(db, model_name):
    """Read as values, the options are those of Django's field, labels from __str__ included."""
    from kotaku import models
    from kotaku.lib.fields import PlaceChoiceField

    queryset = getattr(models, model_name).objects.all()
    fast = PlaceChoiceField(queryset, required=False)
    django = forms.ModelChoiceField(queryset, required=False)
    assert [(str(v), str(label)) for v, label in fast.choices] == [
        (str(v), str(label)) for v, label in django.choices
    ]
    assert len(list(fast.choices)) == queryset.count() + 1


def test_a_place_field_with_another_value_or_label_reads_instances_as_django_does(db):
    """to_field_name (the API's filters take codes) or a form's own label_from_instance: the
    values fast path would give other options, so it is not taken."""
    from kotaku.lib.fields import PlaceChoiceField
    from kotaku.models import City

    by_code = PlaceChoiceField(City.objects.all(), to_field_name="code", required=False)
    django = forms.ModelChoiceField(City.objects.all(), to_field_name="code", required=False)
    assert [str(v) for v, _label in by_code.choices] == [str(v) for v, _label in django.choices]
    labelled = PlaceChoiceField(City.objects.all(), required=False)
    labelled.label_from_instance = lambda city: f"{city.code} {city.name}"
    metro = City.objects.get(code="1872")
    assert (metro.pk, "1872 Metro") in [(v.value, label) for v, label in list(labelled.choices)[1:]]


def test_a_safe_label_is_not_escaped_twice():
    from django.utils.safestring import mark_safe

    choices = [(1, mark_safe("Kota&nbsp;Metro"))]
    assert normalise(FastSelect(choices=choices).render("c", 1)) == normalise(
        forms.Select(choices=choices).render("c", 1)
    )
