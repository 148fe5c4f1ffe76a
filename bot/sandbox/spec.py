"""Slack's Web API as its published OpenAPI description states it: method names, required arguments.

The description (slackapi/slack-api-specs, vendored beside this module under the MIT licence in
`LICENSE.slack-api-specs`) is stale since 2021 and loose: `token` is declared as a header and the
`views.*` methods as GET. The fake reads it leniently: which methods exist, and which arguments a
call cannot go without.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

SPEC_FILE = "slack_web_openapi_v2.json"

# Arguments the description calls required that Slack also accepts under another name.
_ALTERNATIVES: Mapping[str, tuple[str, ...]] = {"trigger_id": ("interactivity_pointer",)}


@dataclass(frozen=True)
class MethodSpec:
    """One Web API method: the arguments it documents and those it requires (token aside)."""

    name: str
    parameters: frozenset[str]
    required: frozenset[str]


@dataclass(frozen=True)
class WebApiSpec:
    """The documented Web API methods, by name (`chat.postMessage`)."""

    methods: Mapping[str, MethodSpec]

    def documents(self, method: str) -> bool:
        return method in self.methods

    def missing_arguments(self, method: str, params: Mapping[str, Any]) -> list[str]:
        """Required arguments absent from `params` (empty strings count as absent)."""
        spec = self.methods.get(method)
        if spec is None:
            return []
        return sorted(
            name
            for name in spec.required
            if not _present(params, name)
            and not any(_present(params, alt) for alt in _ALTERNATIVES.get(name, ()))
        )


def _present(params: Mapping[str, Any], name: str) -> bool:
    value = params.get(name)
    return value is not None and value != ""


def parse_spec(document: Mapping[str, Any]) -> WebApiSpec:
    """Read a Swagger 2.0 description of the Web API."""
    methods: dict[str, MethodSpec] = {}
    for path, operations in document["paths"].items():
        parameters: set[str] = set()
        required: set[str] = set()
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "token":
                    continue
                parameters.add(parameter["name"])
                if parameter.get("required"):
                    required.add(parameter["name"])
        name = path.lstrip("/")
        methods[name] = MethodSpec(name, frozenset(parameters), frozenset(required))
    return WebApiSpec(methods)


@cache
def load_spec() -> WebApiSpec:
    """The vendored description, read once per process."""
    package = __package__ or "bot.sandbox"
    text = resources.files(package).joinpath(SPEC_FILE).read_text(encoding="utf-8")
    return parse_spec(json.loads(text))
