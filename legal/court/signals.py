"""What the court announces to the packages above it (compensation), so it imports none of them.

`compensation_recommended` is sent inside the transaction that recorded a judgment whose court
recommended compensation under the victim compensation scheme (BNSS 396(2)-(3) / CrPC 357A(2)-(3)),
with `actor`, `case`, `amount`, `ordered_on`, `court_label`, `note` and `on_acquittal`: her claim is
created or updated (compensation.services.claim_from_court_order, connected in compensation/apps.py).
A refusal there (a ValidationError) undoes the judgment too, as one transaction.
"""

from django.dispatch import Signal

compensation_recommended = Signal()
