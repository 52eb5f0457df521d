"""The S3-compatible store for uploaded files, chosen in settings when MEDIA_S3_BUCKET is set.

Every download must pass the access check in kotaku/media.py, so file URLs point at the app,
never at the bucket. The view streams the file from the bucket rather than redirecting to a
presigned URL: a presigned URL works for anyone it is forwarded to until it expires, and would
put the bucket's host into the Content Security Policy. Photos are shown at most 800 px wide,
so the bytes passing through the app server are modest.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    def url(self, name: str, parameters=None, expire=None, http_method=None) -> str:
        # The same URL FileSystemStorage gives, which kotaku/urls.py routes to the media view.
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))
