"""electron/contract (TypeScript) and this backend agree on settings, defaults, limits and codes.

The TypeScript side is read through tests/support/contract-for-python.ts, which prints the zod
schemas as JSON Schema; pydantic prints its own, so both are compared in one format.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import typing
from pathlib import Path
from typing import Any

import pytest
from meeting_backend.api import responses
from meeting_backend.settings import PLACEHOLDER_SECRETS, BackendSettings

ROOT = Path(__file__).resolve().parents[3]
SERVICES = Path(__file__).resolve().parents[1] / "meeting_backend" / "services"

# Fields only the backend has, each with its reason.
PYTHON_ONLY = {
    # Main adds these to the settings line; they are not config.json's.
    "launchToken",
    "allowedOrigins",
}


@pytest.fixture(scope="module")
def ts() -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "node is needed to read the TypeScript contract (npm ci installs tsx)"
    out = subprocess.run(
        [
            node,
            str(ROOT / "node_modules" / "tsx" / "dist" / "cli.mjs"),
            str(ROOT / "tests" / "support" / "contract-for-python.ts"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def _leaves(schema: dict[str, Any], defs: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Dotted path -> the JSON Schema of each non-object field, `$ref`s and `| None` resolved."""
    out: dict[str, Any] = {}
    for name, prop in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        options = prop.get("anyOf", [prop])
        prop = next(o for o in options if o.get("type") != "null")
        if "$ref" in prop:
            prop = defs[prop["$ref"].rsplit("/", 1)[1]]
        if prop.get("type") == "object" and "properties" in prop:
            out.update(_leaves(prop, defs, f"{path}."))
        else:
            out[path] = prop
    return out


def _python_leaves() -> dict[str, Any]:
    schema = BackendSettings.model_json_schema(by_alias=True)
    return _leaves(schema, schema.get("$defs", {}))


def _ts_leaves(ts: dict[str, Any]) -> dict[str, Any]:
    return _leaves(ts["backendSettings"], {})


def test_settings_fields_match(ts: dict[str, Any]) -> None:
    python = set(_python_leaves()) - PYTHON_ONLY
    typescript = set(_ts_leaves(ts))
    assert python == typescript, {
        "only in Python": python - typescript,
        "only in TypeScript": typescript - python,
    }


def test_defaults_match(ts: dict[str, Any]) -> None:
    python = _python_leaves()
    for path, field in _ts_leaves(ts).items():
        assert field["default"] == python[path]["default"], path


def test_numeric_limits_match(ts: dict[str, Any]) -> None:
    python = _python_leaves()
    typescript = _ts_leaves(ts)
    # The backend's own port may be 0 (any free port) on the settings line main writes.
    typescript["port"] = ts["settingsLine"]["properties"]["port"]
    for path, field in typescript.items():
        if field.get("type") not in ("integer", "number"):
            continue
        for bound in ("minimum", "maximum"):
            assert field.get(bound) == python[path].get(bound), f"{path} {bound}"


def test_placeholder_secrets_match(ts: dict[str, Any]) -> None:
    assert set(ts["jwtPlaceholders"]) == set(PLACEHOLDER_SECRETS)


@pytest.mark.parametrize(
    ("check", "codes"),
    [
        ("database", responses.DatabaseCheckCode),
        ("dify", responses.DifyCheckCode),
        ("auth", responses.AuthCheckCode),
    ],
)
def test_check_codes_match(ts: dict[str, Any], check: str, codes: Any) -> None:
    python = set(typing.get_args(codes))
    typescript = set(ts["codes"][check])
    assert python <= typescript, python - typescript
    assert typescript - python <= set(ts["mainOnlyCodes"]), typescript - python


def _codes_in(*files: str) -> set[str]:
    """Every code a service passes to CheckFailure (first argument, a string literal)."""
    text = "".join((SERVICES / f).read_text(encoding="utf-8") for f in files)
    return set(re.findall(r'CheckFailure\(\s*"(\w+)"', text))


@pytest.mark.parametrize(
    ("files", "codes"),
    [
        (("db_check.py",), responses.DatabaseCheckCode),
        (("dify_check.py",), responses.DifyCheckCode),
        (("auth_check.py", "http_probe.py"), responses.AuthCheckCode),
    ],
)
def test_services_return_only_listed_codes(files: tuple[str, ...], codes: Any) -> None:
    found = _codes_in(*files)
    assert found, files
    assert found <= set(typing.get_args(codes)), found - set(typing.get_args(codes))
