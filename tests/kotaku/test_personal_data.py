"""Attendees' and members' names, disability and phone numbers: the facilitators, Korkot, KMW
and Pusat of the area see them; the Pemda viewer sees totals and organisations only, on pages,
PDFs and exports alike. One predicate decides: kotaku.access.can_see_personal_data."""

import pytest
from django.urls import reverse

from bdc.models import BdcPerson
from kotaku.access import can_see_personal_data
from ksm.models import Ksm, Member
from monitoring.models import Attendee
from tests.ksm.sheets import cells, download
from tests.monitoring.test_reports import pdf_text

ATTENDEE = "Budi Metro"  # the world's attendee of our visit
MEMBER = "Siti Metro"  # the world's member of our KSM
PHONE = "0812-7788-9900"
CHAIR = "Ibu Wartini"
KOMITE = "Ketua Komite Metro"

EXPECTED = {
    "fasilitator": True,
    "korkot": True,
    "kmw": True,
    "pusat": True,
    "pemda": False,
    # Outside the area: they do not even read the records.
    "fasilitator_other": False,
    "korkot_other": False,
    "kmw_other": False,
    "pemda_other": False,
    "unassigned": False,
}


@pytest.fixture
def people(world):
    """A disabled attendee from an agency, a KSM chair with a phone number, a disabled member."""
    Attendee.objects.create(
        visit=world.ours["visit"],
        name="Rina Disabilitas",
        organisation="Bappeda Kota Metro",
        gender="P",
        has_disability=True,
    )
    Ksm.objects.filter(pk=world.ours["ksm"].pk).update(chair_name=CHAIR, phone=PHONE)
    Member.objects.create(ksm=world.ours["ksm"], name="Joko Tuli", gender="L", has_disability=True)
    BdcPerson.objects.filter(name=KOMITE).update(phone=PHONE)
    return world


@pytest.mark.parametrize(("persona", "sees"), EXPECTED.items())
def test_the_one_predicate_answers_per_role(world, persona, sees):
    assert can_see_personal_data(world.users[persona], world.metro.pk) is sees


def page(client, world, persona, url) -> str:
    client.force_login(world.users[persona])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_visit_page_shows_names_to_the_korkot_and_organisations_to_pemda(client, people):
    url = reverse("monitoring:visit_detail", args=[people.ours["visit"].code])
    korkot = page(client, people, "korkot", url)
    assert ATTENDEE in korkot and "Rina Disabilitas" in korkot
    pemda = page(client, people, "pemda", url)
    assert ATTENDEE not in pemda and "Rina Disabilitas" not in pemda
    assert "disabilitas</span>" not in pemda  # no per-person disability badge
    assert "Bappeda Kota Metro" in pemda  # organisations, and the totals
    assert 'data-testid="attendance-totals"' in pemda and "1 penyandang disabilitas" in pemda


def test_the_visit_report_pdf_lists_names_for_the_korkot_only(client, people):
    url = reverse("monitoring:visit_report_pdf", args=[people.ours["visit"].code])
    client.force_login(people.users["korkot"])
    korkot = pdf_text(client.get(url).content)
    assert ATTENDEE in korkot and "Rina Disabilitas" in korkot
    client.force_login(people.users["pemda"])
    pemda = pdf_text(client.get(url).content)
    assert ATTENDEE not in pemda and "Rina Disabilitas" not in pemda
    assert "Bappeda Kota Metro" in pemda


def test_the_ksm_page_shows_members_and_contacts_to_the_korkot_only(client, people):
    url = reverse("ksm:ksm_detail", args=[people.ours["ksm"].code])
    korkot = page(client, people, "korkot", url)
    assert MEMBER in korkot and "Joko Tuli" in korkot and PHONE in korkot and CHAIR in korkot
    pemda = page(client, people, "pemda", url)
    for private in (MEMBER, "Joko Tuli", PHONE, CHAIR):
        assert private not in pemda  # the change history included
    assert "2 anggota: 1 laki-laki, 1 perempuan, 1 penyandang disabilitas" in pemda


def test_the_quick_status_export_leaves_out_names_and_phones_for_pemda(client, people):
    url = reverse("ksm:quick_status")
    client.force_login(people.users["korkot"])
    korkot = str(cells(download(client.get(url, {"year": "2026"}))))
    assert MEMBER in korkot and PHONE in korkot and CHAIR in korkot
    client.force_login(people.users["pemda"])
    workbook = cells(download(client.get(url, {"year": "2026"})))
    pemda = str(workbook)
    for private in (MEMBER, "Joko Tuli", PHONE, CHAIR):
        assert private not in pemda
    header, *rows = workbook["Quick Status"]
    assert rows[0][header.index("Anggota (jumlah)")] == 2  # active members, still counted


def test_the_bdc_page_and_profile_name_the_komite_for_the_korkot_only(client, people):
    url = reverse("bdc:bdc_detail", args=[people.metro.code])
    assert KOMITE in page(client, people, "korkot", url)
    pemda = page(client, people, "pemda", url)
    assert KOMITE not in pemda and PHONE not in pemda
    assert "Ketua" in pemda  # the position stays
    pdf = reverse("bdc:bdc_profile_pdf", args=[people.metro.code])
    client.force_login(people.users["pemda"])
    assert KOMITE not in pdf_text(client.get(pdf).content)
    client.force_login(people.users["korkot"])
    assert KOMITE in pdf_text(client.get(pdf).content)
