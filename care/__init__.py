"""Survivor care: rescue and custody, shelter homes, repatriation between states, the
rehabilitation plan and survivor-collective support.

Models live in care.models (imported by survivors.models so that Django and the
migrations of the `survivors` app see them); reads in selectors, writes in services.
"""
