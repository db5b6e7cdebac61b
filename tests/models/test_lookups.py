import pytest

from archive.models import Article, Organization
from tests.factories import ArticleFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def names_with_prefix(prefix: str) -> list[str]:
    return sorted(Organization.objects.filter(name__prefix=prefix).values_list("name", flat=True))


def test_prefix_matches_names_that_start_with_the_text_and_no_others():
    for name in ["Metro Agency", "Metro Agency North", "Metropolis Agency", "The Metro Agency"]:
        OrganizationFactory(name=name)

    assert names_with_prefix("Metro Agency") == ["Metro Agency", "Metro Agency North"]


def test_prefix_is_case_sensitive_on_every_database():
    for title in ["metro opens", "Metro opens", "METRO OPENS"]:
        ArticleFactory(title=title)

    titles = Article.objects.filter(title__prefix="Metro").values_list("title", flat=True)
    assert list(titles) == ["Metro opens"]


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("A*", ["A*B", "A*C"]),
        ("A?", ["A?B"]),
        ("A[", ["A[B]"]),
        ("A%", ["A%B"]),
        ("A_", ["A_B"]),
    ],
)
def test_wildcards_of_glob_and_like_in_the_prefix_match_only_themselves(prefix, expected):
    for name in ["A*B", "A*C", "A?B", "A[B]", "A%B", "A_B", "AXB", "AB"]:
        OrganizationFactory(name=name)

    assert names_with_prefix(prefix) == expected


def test_in_array_matches_the_rows_of_the_subquery():
    kept = [OrganizationFactory(name=f"Agency {n}") for n in range(3)]
    OrganizationFactory(name="Other")
    first_two = Organization.objects.filter(name__prefix="Agency").order_by("name")[:2]

    found = Organization.objects.filter(pk__in_array=first_two.values("pk")).order_by("name")

    assert list(found) == kept[:2]
