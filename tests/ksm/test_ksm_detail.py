from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotaku.lib.choices import Gender
from ksm.models import Member, Product


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_ksm_page_counts_members_by_gender_and_lists_the_flagship_first(client, world):
    ksm = world.ours["ksm"]  # one woman, one flagship product
    Member.objects.create(ksm=ksm, name="Joko", gender=Gender.MALE, has_disability=True)
    Product.objects.create(ksm=ksm, name="Abon", category="makanan_ringan", unit="kg", price=1)
    client.force_login(world.users["pemda"])
    response = client.get(reverse("ksm:ksm_detail", args=[ksm.code]))
    assert response.context["member_totals"] == {"total": 2, "women": 1, "men": 1, "disabled": 1}
    assert [p.is_flagship for p in response.context["products"]] == [True, False]


def test_the_ksm_page_shows_who_changed_it(client, world):
    ksm = world.ours["ksm"]
    ksm._history_user = world.users["fasilitator"]
    ksm.maturity = "tumbuh"
    ksm.save()
    client.force_login(world.users["korkot"])
    response = client.get(reverse("ksm:ksm_detail", args=[ksm.code]))
    changed = [e for e in response.context["history"] if e.action == "changed"]
    assert changed[0].who == world.users["fasilitator"].get_full_name()
    assert changed[0].changes[0].new == str(ksm.get_maturity_display())
    # The KSM's own creation says what was made (its members' say which member).
    assert "membuat catatan ini" in response.content.decode()


def test_the_ksm_page_is_constant_in_queries(client, world):
    ksm = world.ours["ksm"]
    client.force_login(world.users["kmw"])
    url = reverse("ksm:ksm_detail", args=[ksm.code])
    small = _queries(client, url)
    for i in range(30):
        Member.objects.create(ksm=ksm, name=f"Anggota {i}", gender=Gender.FEMALE)
        Product.objects.create(ksm=ksm, name=f"Produk {i}", category="lainnya", unit="pcs", price=i)
    assert _queries(client, url) == small
