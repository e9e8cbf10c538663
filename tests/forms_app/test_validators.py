"""Mobile and resident ID numbers: what residents type is normalised, what is wrong is refused."""
import pytest
from django.core.exceptions import ValidationError

from forms_app.validators import (
    id_check_digit,
    mask_id_number,
    mask_mobile,
    normalize_mobile,
    validate_id_number,
    validate_mobile,
)
from tests.factories import valid_id_number


@pytest.mark.parametrize("typed", ["13812345678", "138 1234 5678", "138-1234-5678", "+8613812345678", "008613812345678"])
def test_a_mobile_number_as_residents_type_it_is_normalised_and_accepted(typed):
    value = normalize_mobile(typed)
    assert value == "13812345678"
    validate_mobile(value)


@pytest.mark.parametrize("value", ["", "12812345678", "1381234567", "138123456789", "1381234567a", "23812345678"])
def test_a_wrong_mobile_number_is_refused(value):
    with pytest.raises(ValidationError) as info:
        validate_mobile(value)
    assert info.value.code == "invalid_mobile"


def test_a_trailing_newline_does_not_sneak_past_the_mobile_check():
    with pytest.raises(ValidationError):
        validate_mobile("13812345678\n")


def test_the_check_digit_follows_gb11643():
    assert id_check_digit("11010519491231002") == "X"
    validate_id_number("11010519491231002X")


@pytest.mark.parametrize(
    "value, code",
    [
        ("11010519491231002", "invalid_id_format"),
        ("1101051949123100211", "invalid_id_format"),
        ("11010519491231002x", "invalid_id_format"),
        ("1101051949123100A2", "invalid_id_format"),
        ("110105194912310029", "invalid_id_checksum"),
        ("110105194902300021", "invalid_id_birth"),
        ("110105180001010021", "invalid_id_birth"),
        ("110105299901010021", "invalid_id_birth"),
        ("11010519491231002X\n", "invalid_id_format"),
    ],
)
def test_a_wrong_id_number_is_refused_with_the_reason(value, code):
    with pytest.raises(ValidationError) as info:
        validate_id_number(value)
    assert info.value.code == code


def test_a_valid_id_number_passes():
    validate_id_number(valid_id_number("44030819990101001"))


def test_masks_keep_only_the_ends():
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_id_number("11010519491231002X") == "1101**********002X"
    assert mask_mobile("123") == "***"
    assert mask_id_number("") == ""


def test_full_width_digits_from_a_chinese_keyboard_are_accepted():
    from forms_app.validators import normalize_id_number

    assert normalize_mobile("１３８１２３４５６７８") == "13812345678"
    assert normalize_id_number("１１０１０５１９４９１２３１００２ｘ") == "11010519491231002X"
