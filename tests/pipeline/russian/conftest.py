import pytest


@pytest.fixture(autouse=True)
def _loaded(russian_models):
    """Every test here reads Russian: load Natasha once, before the first one."""
