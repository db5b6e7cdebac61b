"""factory_boy factories for every model; tests build data with these, never by hand."""

import hashlib

import factory
from django.contrib.auth import get_user_model

from archive import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class StaffUserFactory(UserFactory):
    is_staff = True
    is_superuser = True


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Source
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Smart City News {n}")
    slug = factory.Sequence(lambda n: f"smart-city-news-{n}")
    domain = factory.Sequence(lambda n: f"news{n}.example.org")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Article

    title = factory.Sequence(lambda n: f"City {n} launches a digital twin")
    slug = factory.Sequence(lambda n: f"city-{n}-launches-a-digital-twin")
    body = factory.Sequence(
        lambda n: f"City {n} launched a digital twin of its streets.\n\n"
        "The model helps planners test new bus lanes."
    )
    raw_text = factory.LazyAttribute(lambda o: f"{o.title}\n{o.body}")
    lede = factory.LazyAttribute(lambda o: o.body.split("\n\n")[0])
    published_on = factory.Faker("date_between", start_date="-5y", end_date="today")
    published_on_origin = factory.LazyAttribute(
        lambda o: models.DateOrigin.DATELINE if o.published_on else models.DateOrigin.NONE
    )
    source = factory.SubFactory(SourceFactory)
    word_count = factory.LazyAttribute(lambda o: len(o.body.split()))
    content_hash = factory.LazyAttribute(
        lambda o: hashlib.sha256(f"{o.title}\n{o.body}".encode()).hexdigest()
    )
    origin = factory.Sequence(lambda n: f"seeds/article_{n}.txt")
    status = models.ArticleStatus.PUBLISHED


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Place

    name = factory.Sequence(lambda n: f"Placeville {n}")
    slug = factory.Sequence(lambda n: f"placeville-{n}")
    kind = models.Place.Kind.CITY


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organization

    name = factory.Sequence(lambda n: f"Department of Urban Data {n}")
    slug = factory.Sequence(lambda n: f"department-of-urban-data-{n}")
    kind = models.Organization.Kind.GOVERNMENT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Alex Example{n}")
    slug = factory.Sequence(lambda n: f"alex-example-{n}")
    role = "Chief Digital Officer"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Event

    name = factory.Sequence(lambda n: f"Smart City Summit {n}")
    slug = factory.Sequence(lambda n: f"smart-city-summit-{n}")
    kind = models.Event.Kind.SUMMIT


class MentionFactory(factory.django.DjangoModelFactory):
    """A mention of an organization by default; pass person=/event=/place= with kind= for others."""

    class Meta:
        model = models.Mention

    article = factory.SubFactory(ArticleFactory)
    kind = models.EntityKind.ORGANIZATION
    organization = factory.LazyAttribute(
        lambda o: OrganizationFactory() if o.kind == models.EntityKind.ORGANIZATION else None
    )
    start = 0
    text = factory.LazyAttribute(lambda o: o.article.body[o.start : o.start + 4])
    end = factory.LazyAttribute(lambda o: o.start + len(o.text))
    sentence = factory.LazyAttribute(lambda o: o.article.body.split("\n\n")[0])
    extractor = "test"
    confidence = 0.9


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Quote

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(PersonFactory)
    speaker_name = factory.LazyAttribute(lambda o: o.speaker.name if o.speaker else "")
    text = "We will open the data."
    start = 1
    end = factory.LazyAttribute(lambda o: o.start + len(o.text))


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImportRun

    status = models.ImportRun.Status.FINISHED


class ImportRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ImportRecord

    run = factory.SubFactory(ImportRunFactory)
    path = factory.Sequence(lambda n: f"seeds/file_{n}.txt")
    outcome = models.ImportRecord.Outcome.CREATED
    article = factory.SubFactory(ArticleFactory)
