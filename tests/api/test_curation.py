"""What curators did, as the API shows it: merged records redirect, rejected ones are staff's."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from archive.kinds import KINDS
from archive.models import ReviewStatus
from archive.services import merging
from tests.factories import OrganizationFactory, StaffUserFactory, UserFactory
from tests.test_views import build_articles

pytestmark = pytest.mark.django_db


def token_header(user):
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"}


# --- merged records ----------------------------------------------------------------------------


def test_a_merged_record_redirects_until_the_merge_is_undone(client):
    build_articles(2)
    survivor = OrganizationFactory(name="Harbour Authority", slug="harbour-authority")
    merged = OrganizationFactory(name="Harbor Authority", slug="harbor-authority")
    api_url = reverse("api:organization-detail", args=[merged.slug])
    page_url = merged.get_absolute_url()
    merge = merging.merge_entities(survivor, merged)

    moved = client.get(api_url, {"format": "json"})
    assert moved.status_code == 301
    assert moved["Location"] == (
        "http://testserver"
        + reverse("api:organization-detail", args=[survivor.slug])
        + "?format=json"
    )
    assert moved.json()["message"] == "Merged into Harbour Authority: see the Location header."
    co_mentions = client.get(reverse("api:organization-co-mentions", args=[merged.slug]))
    assert co_mentions.status_code == 301
    assert co_mentions["Location"].endswith(
        reverse("api:organization-co-mentions", args=[survivor.slug])
    )
    page = client.get(page_url)
    assert (page.status_code, page["Location"]) == (301, survivor.get_absolute_url())

    merging.undo_merge(merge)
    assert client.get(api_url).status_code == 200
    assert client.get(api_url).json()["slug"] == merged.slug
    assert client.get(page_url).status_code == 200


def test_the_schema_documents_the_redirect_of_entity_details_only(client):
    paths = client.get(reverse("api:schema"), {"format": "json"}).json()["paths"]
    for kind in KINDS:
        assert "301" in paths[f"/api/v1/{kind.path}/{{slug}}/"]["get"]["responses"]
        assert "301" in paths[f"/api/v1/{kind.path}/{{slug}}/co-mentions/"]["get"]["responses"]
        assert "301" not in paths[f"/api/v1/{kind.path}/"]["get"]["responses"]
    assert "301" not in paths["/api/v1/articles/{slug}/"]["get"]["responses"]


# --- rejected records: staff only --------------------------------------------------------------


@pytest.fixture
def reviewed_organizations():
    return {
        status: OrganizationFactory(
            name=f"{status} agency", slug=f"{status}-agency", review_status=status
        )
        for status in ReviewStatus.values
    }


URL = "/api/v1/organizations/"


def listed(client, **params):
    response = client.get(URL, {"page_size": 100, **params.pop("query", {})}, **params)
    assert response.status_code == 200, response.content
    return sorted(row["slug"] for row in response.json()["results"])


def test_staff_list_records_by_review_status_rejected_ones_included(client, reviewed_organizations):
    merged = OrganizationFactory(
        slug="merged-agency", merged_into=reviewed_organizations["confirmed"]
    )
    auth = token_header(StaffUserFactory())
    assert listed(client, **auth) == ["confirmed-agency", "suggested-agency"]  # public by default
    assert listed(client, query={"review_status": "rejected"}, **auth) == ["rejected-agency"]
    assert listed(client, query={"review_status": "suggested"}, **auth) == ["suggested-agency"]
    every = listed(client, query={"review_status": "any"}, **auth)
    assert every == ["confirmed-agency", "rejected-agency", "suggested-agency"]
    assert merged.slug not in every
    # The kind's own filters still apply.
    assert listed(client, query={"review_status": "any", "q": "rejected"}, **auth) == [
        "rejected-agency"
    ]
    detail = client.get(f"{URL}rejected-agency/", **auth)
    assert detail.status_code == 200
    assert detail.json()["review_status"] == "rejected"
    bad = client.get(URL, {"review_status": "lost"}, **auth)
    assert bad.status_code == 400 and bad.json()["parameter"] == "review_status"


def test_anonymous_and_non_staff_clients_never_see_rejected_records(client, reviewed_organizations):
    assert listed(client) == ["confirmed-agency", "suggested-agency"]
    refused = client.get(URL, {"review_status": "rejected"})
    assert refused.status_code == 400
    assert refused.json()["parameter"] == "review_status"
    assert client.get(f"{URL}rejected-agency/").status_code == 404
    viewer = token_header(UserFactory())
    assert client.get(URL, {"review_status": "rejected"}, **viewer).status_code == 400
    assert client.get(f"{URL}rejected-agency/", **viewer).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_staff_list_query_count_is_constant(client, django_assert_num_queries, count):
    for number in range(count):
        OrganizationFactory(slug=f"rejected-{number}", review_status=ReviewStatus.REJECTED)
    auth = token_header(StaffUserFactory())
    # The token's user, then the page.
    with django_assert_num_queries(2):
        response = client.get(URL, {"review_status": "rejected"}, **auth)
    assert len(response.json()["results"]) == count
