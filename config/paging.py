"""Pages of a long list without counting all of it (issue 17).

Django's Paginator counts every row of the list to number its pages. At national scale that exact
count was the costliest query of a filtered case list (a coordinator's open cases of minors,
21,000 of 100,000: 165 ms to count, 9 ms to read the page). CappedPaginator counts at most
`cap` + 1 rows: up to the cap the count and the pages are exact ("312 cases", "Page 3 of 13");
above it the list says "More than 1,000 cases" and goes on page by page with Previous and Next,
each page reading one row more than it shows to know whether there is a next.
"""

from functools import cached_property

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator

from config.query_params import MAX_ID, parse_int

COUNT_CAP = 1000


class CappedPage(Page):
    def has_next(self) -> bool:
        if not self.paginator.is_capped:
            return super().has_next()
        return self.more_after

    def next_page_number(self) -> int:
        if not self.paginator.is_capped:
            return super().next_page_number()
        return self.number + 1

    def end_index(self) -> int:
        if not self.paginator.is_capped:
            return super().end_index()
        return self.start_index() + len(self.object_list) - 1


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int = COUNT_CAP, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        """The number of rows up to the cap; cap + 1 when there are more (see is_capped)."""
        # Neither the order nor the columns change how many rows there are: counted without them,
        # the database may stop at the first cap + 1 rows in whatever order it finds them.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        """More rows than the cap: the total is not known, and not shown."""
        return self.count > self.cap

    def validate_number(self, number) -> int:
        if not self.is_capped:
            return super().validate_number(number)
        # No larger than an offset the database can take (a hand-typed page=10**30 is page 1).
        value = parse_int(number, maximum=MAX_ID // self.per_page)
        if value is None:
            raise PageNotAnInteger(self.error_messages["invalid_page"])
        if value < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return value

    def page(self, number) -> Page:
        number = self.validate_number(number)
        if not self.is_capped:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        page = self._get_page(rows[: self.per_page], number, self)
        page.more_after = len(rows) > self.per_page
        return page

    def get_page(self, number) -> Page:
        """As Paginator.get_page, except that past the end of a list too long to count it gives the
        first page (the last one is not known)."""
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except InvalidPage:
            return self.page(1 if self.is_capped else self.num_pages)

    def _get_page(self, *args, **kwargs) -> Page:
        return CappedPage(*args, **kwargs)
