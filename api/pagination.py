"""Cursor paging: a page stays stable while rows are inserted or changed, and is as fast on
page 500 as on page 1 (no OFFSET). Ordered by primary key, so new rows come last."""

from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    ordering = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
