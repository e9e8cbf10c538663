import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Each test writes uploads to its own private folder."""
    private = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = private
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(private), "base_url": None}},
    }
    from django.core.files.storage import storages

    storages._storages.pop("private", None)
    yield
    storages._storages.pop("private", None)


@pytest.fixture
def regions(db):
    from tests.factories import make_regions

    return make_regions()
