"""Transition conditions with the reason shown when they are not met.

Kept apart from cases.workflow (which imports the case models) so that workflow models in
other apps, which cases' own models may import in turn, can use it without an import cycle.
"""


def requires(message):
    """Mark a transition condition with the reason shown when it is not met."""

    def decorate(condition):
        condition.message = message
        return condition

    return decorate
