"""Checks of one answer against its field definition. Messages never echo the value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from homevisit.i18n import Text
from homevisit.ids import PHONE_INVALID, InvalidResidentId, check_credit_code, normalise_mobile
from homevisit.ids import parse_resident_id as _parse_id
from homevisit.protocol.types import text_fault
from homevisit.visits.forms.definition import FieldDef


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    text: Text
    severity: Severity = Severity.ERROR


REQUIRED = Text("此项为必填项。", "This field is required.")
WRONG_TYPE = Text(
    "此项的内容格式不对，请重新填写。", "This answer has the wrong form; enter it again."
)
NOT_A_NUMBER = Text("请填写数字。", "Enter a number.")
NOT_WHOLE = Text("请填写整数。", "Enter a whole number.")
TOO_SMALL = Text("不能小于 {min}。", "Must be at least {min}.")
TOO_LARGE = Text("不能大于 {max}。", "Must be at most {max}.")
NEGATIVE_MONEY = Text("金额不能为负数。", "An amount cannot be negative.")
MONEY_CENTS = Text("金额最多精确到分。", "Amounts have at most two decimal places (fen).")
TOO_SHORT = Text("至少填写 {min_length} 个字。", "Enter at least {min_length} characters.")
TOO_LONG = Text("最多填写 {max_length} 个字。", "Enter at most {max_length} characters.")
BAD_PATTERN = Text("格式不符合要求。", "The format is not accepted.")
BAD_DATE = Text("请填写有效日期（年-月-日）。", "Enter a valid date (year-month-day).")
FUTURE_DATE = Text("日期不能晚于今天。", "The date cannot be after today.")
UNKNOWN_CHOICE = Text("请从列表中选择。", "Choose an option from the list.")
DUPLICATE_CHOICE = Text("同一选项选了两次。", "An option was chosen twice.")
TOO_FEW_ITEMS = Text("至少需要 {min_items} 项。", "At least {min_items} entries are needed.")
TOO_MANY_ITEMS = Text("最多 {max_items} 项。", "At most {max_items} entries.")
BAD_TEXT = Text(
    "内容含有无法保存的字符（如空字符或残缺的字符），请删除后重新输入。",
    "This text holds a character that cannot be stored (a NUL or a broken character); "
    "delete it and type the text again.",
)


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _bounds(field: FieldDef, number: Decimal) -> Iterator[Problem]:
    c = field.constraints
    if "min" in c and number < Decimal(str(c["min"])):
        yield Problem("too_small", TOO_SMALL.format(min=c["min"]))
    if "max" in c and number > Decimal(str(c["max"])):
        yield Problem("too_large", TOO_LARGE.format(max=c["max"]))


def _text(field: FieldDef, value: Any) -> Iterator[Problem]:
    if not isinstance(value, str):
        yield Problem("wrong_type", WRONG_TYPE)
        return
    c = field.constraints
    if len(value.strip()) < c.get("min_length", 0):
        yield Problem("too_short", TOO_SHORT.format(min_length=c["min_length"]))
    if "max_length" in c and len(value) > c["max_length"]:
        yield Problem("too_long", TOO_LONG.format(max_length=c["max_length"]))
    if "pattern" in c and not re.fullmatch(c["pattern"], value.strip()):
        yield Problem("bad_pattern", BAD_PATTERN)


def _numeric(field: FieldDef, value: Any) -> Iterator[Problem]:
    number = _number(value)
    if number is None:
        yield Problem("not_a_number", NOT_A_NUMBER)
        return
    if field.type == "integer" and (
        number != number.to_integral_value() or (isinstance(value, str) and "." in value)
    ):
        yield Problem("not_whole", NOT_WHOLE)
        return
    if field.type == "money":
        if number < 0:
            yield Problem("negative_money", NEGATIVE_MONEY)
        if number.as_tuple().exponent < -2:  # type: ignore[operator]
            yield Problem("money_cents", MONEY_CENTS)
    yield from _bounds(field, number)


def _choices(field: FieldDef, value: Any) -> Iterator[Problem]:
    codes = field.choice_codes()
    if field.type == "choice":
        if not isinstance(value, str) or value not in codes:
            yield Problem("unknown_choice", UNKNOWN_CHOICE)
        return
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        yield Problem("wrong_type", WRONG_TYPE)
        return
    if any(v not in codes for v in value):
        yield Problem("unknown_choice", UNKNOWN_CHOICE)
    if len(set(value)) != len(value):
        yield Problem("duplicate_choice", DUPLICATE_CHOICE)
    yield from _item_count(field, len(value))


def _item_count(field: FieldDef, count: int) -> Iterator[Problem]:
    c = field.constraints
    if count < c.get("min_items", 0):
        yield Problem("too_few_items", TOO_FEW_ITEMS.format(min_items=c["min_items"]))
    if "max_items" in c and count > c["max_items"]:
        yield Problem("too_many_items", TOO_MANY_ITEMS.format(max_items=c["max_items"]))


def check_value(field: FieldDef, value: Any, today: dt.date) -> list[Problem]:
    """Problems with an answered value of ``field`` (missing answers are the engine's job)."""
    if isinstance(value, str) and text_fault(value):
        # The protocol's rule (homevisit.protocol.types): refused here, at the field, so
        # such text never reaches the store's outbox or the server.
        return [Problem("bad_text", BAD_TEXT)]
    kind = field.type
    if kind in ("text", "textarea"):
        return list(_text(field, value))
    if kind in ("integer", "number", "money"):
        return list(_numeric(field, value))
    if kind == "boolean":
        return [] if isinstance(value, bool) else [Problem("wrong_type", WRONG_TYPE)]
    if kind in ("choice", "multichoice"):
        return list(_choices(field, value))
    if kind == "date":
        day = parse_date(value)
        if day is None:
            return [Problem("bad_date", BAD_DATE)]
        return (
            [Problem("future_date", FUTURE_DATE)]
            if field.constraints.get("not_future") and day > today
            else []
        )
    if not isinstance(value, str):
        return [Problem("wrong_type", WRONG_TYPE)]
    if kind == "resident_id":
        try:
            _parse_id(value, today=today)
        except InvalidResidentId as exc:
            return [Problem("bad_resident_id", exc.text)]
        return []
    if kind == "credit_code":
        check = check_credit_code(value)
        if check.error:
            return [Problem("bad_credit_code", check.error)]
        return (
            [Problem("credit_code_checksum", check.warning, Severity.WARNING)]
            if (check.warning)
            else []
        )
    if kind == "phone":
        return [] if normalise_mobile(value) else [Problem("bad_phone", PHONE_INVALID)]
    return []


def check_roster(field: FieldDef, value: Any) -> list[Problem]:
    """Shape and size of a roster answer (a list of dicts)."""
    if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
        return [Problem("wrong_type", WRONG_TYPE)]
    return list(_item_count(field, len(value)))
