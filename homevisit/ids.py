"""Identifiers of DESIGN §3: resident ID (GB 11643-1999), unified social credit code
(GB 32100-2015) and mainland mobile numbers, with the masks of DESIGN §4."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from homevisit.i18n import Text

# --- resident ID ------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


@dataclass(frozen=True, slots=True)
class ResidentId:
    """A valid 18-character resident ID, stored with an uppercase X."""

    number: str
    region: str
    birth_date: dt.date
    sex: Sex

    def age_on(self, day: dt.date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class InvalidResidentId(ValueError):
    """Why a resident ID was refused; ``text`` says it to the user (never echoing the number)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


ID_WRONG_SHAPE = Text(
    "身份证号应为 18 位：17 位数字加 1 位数字或 X。",
    "A resident ID has 18 characters: 17 digits, then a digit or X.",
)
ID_BAD_DATE = Text(
    "身份证号中的出生日期（第 7–14 位）不是有效日期，请核对。",
    "The birth date in the resident ID (characters 7–14) is not a real date; check it.",
)
ID_BAD_CHECK = Text(
    "身份证号校验位不符，可能有输错的数字，请逐位核对。",
    "The resident ID's check character does not match; a digit was probably mistyped.",
)


def id_check_character(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def parse_resident_id(raw: str, *, today: dt.date | None = None) -> ResidentId:
    """Validate and normalise a resident ID; raise :class:`InvalidResidentId` if it is wrong."""
    number = raw.strip().upper()
    if not _ID_SHAPE.match(number):
        raise InvalidResidentId(ID_WRONG_SHAPE)
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidResidentId(ID_BAD_DATE) from None
    if birth.year < 1900 or birth > (today or dt.date.today()):
        raise InvalidResidentId(ID_BAD_DATE)
    if id_check_character(number[:17]) != number[17]:
        raise InvalidResidentId(ID_BAD_CHECK)
    sex = Sex.MALE if int(number[16]) % 2 else Sex.FEMALE
    return ResidentId(number=number, region=number[:6], birth_date=birth, sex=sex)


def is_valid_resident_id(raw: str) -> bool:
    try:
        parse_resident_id(raw)
    except InvalidResidentId:
        return False
    return True


# --- unified social credit code ---------------------------------------------------------

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(_USCC_CHARS)}
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

USCC_WRONG_SHAPE = Text(
    "统一社会信用代码应为 18 位，由数字和大写字母组成（不含 I、O、Z、S、V）。",
    "A unified social credit code has 18 digits and capital letters (no I, O, Z, S or V).",
)
USCC_BAD_CHECK = Text(
    "统一社会信用代码校验位不符。部分早期代码确实如此，请与营业执照核对后继续。",
    "The credit code's check character does not match. Some older genuine codes do; compare "
    "it with the business licence and carry on.",
)


def uscc_check_character(first17: str) -> str:
    total = sum(_USCC_VALUE[c] * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    check = 31 - total % 31
    return _USCC_CHARS[0 if check == 31 else check]


@dataclass(frozen=True, slots=True)
class CreditCodeCheck:
    """Result of checking a credit code: the normalised code, and a warning or an error."""

    code: str
    error: Text | None = None
    warning: Text | None = None

    @property
    def registration_authority(self) -> str | None:
        """First character: 1 = 机构编制 (public-sector body), 9 = 市场监管 (company), …"""
        return self.code[0] if self.error is None else None


def check_credit_code(raw: str) -> CreditCodeCheck:
    """A wrong shape is an error; a failed checksum is only a warning (DESIGN §3)."""
    code = raw.strip().upper()
    if len(code) != 18 or any(c not in _USCC_VALUE for c in code):
        return CreditCodeCheck(code, error=USCC_WRONG_SHAPE)
    if uscc_check_character(code[:17]) != code[17]:
        return CreditCodeCheck(code, warning=USCC_BAD_CHECK)
    return CreditCodeCheck(code)


# --- mobile phone -----------------------------------------------------------------------

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
PHONE_INVALID = Text(
    "手机号应为 11 位数字，以 13–19 开头。",
    "A mobile number has 11 digits and starts with 13–19.",
)


def normalise_mobile(raw: str) -> str | None:
    """Digits of a mainland mobile number (spaces, dashes and +86 allowed), or None."""
    digits = re.sub(r"[\s\-()]", "", raw)
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return digits if _MOBILE.match(digits) else None


# --- masking (GB/T 35273 display restriction) -------------------------------------------


def mask_id(number: str) -> str:
    """``320102200501011234`` → ``3201**********123X``-style: first 4 and last 4 shown."""
    n = number.strip().upper()
    if len(n) <= 8:
        return "*" * len(n)
    return n[:4] + "*" * (len(n) - 8) + n[-4:]


def mask_phone(number: str) -> str:
    """``13812341234`` → ``138****1234``."""
    n = re.sub(r"\D", "", number)
    if len(n) < 8:
        return "*" * len(n)
    return n[:3] + "*" * (len(n) - 7) + n[-4:]


def id_tail(number: str, length: int = 4) -> str:
    """The last characters used for search-as-you-type by ID tail."""
    return number.strip().upper()[-length:]
