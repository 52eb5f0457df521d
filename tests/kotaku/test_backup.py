"""`manage.py backup` and `restore` round-trip the database and the uploaded files.

Runs on whichever database the suite uses: SQLite (the backup API) or PostgreSQL (pg_dump and
pg_restore, which CI installs).
"""

import json
import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from kotaku import kept, versions
from kotaku.models import CityVersion
from monitoring.models import Attachment, Visit
from tests.world import create_program_data

pytestmark = pytest.mark.django_db(transaction=True)

PHOTO = b"\xff\xd8\xff backed-up photo"


@pytest.fixture(autouse=True)
def program_data(transactional_db):
    """The pilot cities and default checklist, which a flush after an earlier test removed."""
    create_program_data()


@pytest.fixture
def backed_up(world, tmp_path):
    """The shared world plus a photo, written to an archive."""
    visit = world.ours["visit"]
    attachment = Attachment(visit=visit, kind=Attachment.Kind.PHOTO, uploaded_by=visit.created_by)
    attachment.file.save("backup.jpg", ContentFile(PHOTO), save=False)
    attachment.save()
    archive = tmp_path / "kotaku.tar.gz"
    call_command("backup", output=archive, verbosity=0)
    return archive, visit, attachment


def test_the_archive_holds_a_manifest_the_database_and_the_files(backed_up):
    archive, _visit, attachment = backed_up
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        assert tar.extractfile(f"media/{attachment.file.name}").read() == PHOTO
    assert {"database.dump", "database.sqlite3"} & set(names)
    assert manifest["database"] == connection.vendor
    assert manifest["counts"]["monitoring.Visit"] == Visit.objects.count()
    assert manifest["counts"]["auth.User"] == get_user_model().objects.count()
    assert manifest["migrations"]["monitoring"].startswith("00")
    assert manifest["media_files"] >= 1


def test_restore_puts_back_records_and_files(backed_up, capsys):
    archive, visit, attachment = backed_up
    visits = Visit.objects.count()
    # What a bad day does: a record deleted, another changed, a file gone, an account added.
    Attachment.objects.filter(pk=attachment.pk).delete()
    Visit.objects.filter(pk=visit.pk).update(title="overwritten")
    default_storage.delete(attachment.file.name)
    get_user_model().objects.create(username="stray")

    call_command("restore", archive, force=True)

    ContentType.objects.clear_cache()
    assert Visit.objects.count() == visits
    assert Visit.objects.get(pk=visit.pk).title == visit.title
    assert Attachment.objects.get(pk=attachment.pk).file.name == attachment.file.name
    with default_storage.open(attachment.file.name) as restored:
        assert restored.read() == PHOTO
    assert not get_user_model().objects.filter(username="stray").exists()
    assert "Restored" in capsys.readouterr().out


def test_after_a_restore_no_city_version_comes_back(backed_up):
    # Counts kept under a version live in each web process's memory, which a restore does not
    # reach: the changes made after it must not raise a city to a number it had before.
    archive, visit, _attachment = backed_up
    city = [visit.city_id]
    Visit.objects.filter(pk=visit.pk).update(title="changed after the backup")
    before_restore = kept.area_version(city)
    call_command("restore", archive, force=True)
    Visit.objects.filter(pk=visit.pk).update(title="changed after the restore")
    assert kept.area_version(city) not in (None, before_restore)
    assert CityVersion.objects.get(city_id=visit.city_id).n > versions.RESTORE_JUMP


def test_restore_refuses_a_database_with_accounts_unless_forced(backed_up):
    archive, visit, _attachment = backed_up
    Visit.objects.filter(pk=visit.pk).update(title="changed after the backup")
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", archive)
    assert Visit.objects.get(pk=visit.pk).title == "changed after the backup"


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(__file__, arcname="notes.txt")
    with pytest.raises(CommandError, match=r"manifest\.json"):
        call_command("restore", archive)
