"""Uploaded files are served only to users who may read the record they belong to.

Stored names are random, but a link can be forwarded: so every download goes through this
view, which finds the record owning the file in the user's scope (404 otherwise).

This app knows no feature app: each one registers, in its `AppConfig.ready()`, the storage
prefix its uploads go under and how to tell whether a user may read a file there.
"""

import mimetypes
from collections.abc import Callable

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

# Photos are re-encoded on upload (kotaku/lib/uploads.py) and shown on pages; every other file
# is a document a browser would render with its own viewers (a PDF's scripts among them), so
# it is sent as a download, never inline.
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}

# Storage prefix ("visits/") -> whether a user may read the file at a path under it.
UploadOwner = Callable[[object, str], bool]
_owners: dict[str, UploadOwner] = {}


def register_upload_owner(prefix: str, owned: UploadOwner) -> None:
    """Declare that files stored under `prefix` belong to records `owned(user, path)` finds.

    `owned` should run one query: it runs on every download of such a file.
    """
    if not prefix.endswith("/"):
        raise ValueError(f"An upload prefix ends with a slash: {prefix!r}")
    if _owners.get(prefix, owned) is not owned:
        raise ValueError(f"Uploads under {prefix!r} already have an owner.")
    _owners[prefix] = owned


def _owned(user, path: str) -> bool:
    """Whether `path` is a file of a record the user may read (one query)."""
    for prefix, owned in _owners.items():
        if path.startswith(prefix):
            return owned(user, path)
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
    inline = content_type in INLINE_TYPES
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=not inline,
        filename=path.rsplit("/", 1)[-1],
    )
    # Private: the browser may keep it, shared caches may not.
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
