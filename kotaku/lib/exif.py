"""When and where a photo was taken, from its EXIF: the only metadata a photo keeps here.

Photos are re-encoded on upload (kotaku/lib/uploads.py), which drops all their metadata; these
three values are read first and stored on the record. A camera writes its local time without
a zone unless it also writes OffsetTimeOriginal; such a time is taken as settings.TIME_ZONE
(Asia/Jakarta, WIB). Indonesia has three zones (WIB, WITA, WIT): a photo taken in WIT without
an offset reads up to two hours early, which matters for the day a photo was taken only
around midnight.
"""

import datetime
import math
import re
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from PIL import Image

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
DATE_TIME_ORIGINAL = 0x9003
OFFSET_TIME_ORIGINAL = 0x9011
GPS_LATITUDE_REF, GPS_LATITUDE, GPS_LONGITUDE_REF, GPS_LONGITUDE = 1, 2, 3, 4

SIX_PLACES = Decimal("0.000001")
# "2026:07:22 10:15:00", as EXIF writes it (dashes too, as some programs do).
EXIF_DATETIME = re.compile(r"^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
EXIF_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")


@dataclass(frozen=True)
class PhotoPlace:
    """When and where a photo was taken; None for what the photo does not say."""

    taken_at: datetime.datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def read(image: Image.Image) -> PhotoPlace:
    """What `image`'s EXIF says of its time and position. Missing or nonsensical values
    (a camera with its clock unset, a GPS without a fix) are left out, never guessed."""
    try:
        exif = image.getexif()
        details = exif.get_ifd(EXIF_IFD)
        gps = exif.get_ifd(GPS_IFD)
    except (OSError, ValueError, TypeError, KeyError, SyntaxError):
        return PhotoPlace()
    latitude = _coordinate(gps.get(GPS_LATITUDE), gps.get(GPS_LATITUDE_REF), "N", "S", 90)
    longitude = _coordinate(gps.get(GPS_LONGITUDE), gps.get(GPS_LONGITUDE_REF), "E", "W", 180)
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        latitude = longitude = None  # 0, 0 is what a receiver without a fix writes
    return PhotoPlace(
        taken_at=parse_datetime(details.get(DATE_TIME_ORIGINAL), details.get(OFFSET_TIME_ORIGINAL)),
        latitude=latitude,
        longitude=longitude,
    )


def parse_datetime(value, offset=None) -> datetime.datetime | None:
    """An EXIF date and time ("2026:07:22 10:15:00") with its offset ("+08:00") if given,
    as an aware datetime; local time (settings.TIME_ZONE) without one. None when unreadable."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    match = EXIF_DATETIME.match(str(value or "").strip())
    if not match:
        return None
    try:
        naive = datetime.datetime(*(int(part) for part in match.groups()))
    except ValueError:  # "0000:00:00 00:00:00", a camera whose clock was never set
        return None
    if isinstance(offset, bytes):
        offset = offset.decode("ascii", "replace")
    zone = _offset(str(offset or "").strip())
    return naive.replace(tzinfo=zone or local_zone())


def _offset(value: str) -> datetime.timezone | None:
    match = EXIF_OFFSET.match(value)
    if not match:
        return None
    sign, hours, minutes = match.groups()
    delta = datetime.timedelta(hours=int(hours), minutes=int(minutes))
    if delta > datetime.timedelta(hours=14):
        return None
    return datetime.timezone(-delta if sign == "-" else delta)


def _coordinate(dms, ref, positive: str, negative: str, limit: int) -> Decimal | None:
    """Degrees, minutes and seconds (three rationals) and N/S or E/W, as signed degrees."""
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    ref = str(ref or "").strip().upper()[:1]
    if ref not in (positive, negative):
        return None
    try:
        degrees, minutes, seconds = (float(part) for part in dms)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if not math.isfinite(value) or min(degrees, minutes, seconds) < 0 or value > limit:
        return None
    signed = Decimal(repr(-value if ref == negative else value))
    return signed.quantize(SIX_PLACES)
