"""Form definitions: versioned data files (YAML or JSON) validated by a JSON Schema.

Files live at ``<root>/<form_id>/v<version>.yaml``; the shipped root is
``resources/forms``. Every version stays on disk, so a visit made with v1 is always evaluated
with v1 (a visit stores ``(form_id, version)``), whatever the newest version is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from homevisit.errors import CodeListNotFound, DefinitionInvalid, DefinitionNotFound
from homevisit.i18n import Text
from homevisit.resources import resource_path
from homevisit.visits.codelists import Code, CodeList, load_codelist
from homevisit.visits.conditions import Condition, comparisons, referenced_paths
from homevisit.visits.forms.computed import FUNCTIONS

_VERSION_FILE = re.compile(r"^v(\d+)\.(ya?ml|json)$")


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One question. ``required`` and ``visible_when`` are conditions (``True`` = always)."""

    id: str
    path: str
    type: str
    label: Text
    help: Text | None
    required: Condition
    visible_when: Condition
    choices: tuple[Code, ...] | None
    constraints: Mapping[str, Any]
    fields: tuple[FieldDef, ...] = ()
    item_label: Text | None = None
    sensitive: bool = False

    @property
    def is_roster(self) -> bool:
        return self.type == "roster"

    def choice_codes(self) -> frozenset[str]:
        return frozenset(c.code for c in self.choices or ())

    @property
    def is_follow_up(self) -> bool:
        """Whether an answer on the field's own page (its step, or its roster item) shows
        or hides it: such a field appears while the counselor is working on that page, so
        the page keeps its place for it (nothing below moves under the pointer)."""
        step = self.path.split(".", 1)[0]
        return any(path.startswith(("item.", f"{step}."))
                   for path, _roster in referenced_paths(self.visible_when))


@dataclass(frozen=True, slots=True)
class StepDef:
    id: str
    title: Text
    help: Text | None
    visible_when: Condition
    fields: tuple[FieldDef, ...]


@dataclass(frozen=True, slots=True)
class ComputedDef:
    """A value derived from answers by a named function of
    :mod:`homevisit.visits.forms.computed`."""

    id: str
    fn: str
    args: Mapping[str, Any]
    label: Text | None


@dataclass(frozen=True, slots=True)
class CheckDef:
    """A cross-field rule: when ``when`` holds, show ``message`` on ``path``."""

    id: str
    path: str
    when: Condition
    severity: str
    message: Text
    roster: str | None = None


@dataclass(frozen=True, slots=True)
class FormDefinition:
    form_id: str
    version: int
    title: Text
    steps: tuple[StepDef, ...]
    computed: tuple[ComputedDef, ...]
    checks: tuple[CheckDef, ...]

    def field(self, path: str) -> FieldDef | None:
        """The field at ``step.field`` or ``step.roster.item_field`` (no index)."""
        parts = path.split(".")
        for step in self.steps:
            if step.id != parts[0]:
                continue
            for f in step.fields:
                if len(parts) >= 2 and f.id == parts[1]:
                    if len(parts) == 2:
                        return f
                    return next((i for i in f.fields if len(parts) == 3 and i.id == parts[2]), None)
        return None

    def all_paths(self) -> tuple[str, ...]:
        """Every field path, rosters' item fields as ``step.roster.field``."""
        out: list[str] = []
        for step in self.steps:
            for f in step.fields:
                out.append(f.path)
                out.extend(i.path for i in f.fields)
        return tuple(out)


def _text(data: Mapping[str, Any] | None) -> Text | None:
    return Text(data["zh"], data["en"]) if data else None


@cache
def _schema() -> dict[str, Any]:
    path = resource_path("forms", "form-definition.schema.json")
    schema: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return schema


class _Parser:
    """Turns validated data into a :class:`FormDefinition`, checking what a schema cannot."""

    def __init__(
        self, source: str, codelists: Callable[[str], CodeList] = load_codelist
    ) -> None:
        self.source = source
        self.codelists = codelists
        self.known: set[str] = set()  # paths defined so far, in form order
        self.computed: set[str] = set()
        self.codes: dict[str, frozenset[str]] = {}  # choice codes of each choice field

    def fail(self, where: str, reason: str) -> DefinitionInvalid:
        return DefinitionInvalid(source=self.source, where=where, reason=reason)

    def check_refs(self, condition: Condition, where: str, roster: str | None = None) -> None:
        """Refuse conditions that could silently never match.

        The engine walks the form in order and a condition sees only the visible answers
        before it, so a reference must name an earlier field (``item.x``: an earlier field
        of the same roster item), and a compared code must exist in the field's choices.
        """
        for ref, inner in referenced_paths(condition):
            if not self._known(ref, inner or roster):
                raise self.fail(where, f"condition refers to unknown or later field {ref!r}")
        for ref, inner, op, operand in comparisons(condition):
            codes = self.codes.get(self._resolve(ref, inner or roster))
            if codes is None or op not in ("eq", "ne", "in", "not_in", "contains", "contains_any"):
                continue
            values = operand if isinstance(operand, list) else [operand]
            unknown = [v for v in values if not isinstance(v, Mapping) and v not in codes]
            if unknown:
                raise self.fail(where, f"{ref!r} has no choice {unknown[0]!r}")

    def _resolve(self, ref: str, roster: str | None) -> str:
        parts = ref.split(".")
        if parts[0] == "item":
            return f"{roster}.{parts[1]}" if roster and len(parts) > 1 else ""
        return ".".join(parts[:2])

    def _known(self, ref: str, roster: str | None) -> bool:
        head, _, rest = ref.partition(".")
        if head == "context":
            return True
        if head == "computed":
            return rest.split(".")[0] in self.computed
        return self._resolve(ref, roster) in self.known

    def choices(self, data: Mapping[str, Any], where: str) -> tuple[Code, ...] | None:
        if "codelist" in data:
            try:
                return self.codelists(data["codelist"]).items
            except CodeListNotFound:
                raise self.fail(where, f"unknown code list {data['codelist']!r}") from None
        if "choices" in data:
            return tuple(Code(c["code"], Text(c["zh"], c["en"])) for c in data["choices"])
        return None

    def field(self, data: Mapping[str, Any], prefix: str, roster: str | None = None) -> FieldDef:
        path = f"{prefix}.{data['id']}"
        for key in ("visible_when", "required"):
            self.check_refs(data.get(key, False), path, roster)
        sub: tuple[FieldDef, ...] = ()
        if data["type"] == "roster":
            ids = [f["id"] for f in data["fields"]]
            if len(set(ids)) != len(ids):
                raise self.fail(path, "duplicate item field id")
            sub = tuple(self.field(f, path, path) for f in data["fields"])
        constraints = {
            k: data[k]
            for k in (
                "min",
                "max",
                "min_length",
                "max_length",
                "pattern",
                "not_future",
                "min_items",
                "max_items",
            )
            if k in data
        }
        if "pattern" in constraints:
            try:
                re.compile(constraints["pattern"])
            except re.error as exc:
                raise self.fail(path, f"bad pattern: {exc}") from None
        self.known.add(path)
        choices = self.choices(data, path)
        if choices is not None:
            self.codes[path] = frozenset(c.code for c in choices)
        return FieldDef(
            id=data["id"],
            path=path,
            type=data["type"],
            label=_text(data["label"]) or Text("", ""),
            help=_text(data.get("help")),
            required=data.get("required", False),
            visible_when=data.get("visible_when", True),
            choices=choices,
            constraints=constraints,
            fields=sub,
            item_label=_text(data.get("item_label")),
            sensitive=bool(data.get("sensitive", False)),
        )

    def definition(self, data: Mapping[str, Any]) -> FormDefinition:
        computed_data = data.get("computed", [])
        for c in computed_data:
            if c["fn"] not in FUNCTIONS:
                raise self.fail(f"computed.{c['id']}", f"unknown function {c['fn']!r}")
            self.computed.add(c["id"])
        steps = []
        for s in data["steps"]:
            self.check_refs(s.get("visible_when"), s["id"])
            fields = tuple(self.field(f, s["id"]) for f in s["fields"])
            if len({f.id for f in fields}) != len(fields):
                raise self.fail(s["id"], "duplicate field id")
            steps.append(
                StepDef(
                    s["id"],
                    _text(s["title"]) or Text("", ""),
                    _text(s.get("help")),
                    s.get("visible_when", True),
                    fields,
                )
            )
        if len({s.id for s in steps}) != len(steps):
            raise self.fail("steps", "duplicate step id")
        checks = []
        for c in data.get("checks", []):
            roster = c.get("roster")
            if roster:
                self._roster(steps, roster)
            self.check_refs(c["when"], c["id"], roster)
            target = f"{roster}.{c['path']}" if roster else c["path"]
            if target not in self.known:
                raise self.fail(c["id"], f"check targets unknown field {target!r}")
            checks.append(
                CheckDef(
                    c["id"],
                    c["path"],
                    c["when"],
                    c["severity"],
                    _text(c["message"]) or Text("", ""),
                    roster,
                )
            )
        computed = tuple(
            ComputedDef(c["id"], c["fn"], c.get("args", {}), _text(c.get("label")))
            for c in computed_data
        )
        return FormDefinition(
            data["form_id"],
            data["version"],
            _text(data["title"]) or Text("", ""),
            tuple(steps),
            computed,
            tuple(checks),
        )

    def _roster(self, steps: Sequence[StepDef], path: str) -> FieldDef:
        for step in steps:
            for f in step.fields:
                if f.path == path and f.is_roster:
                    return f
        raise self.fail(path, "not a roster")


def parse_definition(
    data: Mapping[str, Any],
    *,
    source: str = "definition",
    codelists: Callable[[str], CodeList] = load_codelist,
) -> FormDefinition:
    """Validate a definition given as a mapping (a file's content or one sent by the server).

    ``codelists`` finds a code list the definition names (default: the shipped ones); the
    server passes its published ones, so a form is checked against the lists devices get.
    """
    validator = jsonschema.Draft202012Validator(_schema())
    errors = list(validator.iter_errors(data))
    # "Unevaluated properties" is a side effect of a deeper error; name the deeper one.
    deeper = [e for e in errors if e.validator != "unevaluatedProperties"]
    error = jsonschema.exceptions.best_match(deeper or errors)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "/"
        raise DefinitionInvalid(source=source, where=where, reason=error.message[:200])
    return _Parser(source, codelists).definition(data)


def read_definition_file(path: Path) -> FormDefinition:
    """Read and validate one definition file (YAML or JSON)."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DefinitionInvalid(source=path.name, where="file", reason=str(exc)[:200]) from None
    definition = parse_definition(data, source=path.name)
    match = _VERSION_FILE.match(path.name)
    if match and int(match.group(1)) != definition.version:
        raise DefinitionInvalid(source=path.name, where="version", reason="file name mismatch")
    return definition


def _roots(roots: Sequence[Path] | None) -> Sequence[Path]:
    return roots if roots is not None else (resource_path("forms"),)


def available_versions(form_id: str, *, roots: Sequence[Path] | None = None) -> tuple[int, ...]:
    """Every version of ``form_id`` found under the roots, ascending."""
    found: set[int] = set()
    for root in _roots(roots):
        folder = root / form_id
        if folder.is_dir():
            for child in folder.iterdir():
                match = _VERSION_FILE.match(child.name)
                if match:
                    found.add(int(match.group(1)))
    return tuple(sorted(found))


def load_definition(
    form_id: str, version: int, *, roots: Sequence[Path] | None = None
) -> FormDefinition:
    """The definition ``form_id`` at ``version`` (the version a visit was made with).

    ``roots`` are directories searched in order (default: the shipped ``resources/forms``);
    definitions received from the server can be saved under another root and listed here.
    """
    for root in _roots(roots):
        for suffix in ("yaml", "yml", "json"):
            path = root / form_id / f"v{version}.{suffix}"
            if path.is_file():
                return _cached_read(path, path.stat().st_mtime_ns)
    raise DefinitionNotFound(form_id=form_id, version=version)


def latest_definition(form_id: str, *, roots: Sequence[Path] | None = None) -> FormDefinition:
    """The newest version of ``form_id`` (for new visits)."""
    versions = available_versions(form_id, roots=roots)
    if not versions:
        raise DefinitionNotFound(form_id=form_id, version="?")
    return load_definition(form_id, versions[-1], roots=roots)


@cache
def _cached_read(path: Path, _mtime: int) -> FormDefinition:
    # Keyed on mtime so a definition replaced by sync is re-read, never served stale.
    return read_definition_file(path)
