"""factory-boy factories for people and organisations: tests, demo data and benchmarks.

Names come from Faker's Indian locale; everything is synthetic.
"""

import factory
from django.conf import settings

from .models import District, Membership, Organisation, Role, State, User
from .reference import load_india_regions

factory.Faker._DEFAULT_LOCALE = "en_IN"


def state(code: str) -> State:
    try:
        return State.objects.get(code=code)
    except State.DoesNotExist:
        # A transactional test flushed the tables the migration filled: refill them.
        load_india_regions(State, District)
        return State.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        # A person fetched again by username keeps her password unless one is given.
        if obj.password and not extracted:
            return
        obj.set_password(extracted or settings.DEMO_PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("short_name",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    short_name = factory.Sequence(lambda n: f"ORG{n}")
    kind = Organisation.Kind.NGO
    home_state = factory.LazyFunction(lambda: state("WB"))

    @factory.post_generation
    def states(obj, create, extracted, **kwargs):
        if create:
            obj.states.set(extracted if extracted is not None else [obj.home_state])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership
        django_get_or_create = ("user", "organisation")

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASEWORKER
