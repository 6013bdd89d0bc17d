"""The deterministic demo consortium behind `manage.py seed_demo`.

Fixed seed, natural keys and get-or-create everywhere: running it twice changes
nothing. Later features extend `seed()` so that each shows up in the demo.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import factory.random
from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker import Faker

from .factories import MembershipFactory, OrganisationFactory, state
from .models import District, Organisation, Role, State, User
from .reference import load_india_regions

SEED = 20260701  # the day the new criminal codes came into force
_FAKER = Faker("en_IN")

Kind = Organisation.Kind

# short name, full name, kind, home state, states where it works
ORGANISATIONS = [
    ("SSF", "Sabuj Sathi Foundation", Kind.NGO, "WB", ["WB"]),
    ("JGVM", "Jharkhand Gramin Vikas Manch", Kind.NGO, "JH", ["JH"]),
    ("OMAS", "Odisha Mahila Adhikar Sangathan", Kind.CBO, "OD", ["OD"]),
    ("MMT", "Mumbai Mukti Trust", Kind.NGO, "MH", ["MH"]),
    ("DAS", "Delhi Ashray Sewa", Kind.NGO, "DL", ["DL"]),
    ("KNSK", "Karnataka Nyaya Seva Kendra", Kind.NGO, "KA", ["KA"]),
    ("Utthan", "Utthan Survivors' Collective", Kind.SURVIVOR_COLLECTIVE, "WB", ["WB"]),
    ("Ujala", "Ujala Survivors' Forum", Kind.SURVIVOR_COLLECTIVE, "JH", ["JH", "OD"]),
    ("NLN", "Nyaya Lawyers' Network", Kind.LAWYERS_NETWORK, "WB", ["WB", "JH", "OD", "MH", "DL", "KA"]),
    ("Secretariat", "Consortium Secretariat", Kind.SECRETARIAT, "WB", ["WB", "JH", "OD", "MH", "DL", "KA"]),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    memberships: tuple[tuple[str, str], ...]  # (organisation short name, role)
    note: str


# The logins README and `make run` list. Names are synthetic.
DEMO_LOGINS = [
    DemoLogin("cw_wb", "Mitali", "Sarkar", (("SSF", Role.CASEWORKER),), "caseworker, source state (West Bengal)"),
    DemoLogin("cw_jh", "Sunita", "Oraon", (("JGVM", Role.CASEWORKER),), "caseworker, source state (Jharkhand)"),
    DemoLogin("cw_mh", "Rohini", "Patil", (("MMT", Role.CASEWORKER),), "caseworker, destination state (Maharashtra)"),
    DemoLogin("cw_dl", "Farah", "Qureshi", (("DAS", Role.CASEWORKER),), "caseworker, destination state (Delhi)"),
    DemoLogin(
        "lawyer_wb",
        "Anirban",
        "Ghosh",
        (("NLN", Role.LAWYER), ("SSF", Role.LAWYER)),
        "lawyer in the network and at SSF (try the organisation switcher)",
    ),
    DemoLogin("lawyer_mh", "Kavita", "Deshmukh", (("NLN", Role.LAWYER),), "lawyer, destination state"),
    DemoLogin("coordinator", "Ritu", "Banerjee", (("Secretariat", Role.COORDINATOR),), "consortium coordinator"),
    DemoLogin("admin_wb", "Subhash", "Mondal", (("SSF", Role.ORG_ADMIN),), "organisation admin of SSF"),
    DemoLogin("leader_wb", "Rupa", "Das", (("Utthan", Role.SURVIVOR_LEADER),), "survivor leader, Utthan collective"),
]

SUPERUSER = "sysadmin"

# More lines for `make run` (demo_logins) after the logins, from the apps above this one: each
# appends a function from its AppConfig.ready that returns the lines to print (none when the demo
# lacks what it describes). Consortium imports none of them (.importlinter).
LOGIN_NOTES: list[Callable[[], list[str]]] = []

# Generated staff per organisation kind: (role, how many)
GENERATED_STAFF = {
    Kind.NGO: [(Role.ORG_ADMIN, 1), (Role.CASEWORKER, 3), (Role.LAWYER, 1)],
    Kind.CBO: [(Role.ORG_ADMIN, 1), (Role.CASEWORKER, 2)],
    Kind.SURVIVOR_COLLECTIVE: [(Role.ORG_ADMIN, 1), (Role.SURVIVOR_LEADER, 3)],
    Kind.LAWYERS_NETWORK: [(Role.ORG_ADMIN, 1), (Role.LAWYER, 4)],
    Kind.SECRETARIAT: [(Role.ORG_ADMIN, 1)],
}


@transaction.atomic
def seed(*, password: str) -> dict[str, int]:
    factory.random.reseed_random(SEED)
    _FAKER.seed_instance(SEED)
    load_india_regions(State, District)
    organisations = {}
    for short, name, kind, home, states in ORGANISATIONS:
        organisations[short] = OrganisationFactory(
            short_name=short, name=name, kind=kind, home_state=state(home), states=[state(s) for s in states]
        )

    for login in DEMO_LOGINS:
        user = _person(login.username, password, first_name=login.first_name, last_name=login.last_name)
        for short, role in login.memberships:
            MembershipFactory(user=user, organisation=organisations[short], role=role)

    for short, _name, kind, _home, _states in ORGANISATIONS:
        for role, count in GENERATED_STAFF[kind]:
            for i in range(1, count + 1):
                username = f"{short.lower()}_{role.value}{i}"
                MembershipFactory(user=_person(username, password), organisation=organisations[short], role=role)

    User.objects.filter(username=SUPERUSER, is_demo=False).update(is_demo=True)
    if not User.objects.filter(username=SUPERUSER).exists():
        admin = User(username=SUPERUSER, email=f"{SUPERUSER}@example.org", first_name="System", is_demo=True)
        admin.is_staff = admin.is_superuser = True
        admin.password = _hashed(password)
        admin.save()
    return {"organisations": len(organisations), "people": User.objects.count()}


@lru_cache(maxsize=4)
def _hashed(password: str) -> str:
    # Hashing is deliberately slow; the demo's people share one password, so hash it once.
    return make_password(password)


def _person(username: str, password: str, **names) -> User:
    # Faker is drawn from even for existing people so later names stay the same.
    generated_first, generated_last = _FAKER.first_name(), _FAKER.last_name()
    existing = User.objects.filter(username=username).first()
    if existing:
        if not existing.is_demo:  # a demo database made before the flag existed
            User.objects.filter(pk=existing.pk).update(is_demo=True)
            existing.is_demo = True
        return existing
    user = User.objects.create(
        is_demo=True,  # only demo people may skip the second sign-in step (DEBUG + DEMO_MFA_BYPASS)
        username=username,
        first_name=names.get("first_name", generated_first),
        last_name=names.get("last_name", generated_last),
        email=f"{username}@example.org",
    )
    User.objects.filter(pk=user.pk).update(password=_hashed(password))
    user.password = _hashed(password)
    return user
