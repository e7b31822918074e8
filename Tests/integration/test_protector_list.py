"""The protector list of format version 3 (Vault/FORMAT.md §10) in the independent reader: the
committed vector is what its generator writes, every protector opens with its own secret only,
and the parser refuses what §10.1 forbids. Tests/VaultFormatTests/ProtectorListTests.swift reads
the same vector with the Swift codec."""
import json
import os
import subprocess
import sys

import independent_reader as ir
import pytest
from vault_harness import ROOT

DIR = ROOT / "Vault" / "vectors" / "protectors"
VECTOR = json.loads((DIR / "v3-protector-list.json").read_text())
CTX = (bytes.fromhex(VECTOR["vault_id"]), VECTOR["created"], bytes.fromhex(VECTOR["public_key"]))


def by_kind(kind):
    listed = ir.read_protector_list(bytes.fromhex(VECTOR["protectors"]))
    return next(p for p in listed["protectors"] if p["kind"] == kind)


def test_the_vector_is_what_the_generator_writes(tmp_path):
    subprocess.run([sys.executable, str(DIR / "generate.py"), "--out", str(tmp_path)], check=True, capture_output=True)
    assert (tmp_path / "v3-protector-list.json").read_bytes() == (DIR / "v3-protector-list.json").read_bytes()


def test_the_list_parses_with_its_ids_and_kinds():
    listed = ir.read_protector_list(bytes.fromhex(VECTOR["protectors"]))
    assert listed["next_id"] == 6
    assert [(p["id"], p["kind"]) for p in listed["protectors"]] == [
        (1, "passphrase"), (2, "secret-service"), (3, "tpm2"), (5, "recovery")]
    assert by_kind("tpm2")["pin"] is True and by_kind("tpm2")["pcrs"] == [7]


@pytest.mark.parametrize("kind, secret", [
    ("passphrase", VECTOR["passphrase"].encode()),
    ("recovery", ir.read_recovery_key(VECTOR["recovery_key"])),
    ("tpm2", bytes.fromhex(VECTOR["tpm_unsealed"])),
])
def test_each_protector_opens_with_its_secret_only(kind, secret):
    p = by_kind(kind)
    sk = ir.unwrap_protector(p, ir.protector_wrapping_key(p, secret), *CTX)
    assert sk.hex() == VECTOR["secret_key"]
    wrong = bytes([secret[0] ^ 1]) + secret[1:]
    with pytest.raises(ir.WrongPassphrase):
        ir.unwrap_protector(p, ir.protector_wrapping_key(p, wrong), *CTX)
    moved = dict(p, id=4)  # the wrap is bound to its slot
    with pytest.raises(ir.WrongPassphrase):
        ir.unwrap_protector(moved, ir.protector_wrapping_key(p, secret), *CTX)


def test_the_parser_refuses_what_the_format_forbids():
    good = ir.read_protector_list(bytes.fromhex(VECTOR["protectors"]))
    protectors = good["protectors"]
    broken = [
        (6, []),                                                # no protector
        (5, protectors),                                        # id 5 not below next_id
        (6, [protectors[1], protectors[0]] + protectors[2:]),   # ids not ascending
        (6, protectors[:1] + [dict(protectors[1], id=1)]),      # repeated id
        (6, [dict(protectors[1], id=1)] + protectors[1:]),      # two secret-service protectors
        (6, protectors[:2] + [dict(protectors[2], pcrs=[7, 0])]),
        (6, protectors[:2] + [dict(protectors[2], pcrs=[24])]),
        (6, protectors[:2] + [dict(protectors[2], blob=b"")]),
        (6, [dict(protectors[0], opslimit=17)]),
    ]
    for next_id, items in broken:
        with pytest.raises(ir.VaultFormatError):
            ir.read_protector_list(ir.encode_protector_list(next_id, items))
    data = bytes.fromhex(VECTOR["protectors"])
    for bad in (data + b"\0", data[:-1], data[:5] + b"\x09" + data[6:]):
        with pytest.raises(ir.VaultFormatError):
            ir.read_protector_list(bad)
