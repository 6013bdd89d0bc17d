"""Reactions to the case hub's signals. Kept small: each calls a referrals service."""


def deadline_scan_done(sender, **kwargs) -> dict:
    """After each deadline scan (cases.tasks): referrals unanswered past their respond-by date expire."""
    from .services import referrals_expire_unanswered

    return {"expired_referrals": len(referrals_expire_unanswered())}
