"""Visit forms: versioned definitions, the engine that evaluates answers, computed fields.

Public API (stable for the GUI)::

    load_definition(form_id, version) -> FormDefinition
    latest_definition(form_id) -> FormDefinition
    evaluate(definition, answers, *, today=None, household=None) -> FormState
    submitted_answers(state) -> dict
"""

from homevisit.visits.conditions import holds, is_answered
from homevisit.visits.forms.definition import (
    CheckDef,
    ComputedDef,
    FieldDef,
    FormDefinition,
    StepDef,
    available_versions,
    latest_definition,
    load_definition,
    parse_definition,
    read_definition_file,
)
from homevisit.visits.forms.engine import (
    FieldState,
    FormState,
    ItemState,
    Message,
    Progress,
    StepState,
    evaluate,
    submitted_answers,
    value_at,
)
from homevisit.visits.forms.validate import Severity

__all__ = [
    "CheckDef",
    "ComputedDef",
    "FieldDef",
    "FieldState",
    "FormDefinition",
    "FormState",
    "ItemState",
    "Message",
    "Progress",
    "Severity",
    "StepDef",
    "StepState",
    "available_versions",
    "evaluate",
    "holds",
    "is_answered",
    "latest_definition",
    "load_definition",
    "parse_definition",
    "read_definition_file",
    "submitted_answers",
    "value_at",
]
