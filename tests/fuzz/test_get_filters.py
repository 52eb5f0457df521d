"""The filters of every list, dashboard, report and export, fed hostile query strings.

A query string is typed, pasted and edited by hand: whatever it holds, the answer is a page
(perhaps with the field marked, answered 400), a redirect or a 404, never a 500. Each filter
form's fields are read from the form class, so a new filter is covered without being listed.
"""

import pytest
from django.test import Client
from django.urls import reverse

from api.records.filters import ApiKsmFilterForm
from ksm.forms import KsmFilterForm, QuickStatusForm
from monitoring.dashboard import DashboardFilterForm
from monitoring.forms import VisitFilterForm
from monitoring.rktl_forms import RktlFilterForm

PAGES = [
    ("monitoring:visit_list", VisitFilterForm),
    ("monitoring:rktl_list", RktlFilterForm),
    ("monitoring:rktl_export", RktlFilterForm),
    ("monitoring:rktl_export_csv", RktlFilterForm),
    ("monitoring:rktl_report_pdf", RktlFilterForm),
    ("monitoring:dashboard", DashboardFilterForm),
    ("ksm:ksm_list", KsmFilterForm),
    ("ksm:quick_status", QuickStatusForm),
    ("api:ksm-list", ApiKsmFilterForm),
    # The API's lists take the same forms (api/visits/filters.py).
    ("api:visit-list", VisitFilterForm),
    ("api:rktl-item-list", RktlFilterForm),
]

HOSTILE = [
    "99999999999999999999999",  # an id past 64 bits
    "-1",
    "\u00b2",  # a digit to str.isdigit(), not to int()
    "9" * 5000,  # more digits than int() reads
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "' OR 1=1 --\u0000",
    "\U0001f600" * 50 + "x" * 5000,
]


@pytest.mark.parametrize(("name", "form"), PAGES, ids=[name for name, _form in PAGES])
def test_no_filter_value_breaks_a_page(world, name, form):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["pusat"])
    url = reverse(name)
    for field in form.base_fields:
        for value in HOSTILE:
            response = client.get(url, {field: value})
            assert response.status_code in {200, 302, 400, 404}, (
                field,
                value,
                response.status_code,
            )
