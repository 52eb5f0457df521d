"""The rows of the visit list, the RKTL list and the KSM registry are written in Python
(visit_row, rktl_row, ksm_row): what users typed is escaped there as the template engine
escaped it, and each row says what the template said."""

from django.urls import reverse
from django.utils.html import escape

from ksm.models import Ksm, Product
from monitoring.models import RktlItem, Visit

MARKUP = '<b>"Maju" & Jaya</b>'
ESCAPED = "&lt;b&gt;&quot;Maju&quot; &amp; Jaya&lt;/b&gt;"


def page(client, user, url: str, **params) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_ksm_row_escapes_what_was_typed(client, world):
    ksm = world.ours["ksm"]
    Ksm.objects.filter(pk=ksm.pk).update(name=MARKUP, chair_name=MARKUP, is_bdc_partner=True)
    Product.objects.filter(ksm=ksm).update(name=MARKUP)
    html = page(client, world.users["korkot"], reverse("ksm:ksm_list"))
    assert MARKUP not in html
    assert html.count(ESCAPED) == 3  # name, chair, flagship product
    assert f'<a href="{reverse("ksm:ksm_detail", args=[ksm.code])}">{ESCAPED}</a>' in html
    assert '<span class="badge text-bg-info">Mitra BDC</span>' in html


def test_a_ksm_row_without_a_flagship_says_so(client, world):
    Product.objects.filter(ksm=world.ours["ksm"]).update(is_flagship=False)
    html = page(client, world.users["korkot"], reverse("ksm:ksm_list"))
    none = '<span class="text-body-secondary">\N{EN DASH}</span>'
    assert f'<td class="d-none d-lg-table-cell small">{none}</td>' in html


def test_a_visit_row_escapes_what_was_typed(client, world):
    visit = world.ours["visit"]
    Visit.objects.filter(pk=visit.pk).update(title=MARKUP)
    html = page(client, world.users["korkot"], reverse("monitoring:visit_list"))
    assert MARKUP not in html
    assert (
        f'<a href="{reverse("monitoring:visit_detail", args=[visit.code])}">{ESCAPED}</a>' in html
    )


def test_an_rktl_row_escapes_and_shortens_what_was_typed(client, world):
    item = world.ours["rktl"]
    RktlItem.objects.filter(pk=item.pk).update(action=MARKUP * 5, pic_name=MARKUP)
    html = page(client, world.users["korkot"], reverse("monitoring:rktl_list"))
    assert MARKUP not in html
    link = f'<a href="{reverse("monitoring:rktl_detail", args=[item.code])}">'
    shown = html[html.index(link) + len(link) : html.index("</a>", html.index(link))]
    # 90 characters of what was typed, the last an ellipsis, then escaped.
    typed = (MARKUP * 5)[:89] + "…"
    assert shown == escape(typed) and shown.startswith(ESCAPED * 3)
    assert html.count(ESCAPED) >= 3 + 2  # the person in charge, on a phone and beside
