"""Which criminal code applies, by date (DOMAIN.md "Law in force").

- Offences: the code in force when the offence was committed. The BNS applies to offences
  committed on or after 1 July 2024 (BNS s.1(2), notification S.O. 850(E) of 23 Feb 2024);
  an earlier offence is charged under the IPC (Constitution Art. 20(1): no heavier penal law
  applies retrospectively). For a continuing offence Nyaya takes the day it was last committed.
- Proceedings: an investigation, inquiry, trial or appeal pending on 1 July 2024 goes on under
  the CrPC (BNSS s.531(2)(a)); one begun on or after that day runs under the BNSS. Nyaya dates
  an investigation from the FIR's registration, a trial from cognizance (else filing) and an
  appeal from its filing. A transitional case (offence before, FIR after 1 July 2024) is
  charged under the IPC and investigated under the BNSS.

Time limits that are new in the BNSS (ss. 184(6), 193(3)(ii), 230, 232, 250, 251, 258...) are
never computed for a CrPC proceeding: cases.deadlines records why no date was set.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

NEW_CODES_FROM = datetime.date(2024, 7, 1)
NEW_CODES_SOURCE = (
    "BNSS s.531(2)(a); BNS s.1(2) and BNSS s.1(2) with notifications S.O. 850(E) and 848(E) of 23 Feb 2024"
)


class Procedure(models.TextChoices):
    CRPC = "crpc", _("CrPC")
    BNSS = "bnss", _("BNSS")


class OffenceCode(models.TextChoices):
    IPC = "ipc", _("IPC")
    BNS = "bns", _("BNS")


def procedure_for(started_on: datetime.date | None) -> str:
    """The code a proceeding begun on this day runs under; an undated one is taken as new."""
    if started_on is not None and started_on < NEW_CODES_FROM:
        return Procedure.CRPC
    return Procedure.BNSS


def offence_code_for(offence_on: datetime.date | None) -> str:
    """The general penal code an offence committed on this day is charged under."""
    if offence_on is not None and offence_on < NEW_CODES_FROM:
        return OffenceCode.IPC
    return OffenceCode.BNS
