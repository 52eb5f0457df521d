"""A file prepared by a job is announced to the user who asked, and to nobody else."""

from kotaku import downloads
from notifications.models import Notification


def _ask(world, monkeypatch, builder):
    monkeypatch.setitem(downloads._builders, "test.kind", builder)
    return downloads.request_download(
        user=world.users["korkot"],
        kind="test.kind",
        title="Data RKTL Kota Metro",
        params={},
        cities=[world.metro],
    )


def test_the_user_who_asked_is_told_the_file_is_ready(world, monkeypatch):
    download = _ask(world, monkeypatch, lambda user, params: (b"a,b\n", "data.csv"))
    (notice,) = Notification.objects.filter(kind="download_ready")
    assert notice.recipient == world.users["korkot"]
    assert (notice.event, notice.url) == ("download_ready", "/downloads/")
    assert notice.params["title"] == "Data RKTL Kota Metro"
    assert notice.record == f"download:{download.pk}"
    assert "siap" in notice.message


def test_a_failed_file_is_announced_as_failed(world, monkeypatch):
    def broken(user, params):
        raise OSError("disk full")

    _ask(world, monkeypatch, broken)  # the job's error stays in its result
    (notice,) = Notification.objects.filter(kind="download_ready")
    assert notice.event == "download_failed"
    assert notice.recipient == world.users["korkot"]
