"""Services take explicit keyword arguments (core/arguments.py): an edit changes only what it is
given, and a misspelt field is refused at the call instead of being dropped."""

import pytest

from legal.investigation import services
from tests.legal.helpers import make_fir


def test_an_edit_changes_only_the_fields_it_is_given(db, case, lead):
    fir = make_fir(case, lead.user, io_name="SI Before", io_rank="SI")
    services.fir_update(actor=lead.user, fir=fir, expected_version=fir.version, io_rank="Inspector")
    fir.refresh_from_db()
    assert (fir.io_name, fir.io_rank) == ("SI Before", "Inspector")


def test_a_misspelt_field_is_refused_and_nothing_is_saved(db, case, lead):
    fir = make_fir(case, lead.user, io_name="SI Before")
    with pytest.raises(TypeError, match="io_nmae"):
        services.fir_update(actor=lead.user, fir=fir, expected_version=fir.version, io_nmae="SI After")
    fir.refresh_from_db()
    assert (fir.io_name, fir.version) == ("SI Before", 1)
