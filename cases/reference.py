"""Reference data shipped with the cases app: forms of exploitation and means of recruitment,
and the helper every app's reference loader shares."""


def fields_of(model, values: dict) -> dict:
    """Only the values the model has a field for: data migrations call the reference loaders with
    the model as it was at that migration, which may lack fields added later."""
    names = {f.name for f in model._meta.get_fields()}
    return {k: v for k, v in values.items() if k in names}


EXPLOITATION_FORMS = [
    ("sexual_exploitation", "Sexual exploitation"),
    ("forced_labour", "Forced labour"),
    ("bonded_labour", "Bonded labour"),
    ("domestic_servitude", "Domestic servitude"),
    ("forced_marriage", "Forced marriage"),
    ("forced_criminality", "Forced criminality"),
    ("child_labour", "Child labour"),
    ("organ_removal", "Organ removal"),
    ("other", "Other"),
]

RECRUITMENT_MEANS = [
    ("false_job_offer", "False job offer"),
    ("marriage_promise", "Promise of marriage or love"),
    ("abduction", "Abduction or force"),
    ("sold_by_known_person", "Sold by a relative or acquaintance"),
    ("debt_bondage", "Advance payment or debt"),
    ("placement_agency", "Placement agency"),
    ("online_contact", "Contact online or by phone"),
    ("drugging", "Drugged or intoxicated"),
    ("other", "Other"),
]


def load_case_reference_data(exploitation_form_model, recruitment_means_model) -> None:
    for model, rows in ((exploitation_form_model, EXPLOITATION_FORMS), (recruitment_means_model, RECRUITMENT_MEANS)):
        for position, (code, name) in enumerate(rows):
            model.objects.update_or_create(code=code, defaults={"name": name, "position": position})
