import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

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
