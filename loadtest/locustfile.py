"""Load test: the people of every role using the app at once, against a seeded demo database.

Run by `make loadtest` (scripts/loadtest.sh), which seeds a PostgreSQL database and starts
gunicorn. Each simulated user signs in as a demo login of its role, then mixes the main pages
with form posts that can be repeated without end: progress reports on RKTL items (the item
stays "in progress"), requests for a new deadline (facilitators) and decisions on them (Korkot,
KMW), new KSM members with unique names.
"""

import itertools
import random
import re
import uuid
from datetime import date, timedelta

from locust import HttpUser, between, task

PASSWORD = "kotaku-demo-2026"
CODE = r"([A-Z0-9]{10})"
_counter = itertools.count()


class Role(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # people read a page before the next click
    # Demo logins of the role -> a city (code) in their area, for its BDC page.
    usernames: dict[str, str] = {}

    def on_start(self) -> None:
        # The role's logins in turn: several simulated people may share one.
        self.username = list(self.usernames)[next(_counter) % len(self.usernames)]
        self.city = self.usernames[self.username]
        page = self.client.get("/accounts/login/", name="/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="/accounts/login/ (POST)",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure(f"sign-in of {self.username} failed")
        self.visits = self._codes("/visits/", r'href="/visits/' + CODE + '/"')
        self.rktl = self._codes("/rktl/?status=proses", r'href="/rktl/' + CODE + '/"')
        self.ksms = self._codes("/ksm/", r'href="/ksm/' + CODE + '/"')

    def _codes(self, url: str, pattern: str) -> list[str]:
        page = self.client.get(url, name=url.split("?")[0] + (" (filtered)" if "?" in url else ""))
        return sorted(set(re.findall(pattern, page.text)))

    def _post(self, url: str, data: dict, name: str) -> None:
        """A form post as a browser sends it: with the CSRF token, the Referer over HTTP."""
        data["csrfmiddlewaretoken"] = self.client.cookies.get("csrftoken", "")
        with self.client.post(url, data, name=name, catch_response=True) as response:
            # A refused form is re-rendered with 422; a redirect followed to a page is success.
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {name}")

    # ---- Pages every role reads ---------------------------------------------------------

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(3)
    def visit_list(self) -> None:
        self.client.get("/visits/", name="/visits/")

    @task(3)
    def visit_page(self) -> None:
        if self.visits:
            self.client.get(f"/visits/{random.choice(self.visits)}/", name="/visits/[code]/")

    @task(3)
    def rktl_list(self) -> None:
        query = random.choice(["", "?status=proses", "?overdue=on", "?sort=-deadline&page=2"])
        self.client.get(f"/rktl/{query}", name="/rktl/ (filters)")

    @task(2)
    def rktl_item(self) -> None:
        if self.rktl:
            self.client.get(f"/rktl/{random.choice(self.rktl)}/", name="/rktl/[code]/")

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/dashboard/", name="/dashboard/")

    @task(2)
    def ksm_pages(self) -> None:
        self.client.get("/ksm/?q=a", name="/ksm/ (search)")
        if self.ksms:
            self.client.get(f"/ksm/{random.choice(self.ksms)}/", name="/ksm/[code]/")

    @task(1)
    def bdc_page(self) -> None:
        self.client.get(f"/bdc/{self.city}/", name="/bdc/[city]/")

    @task(1)
    def visit_report(self) -> None:
        # PDFs take a second or more to build: people print now and then.
        if self.visits and random.random() < 0.2:
            code = random.choice(self.visits)
            self.client.get(f"/visits/{code}/report.pdf", name="/visits/[code]/report.pdf")

    def _item_page(self) -> tuple[str, str] | None:
        """A random item's code and page, as a person opens it before acting on it."""
        if not self.rktl:
            return None
        code = random.choice(self.rktl)
        return code, self.client.get(f"/rktl/{code}/", name="/rktl/[code]/").text

    def _ask_deadline(self) -> None:
        # The form is on the page only while no request waits (one at a time per item).
        opened = self._item_page()
        if opened and f'action="/rktl/{opened[0]}/deadline/"' in opened[1]:
            new = date.today() + timedelta(days=random.randint(30, 365))
            data = {"deadline": new.isoformat(), "reason": "Jadwal disesuaikan (uji beban)"}
            self._post(f"/rktl/{opened[0]}/deadline/", data, "/rktl/[code]/deadline/ (POST)")

    def _decide_deadline(self) -> None:
        opened = self._item_page()
        if not opened:
            return
        found = re.search(rf'action="/rktl/{opened[0]}/deadline/(\d+)/decide/"', opened[1])
        if found:
            url = f"/rktl/{opened[0]}/deadline/{found.group(1)}/decide/"
            self._post(url, {"decision": "approve"}, "/rktl/[code]/deadline/[pk]/decide/ (POST)")


class Fasilitator(Role):
    weight = 4  # most users are facilitators
    usernames = {
        "fasilitator-metro": "1872",
        "fasilitator-medan": "1275",
        "fasilitator-bandung": "3273",
    }

    @task(3)
    def report_progress(self) -> None:
        if self.rktl:
            code = random.choice(self.rktl)
            data = {
                "status": "proses",
                "note": f"Kemajuan dilaporkan (uji beban {uuid.uuid4().hex[:8]})",
            }
            self._post(f"/rktl/{code}/progress/", data, "/rktl/[code]/progress/ (POST)")

    @task(1)
    def add_member(self) -> None:
        if self.ksms:
            code = random.choice(self.ksms)
            data = {"name": f"Anggota {uuid.uuid4().hex[:10]}", "gender": random.choice("LP")}
            self._post(f"/ksm/{code}/members/new/", data, "/ksm/[code]/members/new/ (POST)")

    @task(1)
    def ask_deadline(self) -> None:
        self._ask_deadline()


class Korkot(Role):
    weight = 2
    usernames = {"korkot-metro": "1872", "korkot-medan": "1275"}

    @task(2)
    def decide_deadline(self) -> None:
        self._decide_deadline()


class Kmw(Role):
    weight = 1
    usernames = {"kmw-lampung": "1871", "kmw-sumut": "1275"}

    @task(1)
    def decide_deadline(self) -> None:
        self._decide_deadline()


class Pusat(Role):
    weight = 1
    usernames = {"admin": "3273"}

    def on_start(self) -> None:
        super().on_start()
        # The RKTL report of one city (by its id, read from the list's city filter).
        page = self.client.get("/rktl/", name="/rktl/ (filters)")
        self.city_ids = re.findall(r'<option value="(\d+)">Kota ', page.text)

    @task(1)
    def rktl_report(self) -> None:
        if self.city_ids and random.random() < 0.2:
            city = random.choice(self.city_ids)
            self.client.get(f"/rktl/report.pdf?city={city}", name="/rktl/report.pdf?city=")
