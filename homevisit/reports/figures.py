"""The report figures on this laptop (issue 18): the last snapshot the server computed for
the supervisor's scope, kept in the encrypted store and replaced whole at each sync.

The dashboard shows this snapshot, never counts of its own from local rows: the laptop holds
only part of the scope (approved visits are purged after the policy's days), and a count
that shrank with each purge would misreport coverage.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.orm import Session

from homevisit.model import ReportSnapshot
from homevisit.protocol.reports import FIGURES_SCHEMA_VERSION, ReportFigures

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FiguresSnapshot:
    """The figures and when the server computed them ("数据截至 …")."""

    figures: ReportFigures
    computed_at: dt.datetime
    received_at: dt.datetime


def store_figures(session: Session, figures: ReportFigures) -> bool:
    """Keep ``figures`` as the snapshot; a snapshot under a newer schema than this release
    reads is not kept (the last readable one stays). Returns whether it was kept."""
    if figures.schema_version > FIGURES_SCHEMA_VERSION:
        log.warning("report figures schema %s is newer than %s: kept the last snapshot",
                    figures.schema_version, FIGURES_SCHEMA_VERSION)
        return False
    row = session.get(ReportSnapshot, 1) or ReportSnapshot(id=1)
    row.schema_version = figures.schema_version
    row.computed_at = figures.computed_at
    row.received_at = dt.datetime.now(dt.UTC)
    row.body = figures.model_dump(mode="json")
    session.add(row)
    return True


def load_figures(session: Session) -> FiguresSnapshot | None:
    """The last snapshot (None before the first supervisor sync, or if it cannot be read)."""
    row = session.get(ReportSnapshot, 1)
    if row is None:
        return None
    try:
        figures = ReportFigures.model_validate(row.body)
    except ValidationError:  # written by a newer release, then downgraded: say nothing yet
        log.warning("the stored report figures could not be read")
        return None
    return FiguresSnapshot(figures, row.computed_at, row.received_at)
