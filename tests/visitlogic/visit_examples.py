"""Made-up but valid answers to the home-visit form v1 (no real person's data)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from homevisit.ids import id_check_character, uscc_check_character

TODAY = dt.date(2026, 9, 1)
# 320321 is a county of Xuzhou (徐州, prefix 3203): Subei in the Jiangsu 2020 rule set.
HOUSEHOLD = {"region_code": "320321", "contiguous_poverty_area": False}


def make_id(birth: str, seq: str = "123", region: str = "320321") -> str:
    """A resident ID with a correct check character; odd ``seq[-1]`` = male."""
    first17 = region + birth + seq
    return first17 + id_check_character(first17)


def make_credit_code(first: str = "9", body: str = "1320300MA1XYQ12") -> str:
    """A unified social credit code with a correct check character."""
    first17 = (first + "2" + body)[:17].ljust(17, "0")
    return first17 + uscc_check_character(first17)


STUDENT_ID = make_id("20120301", "121")  # 14 on TODAY


def member(relation: str, **values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "_id": f"m-{relation}",
        "name": "成员",
        "relation": relation,
        "life_status": "living",
        "health": "healthy",
    }
    if relation in ("father", "mother", "stepfather", "stepmother"):
        base |= {"custody": "custodial", "occupation": "farmer"}
    elif relation != "self":
        base |= {
            "occupation": "student" if "brother" in relation or "sister" in relation else "farmer"
        }
    if relation in ("elder_brother", "elder_sister", "younger_brother", "younger_sister"):
        base["schooling"] = "high_school"
    base.update(values)
    return base


BASE: dict[str, Any] = {
    "consent": {
        "visit_mode": "home",
        "student_id_number": STUDENT_ID,
        "notice_version": "notice-2025-1",
        "notice_explained": True,
        "guardian_name": "监护人",
        "guardian_relation": "mother",
        "consent_choices": ["basic_information", "health_information", "document_photos"],
        "roster_check_authorised": True,
        "authorisation_signed": True,
        "guardian_signed": True,
    },
    "household": {"residence_type": "rural", "parents_divorced": False},
    "members": {
        "people": [
            member("self"),
            member(
                "father",
                life_status="deceased",
                occupation="worker",
                employer="某建材厂",
                employer_type="private_enterprise",
                position="staff",
            ),
            member("mother"),
            member("elder_sister"),
        ]
    },
    "income": {"wages": 12000, "farming": 8000, "business": 0, "transfers": "1200.50"},
    "expenses": {"medical": 3000, "education": 4000},
    "housing": {
        "housing_type": "own_brick",
        "has_car": False,
        "has_registered_business": False,
        "has_second_house": False,
    },
    "special_situations": {"student_disability": False},
    "policies": {"explained": ["student_loan", "high_school_grant", "privacy_dignity"]},
    "observations": {
        "observations": "房屋较旧，家中陈设简单，母亲务农照顾家庭。",
        "student_traits": ["diligent", "helps_family"],
    },
    # Hand score for this family (jiangsu-2020): Subei 10 + rural 3 + father deceased 40 +
    # sister in senior high 5 = 58, which is below 60 and at least 30: generally_difficult.
    "recommendation": {"level": "generally_difficult", "counselor_signed": True},
}


def complete_answers() -> dict[str, Any]:
    """A fresh deep copy of a complete, valid v1 visit."""
    return copy.deepcopy(BASE)
