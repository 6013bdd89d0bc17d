"""Court facts shown on pages of other apps (the case overview), without their views knowing."""

from django import template

from legal.court import selectors as court_selectors

register = template.Library()


@register.inclusion_tag("legal/_next_hearing.html")
def next_hearing_panel(case, access):
    """The next hearing and, if later, the next one she must attend: so her caseworker can arrange
    travel or a video link from her home state in time."""
    if not access.can_see_court:
        return {"show": False}
    upcoming = court_selectors.next_hearing(case)
    # With no hearing to come there is none she must attend either: not asked again.
    must_attend = (
        upcoming
        if upcoming is None or upcoming.survivor_must_attend
        else court_selectors.next_hearing_she_must_attend(case)
    )
    court_case = court_selectors.with_law_sections(upcoming.court_case) if upcoming is not None else None
    return {
        "show": upcoming is not None,
        # Rape and POCSO trials are held in camera (BNSS 366(2) / CrPC 327(2); POCSO s.37).
        "in_camera": court_case.in_camera if court_case is not None else False,
        "in_camera_basis": court_case.in_camera_basis if court_case is not None else "",
        "case": case,
        "access": access,
        "hearing": upcoming,
        "must_attend": must_attend,
    }
