"""Differential oracle: Python's own base64, zlib and json, exactly as Dagster uses them.

Reads one JSON request per line on stdin and writes one JSON answer per line on stdout:
  {"kind": "json", "text": "..."}        -> json.loads(text)
  {"kind": "bootstrap", "text": "..."}   -> json.loads(zlib.decompress(base64.b64decode(text)).decode("utf-8"))
  {"kind": "base64", "text": "..."}      -> base64.b64decode(text), as hex
Values come back tagged so that int and float, exact big integers and NaN survive the trip:
  {"t": "int", "v": "12"}, {"t": "float", "v": repr(x)}, {"t": "dict", "v": [[key, value], ...]} ...
"""
import base64
import json
import sys
import zlib


def tag(value):
    if value is None:
        return {"t": "null"}
    if isinstance(value, bool):
        return {"t": "bool", "v": value}
    if isinstance(value, int):
        return {"t": "int", "v": str(value)}
    if isinstance(value, float):
        return {"t": "float", "v": repr(value)}
    if isinstance(value, str):
        return {"t": "str", "v": value}
    if isinstance(value, list):
        return {"t": "list", "v": [tag(item) for item in value]}
    if isinstance(value, dict):
        return {"t": "dict", "v": [[key, tag(item)] for key, item in value.items()]}
    raise TypeError(type(value))


def loads(text):
    # Dagster's reader runs under the default recursion limit; the tagging afterwards may go deeper.
    sys.setrecursionlimit(1000)
    try:
        return json.loads(text)
    finally:
        sys.setrecursionlimit(20000)


def answer(request):
    kind = request["kind"]
    text = request["text"]
    stage = None
    try:
        if kind == "json":
            stage = "json"
            return {"ok": True, "value": tag(loads(text))}
        if kind == "base64":
            stage = "base64"
            return {"ok": True, "hex": base64.b64decode(text).hex()}
        stage = "base64"
        raw = base64.b64decode(text)
        stage = "zlib"
        inflated = zlib.decompress(raw)
        stage = "utf8"
        decoded = inflated.decode("utf-8")
        stage = "json"
        return {"ok": True, "value": tag(loads(decoded))}
    except RecursionError:
        return {"ok": False, "stage": stage, "error": "RecursionError"}
    except Exception as error:  # noqa: BLE001 - the oracle reports every refusal as data
        return {"ok": False, "stage": stage, "error": type(error).__name__}


def main():
    for line in sys.stdin:
        if line.strip():
            sys.stdout.write(json.dumps(answer(json.loads(line))) + "\n")


main()
