"""Reference data shipped with the legal app: acts, sections with their IPC/BNS counterparts,
and the failure points the consortium tags on investigations.

Loaded by a data migration (and again by `seed_demo`, so a flushed database is refilled).
Loading adds what is missing and updates titles and punishments; it never deletes, so an
administrator's additions survive. Punishments are the maximum the section allows: they
decide whether a chargesheet is due 60 or 90 days after an arrest (BNSS 187(3) / CrPC 167(2)).
"""

# code, short name, full name, family ("old" IPC/CrPC era, "new" BNS/BNSS era, "special" law)
ACTS = [
    ("ipc", "IPC", "Indian Penal Code, 1860", "old"),
    ("bns", "BNS", "Bharatiya Nyaya Sanhita, 2023", "new"),
    ("crpc", "CrPC", "Code of Criminal Procedure, 1973", "old"),
    ("bnss", "BNSS", "Bharatiya Nagarik Suraksha Sanhita, 2023", "new"),
    ("itpa", "ITPA", "Immoral Traffic (Prevention) Act, 1956", "special"),
    ("pocso", "POCSO", "Protection of Children from Sexual Offences Act, 2012", "special"),
    ("jja", "JJ Act", "Juvenile Justice (Care and Protection of Children) Act, 2015", "special"),
    ("blsa", "BLSA", "Bonded Labour System (Abolition) Act, 1976", "special"),
    ("clpra", "CLPRA", "Child and Adolescent Labour (Prohibition and Regulation) Act, 1986", "special"),
]

LIFE = "life"
DEATH = "death"

# act code, number, short title, maximum punishment (years, LIFE, DEATH or None), sexual offence?
SECTIONS = [
    ("ipc", "34", "Acts done by several persons in furtherance of common intention", None, False),
    ("ipc", "120B", "Criminal conspiracy", None, False),
    ("ipc", "363", "Kidnapping", 7, False),
    ("ipc", "366A", "Procuration of a minor girl", 10, False),
    ("ipc", "366B", "Importation of a girl from a foreign country", 10, False),
    ("ipc", "370", "Trafficking of persons", LIFE, False),
    ("ipc", "370A", "Exploitation of a trafficked person", 7, False),
    ("ipc", "371", "Habitual dealing in slaves", LIFE, False),
    ("ipc", "372", "Selling a minor for purposes of prostitution", 10, False),
    ("ipc", "373", "Buying a minor for purposes of prostitution", 10, False),
    ("ipc", "374", "Unlawful compulsory labour", 1, False),
    ("ipc", "376", "Rape", LIFE, True),
    ("ipc", "506", "Criminal intimidation", 7, False),
    ("bns", "3(5)", "Acts done by several persons in furtherance of common intention", None, False),
    ("bns", "61(2)", "Criminal conspiracy", None, False),
    ("bns", "64", "Rape", LIFE, True),
    ("bns", "96", "Procuration of a child", 10, False),
    ("bns", "98", "Selling a child for purposes of prostitution", 10, False),
    ("bns", "99", "Buying a child for purposes of prostitution", 10, False),
    ("bns", "137(2)", "Kidnapping", 7, False),
    ("bns", "141", "Importation of a girl or boy from a foreign country", 10, False),
    ("bns", "143", "Trafficking of persons", LIFE, False),
    ("bns", "144", "Exploitation of a trafficked person", 7, False),
    ("bns", "145", "Habitual dealing in slaves", LIFE, False),
    ("bns", "146", "Unlawful compulsory labour", 1, False),
    ("bns", "351", "Criminal intimidation", 7, False),
    ("crpc", "154", "Information in cognizable cases (FIR)", None, False),
    ("crpc", "161", "Examination of witnesses by police", None, False),
    ("crpc", "164", "Recording of confessions and statements by a magistrate", None, False),
    ("crpc", "173", "Report of police officer on completion of investigation", None, False),
    ("crpc", "357A", "Victim compensation scheme", None, False),
    ("bnss", "173", "Information in cognizable cases (FIR)", None, False),
    ("bnss", "180", "Examination of witnesses by police", None, False),
    ("bnss", "183", "Recording of confessions and statements by a magistrate", None, False),
    ("bnss", "193", "Report of police officer on completion of investigation", None, False),
    ("bnss", "396", "Victim compensation scheme", None, False),
    ("itpa", "3", "Keeping a brothel or allowing premises to be used as a brothel", 5, False),
    ("itpa", "4", "Living on the earnings of prostitution", 10, False),
    ("itpa", "5", "Procuring, inducing or taking a person for prostitution", LIFE, False),
    ("itpa", "6", "Detaining a person in premises where prostitution is carried on", LIFE, False),
    ("itpa", "7", "Prostitution in or near public places", 3, False),
    ("itpa", "8", "Seducing or soliciting for prostitution", 1, False),
    ("itpa", "9", "Seduction of a person in custody", LIFE, False),
    ("pocso", "4", "Penetrative sexual assault", LIFE, True),
    ("pocso", "6", "Aggravated penetrative sexual assault", DEATH, True),
    ("pocso", "8", "Sexual assault", 5, True),
    ("pocso", "10", "Aggravated sexual assault", 7, True),
    ("pocso", "12", "Sexual harassment", 3, True),
    ("pocso", "14", "Using a child for pornographic purposes", 7, True),
    ("pocso", "17", "Abetment", None, True),
    ("jja", "75", "Cruelty to a child", 10, False),
    ("jja", "76", "Employing a child for begging", 5, False),
    ("jja", "79", "Exploitation of a child employee", 5, False),
    ("jja", "81", "Sale and procurement of children", 7, False),
    ("blsa", "16", "Enforcing bonded labour", 3, False),
    ("blsa", "17", "Advancing bonded debt", 3, False),
    ("blsa", "18", "Extracting bonded labour under the bonded labour system", 3, False),
    ("clpra", "3", "Prohibition of employment of children", None, False),
    ("clpra", "14", "Penalties for employing a child or adolescent", 3, False),
]

# Old code section <-> new code section (DOMAIN.md "Law in force").
COUNTERPARTS = [
    (("ipc", "370"), ("bns", "143")),
    (("ipc", "370A"), ("bns", "144")),
    (("ipc", "372"), ("bns", "98")),
    (("ipc", "373"), ("bns", "99")),
    (("ipc", "366A"), ("bns", "96")),
    (("ipc", "366B"), ("bns", "141")),
    (("ipc", "371"), ("bns", "145")),
    (("ipc", "374"), ("bns", "146")),
    (("ipc", "376"), ("bns", "64")),
    (("ipc", "363"), ("bns", "137(2)")),
    (("ipc", "120B"), ("bns", "61(2)")),
    (("ipc", "506"), ("bns", "351")),
    (("ipc", "34"), ("bns", "3(5)")),
    (("crpc", "154"), ("bnss", "173")),
    (("crpc", "161"), ("bnss", "180")),
    (("crpc", "164"), ("bnss", "183")),
    (("crpc", "173"), ("bnss", "193")),
    (("crpc", "357A"), ("bnss", "396")),
]

# Where investigations fail (DOMAIN.md "System diagnosis"); coordinators add more in the app.
FAILURE_POINTS = [
    ("accused_names_missing", "Names of accused missing from the FIR"),
    ("dates_places_missing", "Dates or places missing from the FIR"),
    ("wrong_sections", "Wrong or missing sections"),
    ("trafficking_section_missing", "Trafficking section (IPC 370 / BNS 143) not applied"),
    ("statement_coerced", "Coercion alleged in a statement"),
    ("statement_not_in_language", "Statement not recorded in the survivor's language"),
    ("no_ahtu_transfer", "No transfer to an Anti-Human Trafficking Unit"),
    ("chargesheet_delayed", "Chargesheet delayed past the legal limit"),
    ("default_bail", "Accused got default bail"),
    ("accused_absconding", "Accused absconding, no effort to trace"),
    ("no_interstate_cooperation", "Police in the other state did not respond"),
    ("survivor_not_informed", "Survivor not informed of progress"),
    ("closure_without_investigation", "Closure report without real investigation"),
]


def load_legal_reference_data(act_model, section_model, failure_point_model) -> None:
    acts = {}
    for position, (code, short_name, name, family) in enumerate(ACTS):
        acts[code], _ = act_model.objects.update_or_create(
            code=code, defaults={"short_name": short_name, "name": name, "family": family, "position": position}
        )
    sections = {}
    for act_code, number, title, punishment, sexual in SECTIONS:
        sections[(act_code, number)], _ = section_model.objects.update_or_create(
            act=acts[act_code],
            number=number,
            defaults={
                "title": title,
                "max_punishment_years": punishment if isinstance(punishment, int) else None,
                "punishable_with_life": punishment in (LIFE, DEATH),
                "punishable_with_death": punishment == DEATH,
                "is_sexual_offence": sexual,
            },
        )
    for old, new in COUNTERPARTS:
        section_model.objects.filter(pk=sections[old].pk).update(counterpart=sections[new])
        section_model.objects.filter(pk=sections[new].pk).update(counterpart=sections[old])
    for position, (code, name) in enumerate(FAILURE_POINTS):
        failure_point_model.objects.get_or_create(code=code, defaults={"name": name, "position": position})
