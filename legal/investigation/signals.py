"""What the investigation announces to the packages above it, so that it imports none of them.

`fir_charges_changed` is sent inside the transaction that added or dropped an FIR's charge or
filed its chargesheet, with `fir` and `actor`: the court cases on that FIR recompute their trial
clocks (legal.court.services.court_clocks_for_fir is connected to it in legal/apps.py).
"""

from django.dispatch import Signal

fir_charges_changed = Signal()
