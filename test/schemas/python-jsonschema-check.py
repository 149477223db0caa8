"""Validates values against the shipped schemas with Python's jsonschema (the README's recipe).

Reads JSON lines on stdin: {"id": ..., "schema": "<path under schemas/0.1>", "text": "<the value as JSON>"}
and writes one JSON line per input: {"id": ..., "valid": bool, "codes": [x-pipes-code of each error]}.
The value text is parsed with json.loads, so 2 and 2.0, NaN and big integers are what Dagster sees.
"""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator
from referencing import Registry, Resource


def load_registry(root: pathlib.Path) -> Registry:
    """Every schema file of both levels, registered under its $id so relative $refs resolve."""
    resources = []
    for path in sorted(root.rglob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


def code_of(error) -> str:
    """The reason code the failing schema node names in x-pipes-code."""
    annotation = error.schema.get("x-pipes-code") if isinstance(error.schema, dict) else None
    if isinstance(annotation, dict):
        annotation = annotation.get(error.validator, annotation.get("*"))
    return annotation if isinstance(annotation, str) else ""


def main() -> None:
    root = pathlib.Path(sys.argv[1])
    registry = load_registry(root)
    validators = {}
    for line in sys.stdin:
        request = json.loads(line)
        name = request["schema"]
        if name not in validators:
            schema = json.loads((root / name).read_text(encoding="utf-8"))
            validators[name] = Draft202012Validator(schema, registry=registry)
        value = json.loads(request["text"])
        errors = list(validators[name].iter_errors(value))
        codes = sorted({code_of(leaf) for error in errors for leaf in (error.context or [error])} - {""})
        print(json.dumps({"id": request["id"], "valid": not errors, "codes": codes}))


if __name__ == "__main__":
    main()
