import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from kotaku import media
from monitoring.models import Attachment


@pytest.fixture
def photo(world):
    visit = world.ours["visit"]
    attachment = Attachment(visit=visit, kind=Attachment.Kind.PHOTO, uploaded_by=visit.created_by)
    attachment.file.save("x.jpg", ContentFile(b"\xff\xd8\xffjpeg-bytes"), save=False)
    attachment.save()
    return attachment


def test_a_reader_of_the_visit_downloads_its_photo(client, world, photo):
    client.force_login(world.users["pemda"])
    response = client.get(photo.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\xff\xd8\xffjpeg-bytes"
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=3600"


@pytest.mark.parametrize("persona", ["fasilitator_other", "kmw_other", "unassigned"])
def test_a_forwarded_link_does_not_work_outside_the_area(client, world, photo, persona):
    client.force_login(world.users[persona])
    assert client.get(photo.file.url).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, photo):
    response = client.get(photo.file.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("path", ["visits/../../settings.py", "other/file.txt", "visits/nope.jpg"])
def test_unknown_or_crafted_paths_are_not_found(client, world, path):
    client.force_login(world.users["pusat"])
    assert client.get(reverse("media", args=[path])).status_code == 404


@pytest.mark.parametrize("persona", ["pemda", "kmw"])
def test_a_download_asks_the_database_once_for_the_file_owner(
    client, world, photo, persona, django_assert_num_queries
):
    client.force_login(world.users[persona])
    client.get(reverse("home"))  # the session and scope queries of a first request
    # Session, user, assignments (and a KMW's cities), then one query for the owner.
    expected = {"pemda": 4, "kmw": 5}[persona]
    with django_assert_num_queries(expected):
        assert client.get(photo.file.url).status_code == 200


def test_each_app_registers_the_owners_of_its_uploads():
    assert sorted(media._owners) == ["bdc/", "rktl/", "visits/"]


def test_an_upload_prefix_has_one_owner():
    with pytest.raises(ValueError, match="already have an owner"):
        media.register_upload_owner("visits/", lambda user, path: True)
    with pytest.raises(ValueError, match="ends with a slash"):
        media.register_upload_owner("visits", lambda user, path: True)


@pytest.mark.parametrize(("name", "content_type"), [("x.pdf", "application/pdf"),
    ("x.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("x.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])  # fmt: skip
def test_a_document_is_always_served_as_a_download(client, world, name, content_type):
    visit = world.ours["visit"]
    document = Attachment(visit=visit, kind=Attachment.Kind.FILE, uploaded_by=visit.created_by)
    document.file.save(name, ContentFile(b"%PDF-1.4 document-bytes"), save=False)
    document.save()
    client.force_login(world.users["pemda"])
    response = client.get(document.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    stored = document.file.name.rsplit("/", 1)[-1]
    assert response["Content-Disposition"] == f'attachment; filename="{stored}"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_photo_is_shown_inline(client, world, photo):
    client.force_login(world.users["pemda"])
    response = client.get(photo.file.url)
    assert response["Content-Disposition"].startswith("inline")
