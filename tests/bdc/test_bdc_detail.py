from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bdc.models import BdcPerson, Outlet


def test_the_bdc_page_splits_komite_and_pengelola_and_is_constant_in_queries(client, world):
    bdc = world.ours["bdc"]
    client.force_login(world.users["pemda"])
    url = reverse("bdc:bdc_detail", args=[world.metro.code])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(20):
        BdcPerson.objects.create(
            bdc=bdc,
            body="pengelola" if i % 4 == 0 else "komite",
            name=f"Orang {i}",
            position="Anggota",
            unsur="ksm",
            gender="P",
        )
        Outlet.objects.create(bdc=bdc, kind="konsinyasi", name=f"Toko {i}")
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(response.context["komite"]) == 16  # 15 new and the world's chair
    assert len(response.context["pengelola"]) == 5
    assert {p.body for p in response.context["pengelola"]} == {"pengelola"}


def test_another_citys_bdc_is_not_found(client, world):
    client.force_login(world.users["fasilitator_other"])
    assert client.get(reverse("bdc:bdc_detail", args=[world.metro.code])).status_code == 404
