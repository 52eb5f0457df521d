"""What the bench measures (scripts/bench.py): the main pages, PDFs and exports, and the logins
of the national data set (demo/scale.py) that open them. The tests check the same list."""

import datetime

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from demo.scale import PUSAT_USERNAME, USERNAME_PREFIX
from kotaku.models import City, Province
from monitoring.models import Visit

BENCH_CITY = "1872"  # Kota Metro
BENCH_PROVINCE = "18"  # Lampung


def bench_usernames(city_code: str = BENCH_CITY, province_code: str = BENCH_PROVINCE) -> dict:
    """The data set's logins the bench signs in as, by role."""
    return {
        "fasilitator": f"{USERNAME_PREFIX}fasilitator-{city_code}",
        "korkot": f"{USERNAME_PREFIX}korkot-{city_code}",
        "kmw": f"{USERNAME_PREFIX}kmw-{province_code}",
        "pusat": PUSAT_USERNAME,
    }


def bench_pages(
    city_code: str = BENCH_CITY, province_code: str = BENCH_PROVINCE, year: int | None = None
) -> list[tuple[str, str, str | None, str]]:
    """(name, role, url, kind) of every main page, PDF and export; url None while a page
    does not exist yet. Kinds: page, pdf, export."""

    def url_or_none(name: str, *args, query: str = "") -> str | None:
        try:
            return reverse(name, args=args) + query
        except NoReverseMatch:
            return None

    city = City.objects.get(code=city_code)
    province = Province.objects.get(code=province_code)
    visits = Visit.objects.filter(city=city).order_by("-status", "-starts_on", "id")
    # A visit with the full set of records: approved, with findings and RKTL.
    visit = (
        visits.filter(status=Visit.Status.APPROVED, findings__isnull=False).first()
        or visits.first()
    )
    year = year or timezone.localdate().year
    rktl = reverse("monitoring:rktl_list")
    filtered = f"{rktl}?province={province.pk}&status=proses&overdue=on&sort=-deadline"
    visit_url = reverse("monitoring:visit_detail", args=[visit.code])
    visit_pdf = reverse("monitoring:visit_report_pdf", args=[visit.code])
    # A city's RKTL for the last full quarter before ANCHOR, as a Korkot prints it for the
    # quarterly review: a city's whole history here (1,800 actions) is more than a report holds.
    quarter_from, quarter_to = datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)
    rktl_pdf = reverse("monitoring:rktl_report_pdf") + (
        f"?city={city.pk}&visit_from={quarter_from}&visit_to={quarter_to}"
    )
    quick_status = url_or_none("ksm:quick_status", query=f"?year={year}")
    visit_list = reverse("monitoring:visit_list")
    ksm_list = reverse("ksm:ksm_list")
    dashboard = reverse("monitoring:dashboard")
    return [
        ("home", "fasilitator", reverse("home"), "page"),
        ("home", "korkot", reverse("home"), "page"),
        ("home", "kmw", reverse("home"), "page"),
        ("home", "pusat", reverse("home"), "page"),
        ("visit list", "pusat", visit_list, "page"),
        ("visit list, waiting for review", "pusat", f"{visit_list}?waiting=1", "page"),
        ("visit list", "fasilitator", visit_list, "page"),
        ("visit report page", "pusat", visit_url, "page"),
        ("RKTL list", "pusat", rktl, "page"),
        ("RKTL list, filtered", "pusat", filtered, "page"),
        ("RKTL list, category by city", "pusat", f"{rktl}?category=kapasitas&sort=city", "page"),
        ("RKTL list", "korkot", rktl, "page"),
        ("dashboard, national", "pusat", dashboard, "page"),
        ("dashboard, province", "kmw", dashboard, "page"),
        ("dashboard, city", "korkot", dashboard, "page"),
        ("KSM registry", "pusat", ksm_list, "page"),
        ("KSM registry, search", "pusat", f"{ksm_list}?q=tenun&ppmk_stage=2", "page"),
        ("KSM registry", "fasilitator", ksm_list, "page"),
        ("BDC page", "pusat", url_or_none("bdc:bdc_detail", city_code), "page"),
        ("city page", "pusat", url_or_none("monitoring:city_detail", city_code), "page"),
        ("city map", "korkot", url_or_none("monitoring:city_map", city_code), "page"),
        ("city map data", "korkot", url_or_none("monitoring:city_map_data", city_code), "page"),
        ("area map, national", "pusat", url_or_none("monitoring:area_map"), "page"),
        ("area map data, national", "pusat", url_or_none("monitoring:area_map_data"), "page"),
        ("area map data, province", "kmw",
         url_or_none("monitoring:area_map_data", query=f"?province={province.code}"), "page"),
        ("visit report PDF", "pusat", visit_pdf, "pdf"),
        ("RKTL city PDF, one quarter", "pusat", rktl_pdf, "pdf"),
        ("Quick Status export, national", "pusat", quick_status, "export"),
        ("Quick Status export, national, CSV", "pusat",
         quick_status and f"{quick_status}&format=csv", "export"),
        ("RKTL export, national", "pusat", reverse("monitoring:rktl_export"), "export"),
        ("RKTL export, national, CSV", "pusat", url_or_none("monitoring:rktl_export_csv"),
         "export"),
    ]  # fmt: skip
