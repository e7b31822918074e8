"""Tests of the independent (spec-only) implementation of the vault file, versions 1 and 2:
every vector, the strict parse, unlocking, the writer and the CLI. Version 2's own rules (seal,
generation, pending, migration, machine record) are in test_independent_reader_v2.py; interop
with the Swift `vault` binary in test_independent_reader_swift.py.

Run: pip install pynacl==1.6.2 pytest && python3 -m pytest Tests/integration/test_independent_reader*.py
Nothing here is skipped: a missing PyNaCl fails at import.
"""

import glob
import hashlib
import json
import os
import stat
import struct
import subprocess
import sys
import unicodedata

import nacl.bindings as nb  # must fail loudly when PyNaCl is missing
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
VECTORS_DIR = os.path.join(REPO, "Vault", "vectors")
READER = os.path.join(HERE, "independent_reader.py")
sys.path.insert(0, HERE)

import independent_reader as ir  # noqa: E402

REQUIRED_VECTORS = ["v1-passphrase-empty", "v1-passphrase-two-entries",
                    "v1-secret-service-one-entry", "v1-passphrase-unicode",
                    "v2-passphrase-empty", "v2-passphrase-two-entries",
                    "v2-secret-service-one-entry", "v2-passphrase-pending",
                    "v2-passphrase-unicode", "v2-passphrase-generation-3"]
V1_FILES = sorted(glob.glob(os.path.join(VECTORS_DIR, "v1-*.json")))
V2_FILES = sorted(glob.glob(os.path.join(VECTORS_DIR, "v2-*.json")))
VECTOR_FILES = V1_FILES + V2_FILES
AWS_EXAMPLE = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
MADE_UP = ("AKIAJ7VECTOR2TWO0002", "Zm9yVGVzdFZlY3RvcnNPbmx5Lk5vdEFSZWFsS2V5")
MADE_UP_3 = ("AKIAQ9THIRDKEY000003", "VGhpcmQvS2V5K01hZGVVcEZvclRlc3RzMDEyMzQ1")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def vector(name):
    return load(os.path.join(VECTORS_DIR, name + ".json"))


def vbytes(v):
    return bytes.fromhex(v["file"])


def unlock_vector(v, parsed, **kw):
    if v["backend"] == "passphrase":
        return ir.unlock(parsed, passphrase=v["passphrase"], **kw)
    return ir.unlock(parsed, secret_key=bytes.fromhex(v["secret_key"]), **kw)


def write_kwargs(v):
    """write_vault's arguments for a vector (§8)."""
    kw = {}
    if v["backend"] == "passphrase":
        kw = dict(passphrase=v["passphrase"], opslimit=v["opslimit"], memlimit=v["memlimit"])
    if v.get("version", 1) == 2:
        kw.update(version=2, generation=v["generation"], pending=v["pending"])
    else:
        kw.update(version=1)
    return kw


def reseal(body: bytes) -> bytes:
    """Give a body (file without checksum) a valid checksum, to reach the later checks."""
    return body + hashlib.blake2b(body, digest_size=32).digest()


def patch(data: bytes, offset: int, new: bytes) -> bytes:
    body = bytearray(data[:-32])
    body[offset:offset + len(new)] = new
    return reseal(bytes(body))


def raw_entry(entry_id=b"\x11" * 16, kind=1, added=1700000001, profile=b"default",
              hint="AKIA…MPLE".encode(), metadata=b"\x00\x00", sealed=b"\x00" * 48,
              length_delta=0, extra=b""):
    body = (entry_id + bytes([kind]) + struct.pack("<Q", added)
            + bytes([len(profile)]) + profile + bytes([len(hint)]) + hint
            + struct.pack("<H", len(metadata)) + metadata
            + struct.pack("<H", len(sealed)) + sealed + extra)
    return struct.pack("<I", len(body) + length_delta) + body


def build(header: bytes, entries, count=None, trailing=b"") -> bytes:
    n = len(entries) if count is None else count
    return reseal(header + struct.pack("<I", n) + b"".join(entries) + trailing)


def sixteen_mib_vault(header: bytes) -> bytes:
    """A well-formed vault of exactly 16 MiB (the largest allowed): entries with big metadata."""
    target = ir.MAX_FILE_SIZE
    entries, size, i = [], len(header) + 4 + 32, 0
    while True:
        base = len(raw_entry(entry_id=i.to_bytes(16, "little"),
                             metadata=b"\x01\x00\x01k\x00\x00"))
        room = target - size - base
        if room < 0:
            break
        value = min(room, 60000)
        if 0 < room - value < base:  # leave no remainder too small for one more entry
            value = room - base
        md = b"\x01\x00\x01k" + struct.pack("<H", value) + b"v" * value
        entries.append(raw_entry(entry_id=i.to_bytes(16, "little"), metadata=md))
        size += len(entries[-1])
        i += 1
        if size == target:
            break
    assert size == target, size - target
    return build(header, entries)


@pytest.fixture(scope="module")
def two():
    v = vector("v1-passphrase-two-entries")
    return v, vbytes(v), ir.read_vault(vbytes(v))


def test_pynacl_present():
    import nacl
    assert nacl.__version__ == "1.6.2", nacl.__version__
    assert nb.crypto_pwhash_ALG_ARGON2ID13


def test_required_vectors_exist():
    names = [os.path.basename(p)[:-5] for p in VECTOR_FILES]
    for required in REQUIRED_VECTORS:
        assert required in names
    for p in VECTOR_FILES:
        v = load(p)
        assert set(v) >= {"description", "backend", "created", "random", "entries",
                          "secret_key", "file"}
        version = 2 if os.path.basename(p).startswith("v2-") else 1
        assert struct.unpack_from("<H", vbytes(v), 8)[0] == version
        if version == 2:
            assert v["version"] == 2 and set(v) >= {"generation", "pending", "seal"}
            assert all("metadata" in e for e in v["entries"] + v["pending"])
        else:
            assert not {"version", "generation", "pending", "seal"} & set(v)
        if v["backend"] == "passphrase":
            assert (v["opslimit"], v["memlimit"]) == (1, 8192)
        else:
            assert "passphrase" not in v and "opslimit" not in v


def test_vectors_are_what_generate_py_writes(tmp_path):
    subprocess.run([sys.executable, os.path.join(VECTORS_DIR, "generate.py"),
                    "--out", str(tmp_path)], check=True, capture_output=True)
    produced = sorted(os.listdir(tmp_path))
    assert produced == [os.path.basename(p) for p in VECTOR_FILES]
    for name in produced:
        with open(tmp_path / name, "rb") as a, open(os.path.join(VECTORS_DIR, name), "rb") as b:
            assert a.read() == b.read(), name


# --------------------------------------------------------------------------------------------
# Every vector

@pytest.mark.parametrize("path", VECTOR_FILES, ids=os.path.basename)
class TestVector:
    def test_writer_reproduces_file(self, path):
        v = load(path)
        data, sk = ir.write_vault(v["backend"], v["created"], bytes.fromhex(v["random"]),
                                  v["entries"], **write_kwargs(v))
        assert data.hex() == v["file"]
        assert sk.hex() == v["secret_key"]

    def test_reader_recovers_everything(self, path):
        v = load(path)
        data = vbytes(v)
        r = ir.read_vault(data)
        assert r["backend"] == v["backend"]
        assert r["created"] == v["created"]
        version = v.get("version", 1)
        assert r["version"] == version
        assert r["vault_id"] == bytes.fromhex(v["random"])[:16]
        extra = 8 if version == 2 else 0  # generation
        if v["backend"] == "passphrase":
            assert (r["opslimit"], r["memlimit"]) == (v["opslimit"], v["memlimit"])
            assert len(r["header"]) == 68 + 53 + 48 + extra
        else:
            assert len(r["header"]) == 68 + extra
        sk = unlock_vector(v, r)  # version 2: the seal is verified too
        assert sk.hex() == v["secret_key"]
        assert nb.crypto_scalarmult_base(sk) == r["public_key"]
        if version == 2:
            assert r["generation"] == v["generation"]
            assert r["seal"].hex() == v["seal"]
            assert len(r["pending"]) == len(v["pending"])
        else:
            assert r["generation"] is None and r["pending"] == []
        assert len(r["entries"]) == len(v["entries"])
        for got, want in zip(ir.all_entries(r), v["entries"] + v.get("pending", [])):
            assert got["profile"] == want["profile"]
            assert got["added"] == want["added"]
            assert got["metadata"] == want["metadata"]
            assert got["key_hint"] == want["access_key_id"][:4] + "\u2026" + want["access_key_id"][-4:]
            assert ir.open_entry(r, got, sk) == (want["access_key_id"], want["secret_access_key"])
            # Any crypto_box_seal_open opens it (§5): PyNaCl's high-level SealedBox too.
            from nacl.public import PrivateKey, SealedBox
            pt = SealedBox(PrivateKey(sk)).decrypt(got["sealed"])
            assert len(got["sealed"]) == len(pt) + 48
            assert pt[1:17] == got["entry_id"]

    def test_secret_key_unlocks_any_backend(self, path):
        v = load(path)
        r = ir.read_vault(vbytes(v))
        assert ir.unlock(r, secret_key=bytes.fromhex(v["secret_key"])).hex() == v["secret_key"]

    def test_wrong_passphrase_or_key_fails(self, path):
        v = load(path)
        r = ir.read_vault(vbytes(v))
        if v["backend"] == "passphrase":
            for wrong in [v["passphrase"] + "x", v["passphrase"][:-1], "", v["passphrase"] + "\n",
                          v["passphrase"].upper()]:
                with pytest.raises(ir.WrongPassphrase):
                    ir.unlock(r, passphrase=wrong)
        sk = bytearray.fromhex(v["secret_key"])
        sk[1] ^= 1  # (bits 0-2 of byte 0 and bits 6-7 of byte 31 are clamped away: same key)
        with pytest.raises(ir.WrongKey):
            ir.unlock(r, secret_key=bytes(sk))

    def test_every_single_byte_flip_is_detected(self, path):
        data = vbytes(load(path))
        for i in range(len(data)):
            for mask in (0x01, 0x80, 0xFF):
                bad = bytearray(data)
                bad[i] ^= mask
                if i < 8:
                    expected = ir.NotAVault
                elif i < 10:  # a flip that lands on another known version fails the checksum
                    known = struct.unpack("<H", bytes(bad[8:10]))[0] in ir.VERSIONS
                    expected = ir.ChecksumMismatch if known else ir.UnsupportedVersion
                else:
                    expected = ir.ChecksumMismatch
                with pytest.raises(expected):
                    ir.read_vault(bytes(bad))

    def test_every_truncation_fails(self, path):
        data = vbytes(load(path))
        for n in range(len(data)):
            with pytest.raises(ir.VaultFormatError) as ei:
                ir.read_vault(data[:n])
            if n >= 42:
                assert isinstance(ei.value, ir.ChecksumMismatch), n
            else:
                assert isinstance(ei.value, (ir.Truncated, ir.NotAVault)), n
        # A proper prefix of the magic (the empty file included) reads as truncated.
        assert isinstance(_err(data[:0]), ir.Truncated)

    def test_appended_bytes_fail(self, path):
        data = vbytes(load(path))
        with pytest.raises(ir.ChecksumMismatch):
            ir.read_vault(data + b"\x00")
        # ...and with a recomputed checksum they are bytes between the last entry and the
        # checksum.
        with pytest.raises(ir.InvalidField, match="trailing"):
            ir.read_vault(reseal(data[:-32] + b"\x00"))

    def test_append_keeps_every_existing_byte(self, path):
        """Without the key: version 2 a pending write (§4: header, entries and seal byte for
        byte, the entry appended to pending), version 1 an append to entries."""
        v = load(path)
        data = vbytes(v)
        r = ir.read_vault(data)
        new = ir.append_entry(data, "third", *MADE_UP_3, added=1700009999,
                              random=bytes(range(48)))
        r2 = ir.read_vault(new)
        if r["version"] == 2:
            off, n, part = r["pending_count_offset"], len(v["pending"]), "pending"
            assert new[:off] == data[:off]  # header, generation, entries, seal
            assert r2["seal"] == r["seal"] and r2["generation"] == r["generation"]
            assert [e["raw"] for e in r2["entries"]] == [e["raw"] for e in r["entries"]]
        else:
            off, n, part = r["count_offset"], len(v["entries"]), "entries"
            assert new[:off] == data[:off]
        assert struct.unpack("<I", new[off:off + 4])[0] == n + 1
        assert new[off + 4:len(data) - 32] == data[off + 4:-32]
        assert r2[part][-1]["entry_id"] == bytes(range(16))
        sk = unlock_vector(v, r2)  # the seal still verifies: pending is outside it
        assert ir.open_entry(r2, r2[part][-1], sk) == MADE_UP_3


def _err(data):
    try:
        ir.read_vault(data)
    except ir.VaultFormatError as e:
        return e
    raise AssertionError("read_vault accepted it")


# --------------------------------------------------------------------------------------------
# Strict parse (§2), each reached with a valid checksum

class TestStrictParse:
    def test_truncated_magic_and_not_a_vault(self):
        assert isinstance(_err(ir.MAGIC[:5]), ir.Truncated)
        assert isinstance(_err(b"hello"), ir.NotAVault)
        assert isinstance(_err(ir.MAGIC + b"\x01"), ir.Truncated)
        assert isinstance(_err(ir.MAGIC + b"\x01\x00"), ir.Truncated)
        assert isinstance(_err(b"\x89VLT\n\x1a\n" + b"\x00" * 200), ir.NotAVault)  # text-mode
        assert isinstance(_err(bytes([0x09]) + ir.MAGIC[1:] + b"\x00" * 200), ir.NotAVault)

    def test_version(self, two):
        _, data, _ = two
        for version in (0, 4, 0x100, 0xFFFF):
            e = _err(patch(data, 8, struct.pack("<H", version)))
            assert isinstance(e, ir.UnsupportedVersion)
            assert e.reason == "unsupported version"
        # version-1 bytes claiming version 2 are read as version 2 and refused by the parse
        e = _err(patch(data, 8, struct.pack("<H", 2)))
        assert isinstance(e, ir.VaultFormatError) and not isinstance(e, ir.UnsupportedVersion)

    def test_reasons_are_distinct(self):
        reasons = {ir.NotAVault.reason, ir.UnsupportedVersion.reason, ir.ChecksumMismatch.reason,
                   ir.Truncated.reason, ir.FileTooLarge.reason, ir.InvalidField("x").reason}
        assert len(reasons) == 6
        assert ir.InvalidField("profile").reason == "invalid field profile"

    @pytest.mark.parametrize("offset,value,field", [
        (10, b"\x00", "backend"), (10, b"\x03", "backend"), (10, b"\xff", "backend"),
        (11, b"\x01", "reserved"),
        (68, b"\x00", "kdf"), (68, b"\x02", "kdf"),
        (69, struct.pack("<I", 0), "opslimit"), (69, struct.pack("<I", 17), "opslimit"),
        (69, struct.pack("<I", 0xFFFFFFFF), "opslimit"),
        (73, struct.pack("<Q", 8191), "memlimit"), (73, struct.pack("<Q", (1 << 30) + 1), "memlimit"),
        (73, struct.pack("<Q", 0), "memlimit"),
    ])
    def test_header_fields(self, two, offset, value, field):
        _, data, _ = two
        e = _err(patch(data, offset, value))
        assert isinstance(e, ir.InvalidField) and e.field == field, e

    @pytest.mark.parametrize("ops,mem", [(1, 8192), (16, 8192), (1, 1 << 30), (16, 1 << 30)])
    def test_kdf_bounds_accepted(self, two, ops, mem):
        _, data, _ = two
        r = ir.read_vault(patch(data, 69, struct.pack("<IQ", ops, mem)))
        assert (r["opslimit"], r["memlimit"]) == (ops, mem)

    def test_kdf_refused_before_running(self, two):
        _, data, r = two
        r = dict(r, opslimit=17)
        with pytest.raises(ir.InvalidField):
            ir.unlock(r, passphrase="correct horse battery staple")

    def test_secret_service_has_no_keyblock(self):
        v = vector("v1-secret-service-one-entry")
        data = vbytes(v)
        r = ir.read_vault(data)
        assert r["count_offset"] == 68
        # The same header claiming backend 1 is then too short / misparsed: refused.
        assert isinstance(_err(patch(data, 10, b"\x01")), ir.VaultFormatError)

    def test_count(self, two):
        _, data, r = two
        header, entries = r["header"], [e["raw"] for e in r["entries"]]
        assert build(header, entries) == data
        e = _err(build(header, entries, count=3))
        assert isinstance(e, ir.InvalidField) and e.field == "count"
        e = _err(build(header, entries, count=1))
        assert isinstance(e, ir.InvalidField) and e.field == "trailing bytes"
        e = _err(build(header, entries, count=100_001))
        assert isinstance(e, ir.InvalidField) and e.field == "count"
        e = _err(build(header, entries, count=0xFFFFFFFF))
        assert isinstance(e, ir.InvalidField) and e.field == "count"
        e = _err(reseal(header))  # checksum fine, count missing
        assert isinstance(e, ir.Truncated)

    def test_100000_entries_accepted(self, two):
        _, _, r = two
        entries = [raw_entry(entry_id=i.to_bytes(16, "little")) for i in range(100_000)]
        data = build(r["header"], entries)
        assert len(data) <= ir.MAX_FILE_SIZE
        assert len(ir.read_vault(data)["entries"]) == 100_000

    def test_file_size_limit(self, two):
        _, _, r = two
        data = sixteen_mib_vault(r["header"])
        assert len(data) == ir.MAX_FILE_SIZE
        assert len(ir.read_vault(data)["entries"]) > 200
        assert isinstance(_err(data + b"\x00"), ir.FileTooLarge)
        assert isinstance(_err(ir.MAGIC + b"\x01\x00" + b"\x00" * ir.MAX_FILE_SIZE),
                          ir.FileTooLarge)

    def test_trailing_bytes(self, two):
        _, _, r = two
        entries = [e["raw"] for e in r["entries"]]
        for trailing in (b"\x00", b"\x00" * 4, entries[0][:10]):
            e = _err(build(r["header"], entries, trailing=trailing))
            assert isinstance(e, ir.InvalidField) and e.field == "trailing bytes"

    def test_entry_length(self, two):
        _, _, r = two
        h = r["header"]
        ok = raw_entry()
        assert ir.read_vault(build(h, [ok]))["entries"][0]["profile"] == "default"
        # runs past the end of the file
        e = _err(build(h, [raw_entry(length_delta=1)]))
        assert isinstance(e, ir.InvalidField) and e.field == "entry length"
        e = _err(build(h, [struct.pack("<I", 0xFFFFFFFF)]))
        assert isinstance(e, ir.InvalidField) and e.field == "entry length"
        # fields do not fill exactly `length` bytes
        e = _err(build(h, [raw_entry(extra=b"\x00")]))
        assert isinstance(e, ir.InvalidField) and e.field == "entry length"
        e = _err(build(h, [raw_entry(length_delta=-1), b"\x00"]))
        assert isinstance(e, ir.InvalidField)
        e = _err(build(h, [raw_entry(length_delta=1), raw_entry(entry_id=b"\x22" * 16)]))
        assert isinstance(e, ir.InvalidField)
        e = _err(build(h, [struct.pack("<I", 0)]))
        assert isinstance(e, ir.InvalidField) and e.field == "entry length"

    def test_duplicate_entry_id(self, two):
        _, _, r = two
        a = r["entries"][0]["raw"]
        e = _err(build(r["header"], [a, a]))
        assert isinstance(e, ir.InvalidField) and e.field == "entry_id"
        e = _err(build(r["header"], [raw_entry(), raw_entry(profile=b"other")]))
        assert isinstance(e, ir.InvalidField) and e.field == "entry_id"

    def test_kind(self, two):
        _, _, r = two
        for kind in (0, 2, 255):
            e = _err(build(r["header"], [raw_entry(kind=kind)]))
            assert isinstance(e, ir.InvalidField) and e.field == "kind"

    @pytest.mark.parametrize("profile", [b"", b"a" * 129, b"has space", "no\u00a0break".encode(),
                                         b"tab\t", b"\x00", b"a\xff", b"del\x7f", "rtl\u202e".encode(),
                                         "line\u2028".encode(), "bom\ufeff".encode()])
    def test_bad_profiles(self, two, profile):
        _, _, r = two
        e = _err(build(r["header"], [raw_entry(profile=profile)]))
        assert isinstance(e, ir.InvalidField) and e.field == "profile"

    @pytest.mark.parametrize("profile", [b"a", b"A" * 64, b"Az09._-+=@,", b"x@y.z",
                                         b"a,b=c+d", b"a" * 128, b"a/b", b"team:prod", "pä".encode(),
                                         b"semi;colon", b"quote'", b"star*"])
    def test_good_profiles(self, two, profile):
        _, _, r = two
        assert ir.read_vault(build(r["header"], [raw_entry(profile=profile)])
                             )["entries"][0]["profile"] == profile.decode()

    def test_hint_must_be_utf8(self, two):
        _, _, r = two
        for hint in (b"AKIA\xe2\x80MPLE", b"\xff", b"\xc0\xaf"):
            e = _err(build(r["header"], [raw_entry(hint=hint)]))
            assert isinstance(e, ir.InvalidField) and e.field == "key_hint"

    @pytest.mark.parametrize("region", [
        b"",                                   # no n at all (see the report on FORMAT.md)
        b"\x00",                               # half an n
        b"\x00\x00\x00",                       # n = 0 and a byte left over
        b"\x01\x00",                           # n = 1 but no pair
        b"\x01\x00\x03ab",                     # key runs past the region
        b"\x01\x00\x01k\x05\x00abc",           # value runs past the region
        b"\x01\x00\x01k\x00\x00\x00",          # byte after the pairs
        b"\x02\x00\x01k\x00\x00",              # n says two, one present
        b"\x01\x00\x01\xff\x00\x00",           # key not UTF-8
        b"\x01\x00\x01k\x01\x00\xff",          # value not UTF-8
    ])
    def test_bad_metadata(self, two, region):
        _, _, r = two
        e = _err(build(r["header"], [raw_entry(metadata=region)]))
        assert isinstance(e, ir.InvalidField) and e.field == "metadata", e

    def test_good_metadata(self, two):
        _, _, r = two
        region = (b"\x03\x00" + b"\x01k\x00\x00" + b"\x01x\x01\x00v"
                  + b"\x04n\xc3\xa9e" + struct.pack("<H", 5) + "✓ok".encode())
        got = ir.read_vault(build(r["header"], [raw_entry(metadata=region)]))
        assert got["entries"][0]["metadata"] == [["k", ""], ["x", "v"], ["née", "✓ok"]]

    def test_empty_or_repeated_metadata_keys(self, two):
        _, _, r = two
        empty = b"\x01\x00" + b"\x00\x01\x00v"
        repeated = b"\x02\x00" + b"\x01k\x00\x00" + b"\x01k\x00\x00"
        for region in (empty, repeated):
            e = _err(build(r["header"], [raw_entry(metadata=region)]))
            assert isinstance(e, ir.InvalidField) and e.field == "metadata"

    def test_sealed_length(self, two):
        _, _, r = two
        for n in (0, 1, 47):
            e = _err(build(r["header"], [raw_entry(sealed=b"\x00" * n)]))
            assert isinstance(e, ir.InvalidField) and e.field == "sealed"
        assert ir.read_vault(build(r["header"], [raw_entry(sealed=b"\x00" * 48)]))


# --------------------------------------------------------------------------------------------
# Unlocking (§3.2-3.4) and entries (§5)

class TestUnlockAndOpen:
    PW = "correct horse battery staple"

    @pytest.mark.parametrize("offset,name", [
        (12, "vault_id"), (28, "created"), (36, "public_key"),
        (69, "opslimit"), (73, "memlimit"), (81, "salt"), (97, "nonce"), (121, "wrapped_key"),
        (168, "wrapped_key tag"),
    ])
    def test_header_changes_break_unlock(self, two, offset, name):
        _, data, _ = two
        bad = bytearray(data[:-32])
        if name in ("opslimit",):
            bad[offset] = 2
        elif name == "memlimit":
            bad[offset + 1] ^= 0x40  # 8192 -> 24576, still within bounds
        else:
            bad[offset] ^= 0x01
        r = ir.read_vault(reseal(bytes(bad)))
        with pytest.raises((ir.WrongPassphrase, ir.WrongKey)):
            ir.unlock(r, passphrase=self.PW)

    def test_public_key_swap_is_a_wrong_key_for_secret_service(self):
        v = vector("v1-secret-service-one-entry")
        other_pk, _ = nb.crypto_box_seed_keypair(b"\x07" * 32)
        r = ir.read_vault(patch(vbytes(v), 36, other_pk))
        with pytest.raises(ir.WrongKey):
            ir.unlock(r, secret_key=bytes.fromhex(v["secret_key"]))

    def test_unicode_passphrase_is_bytes_as_typed(self):
        v = vector("v1-passphrase-unicode")
        r = ir.read_vault(vbytes(v))
        assert ir.unlock(r, passphrase=v["passphrase"].encode("utf-8")).hex() == v["secret_key"]
        nfd = unicodedata.normalize("NFD", v["passphrase"])
        assert nfd != v["passphrase"]
        with pytest.raises(ir.WrongPassphrase):
            ir.unlock(r, passphrase=nfd)
        with pytest.raises(ir.WrongPassphrase):
            ir.unlock(r, passphrase=v["passphrase"].encode("latin-1", "replace"))

    def _entries(self, two):
        v, data, r = two
        sk = ir.unlock(r, secret_key=bytes.fromhex(v["secret_key"]))
        return v, r, sk

    def test_box_moved_to_another_entry_is_refused(self, two):
        v, r, sk = self._entries(two)
        a, b = r["entries"]
        # b's clear fields with a's box (the entry_id differs)
        moved = raw_entry(entry_id=b["entry_id"], profile=b"admin", hint=b["key_hint"].encode(),
                          metadata=b"\x00\x00", sealed=a["sealed"])
        rr = ir.read_vault(build(r["header"], [moved]))
        with pytest.raises(ir.EntryError, match="entry_id"):
            ir.open_entry(rr, rr["entries"][0], sk)

    def test_clear_profile_changed_is_refused(self, two):
        v, r, sk = self._entries(two)
        a = r["entries"][0]
        moved = raw_entry(entry_id=a["entry_id"], profile=b"admin", hint=a["key_hint"].encode(),
                          sealed=a["sealed"])
        rr = ir.read_vault(build(r["header"], [moved]))
        with pytest.raises(ir.EntryError, match="profile"):
            ir.open_entry(rr, rr["entries"][0], sk)

    def test_hint_changed_is_refused(self, two):
        v, r, sk = self._entries(two)
        a = r["entries"][0]
        # A well-formed hint naming another key: the file parses, the entry does not open.
        e = raw_entry(entry_id=a["entry_id"], profile=b"default", hint="AKIA…MPLF".encode(), sealed=a["sealed"])
        rr = ir.read_vault(build(r["header"], [e]))
        with pytest.raises(ir.EntryError, match="key_hint"):
            ir.open_entry(rr, rr["entries"][0], sk)
        # A hint of the wrong shape is refused while parsing (§2).
        for hint in ("AKIA...MPLE", "AKIAMPLE", "", "AKIAIOSFODNN7EXAMPLE", "akia…mple"):
            e = raw_entry(entry_id=a["entry_id"], profile=b"default", hint=hint.encode(), sealed=a["sealed"])
            err = _err(build(r["header"], [e]))
            assert isinstance(err, ir.InvalidField) and err.field == "key_hint"

    def test_kind_mismatch_is_refused(self, two):
        v, r, sk = self._entries(two)
        eid = b"\x33" * 16
        pt = ir.encode_plaintext(eid, 2, "default", *AWS_EXAMPLE)
        raw = ir.encode_entry(r["public_key"], eid, b"\x01" * 32, "default", *AWS_EXAMPLE,
                              added=1, plaintext=pt)
        rr = ir.read_vault(build(r["header"], [raw]))
        with pytest.raises(ir.EntryError, match="kind"):
            ir.open_entry(rr, rr["entries"][0], sk)

    @pytest.mark.parametrize("mangle,match", [
        (lambda pt: b"\x02" + pt[1:], "version"),
        (lambda pt: b"\x00" + pt[1:], "version"),
        (lambda pt: pt + b"\x00", "after"),
        (lambda pt: pt[:-1], "truncated"),
        (lambda pt: pt[:-41] + b"\x27" + pt[-40:-1], "40 ASCII"),
    ])
    def test_bad_plaintext_is_refused(self, two, mangle, match):
        v, r, sk = self._entries(two)
        eid = b"\x44" * 16
        pt = mangle(ir.encode_plaintext(eid, 1, "default", *AWS_EXAMPLE))
        raw = ir.encode_entry(r["public_key"], eid, b"\x02" * 32, "default", *AWS_EXAMPLE,
                              added=1, plaintext=pt)
        rr = ir.read_vault(build(r["header"], [raw]))
        with pytest.raises(ir.EntryError, match=match):
            ir.open_entry(rr, rr["entries"][0], sk)

    def test_sealed_to_another_key_does_not_open(self, two):
        v, r, sk = self._entries(two)
        other_pk, _ = nb.crypto_box_seed_keypair(b"\x09" * 32)
        raw = ir.encode_entry(other_pk, b"\x55" * 16, b"\x03" * 32, "default", *AWS_EXAMPLE,
                              added=1)
        rr = ir.read_vault(build(r["header"], [raw]))
        with pytest.raises(ir.EntryError, match="does not open"):
            ir.open_entry(rr, rr["entries"][0], sk)

    def test_our_seal_matches_libsodium_seal_layout(self):
        pk, sk = nb.crypto_box_seed_keypair(b"\x0a" * 32)
        sealed = ir.seal(b"hello", pk, b"\x0b" * 32)
        epk, _ = nb.crypto_box_seed_keypair(b"\x0b" * 32)
        assert sealed[:32] == epk and len(sealed) == 5 + 48
        assert nb.crypto_box_seal_open(sealed, pk, sk) == b"hello"
        assert nb.crypto_box_seal_open(nb.crypto_box_seal(b"hi", pk), pk, sk) == b"hi"


# --------------------------------------------------------------------------------------------
# Writer

class TestWriter:
    def test_defaults_are_moderate(self):
        data, sk = ir.new_vault("passphrase", 1, bytes(88), passphrase="pw")
        r = ir.read_vault(data)
        assert (r["opslimit"], r["memlimit"]) == (3, 268435456)
        assert ir.unlock(r, passphrase="pw") == sk

    def test_random_order(self):
        rnd = bytes(range(256))[:88]
        data, sk = ir.new_vault("passphrase", 5, rnd, passphrase="pw", opslimit=1, memlimit=8192)
        r = ir.read_vault(data)
        assert r["vault_id"] == rnd[:16]
        assert (r["public_key"], sk) == nb.crypto_box_seed_keypair(rnd[16:48])
        assert r["salt"] == rnd[48:64] and r["nonce"] == rnd[64:88]
        data, sk = ir.new_vault("secret-service", 5, rnd[:48])
        r = ir.read_vault(data)
        assert r["vault_id"] == rnd[:16] and (r["public_key"], sk) == \
            nb.crypto_box_seed_keypair(rnd[16:48])
        data = ir.append_entry(data, "p", *AWS_EXAMPLE, added=7, random=rnd[:48])
        e = ir.read_vault(data)["pending"][0]  # version 2 without the key: a pending write
        assert e["entry_id"] == rnd[:16]
        assert e["sealed"][:32] == nb.crypto_box_seed_keypair(rnd[16:48])[0]

    def test_random_bytes_must_be_used_exactly(self):
        with pytest.raises(ir.WriterError):
            ir.write_vault("secret-service", 1, bytes(49), [])
        with pytest.raises(ir.WriterError):
            ir.write_vault("secret-service", 1, bytes(47), [])

    def test_writer_refuses_damaged_file(self, two):
        _, data, _ = two
        bad = bytearray(data)
        bad[200] ^= 1
        with pytest.raises(ir.ChecksumMismatch):
            ir.append_entry(bytes(bad), "x", *AWS_EXAMPLE, added=1)

    @pytest.mark.parametrize("profile,akid,secret", [
        ("", *AWS_EXAMPLE), ("has space", *AWS_EXAMPLE), ("a" * 129, *AWS_EXAMPLE),
        ("ok", "AKIA", AWS_EXAMPLE[1]), ("ok", AWS_EXAMPLE[0], AWS_EXAMPLE[1][:-1]),
        ("ok", "ASIAIOSFODNN7EXAMPLE", AWS_EXAMPLE[1]), ("ok", "AKIAiosfodnn7example", AWS_EXAMPLE[1]),
        ("ok", AWS_EXAMPLE[0], "wJalrXUtnFEMI/K7MDENG-bPxRfiCYEXAMPLEKEY"),
        ("ok", AWS_EXAMPLE[0], AWS_EXAMPLE[1] + "x"), ("ok", AWS_EXAMPLE[0], "é" * 40),
    ])
    def test_writer_refuses_bad_inputs(self, two, profile, akid, secret):
        _, data, _ = two
        with pytest.raises(ir.WriterError):
            ir.append_entry(data, profile, akid, secret, added=1)

    def test_entry_id_collision_refused(self, two):
        _, data, r = two
        with pytest.raises(ir.WriterError):
            ir.append_entry(data, "x", *AWS_EXAMPLE, added=1,
                            random=r["entries"][0]["entry_id"] + bytes(32))
        pend = vbytes(vector("v2-passphrase-pending"))
        with pytest.raises(ir.WriterError):  # unique across entries and pending (§2)
            ir.append_entry(pend, "x", *AWS_EXAMPLE, added=1,
                            random=ir.read_vault(pend)["pending"][1]["entry_id"] + bytes(32))


# --------------------------------------------------------------------------------------------
# CLI

def run_cli(*args, env=None, stdin=""):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, READER, *args], input=stdin, env=e,
                          capture_output=True, text=True, timeout=120)


def private_dir(tmp_path, name="vault"):
    d = tmp_path / name
    d.mkdir()
    os.chmod(d, 0o700)
    return d


class TestCLI:
    def test_list_and_open_vector(self, tmp_path):
        v = vector("v1-passphrase-two-entries")
        f = private_dir(tmp_path) / "vault"
        f.write_bytes(vbytes(v))
        out = run_cli("list", str(f))
        assert out.returncode == 0, out.stderr
        listed = json.loads(out.stdout)
        assert [e["profile"] for e in listed["entries"]] == ["default", "admin"]
        assert AWS_EXAMPLE[1] not in out.stdout and MADE_UP[1] not in out.stdout
        out = run_cli("open", str(f), "admin", env={"VAULT_PASSPHRASE": v["passphrase"]})
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout) == {"access_key_id": MADE_UP[0],
                                          "secret_access_key": MADE_UP[1]}
        out = run_cli("open", str(f), "admin", env={"VAULT_PASSPHRASE": "nope"})
        assert out.returncode == 1 and "wrong passphrase" in out.stderr
        out = run_cli("open", str(f), "nobody", env={"VAULT_PASSPHRASE": v["passphrase"]})
        assert out.returncode == 2

    def test_open_secret_service_with_key_on_stdin(self, tmp_path):
        v = vector("v1-secret-service-one-entry")
        f = private_dir(tmp_path) / "vault"
        f.write_bytes(vbytes(v))
        out = run_cli("open", str(f), v["entries"][0]["profile"], "--secret-key-hex",
                      stdin=v["secret_key"] + "\n")
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["access_key_id"] == AWS_EXAMPLE[0]

    def test_damaged_file_is_refused(self, tmp_path):
        v = vector("v1-passphrase-two-entries")
        f = private_dir(tmp_path) / "vault"
        bad = bytearray(vbytes(v))
        bad[-1] ^= 1
        f.write_bytes(bytes(bad))
        out = run_cli("list", str(f))
        assert out.returncode == 1 and "checksum mismatch" in out.stderr
        out = run_cli("add", str(f), stdin=f"x {MADE_UP_3[0]} {MADE_UP_3[1]}\n")
        assert out.returncode == 1 and f.read_bytes() == bytes(bad)

    def test_write_add_open(self, tmp_path):
        d = private_dir(tmp_path)
        f = d / "vault"
        env = {"VAULT_PASSPHRASE": "pässwörd ✓"}
        lines = f"default {AWS_EXAMPLE[0]} {AWS_EXAMPLE[1]}\nadmin {MADE_UP[0]} {MADE_UP[1]}\n"
        out = run_cli("write", str(f), "--passphrase-env", "VAULT_PASSPHRASE",
                      "--opslimit", "1", "--memlimit", "8192", env=env, stdin=lines)
        assert out.returncode == 0, out.stderr
        assert stat.S_IMODE(os.stat(f).st_mode) == 0o600
        assert sorted(os.listdir(d)) == ["vault", "vault.lock"]
        r0 = ir.read_vault(f.read_bytes())
        assert (r0["version"], r0["generation"], r0["pending"]) == (2, 1, [])
        out = run_cli("add", str(f), stdin=f"third {MADE_UP_3[0]} {MADE_UP_3[1]}\n")
        assert out.returncode == 0, out.stderr
        r = ir.read_vault(f.read_bytes())
        sk = ir.unlock(r, passphrase=env["VAULT_PASSPHRASE"])
        assert [ir.open_entry(r, e, sk) for e in r["entries"]] == [AWS_EXAMPLE, MADE_UP]
        assert [ir.open_entry(r, e, sk) for e in r["pending"]] == [MADE_UP_3]
        # a pending entry without this machine's record is untrusted: `open` does not use it
        out = run_cli("open", str(f), "third", env=env)
        assert out.returncode == 2, out.stderr
        # creating over an existing vault is refused
        out = run_cli("write", str(f), "--opslimit", "1", "--memlimit", "8192", env=env,
                      stdin=lines)
        assert out.returncode == 1

    def test_writer_needs_private_folder_and_no_symlinks(self, tmp_path):
        env = {"VAULT_PASSPHRASE": "pw"}
        args = ("--opslimit", "1", "--memlimit", "8192")
        open_dir = tmp_path / "open"
        open_dir.mkdir()
        os.chmod(open_dir, 0o755)
        out = run_cli("write", str(open_dir / "vault"), *args, env=env, stdin="")
        assert out.returncode == 1 and not (open_dir / "vault").exists()
        real = private_dir(tmp_path, "real")
        link = tmp_path / "link"
        link.symlink_to(real)
        out = run_cli("write", str(link / "vault"), *args, env=env, stdin="")
        assert out.returncode == 1 and not (real / "vault").exists()
        target = real / "elsewhere"
        (real / "vault").symlink_to(target)
        out = run_cli("write", str(real / "vault"), *args, env=env, stdin="")
        assert out.returncode == 1 and not target.exists()
