"""What the dashboard layer announces to the layer above it (the REST API, api/), which it may not import."""

from django.dispatch import Signal

# Sent by `seed_demo` once every app below is seeded; a receiver returns {what: number} for the
# command's summary (api/demo.py adds the demo's API tokens).
demo_seeded = Signal()
