"""The Indonesian catalogue is complete, has no fuzzy entries, and its compiled file is current."""

import gettext
import itertools
import shutil
import subprocess
import sys
from pathlib import Path

import django
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
PO = BASE_DIR / "locale" / "id" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# Corrections to the Indonesian of the Django admin's scripts, kept by hand.
JS_PO = PO.with_name("djangojs.po")
DJANGO_DIR = Path(django.__file__).parent
COPY_IGNORE = shutil.ignore_patterns(".venv", "var", ".git", "__pycache__", "node_modules", "*.mo")


def _entries(po_text: str) -> list[dict]:
    """A tiny .po reader: enough to find empty and fuzzy translations."""
    entries, current, key = [], None, None
    for line in [*po_text.splitlines(), ""]:
        if not line.strip():
            if current and current.get("msgid") is not None:
                entries.append(current)
            current, key = None, None
            continue
        current = current or {"flags": ""}
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith(("msgid ", "msgid_plural ", "msgstr")):
            key, _, rest = line.partition(" ")
            current[key] = rest.strip()[1:-1]
        elif line.startswith('"') and key:
            current[key] += line.strip()[1:-1]
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


def test_every_source_string_is_in_the_catalogue_and_translated(tmp_path):
    # Extract the strings from a copy of the sources, so the working tree is left alone.
    copy = tmp_path / "src"
    shutil.copytree(BASE_DIR, copy, ignore=COPY_IGNORE)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "id",
            "--no-obsolete",
            "--ignore",
            "tests/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = _entries((copy / PO.relative_to(BASE_DIR)).read_text())
    committed = {e["msgid"] for e in _entries(PO.read_text())}

    missing = sorted({e["msgid"] for e in fresh} - committed)
    assert not missing, f"run `make messages` and translate: {missing[:20]}"
    untranslated = [e["msgid"] for e in fresh if not e.get("msgstr") and not e.get("msgstr[0]")]
    assert not untranslated, f"untranslated Indonesian entries: {untranslated[:20]}"


def test_no_entry_is_fuzzy():
    fuzzy = [e["msgid"] for e in _entries(PO.read_text()) if "fuzzy" in e["flags"]]
    assert not fuzzy, f"fuzzy entries need a translator's review: {fuzzy[:20]}"


@pytest.mark.parametrize("po", [PO, JS_PO], ids=["django", "djangojs"])
def test_the_compiled_catalogue_matches_the_source(tmp_path, po):
    fresh_mo = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh_mo), str(po)], check=True)
    with po.with_suffix(".mo").open("rb") as committed, fresh_mo.open("rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == (
            gettext.GNUTranslations(compiled)._catalog
        ), f"locale/id/LC_MESSAGES/{po.stem}.mo is out of date: run `make messages`"


def _django_msgids(domain: str) -> set:
    """Every msgid of Django's own Indonesian catalogues of `domain` (all of its apps)."""
    found = set()
    for mo in itertools.chain(
        DJANGO_DIR.glob(f"conf/locale/id/LC_MESSAGES/{domain}.mo"),
        DJANGO_DIR.glob(f"contrib/*/locale/id/LC_MESSAGES/{domain}.mo"),
    ):
        with mo.open("rb") as f:
            found |= set(gettext.GNUTranslations(f)._catalog)
    return found


def test_our_corrections_of_djangos_indonesian_still_match_djangos_strings():
    # A correction whose msgid Django no longer uses would silently stop applying.
    from kotaku.django_strings import CORRECTED

    assert set(CORRECTED) <= _django_msgids("django")
    with JS_PO.with_suffix(".mo").open("rb") as f:
        ours = {msgid for msgid in gettext.GNUTranslations(f)._catalog if msgid}
    assert ours <= _django_msgids("djangojs")
