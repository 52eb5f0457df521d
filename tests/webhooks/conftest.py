"""A receiver of webhooks on 127.0.0.1: a real HTTP server in a thread that records every
request and answers as the test says."""

import threading
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import User
from django.db.models import Value
from django.db.models.functions import Concat

from webhooks.models import Event, Webhook


@dataclass
class Received:
    method: str
    path: str
    headers: Message
    body: bytes


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.received: list[Received] = []
        # (status, extra headers) for each request in turn; the last one repeats.
        self.answers: list[tuple[int, dict]] = [(200, {})]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def answer(self, status: int, **headers) -> None:
        self.answers = [(status, headers)]

    def next_answer(self) -> tuple[int, dict]:
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]

    @property
    def posts(self) -> list[Received]:
        return [r for r in self.received if r.method == "POST"]


class Handler(BaseHTTPRequestHandler):
    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        # The headers as a message: looked up by name whatever their case, as frameworks do.
        self.server.received.append(Received(self.command, self.path, self.headers, body))
        status, headers = self.server.next_answer()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_POST = do_GET = _handle

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = Receiver()
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def make_hook(owner, city, url, events=None, **kwargs) -> Webhook:
    return Webhook.objects.create(
        owner=owner, city=city, url=url, events=events or list(Event.values), **kwargs
    )


@pytest.fixture
def metro_hook(world, receiver):
    """Our Korkot's hook for Kota Metro, every event, delivered to the receiver."""
    return make_hook(world.users["korkot"], world.metro, f"{receiver.url}/metro")


@pytest.fixture
def emails(world):
    """Every persona has an address: <username>@example.org."""
    User.objects.update(email=Concat("username", Value("@example.org")))
