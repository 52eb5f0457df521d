"""How long a typical visit report takes to render, and how large it is.

    .venv/bin/python scripts/bench_reports.py [--runs 5] [--out /tmp/visit-report.pdf]

Builds a throwaway SQLite database with the test settings (media in memory), removed after,
and a visit of typical size: 20 checklist answers, 30 attendees, 10 photos uploaded as
3000x2000 JPEGs (processed as uploads are, so the report reads their 1600 px web copies and
downscales them again), 10 RKTL items and two reviews. Then renders its PDF report several
times and prints the timings. Nothing touches the development database.
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"

import django

django.setup()

import logging  # noqa: E402

from django.contrib.auth.models import User  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from PIL import Image  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from kotaku.lib.choices import Gender  # noqa: E402
from kotaku.lib.uploads import process_photo  # noqa: E402
from kotaku.models import City  # noqa: E402
from monitoring import reports  # noqa: E402
from monitoring.access import get_visit_for_user  # noqa: E402
from monitoring.models import (  # noqa: E402
    Answer,
    Attachment,
    Attendee,
    ChecklistItem,
    ChecklistTemplate,
    DocumentCheck,
    Finding,
    Review,
    RktlCategory,
    RktlItem,
    Tier,
    Visit,
)

ORGANISATIONS = ["Bappeda Kota Metro", "Komite BDC", "Pengelola BDC", "BKM Yosomulyo", "KSM Tenun"]


def camera_photo(seed: int) -> SimpleUploadedFile:
    """A 3000x2000 JPEG as heavy as a real photo: a colour gradient under sensor-like noise."""
    size = (3000, 2000)
    gradient = Image.linear_gradient("L").resize(size)
    noise = Image.effect_noise(size, 60)
    red = Image.blend(gradient, noise, 0.5)
    image = Image.merge("RGB", (red, noise, gradient.rotate(90 * (seed % 2)).resize(size)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return SimpleUploadedFile(f"IMG_{seed:04d}.jpg", buffer.getvalue(), "image/jpeg")


def build_visit() -> tuple[User, Visit, int]:
    city = City.objects.get(code="1872")
    author = User.objects.create_user("bench-fasilitator", first_name="Sri", last_name="Wahyuni")
    reviewer = User.objects.create_user("bench-korkot", first_name="Agus", last_name="Setiawan")
    admin = User.objects.create_superuser("bench-admin")
    template = ChecklistTemplate.objects.get(is_default=True)
    visit = Visit.objects.create(
        city=city,
        title="Monev BDC Kota Metro Tahap 2",
        starts_on=datetime.date(2026, 7, 21),
        ends_on=datetime.date(2026, 7, 23),
        location="Sekretariat BDC Kota Metro",
        methods=[m.value for m in Visit.Method],
        target_bdc=True,
        template=template,
        created_by=author,
        summary="Komite berkomitmen mengadakan rapat pengawasan setiap bulan. " * 3,
        status=Visit.Status.APPROVED,
        team_others="Anisa Sari (Ketua Komite BDC)\nSuyatmi (Manajer BDC)",
    )
    visit.team.add(author, reviewer)
    items = list(ChecklistItem.objects.filter(section__template=template)[:20])
    values = list(Answer.Value)
    Answer.objects.bulk_create(
        Answer(visit=visit, item=item, value=values[i % 4], note=f"Catatan lapangan {i}" * (i % 3))
        for i, item in enumerate(items)
    )
    DocumentCheck.objects.bulk_create(
        DocumentCheck(visit=visit, document=doc, status=DocumentCheck.Status.COMPLETE)
        for doc in list(DocumentCheck.Document)[:6]
    )
    Attendee.objects.bulk_create(
        Attendee(
            visit=visit,
            name=f"Peserta {i:02d}",
            organisation=ORGANISATIONS[i % len(ORGANISATIONS)],
            position="Anggota",
            gender=Gender.FEMALE if i % 2 else Gender.MALE,
            has_disability=i % 10 == 0,
        )
        for i in range(30)
    )
    photo_seconds = time.perf_counter()
    for i in range(10):
        photo = process_photo(camera_photo(i))
        attachment = Attachment(
            visit=visit, kind=Attachment.Kind.PHOTO, caption=f"Foto kegiatan {i + 1}",
            original_name=f"IMG_{i:04d}.jpg", uploaded_by=author,
        )  # fmt: skip
        attachment.file.save("photo.jpg", photo.original, save=False)
        attachment.web_image.save("photo.jpg", photo.web, save=False)
        attachment.save()
    photo_seconds = time.perf_counter() - photo_seconds
    categories = list(RktlCategory)
    for i in range(5):
        finding = Finding.objects.create(
            visit=visit, item=items[i], description=f"Temuan lapangan nomor {i + 1}."
        )
        for j in range(2):
            RktlItem.objects.create(
                finding=finding,
                category=categories[(i + j) % len(categories)],
                problem=f"Masalah {i}-{j}",
                action=f"Tindak lanjut {i}-{j}: menyusun dan mengesahkan dokumen.",
                pic_name="Pengelola BDC",
                pic_tier=Tier.PENGELOLA,
                deadline=datetime.date(2026, 9, 30),
                created_by=author,
            )
    for tier in (Review.Tier.KORKOT, Review.Tier.KMW):
        Review.objects.create(
            visit=visit,
            tier=tier,
            decision=Review.Decision.APPROVE,
            reviewer=reviewer,
            created_at=timezone.now(),
        )
    return admin, visit, photo_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default="", help="write the last PDF here")
    args = parser.parse_args()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        admin, visit, photo_seconds = build_visit()
        translation.activate("id")
        timings, pdf = [], b""
        for _ in range(args.runs):
            start = time.perf_counter()
            # As the view does: fetch through the access helper, then render.
            pdf = reports.visit_report_pdf(
                get_visit_for_user(admin, visit.code), personal_data=True
            )
            timings.append(time.perf_counter() - start)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        if args.out:
            Path(args.out).write_bytes(pdf)
        print("visit report: 20 answers, 30 attendees, 10 photos (3000x2000), 10 RKTL items")
        print(f"  photo uploads processed in {photo_seconds:.2f}s (not part of the report)")
        print(f"  first render  {timings[0]:.2f}s (includes loading fonts)")
        print(
            f"  {len(timings)} renders: min {min(timings):.2f}s, "
            f"median {statistics.median(timings):.2f}s, max {max(timings):.2f}s"
        )
        print(f"  size {len(pdf) / 1024:.0f} KiB, {pages} pages")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
