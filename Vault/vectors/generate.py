#!/usr/bin/env python3
"""Regenerate the known-answer vectors Vault/vectors/v1-*.json (FORMAT.md §7).

Produced by the independent Python implementation (Tests/integration/independent_reader.py),
written from Vault/FORMAT.md alone. Every input is fixed here; the "random" bytes are
SHA-256(label ‖ counter) so the files are reproducible byte for byte.

    python3 Vault/vectors/generate.py            # rewrite the files beside this script
    python3 Vault/vectors/generate.py --out DIR  # write them elsewhere (the tests compare)
"""

import argparse
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "Tests", "integration"))

import independent_reader as ir  # noqa: E402

# AWS's documentation example key, and a made-up second one (not a real key).
AWS_EXAMPLE = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
MADE_UP = ("AKIAJ7VECTOR2TWO0002", "Zm9yVGVzdFZlY3RvcnNPbmx5Lk5vdEFSZWFsS2V5")
MADE_UP_2 = ("AKIAK3ROTATEDKEY0003", "Um90YXRlZC9LZXkrRm9yVGVzdHNPbmx5MDEyMzQ1")

OPSLIMIT, MEMLIMIT = 1, 8192


def fixed_random(label: str, n: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"vault-v1-vector:{label}:{counter}".encode()).digest()
        counter += 1
    return out[:n]


def entry(profile, key, added, metadata=()):
    return {"profile": profile, "access_key_id": key[0], "secret_access_key": key[1],
            "added": added, "metadata": [list(p) for p in metadata]}


VECTORS = [
    {"name": "v1-passphrase-empty",
     "description": "Passphrase vault (Argon2id opslimit 1, memlimit 8192) with no entries.",
     "backend": "passphrase", "passphrase": "correct horse battery staple",
     "created": 1700000000, "entries": []},
    {"name": "v1-passphrase-two-entries",
     "description": "Passphrase vault with profiles 'default' (no metadata) and 'admin' "
                    "(two metadata pairs, one of them a key vault does not know).",
     "backend": "passphrase", "passphrase": "correct horse battery staple",
     "created": 1700000000,
     "entries": [entry("default", AWS_EXAMPLE, 1700000001),
                 entry("admin", MADE_UP, 1700000002,
                       [("key-created", "2023-11-14T22:13:20Z"), ("x-unknown", "kept as is")])]},
    {"name": "v1-secret-service-one-entry",
     "description": "Secret Service vault (empty keyblock); the secret key would live in the "
                    "keyring as base64. One entry with a profile using . _ - + = @ ,",
     "backend": "secret-service", "created": 1700000100,
     "entries": [entry("ci.bot_1-a+b=c@example,x", AWS_EXAMPLE, 1700000101,
                       [("rotation", "1")])]},
    {"name": "v1-passphrase-unicode",
     "description": "Passphrase vault whose passphrase is non-ASCII (NFC 'pässwörd ✓', UTF-8 "
                    "as typed, no normalisation); a metadata value is non-ASCII too.",
     "backend": "passphrase", "passphrase": "p\u00e4ssw\u00f6rd \u2713",
     "created": 1700000200,
     "entries": [entry("default", AWS_EXAMPLE, 1700000201, [("note", "caf\u00e9 \u2713")])]},
    {"name": "v1-passphrase-rotation",
     "description": "Two entries sharing the profile 'default' during a key rotation; their "
                    "metadata tells them apart.",
     "backend": "passphrase", "passphrase": "rotate me",
     "created": 1700000300,
     "entries": [entry("default", AWS_EXAMPLE, 1700000301, [("rotation", "old")]),
                 entry("default", MADE_UP_2, 1700000302, [("rotation", "new")])]},
]


def random_size(v) -> int:
    base = 16 + 32 + (16 + 24 if v["backend"] == "passphrase" else 0)
    return base + (16 + 32) * len(v["entries"])


def build(v) -> dict:
    rnd = fixed_random(v["name"], random_size(v))
    kwargs = {}
    if v["backend"] == "passphrase":
        kwargs = dict(passphrase=v["passphrase"], opslimit=OPSLIMIT, memlimit=MEMLIMIT)
    data, sk = ir.write_vault(v["backend"], v["created"], rnd, v["entries"], **kwargs)
    out = {"description": v["description"], "backend": v["backend"]}
    if v["backend"] == "passphrase":
        out.update(passphrase=v["passphrase"], opslimit=OPSLIMIT, memlimit=MEMLIMIT)
    out.update(created=v["created"], random=rnd.hex(), entries=v["entries"],
               secret_key=sk.hex(), file=data.hex())
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=HERE)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for v in VECTORS:
        path = os.path.join(args.out, v["name"] + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(build(v), f, indent=2, ensure_ascii=False)
            f.write("\n")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
