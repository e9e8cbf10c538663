"""Staff names are shown surname first, as they are written here, in our pages and in Wagtail's."""
import pytest
from django.contrib.auth import get_user_model
from wagtail.admin.utils import get_user_display_name


@pytest.mark.parametrize(("surname", "given", "shown"), [
    ("刘", "建华", "刘建华"), ("欧阳", "娜娜", "欧阳娜娜"), ("Li", "Hua", "Li Hua"), ("", "建华", "建华"),
    ("刘", "", "刘"), ("", "", ""),
])
def test_a_name_is_written_surname_first(surname, given, shown):
    user = get_user_model()(username="u", last_name=surname, first_name=given)
    assert user.get_full_name() == shown


def test_wagtail_shows_the_name_surname_first_and_the_login_when_there_is_none():
    user = get_user_model()(username="liujh", last_name="刘", first_name="建华")
    assert get_user_display_name(user) == "刘建华"
    assert get_user_display_name(get_user_model()(username="nobody")) == "nobody"
