"""Unsubscribe links: signed, per kind, usable signed out; GET asks, POST unsubscribes."""

import pytest
from django.core import signing
from django.urls import reverse

from notifications.delivery import send_due
from notifications.kinds import EmailMode, Kind
from notifications.models import EmailPreference
from notifications.services import notify
from notifications.tokens import SALT, unsubscribe_token


def url(token: str) -> str:
    return reverse("notifications:unsubscribe", args=[token])


def mode(user, kind) -> str | None:
    return (
        EmailPreference.objects.filter(user=user, kind=kind).values_list("mode", flat=True).first()
    )


def test_a_valid_link_asks_first_then_unsubscribes_that_kind_only(client, world):
    korkot = world.users["korkot"]
    link = url(unsubscribe_token(korkot, Kind.RKTL_DONE))
    page = client.get(link)  # signed out
    assert page.status_code == 200
    assert 'data-testid="unsubscribe-confirm"' in page.content.decode()
    assert mode(korkot, Kind.RKTL_DONE) is None  # a GET (a mail scanner) changes nothing
    page = client.post(link)
    assert page.status_code == 200
    assert 'data-testid="unsubscribe-done"' in page.content.decode()
    assert mode(korkot, Kind.RKTL_DONE) == EmailMode.OFF
    assert mode(korkot, Kind.REVIEW_WAITING) is None
    assert EmailPreference.objects.count() == 1


# Each token is signed at collection time, which embeds a timestamp: the ids are
# fixed so that every xdist worker collects the same test names.
@pytest.mark.parametrize(
    "token",
    [
        pytest.param("nonsense", id="not-signed"),
        pytest.param(
            signing.dumps({"u": 1, "k": "rktl_done"}, salt="another.salt"), id="other-salt"
        ),
        pytest.param(signing.dumps({"u": 1, "k": "no_such_kind"}, salt=SALT), id="unknown-kind"),
        pytest.param(signing.dumps({"u": "1", "k": "rktl_done"}, salt=SALT), id="user-not-int"),
    ],
)
def test_a_forged_or_malformed_link_is_refused(client, world, token):
    for call in (client.get, client.post):
        page = call(url(token))
        assert page.status_code == 400
        assert 'data-testid="unsubscribe-invalid"' in page.content.decode()
    assert not EmailPreference.objects.exists()


def test_a_tampered_link_is_refused(client, world):
    token = unsubscribe_token(world.users["korkot"], Kind.RKTL_DONE)
    rest = token.split(":", 1)[1]
    other = unsubscribe_token(world.users["kmw"], Kind.RKTL_DONE).split(":", 1)[0]
    assert client.post(url(f"{other}:{rest}")).status_code == 400
    assert not EmailPreference.objects.exists()


def test_the_link_in_a_mail_stops_that_kind_of_mail(client, world, emails, mailoutbox):
    korkot = world.users["korkot"]

    def tell(kind, record):
        notify(
            user_ids=[korkot.pk],
            kind=kind,
            event="submitted",
            city=world.metro,
            record=record,
            url="/visits/A/",
            params={"title": "Monev"},
        )

    tell(Kind.REVIEW_WAITING, "visit:A")
    send_due()
    link = next(w for w in mailoutbox[0].body.split() if "/notifications/unsubscribe/" in w)
    assert client.post(link.removeprefix("http://127.0.0.1:8000")).status_code == 200
    tell(Kind.REVIEW_WAITING, "visit:B")
    tell(Kind.VISIT_RETURNED, "visit:C")
    assert send_due() == 1
    assert [m.subject for m in mailoutbox[1:]] == ["[KOTAKU Monev] Kunjungan dikembalikan"]
