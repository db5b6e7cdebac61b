"""Only http and https addresses from imported pages are ever linked."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.links import safe_external_url


@pytest.mark.parametrize(
    "address",
    [
        "https://news.example.org/story",
        "http://news.example.org:8080/a?b=c#d",
        "HTTPS://NEWS.EXAMPLE.ORG/",
    ],
)
def test_web_addresses_are_kept(address):
    assert safe_external_url(address) == address


def test_surrounding_space_is_trimmed():
    assert safe_external_url("  https://news.example.org/a \n") == "https://news.example.org/a"


@pytest.mark.parametrize(
    "address",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "ftp://files.example.org/a",
        "//news.example.org/protocol-relative",
        "/articles/local-path",
        "https:///no-host",
        "http://[::1",
        "https://news.example.org/\x00nul",
        "",
        None,
    ],
)
def test_anything_else_is_refused(address):
    assert safe_external_url(address) == ""


@given(st.text())
def test_result_is_empty_or_an_http_address(address):
    result = safe_external_url(address)

    assert result == "" or result.lower().startswith(("http://", "https://"))


@pytest.mark.django_db
def test_article_page_does_not_link_a_script_address(client):
    from tests.factories import ArticleFactory

    article = ArticleFactory(url="javascript:alert(document.cookie)")

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'href="javascript:' not in html
    assert "Original page" not in html
    assert "not a web address, not linked" in html


@pytest.mark.django_db
def test_article_page_links_its_web_address(client):
    from tests.factories import ArticleFactory

    article = ArticleFactory(url="https://news.example.org/story?a=1&b=2")

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.count('href="https://news.example.org/story?a=1&amp;b=2"') == 2
    assert "Original page" in html


@pytest.mark.django_db
def test_organization_page_does_not_link_a_script_website(client):
    from tests.factories import ArticleFactory, OrganizationFactory, mention_everywhere

    organization = OrganizationFactory(website="JAVASCRIPT:alert(1)")
    mention_everywhere(ArticleFactory(body=f"{organization.name} said."), organization)

    response = client.get(organization.get_absolute_url())

    assert response.status_code == 200
    assert "javascript:" not in response.content.decode().lower()


@pytest.mark.django_db
def test_public_exports_carry_no_script_address(client):
    from tests.factories import ArticleFactory

    ArticleFactory(url="javascript:alert(1)")

    response = client.get("/articles/?format=json")

    assert response.status_code == 200
    assert "javascript:" not in b"".join(response.streaming_content).decode()
