"""Reference data shipped with the cases app: forms of exploitation and means of recruitment,
and the helper every app's reference loader shares.

Names are marked with gettext_noop: stored in English, shown in the reader's language
(core.translations.TranslatedName)."""

from django.utils.translation import gettext_noop


def fields_of(model, values: dict) -> dict:
    """Only the values the model has a field for: data migrations call the reference loaders with
    the model as it was at that migration, which may lack fields added later."""
    names = {f.name for f in model._meta.get_fields()}
    return {k: v for k, v in values.items() if k in names}


EXPLOITATION_FORMS = [
    ("sexual_exploitation", gettext_noop("Sexual exploitation")),
    ("forced_labour", gettext_noop("Forced labour")),
    ("bonded_labour", gettext_noop("Bonded labour")),
    ("domestic_servitude", gettext_noop("Domestic servitude")),
    ("forced_marriage", gettext_noop("Forced marriage")),
    ("forced_criminality", gettext_noop("Forced criminality")),
    ("child_labour", gettext_noop("Child labour")),
    ("organ_removal", gettext_noop("Organ removal")),
    ("other", gettext_noop("Other")),
]

RECRUITMENT_MEANS = [
    ("false_job_offer", gettext_noop("False job offer")),
    ("marriage_promise", gettext_noop("Promise of marriage or love")),
    ("abduction", gettext_noop("Abduction or force")),
    ("sold_by_known_person", gettext_noop("Sold by a relative or acquaintance")),
    ("debt_bondage", gettext_noop("Advance payment or debt")),
    ("placement_agency", gettext_noop("Placement agency")),
    ("online_contact", gettext_noop("Contact online or by phone")),
    ("drugging", gettext_noop("Drugged or intoxicated")),
    ("other", gettext_noop("Other")),
]


def load_case_reference_data(exploitation_form_model, recruitment_means_model) -> None:
    for model, rows in ((exploitation_form_model, EXPLOITATION_FORMS), (recruitment_means_model, RECRUITMENT_MEANS)):
        for position, (code, name) in enumerate(rows):
            model.objects.update_or_create(code=code, defaults={"name": name, "position": position})
