"""`make demo` tells the app where it serves: PDF links and QR codes point there."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def demo_commands(*make_args: str) -> str:
    """What `make demo` would run, without running it (`make -n`)."""
    result = subprocess.run(
        ["make", "-n", "demo", *make_args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.replace("\\\n", " ")  # continued lines as one


def runserver_line(commands: str) -> str:
    [line] = [line for line in commands.splitlines() if "manage.py runserver" in line]
    return line


@pytest.mark.parametrize(
    ("args", "address"),
    [((), "127.0.0.1:8000"), (("DEMO_ADDR=192.168.1.20:8123",), "192.168.1.20:8123")],
    ids=["default", "chosen"],
)
def test_the_demo_server_is_told_its_own_address(args, address):
    line = runserver_line(demo_commands(*args))
    assert line.endswith(f"manage.py runserver {address}")
    # The address printed in PDF reports and QR codes (settings.SITE_URL)...
    assert f"SITE_URL=http://{address}" in line
    # ...and a host name the app answers to, so that a phone on the network can open it.
    hosts = re.search(r"ALLOWED_HOSTS=(\S+)", line).group(1).split(",")
    assert address.split(":")[0] in hosts


def test_the_readme_documents_demo_addr_in_the_makefile_table():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Other Makefile targets", 1)[1].split("\n## ", 1)[0]
    assert "DEMO_ADDR" in table
