"""Accused persons as pages show them (legal.accused.display): phones once each and normalised,
and their names in deadline titles for the people who may see them."""

from django import template

from legal.accused import display as accused_display

register = template.Library()


@register.filter
def phones(values) -> str:
    """{{ accused.phones|phones }}: "9900011122, 9830012345" (each number once), or "—"."""
    return ", ".join(accused_display.phones_display(values)) or "—"


@register.simple_tag(takes_context=True)
def deadline_title(context, deadline, access=None):
    """{% deadline_title d access %}: the title in the reader's language (Deadline.title_text), with
    the accused's name in place of "Accused #N" when the deadline is about one accused person and
    the viewer's CaseAccess shows accused names (masked coordinators and survivor leaders get the
    title without names). Nothing is saved. The names of one kind of subject are read once per
    template rendered."""
    access = access if access is not None else context.get("access")
    kind = accused_display.subject_kind(deadline)
    if kind is None or not accused_display.may_see_accused_names(access, deadline):
        return deadline.title_text
    cache_key = ("legal.accused_names", access.case.pk, kind)
    if cache_key not in context.render_context:
        context.render_context[cache_key] = accused_display.accused_names_by_subject(access.case, kind)
    name = context.render_context[cache_key].get(deadline.subject_key)
    return accused_display.deadline_title(deadline, name)


@register.simple_tag(takes_context=True)
def deadline_title_in_list(context, deadline, items):
    """{% deadline_title_in_list item items %}: as deadline_title, in a list that spans cases (My
    work, the home page): the names for every deadline of `items` (deadlines, or (kind, item)
    pairs) are read at the first one, each case by her own CaseAccess on it."""
    if accused_display.subject_kind(deadline) is None:
        return deadline.title_text
    cache_key = ("legal.accused_names_in_list", id(items))
    if cache_key not in context.render_context:
        deadlines = [item[-1] if isinstance(item, (tuple, list)) else item for item in items or []]
        deadlines = [d for d in deadlines if hasattr(d, "subject_key")]
        if deadline not in deadlines:
            deadlines.append(deadline)
        context.render_context[cache_key] = accused_display.accused_names_across_cases(context.get("user"), deadlines)
    return accused_display.deadline_title(deadline, context.render_context[cache_key].get(deadline.pk))
