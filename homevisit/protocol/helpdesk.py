"""Help desks on the wire (issue 17): desks with their opening dates and hours, which
volunteer staffs which desk on which day, and the per desk per day figures."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

from homevisit.protocol.types import (
    Code,
    Count,
    RecordId,
    RegionCode,
    ShortText,
    TextSchema,
    Username,
    ValidText,
)

_CLOCK = r"([01]\d|2[0-3]):[0-5]\d"
Hours = Annotated[str, StringConstraints(pattern=f"^{_CLOCK}-{_CLOCK}$"), ValidText, TextSchema]
"""Opening hours of a desk, e.g. ``08:30-17:00``."""


class DeskIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    site: ShortText = Field(min_length=1)
    township: ShortText = ""
    region_code: RegionCode | None = None
    team: ShortText | None = None
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    hours: Hours | None = None


class DeskOut(BaseModel):
    id: RecordId
    site: str
    township: str
    region_code: str | None = None
    team_id: int | None = None
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    hours: str


class ShiftIn(BaseModel):
    """A volunteer staffs a desk on a day (dates outside the desk's opening dates are
    refused)."""

    model_config = ConfigDict(extra="forbid")

    username: Username
    day: dt.date


class ShiftOut(BaseModel):
    """One day a volunteer staffs a desk, with what the laptop shows of the desk."""

    desk: DeskOut
    username: str
    day: dt.date


class DeskDayStats(BaseModel):
    """Figures of one desk on one day: no names, no ID numbers."""

    desk_id: RecordId
    site: str
    day: dt.date
    cases: Count
    outcomes: dict[Code, Count] = Field(description="Cases per outcome (open: not closed).")
    minutes_per_case: float | None = Field(default=None, description=(
        "Mean minutes from call to close over the closed cases."))
    missing_documents: dict[Code, Count] = Field(description=(
        "How often each checklist item was missing, over the cases closed missing documents."))
    loan_types: dict[Code, Count]


class ShiftList(RootModel[list[ShiftOut]]):
    """The body of ``GET /helpdesk/shifts``, as the laptop validates it."""
