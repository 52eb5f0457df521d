"""Server-side response times, query counts and page weight of the main pages, against budgets.

    DATABASE_URL=postgres://... .venv/bin/python scripts/bench.py [--runs 30] [--quick]

Needs a database holding the national data set (`manage.py seed_scale`); `make bench` loads
it when missing. Requests go through Django's test client (the whole middleware stack, no
network), signed in with force_login as the data set's users: a facilitator and a Korkot of
Kota Metro, the KMW of Lampung, and a national (Pusat) admin. Each page is requested a few
times to warm up, then `--runs` times; the table shows the median and 95th percentile, each
also as a multiple of a trivial view's time measured in the same run (the floor: middleware,
session and user, nothing else), and the number of queries. PDFs and exports are timed, and
each export is consumed chunk by chunk in a forked process that reports how much its resident
memory grew and when the first bytes came.

Writes the table as JSON to var/bench/bench-<date>.json and exits 1 when a budget is missed.
"""

import argparse
import gzip
import json
import os
import platform
import re
import resource
import statistics
import sys
import time
import types
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kotaku.settings")
# As in production: templates cached, no debug toolbar of any kind. Static files are collected
# into a private folder with the production storage (hashed names, .gz and .br copies).
os.environ["DEBUG"] = "false"
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ["STATIC_ROOT"] = str(ROOT / "var" / "bench" / "static")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path, reverse  # noqa: E402

from demo.bench import bench_pages, bench_usernames  # noqa: E402
from demo.scale import PUSAT_USERNAME  # noqa: E402
from kotaku.lib.collector import freeze_loaded_code  # noqa: E402
from kotaku.pdf import KEPT_REPORTS  # noqa: E402

# Budgets. A page's times are judged against the floor measured in the same run (the machine's
# load moves both alike), and against absolute times as well.
PAGE_MEDIAN_X = 10  # a page's median at most 10 times the floor's
PAGE_MEDIAN_STRETCH_X = 5  # what we aim for: shown in the table, not a miss
PAGE_P95_X = 20  # its 95th percentile at most 20 times the floor's median
PAGE_MEDIAN_MS = 150
PAGE_P95_MS = 300
# PDFs by the bench row's name: a visit's report, and a city's RKTL for a quarter.
PDF_SECONDS = {"visit report PDF": 0.5, "RKTL city PDF, one quarter": 1.0}
PDF_SECONDS_DEFAULT = 2.0
# National exports: a workbook in 30 s, a CSV file in 10 s.
EXPORT_SECONDS = {"xlsx": 30.0, "csv": 10.0}
# "Constant memory": the peak may not grow with the rows exported. 64 MiB holds a few
# thousand rows in flight and the writer's buffers, never 500,000 rows.
EXPORT_PEAK_MB = 64
FIRST_PAGE_KB = 150  # the facilitator's first page, HTML + CSS + JS, compressed
LATER_PAGE_KB = 30  # HTML of later pages, compressed


def floor(request):
    return HttpResponse("ok")


# The bench's own URLs: the app's, plus the floor view that no deployment has.
bench_urls = types.ModuleType("bench_urls")
bench_urls.urlpatterns = [path("bench/floor/", floor)]
sys.modules["bench_urls"] = bench_urls


@dataclass
class Row:
    name: str
    user: str
    url: str
    kind: str = "page"  # page, pdf, export
    median_ms: float = 0.0
    p95_ms: float = 0.0
    floor_x: float = 0.0
    queries: int = 0
    status: int = 0
    html_kb: float = 0.0  # compressed (gzip) size of the HTML
    bytes: int = 0
    peak_mb: float = 0.0  # exports: growth of the resident set while it ran
    first_byte_ms: float = 0.0  # exports: time to the first bytes
    misses: list[str] = field(default_factory=list)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def consume(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def timed(client: Client, url: str, runs: int, warmup: int) -> tuple[list[float], int, int, bytes]:
    for _ in range(warmup):
        consume(client.get(url))
    timings = []
    body = b""
    status = 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        body = consume(response)
        timings.append((time.perf_counter() - start) * 1000)
        status = response.status_code
    with CaptureQueriesContext(connection) as queries:
        consume(client.get(url))
    return timings, len(queries), status, body


def gz_kb(data: bytes) -> float:
    return len(gzip.compress(data, 6)) / 1024


def br_kb(data: bytes) -> float | None:
    try:
        import brotli
    except ImportError:
        return None
    return len(brotli.compress(data)) / 1024


def clients() -> dict[str, Client]:
    out = {}
    for role, username in bench_usernames().items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        out[role] = client
    return out


def bench_page(row: Row, client: Client, runs: int, floor_ms: float) -> None:
    timings, row.queries, row.status, body = timed(client, row.url, runs, warmup=3)
    row.median_ms = statistics.median(timings)
    row.p95_ms = percentile(timings, 0.95)
    row.floor_x = row.median_ms / floor_ms
    row.bytes = len(body)
    row.html_kb = gz_kb(body)
    if row.status != 200:
        row.misses.append(f"status {row.status}")
    if row.median_ms > PAGE_MEDIAN_MS:
        row.misses.append(f"median {row.median_ms:.0f} ms > {PAGE_MEDIAN_MS}")
    if row.p95_ms > PAGE_P95_MS:
        row.misses.append(f"p95 {row.p95_ms:.0f} ms > {PAGE_P95_MS}")
    if row.floor_x > PAGE_MEDIAN_X:
        row.misses.append(f"median {row.floor_x:.1f}x the floor > {PAGE_MEDIAN_X}x")
    if row.p95_ms / floor_ms > PAGE_P95_X:
        row.misses.append(f"p95 {row.p95_ms / floor_ms:.1f}x the floor > {PAGE_P95_X}x")
    if row.name != "home" and row.html_kb > LATER_PAGE_KB:
        row.misses.append(f"HTML {row.html_kb:.0f} KB gz > {LATER_PAGE_KB}")


def bench_download(row: Row, client: Client, runs: int, floor_ms: float) -> Row | None:
    """A PDF: made afresh on each request (the kept PDFs dropped before it), the time the
    budget is for; then printed again, kept (kotaku.pdf.render_pdf), returned as a row of its
    own. An export: see `bench_export`."""
    if row.kind == "export":
        bench_export(row, client, floor_ms)
        return None
    budget = PDF_SECONDS.get(row.name, PDF_SECONDS_DEFAULT)
    # One report first, untimed, as every page gets its warm-up: a server's process opens its
    # fonts and WeasyPrint's C types once, at its first report (about 0.1 s).
    consume(client.get(row.url))
    timings = []
    for _ in range(runs):
        caches[KEPT_REPORTS].clear()
        start = time.perf_counter()
        response = client.get(row.url)
        body = consume(response)
        timings.append((time.perf_counter() - start) * 1000)
        row.status = response.status_code
        if timings[0] > 5 * budget * 1000:
            break  # far over budget: more renders would only take minutes to say the same
    again = Row(f"{row.name}, again (kept)", row.user, row.url, row.kind)
    again_timings, again.queries, again.status, again_body = timed(client, row.url, runs, 0)
    row.queries = again.queries  # the same queries: the report's HTML is made either way
    for r, r_timings, r_body in ((row, timings, body), (again, again_timings, again_body)):
        r.bytes = len(r_body)
        r.median_ms = statistics.median(r_timings)
        r.p95_ms = max(r_timings)
        r.floor_x = r.median_ms / floor_ms
        if r.status != 200:
            r.misses.append(f"status {r.status}")
        if r.median_ms > budget * 1000:
            r.misses.append(f"{r.median_ms / 1000:.2f} s > {budget} s")
    if again_body != body:
        again.misses.append("printed again, not the same PDF")
    return again


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def bench_export(row: Row, client: Client, floor_ms: float) -> None:
    """One export, consumed chunk by chunk in a forked process, so that its peak memory is
    its own: the growth of the resident set over the run is what must stay constant."""
    connection.close()  # the child opens its own
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        result = {}
        try:
            before = rss_mb()
            start = time.perf_counter()
            # What a job builds for "My downloads" (kotaku/downloads.py), built here in the
            # request so that its time and memory are measured.
            with override_settings(DOWNLOAD_JOB_CITIES=10**9):
                response = client.get(row.url)
            size = first = 0
            for chunk in response.streaming_content if response.streaming else [response.content]:
                size += len(chunk)
                first = first or time.perf_counter() - start
            result = {
                "status": response.status_code,
                "seconds": time.perf_counter() - start,
                "first_byte": first,
                "bytes": size,
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - before,
            }
        except BaseException as error:  # reported by the parent
            result = {"error": repr(error)}
        os.write(write_end, json.dumps(result).encode())
        os._exit(0)
    os.close(write_end)
    data = b""
    while chunk := os.read(read_end, 65536):
        data += chunk
    os.waitpid(pid, 0)
    result = json.loads(data or b"{}")
    if "error" in result or not result:
        row.misses.append(f"failed: {result.get('error', 'no result')}")
        return
    row.status, row.bytes = result["status"], result["bytes"]
    row.median_ms = row.p95_ms = result["seconds"] * 1000
    row.floor_x = row.median_ms / floor_ms
    row.peak_mb = result["peak_mb"]
    row.first_byte_ms = result["first_byte"] * 1000
    if row.status != 200:
        row.misses.append(f"status {row.status}")
    if row.peak_mb > EXPORT_PEAK_MB:
        row.misses.append(f"memory grew {row.peak_mb:.0f} MiB > {EXPORT_PEAK_MB}")
    budget = EXPORT_SECONDS[export_format(row)]
    if row.median_ms > budget * 1000:
        row.misses.append(f"{row.median_ms / 1000:.1f} s > {budget:.0f} s")


def export_format(row: Row) -> str:
    """csv or xlsx: by the export's address (`format=csv`) or its name."""
    return "csv" if "format=csv" in row.url or row.name.endswith("CSV") else "xlsx"


def profile(client: Client, url: str, runs: int = 5) -> None:
    """Where one page's time goes: the functions with the most time of their own, over `runs`
    requests after a warm-up."""
    import cProfile
    import pstats

    consume(client.get(url))
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        consume(client.get(url))
    profiler.disable()
    with CaptureQueriesContext(connection) as queries:
        consume(client.get(url))
    print()
    for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:6]:
        print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:300]}")
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(20)
    # The project's own functions by cumulative time: which of our steps the time is under.
    stats.sort_stats("cumulative").print_stats(rf"^{ROOT}/(?!\.venv)", 30)


STATIC_REF = re.compile(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"')


def first_page_weight(client: Client, html: bytes) -> dict:
    """The facilitator's first page: its HTML and every CSS and JS file it references, each
    compressed as WhiteNoise serves it (the .gz/.br copies collectstatic made)."""
    static_root = Path(settings.STATIC_ROOT)
    files = []
    for url in sorted(set(STATIC_REF.findall(html.decode()))):
        path_ = static_root / url.removeprefix("/static/")
        data = path_.read_bytes() if path_.exists() else consume(client.get(url))
        files.append(
            {"url": url, "raw_kb": len(data) / 1024, "gz_kb": gz_kb(data), "br_kb": br_kb(data)}
        )
    headers = {}
    if files:
        response = client.get(files[0]["url"], HTTP_ACCEPT_ENCODING="gzip, br")
        headers = {k: response.headers.get(k, "") for k in ("Content-Encoding", "Cache-Control")}
        consume(response)
    html_gz, html_br = gz_kb(html), br_kb(html)
    total_gz = html_gz + sum(f["gz_kb"] for f in files)
    total_br = (html_br or 0) + sum(f["br_kb"] or 0 for f in files)
    return {
        "html_gz_kb": html_gz,
        "files": files,
        "total_gz_kb": total_gz,
        "total_br_kb": total_br,
        "static_headers": headers,
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="requests per page")
    parser.add_argument(
        "--download-runs",
        type=int,
        default=7,
        help="runs per PDF, each made afresh (a median of 7 evens out a shared machine)",
    )
    parser.add_argument("--only", default="", help="only rows whose name contains this")
    parser.add_argument("--skip-exports", action="store_true")
    parser.add_argument(
        "--profile", action="store_true", help="print where the time goes (cProfile) per page"
    )
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    if connection.vendor != "postgresql":
        print("The bench needs PostgreSQL: set DATABASE_URL.", file=sys.stderr)
        return 2
    if not User.objects.filter(username=PUSAT_USERNAME).exists():
        print("No scale data: run `manage.py seed_scale` first.", file=sys.stderr)
        return 2
    call_command("collectstatic", interactive=False, verbosity=0)
    freeze_loaded_code()  # as the server does at start-up (kotaku/wsgi.py)
    rows: list[Row] = []
    with override_settings(ROOT_URLCONF="bench_urls"):
        bench_urls.urlpatterns[1:] = __import__("kotaku.urls").urls.urlpatterns
        users = clients()
        floor_times, _q, _s, _b = timed(users["pusat"], "/bench/floor/", args.runs * 2, warmup=5)
        floor_ms = statistics.median(floor_times)
        weight = {}
        for name, user, url, kind in bench_pages():
            if args.only and args.only.lower() not in name.lower():
                continue
            if url is None:
                print(f"  {name}: no such URL yet, skipped")
                continue
            if kind == "export" and args.skip_exports:
                continue
            row = Row(name, user, url, kind)
            print(f"  {name} ({user}) ...", end="", flush=True)
            if args.profile:
                profile(users[user], url)
                continue
            again = None
            if kind == "page":
                bench_page(row, users[user], args.runs, floor_ms)
            else:
                again = bench_download(row, users[user], args.download_runs, floor_ms)
            print(f" {row.median_ms:.0f} ms")
            rows.append(row)
            if again:
                rows.append(again)
        if args.profile:
            return 0
        html = users["fasilitator"].get(reverse("home")).content
        weight = first_page_weight(users["fasilitator"], html)
    misses = [f"{r.name} ({r.user}): {m}" for r in rows for m in r.misses]
    if weight["total_gz_kb"] > FIRST_PAGE_KB:
        misses.append(f"first page {weight['total_gz_kb']:.0f} KB gz > {FIRST_PAGE_KB}")
    print_table(rows, floor_ms, weight)
    write_json(rows, floor_ms, weight, misses)
    if misses:
        print("\nBudgets missed:")
        for miss in misses:
            print(f"  - {miss}")
        return 1
    print("\nAll budgets met.")
    return 0


def print_table(rows: list[Row], floor_ms: float, weight: dict) -> None:
    print(f"\nfloor (trivial view): median {floor_ms:.1f} ms\n")
    print(f"| {'page':<40} | {'user':<11} | {'median':>8} | {'p95':>8} | {'x floor':>7} | "
          f"{'p95 x':>5} | {'queries':>7} | {'size':>10} |")  # fmt: skip
    print(f"|{'-' * 42}|{'-' * 13}|{'-' * 9}:|{'-' * 9}:|{'-' * 8}:|{'-' * 6}:|{'-' * 8}:|"
          f"{'-' * 11}:|")  # fmt: skip
    for r in rows:
        if r.kind == "page":
            median, p95 = f"{r.median_ms:.0f} ms", f"{r.p95_ms:.0f} ms"
            size = f"{r.html_kb:.1f} KB gz"
            p95_x = f"{r.p95_ms / floor_ms:.0f}"
        else:
            median, p95 = f"{r.median_ms / 1000:.2f} s", f"{r.p95_ms / 1000:.2f} s"
            size = f"{r.bytes / 2**20:.1f} MiB" if r.bytes > 2**20 else f"{r.bytes / 1024:.0f} KiB"
            if r.kind == "export":
                size += f", +{r.peak_mb:.0f} MiB, 1st byte {r.first_byte_ms / 1000:.1f} s"
            p95_x = "-"
        queries = str(r.queries) if r.kind != "export" else "stream"
        flag = " !" if r.misses else ""
        print(f"| {r.name:<40} | {r.user:<11} | {median:>8} | {p95:>8} | {r.floor_x:>7.0f} | "
              f"{p95_x:>5} | {queries:>7} | {size:>10} |{flag}")  # fmt: skip
    pages = [r for r in rows if r.kind == "page"]
    if pages:
        within = sum(r.floor_x <= PAGE_MEDIAN_STRETCH_X for r in pages)
        worst = max(pages, key=lambda r: r.floor_x)
        print(
            f"\npages: median of medians {statistics.median(r.floor_x for r in pages):.1f}x the "
            f"floor; {within} of {len(pages)} within {PAGE_MEDIAN_STRETCH_X}x (the stretch "
            f"goal); slowest {worst.name} ({worst.user}) {worst.floor_x:.1f}x"
        )
    print(
        f"\nfacilitator's first page: HTML {weight['html_gz_kb']:.1f} KB + "
        f"{len(weight['files'])} CSS/JS files = {weight['total_gz_kb']:.0f} KB gzip, "
        f"{weight['total_br_kb']:.0f} KB brotli; static files served with "
        f"{weight['static_headers'] or 'no headers checked'}"
    )


def write_json(rows: list[Row], floor_ms: float, weight: dict, misses: list[str]) -> None:
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    data = {
        "taken_at": now.isoformat(timespec="seconds"),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "postgresql": pg_version,
        },
        "budgets": {
            "page_median_x_floor": PAGE_MEDIAN_X,
            "page_median_stretch_x_floor": PAGE_MEDIAN_STRETCH_X,
            "page_p95_x_floor": PAGE_P95_X,
            "page_median_ms": PAGE_MEDIAN_MS,
            "page_p95_ms": PAGE_P95_MS,
            "pdf_seconds": PDF_SECONDS,
            "export_seconds": EXPORT_SECONDS,
            "export_peak_mb": EXPORT_PEAK_MB,
            "first_page_kb": FIRST_PAGE_KB,
            "later_page_kb": LATER_PAGE_KB,
        },
        "floor_ms": floor_ms,
        "rows": [asdict(r) for r in rows],
        "first_page": weight,
        "misses": misses,
    }
    path_ = out / f"bench-{now:%Y-%m-%d}.json"
    path_.write_text(json.dumps(data, indent=2, default=str))
    print(f"\nwritten to {path_.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
