#!/usr/bin/env python3
"""The pipes-conformance driver for the reference Python library ``dagster_pipes``.

Run it with ``dagster_pipes`` importable (``PYTHONPATH`` pointing at the directory that holds the
``dagster_pipes`` package); see drivers/python/README.md for the exact command.

Driven mode (docs/DRIVERS.md): the actions in ``extras.pipes_conformance``
(``{"version": 1, "case": ..., "actions": [...]}``) run in order through dagster_pipes' public
API inside one ``with open_dagster_pipes(...)`` session:

- ``log``: ``context.log.<level>(message)`` (``debug``, ``info``, ``warning``, ``error``,
  ``critical``);
- ``report_asset_materialization`` / ``report_asset_check``: the library methods, with typed
  metadata passed as ``{"raw_value", "type"}`` dicts and ``__infer__`` entries as the bare raw value;
  an absent ``severity`` is left to the library's default;
- ``report_custom_message``: ``context.report_custom_message(payload)``;
- ``get_extra``: a custom message ``{"pipes_conformance_extra": context.get_extra(key)}``;
- ``report_context``: a custom message ``{"pipes_conformance_context": {...}}`` with the ten
  context properties, None where a property raises ``DagsterPipesError``;
- ``raise``: ``raise ValueError(message)``; the library's ``__exit__`` reports it on ``closed``
  and re-raises it, so the interpreter exits 1.

Observed mode (no ``pipes_conformance`` in the extras, or no Pipes launch at all, where
``open_dagster_pipes`` returns its no-op mock): log one line, materialize every asset of the
context once, send one custom message.

Bootstrap: ``PipesCliArgsParamsLoader`` when ``--dagster-pipes-context`` is in argv, else the
library's default ``PipesEnvVarParamsLoader``.

Exit status: 0 after the last action; 1 when an action raised (the exception is on ``closed``)
or the launch is broken (the library's own error); 3 for an unsupported ``op`` or ``version``
(``pipes_conformance: unsupported ...`` on stderr).
"""

from __future__ import annotations

import json
import sys
from typing import Any, Dict, List

# No __pycache__ next to the library: a run must create no files of its own.
sys.dont_write_bytecode = True

from dagster_pipes import (  # noqa: E402
    DagsterPipesError,
    PipesCliArgsParamsLoader,
    PipesContext,
    PipesEnvVarParamsLoader,
    open_dagster_pipes,
)

DRIVER_PROTOCOL_VERSION = 1
SUPPORTED_OPS = (
    "log", "report_asset_materialization", "report_asset_check", "report_custom_message",
    "get_extra", "report_context", "raise",
)
# The ten context fields, in docs/PROTOCOL.md's order; each is a property of PipesContext.
CONTEXT_FIELDS = (
    "asset_keys", "code_version_by_asset_key", "provenance_by_asset_key", "partition_key",
    "partition_key_range", "partition_time_window", "run_id", "job_name", "retry_number", "extras",
)
LOG_METHODS = {"DEBUG": "debug", "INFO": "info", "WARNING": "warning", "ERROR": "error", "CRITICAL": "critical"}


class Unsupported(Exception):
    """An action script this driver cannot run; the text follows ``pipes_conformance: ``."""


def describe(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def metadata_from_wire(wire: Any) -> Any:
    """Wire-form metadata to library arguments: ``__infer__`` entries become the bare raw value
    (the library wraps it as ``__infer__`` itself), every other entry is passed as the typed
    ``{"raw_value", "type"}`` dict."""
    if not isinstance(wire, dict):
        return wire
    result: Dict[str, Any] = {}
    for label, entry in wire.items():
        if isinstance(entry, dict) and entry.get("type") == "__infer__" and "raw_value" in entry:
            result[label] = entry["raw_value"]
        else:
            result[label] = entry
    return result


def driven_actions(script: Any) -> List[Dict[str, Any]]:
    """Validates the script up front, so that nothing runs from a script we cannot finish."""
    version = script.get("version") if isinstance(script, dict) else script
    if isinstance(version, bool) or not isinstance(version, (int, float)) or version != DRIVER_PROTOCOL_VERSION:
        raise Unsupported(f"unsupported version {describe(version)}")
    actions = script.get("actions")
    if not isinstance(actions, list):
        raise Unsupported("unsupported actions (not a list)")
    for action in actions:
        op = action.get("op") if isinstance(action, dict) else action
        if not isinstance(op, str) or op not in SUPPORTED_OPS:
            raise Unsupported(f"unsupported op {describe(op)}")
    return actions


def observed_actions(context: PipesContext) -> List[Dict[str, Any]]:
    actions: List[Dict[str, Any]] = [{"op": "log", "message": "dagster-pipes driver: observed mode", "level": "INFO"}]
    try:
        keys = list(context.asset_keys)
    except DagsterPipesError:
        keys = []
    for key in keys:
        actions.append({
            "op": "report_asset_materialization", "asset_key": key, "data_version": None,
            "metadata": {"driver": {"raw_value": "dagster_pipes", "type": "text"}},
        })
    actions.append({"op": "report_custom_message", "payload": {"observed": True}})
    return actions


def context_snapshot(context: PipesContext) -> Dict[str, Any]:
    snapshot: Dict[str, Any] = {}
    for field in CONTEXT_FIELDS:
        try:
            snapshot[field] = getattr(context, field)
        except DagsterPipesError:
            snapshot[field] = None
    return snapshot


def run_action(context: PipesContext, action: Dict[str, Any]) -> None:
    op = action["op"]
    if op == "log":
        level = action.get("level") or "INFO"
        method = LOG_METHODS.get(str(level).upper())
        if method is None:
            raise Unsupported(f"unsupported level {describe(level)}")
        getattr(context.log, method)(action["message"])
    elif op == "report_asset_materialization":
        context.report_asset_materialization(
            metadata=metadata_from_wire(action.get("metadata")),
            data_version=action.get("data_version"),
            asset_key=action.get("asset_key"),
        )
    elif op == "report_asset_check":
        optional = {"severity": action["severity"]} if "severity" in action else {}
        context.report_asset_check(
            action["check_name"],
            action["passed"],
            metadata=metadata_from_wire(action.get("metadata")),
            asset_key=action.get("asset_key"),
            **optional,
        )
    elif op == "report_custom_message":
        context.report_custom_message(action.get("payload"))
    elif op == "get_extra":
        context.report_custom_message({"pipes_conformance_extra": context.get_extra(action["key"])})
    elif op == "report_context":
        context.report_custom_message({"pipes_conformance_context": context_snapshot(context)})
    elif op == "raise":
        raise ValueError(action["message"])
    else:  # pragma: no cover - driven_actions refused it already
        raise Unsupported(f"unsupported op {describe(op)}")


def params_loader():
    if "--dagster-pipes-context" in sys.argv:
        return PipesCliArgsParamsLoader()
    return PipesEnvVarParamsLoader()


def main() -> int:
    unsupported = None
    try:
        with open_dagster_pipes(params_loader=params_loader()) as context:
            extras = context.extras
            if isinstance(extras, dict) and "pipes_conformance" in extras:
                try:
                    actions = driven_actions(extras["pipes_conformance"])
                except Unsupported as error:
                    unsupported = error
                    raise  # inside the session: `closed` still comes last
            else:
                actions = observed_actions(context)
            for action in actions:
                try:
                    run_action(context, action)
                except Unsupported as error:
                    unsupported = error
                    raise
    except Unsupported:
        print(f"pipes_conformance: {unsupported}", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
