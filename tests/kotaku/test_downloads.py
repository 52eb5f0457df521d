"""Files prepared by a job: equal to the direct download, kept for the user who asked, while
they may still read its area, for seven days."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from kotaku import downloads
from kotaku.models import Assignment, City, Download, Role
from ksm import quick_status
from tests.ksm.sheets import cells, csv_cells

QS = reverse("ksm:quick_status")
RKTL_EXPORT = reverse("monitoring:rktl_export")
RKTL_CSV = reverse("monitoring:rktl_export_csv")
LIST = reverse("downloads")
NOW = datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC)

# Every area larger than no city is prepared by a job; no area is.
BY_JOB = override_settings(DOWNLOAD_JOB_CITIES=0)
DIRECT = override_settings(DOWNLOAD_JOB_CITIES=10**6)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def direct_and_by_job(client, url: str, params: dict) -> tuple[bytes, Download, bytes]:
    """The file sent at once, the download the job made, and that download's file."""
    with DIRECT:
        direct = client.get(url, params)
    assert direct.status_code == 200
    with BY_JOB:
        asked = client.get(url, params, follow=True)
    assert asked.redirect_chain == [(LIST, 302)]
    (message,) = (str(m) for m in asked.context["messages"])
    assert "sedang disiapkan" in message
    download = Download.objects.latest("pk")
    assert download.status == Download.Status.READY
    assert f'href="{reverse("download_file", args=[download.pk])}"' in asked.content.decode()
    file = client.get(reverse("download_file", args=[download.pk]))
    assert file.status_code == 200
    assert file["Content-Disposition"] == f'attachment; filename="{download.filename}"'
    return body(direct), download, body(file)


@time_machine.travel(NOW, tick=False)
def test_a_national_quick_status_made_by_a_job_equals_the_direct_one(client, world):
    client.force_login(world.users["pusat"])
    direct, download, by_job = direct_and_by_job(client, QS, {"year": "2026"})
    assert download.kind == "ksm.quick_status"
    assert download.filename == "quick-status-ksm-2026-nasional.xlsx"
    assert download.cities.count() == City.objects.count()  # Pusat reads every city
    sheets = cells(by_job)
    assert sheets == cells(direct)
    assert list(sheets) == ["Quick Status", "Anggota", "Produk", "Info"]
    assert len(sheets["Quick Status"]) == 3  # the header and the KSMs of Metro and Medan


@time_machine.travel(NOW, tick=False)
def test_a_province_rktl_export_made_by_a_job_equals_the_direct_one(client, world):
    client.force_login(world.users["kmw"])
    params = {"province": str(world.metro.province_id)}
    direct, download, by_job = direct_and_by_job(client, RKTL_EXPORT, params)
    assert download.kind == "monitoring.rktl_export"
    assert download.params == {"province": [params["province"]]}
    assert world.metro.pk in set(download.cities.values_list("pk", flat=True))
    assert world.medan.pk not in set(download.cities.values_list("pk", flat=True))
    sheets = cells(by_job)
    assert sheets == cells(direct)
    assert len(sheets["RKTL"]) == 1 + 2  # the header and Metro's two actions


@time_machine.travel(NOW, tick=False)
def test_a_national_quick_status_csv_made_by_a_job_equals_the_direct_one(client, world):
    client.force_login(world.users["pusat"])
    direct, download, by_job = direct_and_by_job(client, QS, {"year": "2026", "format": "csv"})
    assert download.kind == "ksm.quick_status"
    assert download.params["format"] == "csv"
    assert download.filename == "quick-status-ksm-2026-nasional.csv"
    assert download.title.endswith("(CSV)")
    assert by_job == direct
    header, *rows = csv_cells(by_job)
    assert header[0] == "Kode KSM" and len(rows) == 2  # the KSMs of Metro and Medan


@time_machine.travel(NOW, tick=False)
def test_a_province_rktl_csv_made_by_a_job_equals_the_direct_one(client, world):
    client.force_login(world.users["kmw"])
    params = {"province": str(world.metro.province_id)}
    direct, download, by_job = direct_and_by_job(client, RKTL_CSV, params)
    assert download.kind == "monitoring.rktl_csv"
    assert download.params == {"province": [params["province"]]}
    assert download.filename == "rktl-20261102-1630.csv"  # 09:30 UTC in Jakarta
    assert "(CSV)" in download.title
    assert by_job == direct
    assert len(csv_cells(by_job)) == 1 + 2  # the header and Metro's two actions


def test_a_quick_status_download_asked_before_the_csv_variant_is_a_workbook(world):
    params = quick_status.download_params(year=2026, area=quick_status.Area("Nasional", "n"))
    del params["format"]
    _stream, filename = quick_status.build_download(world.users["pusat"], params)
    assert filename == "quick-status-ksm-2026-n.xlsx"


def test_a_small_area_is_still_sent_at_once(client, world):
    before = Download.objects.count()
    client.force_login(world.users["fasilitator"])
    response = client.get(QS, {"year": "2026"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert Download.objects.count() == before


def test_the_lists_link_to_my_downloads(client, world):
    client.force_login(world.users["korkot"])
    for url in (QS, reverse("monitoring:rktl_list")):
        assert f'href="{LIST}"' in client.get(url).content.decode()


def prepared(user, cities, **fields) -> Download:
    """A ready download of `user` covering `cities`, with its file stored."""
    name = default_storage.save(f"{downloads.PREFIX}test/report.pdf", ContentFile(b"%PDF-1.7 test"))
    download = Download.objects.create(
        user=user,
        kind="test",
        title="Laporan uji",
        status=Download.Status.READY,
        file=name,
        filename="report.pdf",
        **fields,
    )
    download.cities.set(cities)
    return download


def test_a_download_is_for_the_user_who_asked_only(client, world):
    download = prepared(world.users["korkot"], [world.metro])
    url = reverse("download_file", args=[download.pk])
    # The Korkot's colleagues of the same city do not get it, nor does Pusat.
    for name in ("fasilitator", "kmw", "pusat", "korkot_other"):
        client.force_login(world.users[name])
        assert client.get(url).status_code == 404
        assert "Laporan uji" not in client.get(LIST).content.decode()
    client.force_login(world.users["korkot"])
    assert "Laporan uji" in client.get(LIST).content.decode()
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert body(response) == b"%PDF-1.7 test"


def test_the_file_is_never_served_as_media(client, world):
    download = prepared(world.users["korkot"], [world.metro])
    client.force_login(world.users["korkot"])
    assert client.get(f"/media/{download.file.name}").status_code == 404


def test_a_user_who_lost_the_area_no_longer_gets_the_file(client, world):
    user = world.users["kmw"]  # Lampung: Metro among its cities
    download = prepared(user, [world.metro])
    client.force_login(user)
    assert client.get(reverse("download_file", args=[download.pk])).status_code == 200
    Assignment.objects.filter(user=user, role=Role.KMW).delete()
    Assignment.objects.create(user=user, role=Role.KORKOT, city=world.medan)
    assert client.get(reverse("download_file", args=[download.pk])).status_code == 404
    assert "Laporan uji" not in client.get(LIST).content.decode()


def test_a_file_of_several_cities_needs_them_all(client, world):
    download = prepared(world.users["korkot"], [world.metro, world.medan])
    client.force_login(world.users["korkot"])  # Metro only
    assert client.get(reverse("download_file", args=[download.pk])).status_code == 404


def test_a_file_waits_seven_days_and_is_then_removed(client, world):
    with time_machine.travel(NOW, tick=False):
        download = prepared(world.users["korkot"], [world.metro])
    url = reverse("download_file", args=[download.pk])
    client.force_login(world.users["korkot"])
    with time_machine.travel(NOW + datetime.timedelta(days=7, seconds=-1), tick=False):
        assert client.get(url).status_code == 200
        assert downloads.expire_downloads() == 0
    with time_machine.travel(NOW + datetime.timedelta(days=7, seconds=1), tick=False):
        # Gone from the page at once, whether or not the expiry job has run yet.
        assert client.get(url).status_code == 404
        assert "Laporan uji" not in client.get(LIST).content.decode()
        assert downloads.expire_downloads() == 1
    assert not Download.objects.filter(pk=download.pk).exists()
    assert not default_storage.exists(download.file.name)


def test_a_file_still_being_prepared_cannot_be_taken(client, world):
    download = prepared(world.users["korkot"], [world.metro], error="")
    Download.objects.filter(pk=download.pk).update(status=Download.Status.PREPARING)
    client.force_login(world.users["korkot"])
    assert client.get(reverse("download_file", args=[download.pk])).status_code == 404
    assert "Sedang disiapkan" in client.get(LIST).content.decode()


def test_a_failed_job_marks_the_download_failed_in_the_users_language(client, world, monkeypatch):
    def broken(user, params):
        raise RuntimeError("the disk is full")

    failed = []
    monkeypatch.setitem(downloads._builders, "test.broken", broken)
    receiver = lambda sender, download, **kw: failed.append(download.pk)  # noqa: E731
    downloads.download_failed.connect(receiver)
    try:
        download = downloads.request_download(
            user=world.users["korkot"],
            kind="test.broken",
            title="Berkas rusak",
            params={},
            cities=[world.metro.pk],
        )
    finally:
        downloads.download_failed.disconnect(receiver)
    download.refresh_from_db()
    assert download.status == Download.Status.FAILED
    assert download.error == "RuntimeError: the disk is full"
    assert failed == [download.pk]
    client.force_login(world.users["korkot"])
    html = client.get(LIST).content.decode()
    assert "Gagal" in html
    assert "Berkas tidak dapat disiapkan." in html
    assert "the disk is full" not in html  # for the administrator, not the user
    client.cookies["django_language"] = "en"
    assert "The file could not be prepared." in client.get(LIST).content.decode()


def test_a_ready_download_is_announced(world, monkeypatch):
    monkeypatch.setitem(downloads._builders, "test.ok", lambda user, params: (b"a,b\n", "data.csv"))
    ready = []
    receiver = lambda sender, download, **kw: ready.append(download)  # noqa: E731
    downloads.download_ready.connect(receiver)
    try:
        download = downloads.request_download(
            user=world.users["korkot"], kind="test.ok", title="Data", params={}, cities=[]
        )
    finally:
        downloads.download_ready.disconnect(receiver)
    assert [d.pk for d in ready] == [download.pk]
    assert ready[0].status == Download.Status.READY
    assert ready[0].finished_at <= timezone.now()
    with default_storage.open(ready[0].file.name) as handle:
        assert handle.read() == b"a,b\n"
    assert ready[0].file.name.startswith(downloads.PREFIX)


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(ValueError, match="No builder"):
        downloads.request_download(
            user=world.users["korkot"], kind="nope", title="x", params={}, cities=[]
        )


def test_a_job_whose_download_expired_meanwhile_does_nothing(world):
    download = prepared(world.users["korkot"], [world.metro])
    download.delete()
    downloads.prepare_download.call(download.pk)  # no error: nothing left to prepare


def test_my_downloads_runs_the_same_queries_for_many_files(
    client, world, django_assert_num_queries
):
    for _ in range(5):
        prepared(world.users["kmw"], [world.metro])
    client.force_login(world.users["kmw"])
    # Session, user, assignments, the province's cities, the downloads.
    with django_assert_num_queries(6):  # with the bell's unread count
        html = client.get(LIST).content.decode()
    assert html.count("Laporan uji") == 5


def test_an_export_whose_city_left_the_users_area_fails_instead_of_widening(world):
    user = world.users["kmw"]
    download = downloads.request_download(
        user=user,
        kind="monitoring.rktl_export",
        title="RKTL",
        params={"city": [str(world.medan.pk)]},  # not one of the KMW of Lampung's cities
        cities=[world.medan.pk],
    )
    download.refresh_from_db()
    assert download.status == Download.Status.FAILED
    assert download.error.startswith("InvalidFilters")
    assert not download.file
