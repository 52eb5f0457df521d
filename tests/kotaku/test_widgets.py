import re

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
