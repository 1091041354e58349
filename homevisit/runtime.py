"""Process-wide settings both the app and the server make once at start-up."""

from __future__ import annotations

import gc

GC_THRESHOLDS = (10_000, 50, 100)
"""Young-generation size and how rarely the older generations are collected.

CPython's defaults (700, 10, 10) collect the young generation every 700 allocations and
walk the whole heap every 100 young collections. A pull page or a push batch allocates
hundreds of thousands of short-lived objects (rows, dicts, validated records), none of them
in cycles, so those full walks over the app's long-lived objects (SQLAlchemy's and
pydantic's compiled structures, the OpenAPI schema) were 30-40% of a sync's server time
(bench_server_sync with and without). Cycles are still collected, just less often."""


def tune_gc() -> None:
    """Apply :data:`GC_THRESHOLDS` (idempotent)."""
    if gc.get_threshold() != GC_THRESHOLDS:
        gc.set_threshold(*GC_THRESHOLDS)
