"""Uploaded files are served only to users who may read the record they belong to.

Stored names are random, but a link can be forwarded: so every download goes through this
view, which finds the record owning the file in the user's scope (404 otherwise).
"""

import mimetypes

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from bdc.models import Bdc
from monitoring.models import Attachment, Evidence, RktlItem


def _owned(user, path: str) -> bool:
    """Whether `path` is a file of a record the user may read (one query per kind of owner)."""
    if path.startswith("visits/"):
        return Attachment.objects.visible_to(user).filter(Q(file=path) | Q(web_image=path)).exists()
    if path.startswith("rktl/"):
        items = RktlItem.objects.visible_to(user)
        return Evidence.objects.filter(update__item__in=items, file=path).exists()
    if path.startswith("bdc/"):
        return Bdc.objects.visible_to(user).filter(feasibility_study_file=path).exists()
    return False


@require_safe
def serve_media(request: HttpRequest, path: str) -> FileResponse:
    if ".." in path.split("/") or not _owned(request.user, path):
        raise Http404
    try:
        handle = default_storage.open(path)
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    # Private: the browser may keep it, shared caches may not.
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
