"""Found by the load test: a visit submitted with no user in its audit trail (the demo data,
a data migration, a shell) broke its page with a 500."""

from django.urls import reverse

from monitoring.models import Visit


def test_a_submission_recorded_without_a_user_shows_a_dash(client, world):
    visit = world.ours["visit"]
    visit.status = Visit.Status.SUBMITTED
    visit.save()  # outside a request: the history record has no user
    assert visit.history.first().history_user is None
    client.force_login(world.users["korkot"])
    response = client.get(reverse("monitoring:visit_detail", args=[visit.code]))
    assert response.status_code == 200
    timeline = response.content.decode().split('data-testid="visit-timeline"')[1]
    assert "—" in timeline.split("</ol>")[0]
