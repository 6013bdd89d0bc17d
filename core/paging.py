"""Pages of a long list without counting all of it (issue 17).

Django's Paginator counts every row of the list to number its pages. At national scale that exact
count was the costliest query of a filtered case list (a coordinator's open cases of minors,
21,000 of 100,000: 165 ms to count, 9 ms to read the page). CappedPaginator counts at most
`cap` + 1 rows: up to the cap the count and the pages are exact ("312 cases", "Page 3 of 13");
above it the list says "More than 1,000 cases" and goes on page by page with Previous and Next,
each page reading one row more than it shows to know whether there is a next.

Past the cap the pages are read by **keyset** ("the 25 cases after this one"), not by offset:
page 400 of a national list read and threw away 9,975 rows before its 25; its Next link now
carries the id of the page's last case (`after=`), Previous the id of its first (`before=`), and
the page's query starts where that case stands in the list's order, on the index the order uses,
whatever the page's number. A cursor is a case id she may see, as in any case's address: nothing
else about the case travels in the URL. A cursor that is no longer in the list (the case was
closed under an "open" filter, or the address was edited) falls back to the page's number.
"""

from dataclasses import dataclass
from functools import cached_property, reduce
from operator import and_, or_

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.db.models import F, OrderBy, Q, QuerySet

from core.query_params import MAX_ID, parse_id, parse_int

COUNT_CAP = 1000


@dataclass(frozen=True)
class _Term:
    """One term of a list's order: the column (a field or an annotation), its direction, and where
    its empty values go (None: the column is never empty)."""

    name: str
    descending: bool
    nulls_last: bool | None

    def reversed(self) -> "_Term":
        flipped = None if self.nulls_last is None else not self.nulls_last
        return _Term(self.name, not self.descending, flipped)

    def after(self, value) -> Q | None:
        """Rows that come after `value` in this term's order; None: none do."""
        if value is None:
            if self.nulls_last is None:
                raise _NoKeyset  # an empty value where none was expected
            return None if self.nulls_last else Q(**{f"{self.name}__isnull": False})
        strictly = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        return strictly | Q(**{f"{self.name}__isnull": True}) if self.nulls_last else strictly

    def same(self, value) -> Q:
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})

    def reach(self, value) -> Q | None:
        """A looser condition on this term alone that an index can start from (a range), or None."""
        if value is None or self.nulls_last is not None:
            return None
        return Q(**{f"{self.name}__{'lte' if self.descending else 'gte'}": value})


class _NoKeyset(Exception):
    """The list's order cannot be read by keyset: the page is read by offset."""


def _order_terms(queryset) -> list[_Term]:
    model, terms = queryset.model, []
    for item in queryset.query.order_by:
        if isinstance(item, str):
            name, descending, nulls_last = item.lstrip("-"), item.startswith("-"), None
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            name, descending = item.expression.name, item.descending  # type: ignore[attr-defined]  # F has .name
            nulls_last = True if item.nulls_last else False if item.nulls_first else None
        else:
            raise _NoKeyset
        if name == "pk":
            name = model._meta.pk.name
        if nulls_last is None and name not in queryset.query.annotations:
            field = model._meta.get_field(name) if "__" not in name else None
            if field is None or field.null:
                # Where a backend puts empty values is its own choice (PostgreSQL first when
                # descending, SQLite last): a nullable column must say it in the order.
                raise _NoKeyset
        terms.append(_Term(name, descending, nulls_last))
    if not terms or terms[-1].name != model._meta.pk.name:
        raise _NoKeyset  # without the id last, two rows may tie and a page would skip or repeat one
    return terms


def keyset_after(terms: list[_Term], values: dict) -> Q:
    """Rows strictly after the row with `values` in the order `terms`: for (a, b, id), a after, or a
    the same and b after, or both the same and id after; with the first term's range said once
    more on its own so that the database can start the index there instead of at the top."""
    branches: list[Q] = []
    equal: list[Q] = []
    for term in terms:
        after = term.after(values[term.name])
        if after is not None:
            branches.append(reduce(and_, [*equal, after]))
        equal.append(term.same(values[term.name]))
    if not branches:
        return Q(pk__in=[])
    condition = reduce(or_, branches)
    if (reach := terms[0].reach(values[terms[0].name])) is not None:
        condition = reach & condition
    return condition


class CappedPage(Page):
    paginator: "CappedPaginator"
    more_after: bool = False  # past the cap: whether a row follows this page

    def has_next(self) -> bool:
        if not self.paginator.is_capped:
            return super().has_next()
        return self.more_after

    def next_page_number(self) -> int:
        if not self.paginator.is_capped:
            return super().next_page_number()
        return self.number + 1

    def next_cursor(self) -> int | None:
        """The id the Next link carries (keyset pages only)."""
        if self.paginator.is_capped and self.has_next() and self.object_list:
            return self.object_list[-1].pk
        return None

    def previous_cursor(self) -> int | None:
        """The id the Previous link carries (keyset pages only; page 1 needs none)."""
        if self.paginator.is_capped and self.number > 2 and self.object_list:
            return self.object_list[0].pk
        return None

    def end_index(self) -> int:
        if not self.paginator.is_capped:
            return super().end_index()
        return self.start_index() + len(self.object_list) - 1


class CappedPaginator(Paginator):
    object_list: QuerySet

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

    def page(self, number, *, after=None, before=None) -> Page:
        """Page `number`; past the cap, read as the rows after the case `after` (Next) or before the
        case `before` (Previous) when that case is in the list, else by the number's offset."""
        number = self.validate_number(number)
        if not self.is_capped:
            return super().page(number)
        keyset = self._keyset_rows(after, before) if number > 1 else None
        if keyset is None:
            bottom = (number - 1) * self.per_page
            read = list(self.object_list[bottom : bottom + self.per_page + 1])
            rows, more_after = read[: self.per_page], len(read) > self.per_page
        else:
            rows, more_after = keyset
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        page = CappedPage(rows, number, self)
        page.more_after = more_after
        return page

    def _keyset_rows(self, after, before) -> tuple[list, bool] | None:
        """(the page's rows, whether more follow), read from a cursor; None to read by offset."""
        cursor, forward = (parse_id(after), True) if after is not None else (parse_id(before), False)
        if cursor is None:
            return None
        try:
            terms = _order_terms(self.object_list)
        except _NoKeyset:
            return None
        names = [term.name for term in terms]
        values = self.object_list.filter(pk=cursor).values(*names).first()
        if values is None:
            return None  # not (or no longer) in her list
        if forward:
            rows = list(self.object_list.filter(keyset_after(terms, values))[: self.per_page + 1])
            return rows[: self.per_page], len(rows) > self.per_page
        backwards = [term.reversed() for term in terms]
        rows = list(self.object_list.filter(keyset_after(backwards, values)).reverse()[: self.per_page])
        # Read backwards from the page after: that page exists, so the rows run on after these.
        return rows[::-1], True

    def get_page(self, number, *, after=None, before=None) -> Page:
        """As Paginator.get_page, except that past the end of a list too long to count it gives the
        first page (the last one is not known)."""
        try:
            return self.page(number, after=after, before=before)
        except PageNotAnInteger:
            return self.page(1)
        except InvalidPage:
            return self.page(1 if self.is_capped else self.num_pages)

    def _get_page(self, *args, **kwargs) -> Page:
        return CappedPage(*args, **kwargs)
