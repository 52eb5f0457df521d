"""Where and when a visit's photos were taken, against the visit: the flags its reviewers see.

One definition for the visit page, the review and the visit report PDF. A photo is flagged,
never refused, when it was taken more than settings.PHOTO_FAR_METRES from the position
recorded on the visit (when both are known), or on a day outside the visit's dates (the day
in settings.TIME_ZONE: see kotaku/lib/exif.py). Flags are computed in Python from rows already
read: they cost no query.
"""

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from kotaku.lib.exif import local_zone
from monitoring.models import Attachment, Visit

EARTH_RADIUS_METRES = 6_371_008.8  # the mean radius (IUGG)


class FlagKind:
    FAR = "far"
    OTHER_DAY = "other_day"


def distance_metres(lat1, lon1, lat2, lon2) -> float:
    """The great-circle distance between two positions in degrees (haversine)."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    dphi = phi2 - phi1
    dlambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(min(1.0, math.sqrt(a)))


def has_position(record) -> bool:
    return record.latitude is not None and record.longitude is not None


def local_day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(local_zone()).date()


@dataclass(frozen=True)
class PhotoFlag:
    """Why a reviewer should look at a photo twice. Its text is made when shown, in the
    language of the page or report it is shown in."""

    kind: str
    visit: Visit
    metres: float | None = None
    day: datetime.date | None = None

    @property
    def text(self) -> str:
        if self.kind == FlagKind.FAR:
            return _("taken %(distance)s from the visit's position") % {
                "distance": format_distance(self.metres)
            }
        return _("taken on %(day)s, visit was %(dates)s") % {
            "day": formats.date_format(self.day, self._day_format()),
            "dates": format_dates(self.visit.starts_on, self.visit.ends_on),
        }

    def _day_format(self) -> str:
        same_year = self.day.year == self.visit.starts_on.year == self.visit.ends_on.year
        return "j M" if same_year else "j M Y"

    def __str__(self) -> str:
        return self.text


def format_distance(metres: float) -> str:
    if metres < 1000:
        return _("%(n)s m") % {"n": formats.number_format(round(metres))}
    return _("%(n)s km") % {"n": formats.number_format(metres / 1000, decimal_pos=1)}


def format_dates(starts: datetime.date, ends: datetime.date) -> str:
    """The visit's dates, short: 14 Nov; 14-15 Nov; 30 Nov - 2 Dec (with en dashes), in the
    active language."""
    if starts == ends:
        return formats.date_format(starts, "j M")
    if (starts.year, starts.month) == (ends.year, ends.month):
        return f"{starts.day}\N{EN DASH}{formats.date_format(ends, 'j M')}"
    if starts.year == ends.year:
        return (
            f"{formats.date_format(starts, 'j M')} \N{EN DASH} {formats.date_format(ends, 'j M')}"
        )
    return (
        f"{formats.date_format(starts, 'j M Y')} \N{EN DASH} {formats.date_format(ends, 'j M Y')}"
    )


def photo_flags(visit: Visit, photo: Attachment) -> list[PhotoFlag]:
    """The flags of one photo of `visit` (none for a photo that says neither when nor where)."""
    flags = []
    if has_position(visit) and has_position(photo):
        metres = distance_metres(visit.latitude, visit.longitude, photo.latitude, photo.longitude)
        if metres > settings.PHOTO_FAR_METRES:
            flags.append(PhotoFlag(FlagKind.FAR, visit, metres=metres))
    if photo.taken_at is not None:
        day = local_day(photo.taken_at)
        if not visit.starts_on <= day <= visit.ends_on:
            flags.append(PhotoFlag(FlagKind.OTHER_DAY, visit, day=day))
    return flags


def flag_photos(visit: Visit, attachments: Iterable[Attachment]) -> list[Attachment]:
    """`attachments` as a list, each with `place_flags` set (empty for a file)."""
    attachments = list(attachments)
    for attachment in attachments:
        is_photo = attachment.kind == Attachment.Kind.PHOTO
        attachment.place_flags = photo_flags(visit, attachment) if is_photo else []
    return attachments
