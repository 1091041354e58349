"""Report figures on the wire (issue 18): what a supervisor's dashboard shows, computed by
the server over the supervisor's whole scope (``GET /reports/figures``) and kept on the
laptop as the last snapshot, so the dashboard works offline and does not change when the
laptop purges approved visits.

Counts only: no names, no ID numbers, no record ids. Each row carries what the laptop needs
to find the records behind it, where it still holds them (township code, school, status,
flag status, level, mode).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from homevisit.protocol.helpdesk import DeskDayStats
from homevisit.protocol.types import Code, Count, ShortText, TextSchema, ValidText

FIGURES_SCHEMA_VERSION = 1
"""Raised when a figure changes meaning; a laptop keeps a snapshot it can read and says the
app needs an update for a newer one."""

MODE_UNRECORDED = "unrecorded"
"""The mode key of visits that record no mode (older visits)."""

Township = Annotated[str, StringConstraints(pattern=r"^(\d{6}|\d{9})?$"), ValidText,
                     TextSchema]
"""The first nine digits of a household's region code (its township), or the code itself
when it is coarser; empty when unknown."""


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CoverageRow(_Row):
    """Households of one township and school (a household with students at two schools
    counts at each; one with no student record under school "")."""

    township: Township
    school: ShortText
    assigned: Count = Field(description="Households with a counselor assigned.")
    visited: Count = Field(description="Households with a visit past its draft.")
    approved: Count = Field(description="Households with an approved visit.")
    overdue: Count = Field(description="Households past their due date with no visit past "
                                       "its draft.")


class CoverageTotals(_Row):
    """The same counts over the whole scope, each household once."""

    households: Count
    assigned: Count
    visited: Count
    approved: Count
    overdue: Count


class FlagRow(_Row):
    """Flags of one township, category and status (open and explained are undecided)."""

    township: Township
    category: Code
    status: Code
    count: Count


class LevelRow(_Row):
    """Visits past their draft by the level the scoring suggested and the level the
    counselor recommended: information, never a cap or a quota."""

    suggested: Code | None
    recommended: Code | None
    count: Count


class CodeCount(_Row):
    code: Code
    count: Count


class RoundsRow(_Row):
    """Visits that were returned ``returns`` times (0: never returned)."""

    returns: Count
    count: Count


class StatusRow(_Row):
    """Visits of one township and status (past their draft)."""

    township: Township
    status: Code
    count: Count


class ReportFigures(_Row):
    """The body of ``GET /reports/figures``."""

    schema_version: Count = FIGURES_SCHEMA_VERSION
    computed_at: dt.datetime
    region_names: dict[Township, ShortText] = Field(default_factory=dict, max_length=100_000,
                                                    description=(
        "Names of the townships (and coarser regions) the rows name, where known."))
    today: dt.date = Field(description="The server's day the overdue counts refer to.")
    coverage: list[CoverageRow] = Field(max_length=100_000)
    totals: CoverageTotals
    visit_statuses: list[StatusRow] = Field(max_length=100_000)
    flags: list[FlagRow] = Field(max_length=100_000)
    levels: list[LevelRow] = Field(max_length=1000)
    modes: list[CodeCount] = Field(max_length=100, description=(
        "Visits past their draft per mode (home, phone, video; unrecorded)."))
    rounds: list[RoundsRow] = Field(max_length=1000)
    policies: list[CodeCount] = Field(max_length=1000, description=(
        "Visits past their draft that record each policy as explained."))
    visits_with_policies: Count = Field(description=(
        "Visits past their draft that record at least one policy explained."))
    helpdesk: list[DeskDayStats] = Field(max_length=100_000, description=(
        "Each desk's figures per day with cases (the help-desk stats endpoint's)."))
