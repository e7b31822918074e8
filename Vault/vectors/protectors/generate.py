#!/usr/bin/env python3
"""Regenerate Vault/vectors/protectors/v3-protector-list.json: a known-answer vector for the
protector list of format version 3 (FORMAT.md §10.1, §10.2; the design, before vault writes it).

Made by the independent Python implementation (Tests/integration/independent_reader.py), from
FORMAT.md alone. Every "random" byte is SHA-256(`vault-v3-vector:` ‖ label ‖ counter). The list
has a passphrase, a secret-service, a tpm2 (with PIN, PCR 7; its blob is opaque to the format,
and `tpm_unsealed` is what the TPM would give back) and a recovery protector; id 4 was removed,
so `next_id` is 6 and ids have a gap.

    python3 Vault/vectors/protectors/generate.py [--out DIR]
"""
import argparse
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "Tests", "integration"))

import independent_reader as ir  # noqa: E402
import nacl.bindings as nb  # noqa: E402


def fixed(label: str, n: int) -> bytes:
    out, counter = b"", 0
    while len(out) < n:
        out += hashlib.sha256(f"vault-v3-vector:{label}:{counter}".encode()).digest()
        counter += 1
    return out[:n]


def build() -> dict:
    vault_id, created = fixed("vault id", 16), 1_700_000_000
    pk, sk = nb.crypto_box_seed_keypair(fixed("key seed", 32))
    passphrase = "correct horse battery staple"
    recovery = fixed("recovery key", 16)
    tpm_key = fixed("tpm2 wrapping key", 32)
    ctx = (vault_id, created)
    p1 = {"id": 1, "kind": "passphrase", "opslimit": 1, "memlimit": 8192, "salt": fixed("passphrase salt", 16),
          "nonce": fixed("passphrase nonce", 24)}
    p1 = ir.wrap_protector(p1, sk, ir.protector_wrapping_key(p1, passphrase.encode()), *ctx)
    p2 = {"id": 2, "kind": "secret-service"}
    p3 = {"id": 3, "kind": "tpm2", "pin": True, "pcrs": [7], "nonce": fixed("tpm2 nonce", 24),
          "blob": b"opaque TPM2B_PUBLIC and TPM2B_PRIVATE"}
    p3 = ir.wrap_protector(p3, sk, tpm_key, *ctx)
    p5 = {"id": 5, "kind": "recovery", "salt": fixed("recovery salt", 16), "nonce": fixed("recovery nonce", 24)}
    p5 = ir.wrap_protector(p5, sk, ir.protector_wrapping_key(p5, recovery), *ctx)
    listed = ir.encode_protector_list(6, [p1, p2, p3, p5])
    return {"description": "passphrase, secret-service, tpm2 (PIN, PCR 7), recovery; id 4 removed",
            "vault_id": vault_id.hex(), "created": created, "public_key": pk.hex(), "secret_key": sk.hex(),
            "passphrase": passphrase, "recovery_key": ir.format_recovery_key(recovery),
            "tpm_unsealed": tpm_key.hex(), "protectors": listed.hex()}


AWS_EXAMPLE = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")


def build_file() -> dict:
    """A whole version-3 file (§10): a passphrase and a recovery protector, one sealed entry."""
    stream = fixed("file", 16 + 32 + 16 + 24 + 16 + 16 + 24 + 16 + 32)
    passphrase, created = "correct horse battery staple", 1_700_000_000
    header, sk, pk = ir.new_v3_vault(
        created, [("passphrase", passphrase, 1, 8192), ("recovery", None)], random=stream)
    recovery = stream[16 + 32 + 16 + 24:][:16]
    entry_id, seed = stream[-48:-32], stream[-32:]
    entry = ir.encode_entry(pk, entry_id, seed, "default", *AWS_EXAMPLE, created + 1, [])
    data = ir.assemble(header, [entry], sk=sk, generation=1, version=3)
    return {"description": "version 3: passphrase (1) and recovery (2) protectors, one entry",
            "version": 3, "created": created, "passphrase": passphrase, "opslimit": 1, "memlimit": 8192,
            "recovery_key": ir.format_recovery_key(recovery), "random": stream.hex(),
            "entries": [{"profile": "default", "access_key_id": AWS_EXAMPLE[0],
                         "secret_access_key": AWS_EXAMPLE[1], "added": created + 1, "metadata": []}],
            "secret_key": sk.hex(), "file": data.hex()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=HERE)
    out = ap.parse_args().out
    for name, vector in (("v3-protector-list.json", build()), ("v3-file.json", build_file())):
        path = os.path.join(out, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(vector, f, indent=2)
            f.write("\n")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
