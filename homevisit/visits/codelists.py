"""Code lists (DESIGN §3): special categories, relations, occupations, employer types, …

Each list is a versioned YAML file in ``resources/codelists`` validated by
``codelist.schema.json``; every code carries zh and en labels and optional tags that rules
use instead of hard-coding codes (e.g. employer types tagged ``public_finance``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from homevisit.errors import CodeListNotFound, DefinitionInvalid
from homevisit.i18n import Text
from homevisit.resources import resource_path


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of a code list."""

    code: str
    label: Text
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CodeList:
    """An ordered, versioned list of codes with zh/en labels."""

    id: str
    version: int
    title: Text
    items: tuple[Code, ...]
    _by_code: Mapping[str, Code] = field(default_factory=dict, repr=False, compare=False)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __iter__(self) -> Iterator[Code]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)

    def get(self, code: str) -> Code | None:
        return self._by_code.get(code)

    def label(self, code: str) -> Text:
        """The zh/en label of ``code``; an unknown code (e.g. from a newer list) shows as is."""
        item = self._by_code.get(code)
        return item.label if item else Text(code, code)

    def tagged(self, tag: str) -> frozenset[str]:
        """Codes carrying ``tag``."""
        return frozenset(item.code for item in self.items if tag in item.tags)


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        resource_path("codelists", "codelist.schema.json").read_text("utf-8"))
    return schema


def parse_codelist(data: Mapping[str, Any], *, source: str = "codelist") -> CodeList:
    """Validate a code list given as a mapping (from a file or from the server)."""
    error = jsonschema.exceptions.best_match(
        jsonschema.Draft202012Validator(_schema()).iter_errors(data)
    )
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "/"
        raise DefinitionInvalid(source=source, where=where, reason=error.message)
    items = tuple(
        Code(i["code"], Text(i["zh"], i["en"]), frozenset(i.get("tags", ()))) for i in data["items"]
    )
    by_code = {item.code: item for item in items}
    if len(by_code) != len(items):
        raise DefinitionInvalid(source=source, where="items", reason="duplicate code")
    title = Text(data["title"]["zh"], data["title"]["en"])
    return CodeList(data["id"], data["version"], title, items, by_code)


def load_codelist_file(path: Path) -> CodeList:
    """Read and validate one code-list YAML file."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise DefinitionInvalid(source=path.name, where="yaml", reason=str(exc)) from None
    return parse_codelist(data, source=path.name)


@cache
def load_codelist(name: str) -> CodeList:
    """The shipped code list ``name`` (e.g. ``"relations"``); cached, the files are read-only."""
    path = resource_path("codelists", f"{name}.yaml")
    if not path.is_file():
        raise CodeListNotFound(name=name)
    return load_codelist_file(path)


def available_codelists() -> tuple[str, ...]:
    """Names of every shipped code list."""
    return tuple(sorted(p.stem for p in resource_path("codelists").glob("*.yaml")))


@cache
def codelist_tags(name: str, tag: str) -> frozenset[str]:
    """Codes of the shipped list ``name`` carrying ``tag``; empty if the list is unknown."""
    try:
        return load_codelist(name).tagged(tag)
    except CodeListNotFound:
        return frozenset()
