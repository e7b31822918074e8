"""Python's json module as the reference for JSONDifferentialTests.swift.

Reads one document per line as hex of its bytes; prints one line per document: ERR when a strict
reader refuses it, else a canonical form both sides compute the same way. Python's json is made
as strict as vault's parser: UTF-8 only (no BOM), no NaN/Infinity, no duplicate keys, no lone
surrogates (Python keeps them in strings; Swift strings cannot hold them).
"""
import json
import sys


class Refused(Exception):
    pass


class Number(str):
    """A number's literal text, as vault keeps it."""


def pairs(items):
    keys = [key for key, _ in items]
    if len(set(keys)) != len(keys):
        raise Refused("duplicate key")
    return ("object", items)


def refuse_constant(name):
    raise Refused(name)


def text(s: str) -> str:
    if any(0xD800 <= ord(c) <= 0xDFFF for c in s):
        raise Refused("lone surrogate")
    return "s" + ".".join("%x" % ord(c) for c in s)


def canonical(value) -> str:
    if value is None:
        return "n"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, Number):
        return "#" + value
    if isinstance(value, str):
        return text(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, tuple) and value[0] == "object":
        return "{" + ",".join(text(k) + ":" + canonical(v) for k, v in value[1]) + "}"
    raise TypeError(type(value))


for line in sys.stdin:
    try:
        document = bytes.fromhex(line.strip()).decode("utf-8")
        value = json.loads(document, object_pairs_hook=pairs, parse_int=Number, parse_float=Number,
                           parse_constant=refuse_constant)
        print(canonical(value))
    except (ValueError, Refused, RecursionError):
        print("ERR")
