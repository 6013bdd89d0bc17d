"""`__in` on integer columns ignores values no such column can hold.

Django already answers `id=<a number beyond 64 bits>` with "no rows" (IntegerFieldExact);
`id__in=[...]` instead hands the number to the driver, which raises (OverflowError on
SQLite, a DataError on PostgreSQL): a crafted choice on a multiple-choice form field
(ModelMultipleChoiceField looks its ids up with `__in`) became a 500. A value outside the
column's range can match no row, so it is dropped; a list left empty matches nothing, as
for `__in=[]`. Registered once for every integer field (core.apps.ready), so every
form, filter and service gets it.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            except KeyError:  # a type the backend gives no range for
                low = high = None
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
