"""Cursor pages: a stable walk through a long list even while rows are added."""

from rest_framework.pagination import CursorPagination


class Paged(CursorPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-pk"
