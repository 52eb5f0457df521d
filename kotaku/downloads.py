"""Files too long to build in a request: a job prepares them, "My downloads" hands them out.

A view that would make a user wait (a national Quick Status file, a province's RKTL list, a
long RKTL report) calls `request_download()` instead of building the file: it records a
Download, enqueues `prepare_download`, and the page tells the user the file is being prepared.
A worker (`manage.py db_worker`) builds the file with the builder registered for its kind,
stores it under the private prefix `downloads/` of the default storage (never served by
/media/, which serves only registered prefixes) and marks it ready.

The user who asked takes it from /downloads/ for DOWNLOAD_DAYS days, as long as they may still
read every city it covers: the scope is checked again, in the query, on every request.

Apps register their kinds in `AppConfig.ready()` (this module knows no feature app):

    downloads.register_kind("ksm.quick_status", build_quick_status)

where `build(user, params)` returns the file's bytes (or an iterable of bytes) and its name.
It runs in the worker, as the user who asked, in the language of the page they asked from.

Signal `download_ready` is sent (sender=Download, download=...) when a file is ready, and
`download_failed` when its job failed: connect to them to tell the user (a notification).
"""

import datetime
import logging
import secrets
import tempfile
from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_tasks import task

from kotaku.access import scope_for
from kotaku.models import City, Download
from kotaku.replica import replica_reads

logger = logging.getLogger(__name__)

DOWNLOAD_DAYS = 7
PREFIX = "downloads/"

download_ready = Signal()  # sender=Download, download=<the Download>
download_failed = Signal()  # sender=Download, download=<the Download>

Builder = Callable[[object, dict], tuple[bytes | Iterable[bytes], str]]
_builders: dict[str, Builder] = {}


def register_kind(kind: str, build: Builder) -> None:
    """Declare how files of `kind` are built; `ready()` may run twice, the same builder is
    accepted again."""
    if _builders.get(kind, build) is not build:
        raise ValueError(f"Downloads of kind {kind!r} already have a builder.")
    _builders[kind] = build


def visible_to(user) -> QuerySet:
    """The user's own downloads of the last DOWNLOAD_DAYS days, of which they may still read
    every city (one query when evaluated, after the scope's)."""
    scope = scope_for(user)
    if not user.is_authenticated:
        return Download.objects.none()
    since = timezone.now() - datetime.timedelta(days=DOWNLOAD_DAYS)
    downloads = Download.objects.filter(user=user, created_at__gte=since)
    if not scope.national:
        unreadable = City.objects.exclude(pk__in=scope.readable_cities)
        downloads = downloads.exclude(cities__in=unreadable)
    return downloads


def request_download(
    *, user, kind: str, title: str, params: dict, cities: Iterable[int]
) -> Download:
    """Record a download of `kind` and enqueue its job (with the download, in one
    transaction: a worker never sees a job without its download)."""
    if kind not in _builders:
        raise ValueError(f"No builder for downloads of kind {kind!r}.")
    with transaction.atomic():
        download = Download.objects.create(
            user=user,
            kind=kind,
            title=title,
            params=params,
            language=translation.get_language() or "id",
        )
        download.cities.set(cities)
        prepare_download.enqueue(download.pk)
    return download


def mark_ready(download: Download) -> None:
    """The hook point of a ready download: sends `download_ready`."""
    download_ready.send(sender=Download, download=download)


@task()
def prepare_download(download_id: int) -> None:
    """Build the file of a download and store it; on failure, mark the download failed."""
    download = Download.objects.select_related("user").filter(pk=download_id).first()
    if download is None or download.status != Download.Status.PREPARING:
        return  # expired before a worker came to it, or run again after it finished
    try:
        # A file of many rows is read from the replica, if there is one (kotaku/replica.py).
        with translation.override(download.language), replica_reads():
            content, filename = _builders[download.kind](download.user, download.params)
            name = _store(content, filename)
    except Exception as exc:
        download.status = Download.Status.FAILED
        download.error = f"{type(exc).__name__}: {exc}"
        download.finished_at = timezone.now()
        download.save(update_fields=["status", "error", "finished_at"])
        download_failed.send(sender=Download, download=download)
        raise
    download.status = Download.Status.READY
    download.file.name = name
    download.filename = filename
    download.finished_at = timezone.now()
    download.save(update_fields=["status", "file", "filename", "finished_at"])
    mark_ready(download)


def _store(content: bytes | Iterable[bytes], filename: str) -> str:
    """Write the file under a private, unguessable name; its storage name."""
    chunks = [content] if isinstance(content, bytes) else content
    # Spooled: a small file stays in memory, a national one goes to disk, never all in memory.
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
        for chunk in chunks:
            spool.write(chunk)
        spool.seek(0)
        return default_storage.save(f"{PREFIX}{secrets.token_hex(16)}/{filename}", File(spool))


def expire_downloads(now: datetime.datetime | None = None) -> int:
    """Remove the downloads older than DOWNLOAD_DAYS and their files; how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=DOWNLOAD_DAYS)
    old = list(Download.objects.filter(created_at__lt=cutoff))
    for download in old:
        if download.file:
            download.file.delete(save=False)
    Download.objects.filter(pk__in=[d.pk for d in old]).delete()
    return len(old)


def prepared_response(request: HttpRequest, download: Download) -> HttpResponse:
    """What a view answers when it has handed a file to a job: to "My downloads", saying so."""
    messages.info(
        request,
        _(
            "“%(title)s” is large: it is being prepared. It will wait for you on My downloads "
            "for %(days)s days."
        )
        % {"title": download.title, "days": DOWNLOAD_DAYS},
    )
    return redirect("downloads")


@require_safe
def download_list(request: HttpRequest) -> HttpResponse:
    downloads = visible_to(request.user)
    return render(
        request,
        "kotaku/downloads.html",
        {"downloads": downloads, "days": DOWNLOAD_DAYS, "Status": Download.Status},
    )


@require_safe
def download_file(request: HttpRequest, pk: int) -> FileResponse:
    download = visible_to(request.user).filter(pk=pk, status=Download.Status.READY).first()
    if download is None:
        raise Http404
    try:
        handle = default_storage.open(download.file.name)
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=download.filename)
