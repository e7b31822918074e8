#!/usr/bin/env python3
"""Regenerate the known-answer vectors Vault/vectors/v2-*.json and v1-*.json (FORMAT.md §8).

Produced by the independent Python implementation (Tests/integration/independent_reader.py),
written from Vault/FORMAT.md alone. Every input is fixed here; the "random" bytes are
SHA-256(label ‖ counter) so the files are reproducible byte for byte (label prefix
`vault-v1-vector:` for version 1, `vault-v2-vector:` for version 2). The v1 files must never
change: they are what a version-1 vault on disk looks like (§9).

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


def fixed_random(label: str, n: int, prefix: str = "vault-v1-vector:") -> bytes:
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(f"{prefix}{label}:{counter}".encode()).digest()
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


V2_VECTORS = [
    {"name": "v2-passphrase-empty",
     "description": "Version 2 passphrase vault (Argon2id opslimit 1, memlimit 8192) with no "
                    "entries: generation 1, the seal over the header alone, no pending entry.",
     "backend": "passphrase", "passphrase": "correct horse battery staple",
     "created": 1700000000, "generation": 1, "entries": [], "pending": []},
    {"name": "v2-passphrase-two-entries",
     "description": "Version 2 passphrase vault with sealed profiles 'default' (no metadata) and "
                    "'admin' (two metadata pairs, one of them a key vault does not know).",
     "backend": "passphrase", "passphrase": "correct horse battery staple",
     "created": 1700000000, "generation": 1,
     "entries": [entry("default", AWS_EXAMPLE, 1700000001),
                 entry("admin", MADE_UP, 1700000002,
                       [("key-created", "2023-11-14T22:13:20Z"), ("x-unknown", "kept as is")])],
     "pending": []},
    {"name": "v2-secret-service-one-entry",
     "description": "Version 2 Secret Service vault (empty keyblock; the secret key would live "
                    "in the keyring as base64). One sealed entry with a profile using . _ - + = @ ,",
     "backend": "secret-service", "created": 1700000100, "generation": 1,
     "entries": [entry("ci.bot_1-a+b=c@example,x", AWS_EXAMPLE, 1700000101,
                       [("rotation", "1")])],
     "pending": []},
    {"name": "v2-passphrase-pending",
     "description": "Version 2 passphrase vault with one sealed entry ('default') and two "
                    "pending entries appended without the key: 'admin', then a new key for "
                    "'default' marked replaces=earlier (vault add --force without unlocking). "
                    "Whether the pending entries are trusted depends on the machine's record "
                    "(§6), not on the file.",
     "backend": "passphrase", "passphrase": "pending passphrase",
     "created": 1700000400, "generation": 1,
     "entries": [entry("default", AWS_EXAMPLE, 1700000401)],
     "pending": [entry("admin", MADE_UP, 1700000402, [("x-unknown", "kept as is")]),
                 entry("default", MADE_UP_2, 1700000403,
                       [("rotation", "new"), ("replaces", "earlier")])]},
    {"name": "v2-passphrase-unicode",
     "description": "Version 2 passphrase vault whose passphrase is non-ASCII (NFC 'pässwörd ✓', "
                    "UTF-8 as typed, no normalisation); a metadata value is non-ASCII too.",
     "backend": "passphrase", "passphrase": "p\u00e4ssw\u00f6rd \u2713",
     "created": 1700000200, "generation": 1,
     "entries": [entry("default", AWS_EXAMPLE, 1700000201, [("note", "caf\u00e9 \u2713")])],
     "pending": []},
    {"name": "v2-passphrase-generation-3",
     "description": "Version 2 passphrase vault made empty (generation 1), then given one entry "
                    "by each of two sealed writes (generation 2, then 3). The bytes depend only "
                    "on the final generation: a writer may build it in one go.",
     "backend": "passphrase", "passphrase": "rotate me",
     "created": 1700000300, "generation": 3, "sealed_writes": True,
     "entries": [entry("default", AWS_EXAMPLE, 1700000301, [("rotation", "old")]),
                 entry("default", MADE_UP_2, 1700000302, [("rotation", "new")])],
     "pending": []},
]


def random_size(v) -> int:
    base = 16 + 32 + (16 + 24 if v["backend"] == "passphrase" else 0)
    return base + (16 + 32) * (len(v["entries"]) + len(v.get("pending", [])))


def build(v) -> dict:
    rnd = fixed_random(v["name"], random_size(v))
    kwargs = {}
    if v["backend"] == "passphrase":
        kwargs = dict(passphrase=v["passphrase"], opslimit=OPSLIMIT, memlimit=MEMLIMIT)
    data, sk = ir.write_vault(v["backend"], v["created"], rnd, v["entries"], version=1, **kwargs)
    out = {"description": v["description"], "backend": v["backend"]}
    if v["backend"] == "passphrase":
        out.update(passphrase=v["passphrase"], opslimit=OPSLIMIT, memlimit=MEMLIMIT)
    out.update(created=v["created"], random=rnd.hex(), entries=v["entries"],
               secret_key=sk.hex(), file=data.hex())
    return out


def build_v2(v) -> dict:
    rnd = fixed_random(v["name"], random_size(v), "vault-v2-vector:")
    kwargs = {}
    if v["backend"] == "passphrase":
        kwargs = dict(passphrase=v["passphrase"], opslimit=OPSLIMIT, memlimit=MEMLIMIT)
    data, sk = ir.write_vault(v["backend"], v["created"], rnd, v["entries"], version=2,
                              generation=v["generation"], pending=v["pending"], **kwargs)
    if v.get("sealed_writes"):  # the same bytes by the long way: one sealed write per entry
        step, sk2 = ir.new_vault(v["backend"], v["created"], ir.FixedRandom(rnd), **kwargs)
        feed = ir.FixedRandom(rnd[random_size(dict(v, entries=[], pending=[])):])
        for e in v["entries"]:
            step = ir.sealed_write(step, sk2, [e], feed)
        assert (step, sk2) == (data, sk), v["name"]
    r = ir.read_vault(data)
    out = {"description": v["description"], "backend": v["backend"], "version": 2}
    if v["backend"] == "passphrase":
        out.update(passphrase=v["passphrase"], opslimit=OPSLIMIT, memlimit=MEMLIMIT)
    out.update(created=v["created"], generation=v["generation"], random=rnd.hex(),
               entries=v["entries"], pending=v["pending"], secret_key=sk.hex(),
               seal=r["seal"].hex(), file=data.hex())
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=HERE)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for v, make in [(v, build) for v in VECTORS] + [(v, build_v2) for v in V2_VECTORS]:
        path = os.path.join(args.out, v["name"] + ".json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(make(v), f, indent=2, ensure_ascii=False)
            f.write("\n")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
