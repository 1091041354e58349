import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homevisit.ids import (
    InvalidResidentId,
    Sex,
    check_credit_code,
    id_check_character,
    mask_id,
    mask_phone,
    normalise_mobile,
    parse_resident_id,
)

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def reference_check(first17: str) -> str:
    """GB 11643-1999 as the standard states it: sum(a_i * W_i) mod 11 → 1 0 X 9 8 7 6 5 4 3 2."""
    s = sum(int(a) * w for a, w in zip(first17, WEIGHTS, strict=True))
    return "10X98765432"[s % 11]


dates = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2024, 12, 31))


@st.composite
def id_bodies(draw):
    region = draw(st.from_regex(r"[1-8]\d{5}", fullmatch=True))
    birth = draw(dates)
    seq = draw(st.integers(0, 999))
    return f"{region}{birth:%Y%m%d}{seq:03d}", birth, seq


@given(id_bodies())
def test_valid_ids_parse_with_birth_date_and_sex(body):
    first17, birth, seq = body
    number = first17 + reference_check(first17)
    rid = parse_resident_id(number.lower())
    assert rid.number == number.upper()
    assert rid.birth_date == birth
    assert rid.sex == (Sex.MALE if seq % 2 else Sex.FEMALE)


@given(id_bodies(), st.sampled_from("0123456789X"))
def test_validator_agrees_with_the_standard_on_any_check_character(body, check):
    first17, _, _ = body
    ok = check == reference_check(first17)
    assert id_check_character(first17) == reference_check(first17)
    if ok:
        parse_resident_id(first17 + check)
    else:
        with pytest.raises(InvalidResidentId) as err:
            parse_resident_id(first17 + check)
        assert "校验位" in err.value.text.zh
        assert first17 not in str(err.value)  # never echo the number


@given(st.text(max_size=25))
def test_arbitrary_text_never_crashes_the_validator(text):
    try:
        parse_resident_id(text)
    except InvalidResidentId as err:
        assert err.text.zh and err.text.en


def test_impossible_birth_date_is_named():
    first17 = "32010220050230123"  # 30 February
    with pytest.raises(InvalidResidentId) as err:
        parse_resident_id(first17 + reference_check(first17))
    assert "出生日期" in err.value.text.zh


def test_credit_code_checksum_is_only_a_warning():
    good = check_credit_code("91350100M000100Y43")
    assert good.error is None and good.warning is None
    assert good.registration_authority == "9"
    bad_check = check_credit_code("91350100M000100Y44")
    assert bad_check.error is None and bad_check.warning is not None
    assert check_credit_code("91350100M0001I0Y43").error is not None  # I is not in the charset


def test_masks_hide_the_middle():
    assert mask_id("32010219900101123x") == "3201**********123X"
    assert mask_phone("13812341234") == "138****1234"
    assert normalise_mobile("+86 138-1234-1234") == "13812341234"
    assert normalise_mobile("12812341234") is None
