"""Nyaya's shared core: what every feature app uses and that imports no feature app.

So far: money (core.money). Later moves (issue 18) bring the encryption fields, version checks,
dates, the workflow and deadline engines, notifications and the web helpers here."""
