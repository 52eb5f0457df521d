"""Visit pages run the same number of queries however much a visit or a list holds."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kotaku.lib.choices import Gender
from monitoring.models import Answer, Attachment, Attendee, ChecklistItem, Finding, Visit


def count_queries(client, url) -> int:
    """A request's queries with nothing kept from the one before (kept counts, a list's
    filter form): the most it runs."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(visit, n):
    Attendee.objects.bulk_create(
        Attendee(visit=visit, name=f"Peserta {i}", gender=Gender.FEMALE) for i in range(n)
    )
    Attachment.objects.bulk_create(
        Attachment(
            visit=visit,
            kind=Attachment.Kind.PHOTO,
            file=f"visits/x/{i}.jpg",
            web_image=f"visits/x/{i}-web.jpg",
            caption=f"Foto {i}",
            uploaded_by=visit.created_by,
        )
        for i in range(n)
    )
    Finding.objects.bulk_create(Finding(visit=visit, description=f"Temuan {i}") for i in range(n))
    for item in ChecklistItem.objects.filter(section__template=visit.template):
        Answer.objects.update_or_create(visit=visit, item=item, defaults={"value": "ya"})


def test_the_visit_report_page_is_constant(client, world):
    visit = world.ours["visit"]
    client.force_login(world.users["korkot"])
    url = reverse("monitoring:visit_detail", args=[visit.code])
    grow(visit, 2)
    small = count_queries(client, url)
    grow(visit, 40)
    assert count_queries(client, url) == small


def test_the_fill_in_page_is_constant(client, world):
    visit = world.ours["visit"]
    client.force_login(world.users["fasilitator"])
    url = reverse("monitoring:visit_edit", args=[visit.code])
    grow(visit, 2)
    small = count_queries(client, url)
    grow(visit, 40)
    assert count_queries(client, url) == small


def test_the_visit_list_is_constant(client, world):
    client.force_login(world.users["pusat"])
    url = reverse("monitoring:visit_list")
    small = count_queries(client, url)
    template = world.ours["visit"].template
    Visit.objects.bulk_create(
        Visit(
            city=world.metro if i % 2 else world.medan,
            title=f"Kunjungan {i}",
            starts_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            ends_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            template=template,
            created_by=world.users["fasilitator"],
            code=f"BULK{i:06d}",
        )
        for i in range(60)
    )
    assert count_queries(client, url) == small
    assert count_queries(client, url + "?page=2") == small
