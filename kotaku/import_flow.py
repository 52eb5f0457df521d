"""The pages of a spreadsheet import: upload, dry run report, confirm.

The uploaded file is kept in storage under imports/ (never served: kotaku/media.py serves
only files that belong to a record) between the dry run and the confirmation, and its name
is kept in the user's session, so confirming needs no second upload and a different user
cannot confirm it. Confirming applies the file again from the start, all rows or none.
"""

import datetime
import uuid
from collections.abc import Callable
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotaku import versions
from kotaku.lib import csv_stream, sheets, xlsx_stream
from kotaku.lib.importer import SheetKind, run_import
from kotaku.lib.xlsx_stream import stream_xlsx


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        help_text=gettext_lazy("At most 5 MB. Nothing is saved until you confirm."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > sheets.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 5 MB. Split it into smaller files.")
            )
        data = upload.read()
        try:
            self.tables = sheets.read_tables(upload.name, data)
        except sheets.FileError as error:
            raise forms.ValidationError(str(error)) from error
        self.data_bytes = data
        return upload


def import_page(
    request: HttpRequest,
    *,
    key: str,
    title: str,
    subtitle: str,
    kinds: Callable[[], list[SheetKind]],
    template_url: str,
    done_url: str,
) -> HttpResponse:
    """GET: the upload form. POST with a file: the dry run. POST `confirm`: the import.

    `key` names this import in the session; `kinds` builds the sheet kinds for one run.
    """
    context = {"title": title, "subtitle": subtitle, "template_url": template_url}
    session_key = f"import:{key}"
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(session_key)
        if not pending or pending["token"] != request.POST.get("confirm"):
            messages.error(request, _("That import has expired. Upload the file again."))
            return redirect(request.path)
        data = _take(pending["path"])
        request.session.pop(session_key, None)
        if data is None:
            messages.error(request, _("That import has expired. Upload the file again."))
            return redirect(request.path)
        with transaction.atomic():
            # Its cities' versions raised together at the end: none is held while it runs.
            versions.defer_in_this_transaction(connection)
            report = run_import(sheets.read_tables(pending["name"], data), kinds(), commit=True)
            versions.raise_deferred(connection)
        if report.committed:
            messages.success(
                request,
                _("Import done: %(n)s rows created or changed.") % {"n": report.changes},
            )
            return redirect(done_url)
        # The records changed since the dry run, so that rows now fail: nothing was written.
        context.update(form=UploadForm(), report=report, file_name=pending["name"])
        return render(request, "kotaku/import.html", context, status=409)

    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not form.is_valid():
            context["form"] = form
            return render(request, "kotaku/import.html", context, status=422)
        with transaction.atomic():
            # A dry run: rolled back, so it raises no city's version and holds none locked
            # while it applies every row of the file.
            versions.skip_in_this_transaction(connection)
            report = run_import(form.tables, kinds(), commit=False)
        _forget(request.session.pop(session_key, None))
        _sweep()
        name = PurePath(form.cleaned_data["file"].name).name
        if not report.has_errors and report.changes:
            token = uuid.uuid4().hex
            suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
            path = default_storage.save(f"imports/{token}{suffix}", ContentFile(form.data_bytes))
            request.session[session_key] = {"token": token, "path": path, "name": name}
            context["token"] = token
        context.update(form=UploadForm(), report=report, file_name=name)
        return render(request, "kotaku/import.html", context, status=200)
    context["form"] = form
    return render(request, "kotaku/import.html", context)


def _take(path: str) -> bytes | None:
    try:
        with default_storage.open(path) as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        return None
    default_storage.delete(path)
    return data


def _forget(pending: dict | None) -> None:
    """Delete the file of an import that was never confirmed."""
    if pending:
        default_storage.delete(pending["path"])


def _sweep() -> None:
    """Delete the files of dry runs nobody confirmed (a closed tab, a session that ended):
    they hold names and phone numbers, and are of no use once the session is gone."""
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    try:
        _dirs, names = default_storage.listdir("imports")
    except (FileNotFoundError, OSError):
        return
    for name in names:
        path = f"imports/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (FileNotFoundError, OSError, NotImplementedError):
            continue


def template_workbook(kinds: list[SheetKind], notes: list[list[str]]):
    """A workbook with one empty sheet per kind (its headers) and a sheet of instructions."""
    sheets_ = [(str(kind.title), [c.label for c in kind.columns], []) for kind in kinds]
    instructions = [
        *notes,
        *(
            [str(kind.title), ", ".join(str(c.label) for c in kind.columns if c.required)]
            for kind in kinds
        ),
    ]
    sheets_.append((_("Instructions"), [_("Sheet"), _("Required columns")], instructions))
    return stream_xlsx(sheets_)


def csv_response(stream, filename: str) -> StreamingHttpResponse:
    """A CSV download, sent while it is written (kotaku.lib.csv_stream)."""
    return _streamed_download(stream, filename, csv_stream.CONTENT_TYPE)


def xlsx_response(stream, filename: str) -> StreamingHttpResponse:
    """A workbook download, sent while it is written (kotaku.lib.xlsx_stream)."""
    return _streamed_download(stream, filename, xlsx_stream.CONTENT_TYPE)


def _streamed_download(stream, filename: str, content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(stream, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
