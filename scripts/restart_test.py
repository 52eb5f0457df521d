"""Restart test: PostgreSQL goes away under load and comes back; the app must ride it out.

    .venv/bin/python scripts/restart_test.py        # or: make restart-test

Starts a throwaway PostgreSQL server of its own (a temporary directory, port 5544), seeds the
demo data, serves it with gunicorn as in production (persistent connections included), and
runs a few signed-in clients that read pages and report RKTL progress, each report with a
unique marker. Mid-run the database is stopped for a few seconds and started again. Checked:
- no answer is a 500, a dropped connection or a hang, before, during or after the outage;
- during the outage every answer is the 503 page;
- afterwards requests succeed again, without restarting gunicorn;
- every report the app acknowledged (redirect to the item with the success message) is in
  the database exactly once, and no report is there twice.
Prints a summary and exits 1 on any violation. The server and its directory are removed at
the end. Run as root (it starts PostgreSQL as the `postgres` user) or as that user.
"""

import argparse
import contextlib
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PYTHON = ROOT / ".venv" / "bin" / "python"
PASSWORD = "kotaku-demo-2026"
USER = "fasilitator-metro"
TIMEOUT = 15  # seconds: an answer slower than this is a hang


@dataclass
class Result:
    started: float
    ended: float
    kind: str  # "page" or "report"
    status: int | None  # None: no HTTP answer (reset, refused, timeout)
    error: str = ""
    marker: str = ""
    acknowledged: bool = False
    unavailable_page: bool = False


def run(*command, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, **kwargs)


class Postgres:
    """A PostgreSQL server in a temporary directory, owned by the `postgres` user."""

    def __init__(self, port: int):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="kotaku-restart-"))
        self.data = self.dir / "data"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_postgres:
            shutil.chown(self.dir, "postgres")

    def ctl(self, *args: str) -> None:
        run(*self.as_postgres, str(PG_BIN / "pg_ctl"), "-D", str(self.data), *args,
            stdout=subprocess.DEVNULL)  # fmt: skip

    def init(self) -> None:
        run(*self.as_postgres, str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust",
            "-U", "postgres", stdout=subprocess.DEVNULL)  # fmt: skip
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self.ctl("-o", options, "-l", str(self.dir / "log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self.ctl("-m", mode, "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # not running
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client(threading.Thread):
    """One signed-in facilitator: reads pages and reports progress until told to stop."""

    counter = iter(range(1, 10**9))
    lock = threading.Lock()

    def __init__(self, base: str, items: list[str], results: list, stop: threading.Event):
        super().__init__(daemon=True)
        self.base, self.items, self.results, self.stop_event = base, items, results, stop
        self.http = requests.Session()

    def sign_in(self) -> None:
        page = self.http.get(f"{self.base}/accounts/login/", timeout=TIMEOUT)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        data = {"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": token}
        answer = self.http.post(f"{self.base}/accounts/login/", data, timeout=TIMEOUT)
        assert "/accounts/login/" not in answer.url, "sign-in failed"

    def run(self) -> None:
        n = 0
        while not self.stop_event.is_set():
            n += 1
            item = self.items[n % len(self.items)]
            if n % 2:
                self.request("page", "GET", f"/rktl/{item}/")
            else:
                with self.lock:
                    marker = f"restart-{next(self.counter)}"
                data = {
                    "status": "proses",
                    "note": marker,
                    "csrfmiddlewaretoken": self.http.cookies.get("csrftoken", ""),
                }
                self.request("report", "POST", f"/rktl/{item}/progress/", data, marker)
            time.sleep(0.1)

    def request(self, kind, method, path, data=None, marker="") -> None:
        started = time.monotonic()
        try:
            answer = self.http.request(method, self.base + path, data=data, timeout=TIMEOUT)
        except requests.RequestException as error:
            result = Result(started, time.monotonic(), kind, None, type(error).__name__, marker)
        else:
            result = Result(started, time.monotonic(), kind, answer.status_code, marker=marker)
            result.unavailable_page = 'data-testid="unavailable"' in answer.text
            # Acknowledged: redirected to the item's page, which shows the success message.
            result.acknowledged = (
                kind == "report"
                and answer.status_code == 200
                and bool(answer.history)
                and "alert-success" in answer.text
            )
        self.results.append(result)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=5544, help="of the throwaway PostgreSQL")
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--before", type=float, default=15, help="seconds of load before")
    parser.add_argument("--outage", type=float, default=5, help="seconds the database is down")
    parser.add_argument("--after", type=float, default=20, help="seconds of load after")
    args = parser.parse_args()

    pg = Postgres(args.port)
    gunicorn = None
    try:
        print(f"== PostgreSQL on port {args.port} in {pg.dir}")
        pg.init()
        dsn = f"postgres://postgres@127.0.0.1:{args.port}/kotaku_restart"
        with psycopg.connect(f"postgres://postgres@127.0.0.1:{args.port}/postgres",
                             autocommit=True) as conn:  # fmt: skip
            conn.execute("CREATE DATABASE kotaku_restart")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "DATABASE_URL": dsn,
            "CONN_MAX_AGE": "60",  # as in production: kept connections must be replaced
            "STATIC_ROOT": str(pg.dir / "static"),
            "MEDIA_ROOT": str(pg.dir / "media"),
            "LOG_LEVEL": "WARNING",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "2",
        }
        print("== migrate, seed the demo data, collect static files")
        for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo", "--force"],
                        ["collectstatic", "--noinput", "-v", "0"]):  # fmt: skip
            run(str(PYTHON), "manage.py", *command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
        log = open(pg.dir / "gunicorn.log", "w")  # noqa: SIM115  open while gunicorn runs
        gunicorn = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--config", "gunicorn.conf.py",
             "--access-logfile", "/dev/null"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        for _ in range(60):
            try:
                if requests.get(f"{base}/healthz", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        print(f"== gunicorn on {base}, pid {gunicorn.pid}")

        probe = Client(base, [], [], threading.Event())
        probe.sign_in()
        page = probe.http.get(f"{base}/rktl/?status=proses", timeout=TIMEOUT).text
        items = sorted(set(re.findall(r'href="/rktl/([A-Z0-9]{10})/"', page)))[:5]
        assert items, "no RKTL item in progress in the demo data"

        results: list[Result] = []
        stop = threading.Event()
        clients = [Client(base, items, results, stop) for _ in range(args.clients)]
        for client in clients:
            client.sign_in()
            client.start()
        print(f"== {args.clients} clients for {args.before:.0f} s, then the database stops")
        time.sleep(args.before)
        down = time.monotonic()
        pg.stop("fast")
        stopped = time.monotonic()
        time.sleep(args.outage)
        pg.start()
        up = time.monotonic()
        print(f"== database down {up - down:.1f} s; load for {args.after:.0f} s more")
        time.sleep(args.after)
        stop.set()
        for client in clients:
            client.join(TIMEOUT + 5)
        gunicorn_alive = gunicorn.poll() is None

        with psycopg.connect(dsn.replace("postgres://", "postgresql://")) as conn:
            stored = Counter(
                note
                for (note,) in conn.execute(
                    "SELECT note FROM monitoring_rktlupdate WHERE note LIKE 'restart-%%'"
                )
            )
        return report(results, stored, down, stopped, up, gunicorn_alive)
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(30)
        pg.remove()


def report(results, stored: Counter, down: float, stopped: float, up: float, alive: bool) -> int:
    violations = []
    before = [r for r in results if r.ended < down]
    # Entirely within the outage: sent after the server had stopped, answered before it was up.
    during = [r for r in results if r.started >= stopped and r.ended <= up]
    after = [r for r in results if r.started >= up]
    successes_after = [r for r in after if r.status == 200]
    first_success = min((r.ended for r in successes_after), default=None)
    recovery = first_success - up if first_success is not None else None

    for r in results:
        if r.status is None:
            violations.append(f"no answer ({r.error}) at {r.started - down:+.1f} s")
        elif r.status not in (200, 503):
            violations.append(f"{r.status} for a {r.kind} at {r.started - down:+.1f} s")
        elif r.status == 503 and not r.unavailable_page:
            violations.append(f"503 without the unavailable page at {r.started - down:+.1f} s")
    if [r for r in during if r.status != 503]:
        violations.append("during the outage, answers other than 503")
    if not during:
        violations.append("no request fell within the outage: lengthen --outage")
    if recovery is None:
        violations.append("no request succeeded after the database came back")
    else:
        late = [r for r in after if r.started > first_success and r.status != 200]
        if late:
            violations.append(f"{len(late)} failures after recovery")
    if not alive:
        violations.append("gunicorn died")
    acknowledged = [r.marker for r in results if r.acknowledged]
    lost = [m for m in acknowledged if stored[m] != 1]
    doubled = [m for m, n in stored.items() if n > 1]
    if lost:
        violations.append(f"acknowledged but not stored exactly once: {lost[:10]}")
    if doubled:
        violations.append(f"stored twice: {doubled[:10]}")

    reports = [r for r in results if r.kind == "report"]
    print(f"requests            {len(results)} ({len(reports)} progress reports)")
    print(f"  before outage     {len(before)}, all 200: {all(r.status == 200 for r in before)}")
    print(
        f"  during outage     {len(during)}, answered 503: {sum(r.status == 503 for r in during)}"
    )
    print(f"  503 in all        {sum(r.status == 503 for r in results)}")
    print(f"  after restart     {len(after)}, answered 200: {len(successes_after)}")
    print(
        f"recovery            {recovery:.2f} s after the database was up"
        if recovery is not None
        else "recovery            never"
    )
    print(
        f"reports acknowledged {len(acknowledged)}, stored {sum(stored.values())}, "
        f"lost {len(lost)}, doubled {len(doubled)}"
    )
    print(f"slowest answer      {max(r.ended - r.started for r in results):.2f} s")
    for violation in violations:
        print(f"VIOLATION: {violation}")
    print("FAILED" if violations else "PASSED")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
