"""Version 2 of the vault file in the independent implementation (Vault/FORMAT.md §2-§6, §9):
the parse rules of generation, seal and pending; the seal and the public-key check at unlock;
sealed and pending writes; migration from version 1; this machine's record. Pure Python.

Run: python3 -m pytest -q -p no:cacheprovider Tests/integration/test_independent_reader_v2.py
"""

import hashlib
import json
import os
import struct

import nacl.bindings as nb  # must fail loudly when PyNaCl is missing
import nacl.encoding
import nacl.hash
import pytest

import independent_reader as ir
import machine_record as mr
from test_independent_reader import (AWS_EXAMPLE, MADE_UP, MADE_UP_3, V1_FILES, V2_FILES, _err,
                                     load, patch, private_dir, raw_entry, reseal, run_cli,
                                     unlock_vector, vbytes, vector)

PW = "correct horse battery staple"


def build2(header: bytes, entries, pending=(), seal=b"\x00" * 32, count=None, pcount=None,
           trailing=b"") -> bytes:
    """A version-2 file from a header (with generation), checksum valid, seal as given."""
    n = len(entries) if count is None else count
    p = len(pending) if pcount is None else pcount
    return reseal(header + struct.pack("<I", n) + b"".join(entries) + seal
                  + struct.pack("<I", p) + b"".join(pending) + trailing)


def sealed(header: bytes, entries, sk, pending=()) -> bytes:
    """build2 with the right seal (for a header under sk's key pair)."""
    part = header + struct.pack("<I", len(entries)) + b"".join(entries)
    return build2(header, entries, pending, ir.compute_seal(part, sk))


@pytest.fixture(scope="module")
def two2():
    v = vector("v2-passphrase-two-entries")
    return v, vbytes(v), ir.read_vault(vbytes(v))


@pytest.fixture(scope="module")
def pend():
    v = vector("v2-passphrase-pending")
    return v, vbytes(v), ir.read_vault(vbytes(v))


def sk_of(v):
    return bytes.fromhex(v["secret_key"])


# --------------------------------------------------------------------------------------------
# Parse (§2)

class TestParseV2:
    def test_layout_offsets(self, two2):
        _, data, r = two2
        assert r["generation_offset"] == 169 and r["count_offset"] == 177
        assert r["seal_offset"] == r["entries_end"] and r["sealed_part"] == data[:r["entries_end"]]
        assert r["pending_count_offset"] == r["seal_offset"] + 32
        assert r["header_core"] == data[:169] and r["header"] == data[:177]
        ss = ir.read_vault(vbytes(vector("v2-secret-service-one-entry")))
        assert (ss["generation_offset"], ss["count_offset"]) == (68, 76)

    def test_generation_zero_refused_others_parse(self, two2):
        _, data, _ = two2
        e = _err(patch(data, 169, struct.pack("<Q", 0)))
        assert isinstance(e, ir.InvalidField) and e.field == "generation"
        for g in (1, 2, 1 << 32, (1 << 64) - 1):
            assert ir.read_vault(patch(data, 169, struct.pack("<Q", g)))["generation"] == g

    def test_ids_unique_across_entries_and_pending(self, two2, pend):
        _, _, r = two2
        a = r["entries"][0]["raw"]
        for entries, pending in [([a], [a]), ([], [a, a]), ([a, raw_entry()], [raw_entry()])]:
            e = _err(build2(r["header"], entries, pending))
            assert isinstance(e, ir.InvalidField) and e.field == "entry_id"
        _, _, p = pend
        assert len(ir.read_vault(build2(p["header"], [e["raw"] for e in p["entries"]],
                                        [e["raw"] for e in p["pending"]]))["pending"]) == 2

    def test_count_bound_is_over_both(self, two2):
        _, _, r = two2
        h = r["header"]
        for count, pcount in [(0, 100_001), (1, 100_000), (100_000, 1)]:
            entries = [raw_entry(entry_id=i.to_bytes(16, "little")) for i in range(min(count, 2))]
            data = build2(h, entries, pcount=pcount, count=count)
            e = _err(data)
            assert isinstance(e, ir.InvalidField) and e.field in ("pending count", "count",
                                                                   "entry length"), e
        e = _err(build2(h, [], pcount=100_001))
        assert e.field == "pending count"
        e = _err(build2(h, [raw_entry()], pcount=100_000))
        assert e.field == "pending count"
        e = _err(build2(h, [], pcount=0xFFFFFFFF))
        assert e.field == "pending count"

    def test_100000_over_both_accepted_one_more_refused(self, two2):
        _, _, r = two2
        raws = [raw_entry(entry_id=i.to_bytes(16, "little")) for i in range(100_001)]
        ok = build2(r["header"], raws[:60_000], raws[60_000:100_000])
        got = ir.read_vault(ok)
        assert (len(got["entries"]), len(got["pending"])) == (60_000, 40_000)
        e = _err(build2(r["header"], raws[:60_000], raws[60_000:]))
        assert isinstance(e, ir.InvalidField) and e.field == "pending count"

    def test_trailing_bytes_after_pending(self, pend):
        _, data, r = pend
        for tail in (b"\x00", b"\x00" * 4, r["pending"][0]["raw"][:10]):
            e = _err(reseal(data[:-32] + tail))
            assert isinstance(e, ir.InvalidField) and e.field == "trailing bytes"

    def test_missing_seal_or_pending_count(self, two2):
        _, data, r = two2
        end = r["entries_end"]
        for cut in (end, end + 1, end + 31, end + 32, end + 35):
            assert isinstance(_err(reseal(data[:cut])), ir.Truncated), cut

    def test_pending_count_too_high_or_low(self, pend):
        _, _, r = pend
        entries, pending = [e["raw"] for e in r["entries"]], [e["raw"] for e in r["pending"]]
        e = _err(build2(r["header"], entries, pending, seal=r["seal"], pcount=3))
        assert isinstance(e, ir.InvalidField) and e.field == "pending count"
        e = _err(build2(r["header"], entries, pending, seal=r["seal"], pcount=1))
        assert isinstance(e, ir.InvalidField) and e.field == "trailing bytes"

    @pytest.mark.parametrize("kw,field", [
        (dict(profile=b"a b"), "profile"), (dict(kind=2), "kind"), (dict(hint=b"AKIA...."), "key_hint"),
        (dict(metadata=b""), "metadata"), (dict(sealed=b"\0" * 47), "sealed"),
        (dict(extra=b"\0"), "entry length"), (dict(length_delta=1), "entry length"),
    ])
    def test_pending_entries_are_as_strict(self, two2, kw, field):
        _, _, r = two2
        e = _err(build2(r["header"], [], [raw_entry(**kw)]))
        assert isinstance(e, ir.InvalidField) and e.field == field, e

    def test_version_1_bytes_are_not_version_2(self):
        for path in V1_FILES:
            assert ir.read_vault(vbytes(load(path)))["version"] == 1
            e = _err(patch(vbytes(load(path)), 8, b"\x02\x00"))
            assert not isinstance(e, ir.UnsupportedVersion)


# --------------------------------------------------------------------------------------------
# Unlock: wrap AD, public key, seal (§3)

class TestUnlockV2:
    def test_seal_key_and_seal_are_libsodium_generichash(self, two2):
        v, _, r = two2
        sk = sk_of(v)
        raw = nacl.encoding.RawEncoder
        key = nacl.hash.blake2b(b"vault v2 seal key", key=sk, digest_size=32, encoder=raw)
        assert len(b"vault v2 seal key") == 17 and ir.seal_key(sk) == key
        assert nacl.hash.blake2b(r["sealed_part"], key=key, digest_size=32, encoder=raw) == r["seal"]

    @pytest.mark.parametrize("path", [p for p in V2_FILES if "passphrase" in p],
                             ids=os.path.basename)
    def test_wrap_ad_leaves_out_public_key(self, path):
        v = load(path)
        data = vbytes(v)
        ad = data[:36] + data[68:68 + 53]  # magic..created ‖ kdf..nonce (§3.2)
        k = nb.crypto_pwhash_alg(32, v["passphrase"].encode(), data[81:97], 1, 8192,
                                 nb.crypto_pwhash_ALG_ARGON2ID13)
        assert nb.crypto_aead_xchacha20poly1305_ietf_decrypt(data[121:169], ad, data[97:121], k) \
            == sk_of(v)
        with pytest.raises(Exception):
            nb.crypto_aead_xchacha20poly1305_ietf_decrypt(data[121:169], data[:121], data[97:121], k)

    def test_swapped_public_key_is_public_key_mismatch_not_wrong_passphrase(self, two2):
        _, data, _ = two2
        other_pk, _ = nb.crypto_box_seed_keypair(b"\x07" * 32)
        r = ir.read_vault(patch(data, 36, other_pk))  # checksum recomputed
        with pytest.raises(ir.PublicKeyMismatch) as ei:
            ir.unlock(r, passphrase=PW)
        assert not isinstance(ei.value, ir.WrongPassphrase)
        assert "public key" in str(ei.value)

    def test_swapped_public_key_secret_service(self):
        v = vector("v2-secret-service-one-entry")
        other_pk, _ = nb.crypto_box_seed_keypair(b"\x07" * 32)
        r = ir.read_vault(patch(vbytes(v), 36, other_pk))
        with pytest.raises(ir.PublicKeyMismatch):
            ir.unlock(r, secret_key=sk_of(v))

    def test_version_1_public_key_swap_is_a_wrong_passphrase(self):
        v = vector("v1-passphrase-two-entries")  # §9: v1's AD includes public_key
        other_pk, _ = nb.crypto_box_seed_keypair(b"\x07" * 32)
        with pytest.raises(ir.WrongPassphrase):
            ir.unlock(ir.read_vault(patch(vbytes(v), 36, other_pk)), passphrase=v["passphrase"])

    def test_errors_are_distinct(self):
        for a, b in [(ir.SealMismatch, ir.WrongPassphrase), (ir.SealMismatch, ir.PublicKeyMismatch),
                     (ir.PublicKeyMismatch, ir.WrongPassphrase), (ir.WrongPassphrase, ir.SealMismatch)]:
            assert not issubclass(a, b)
        assert len({ir.SealMismatch.reason, ir.PublicKeyMismatch.reason,
                    ir.WrongPassphrase.reason}) == 3

    def _changed(self, r, sk):
        """Changes of the sealed part, each with the checksum recomputed."""
        h, e = r["header"], [x["raw"] for x in r["entries"]]
        keep = dict(seal=r["seal"])
        new_box = ir.encode_entry(r["public_key"], b"\x66" * 16, b"\x04" * 32, "default",
                                  *MADE_UP_3, added=1)
        changed_meta = ir.encode_raw_entry(r["entries"][1], [["key-created", "forged"]])
        return {
            "entries swapped": build2(h, e[::-1], **keep),
            "entry dropped": build2(h, e[1:], **keep),
            "entry injected": build2(h, e + [new_box], **keep),
            "entry replaced": build2(h, [new_box, e[1]], **keep),
            "metadata changed": build2(h, [e[0], changed_meta], **keep),
            "added changed": build2(h, [e[0][:21] + b"\x02" + e[0][22:], e[1]], **keep),
            "entry moved to pending": build2(h, e[:1], [e[1]], **keep),
            "generation + 1": patch(build2(h, e, **keep), 169, struct.pack("<Q", 2)),
            "created changed": patch(build2(h, e, **keep), 28, b"\x01"),
            "seal flipped": build2(h, e, seal=bytes([r["seal"][0] ^ 1]) + r["seal"][1:]),
        }

    def test_seal_detects_every_change_of_the_sealed_part(self, two2):
        v, data, r = two2
        sk = sk_of(v)
        assert build2(r["header"], [x["raw"] for x in r["entries"]], seal=r["seal"]) == data
        for name, bad in self._changed(r, sk).items():
            rr = ir.read_vault(bad)  # the checksum and the parse are fine
            with pytest.raises(ir.SealMismatch):
                ir.verify_seal(rr, sk)
            if name == "created changed":  # in the wrap's AD too: the wrap fails first
                with pytest.raises(ir.WrongPassphrase):
                    ir.unlock(rr, passphrase=PW)
                continue
            with pytest.raises(ir.SealMismatch):  # never a wrong passphrase (§3.5)
                ir.unlock(rr, passphrase=PW)
            assert ir.unlock(rr, passphrase=PW, check_seal=False) == sk

    def test_pending_entries_are_outside_the_seal(self, pend):
        v, data, r = pend
        sk = sk_of(v)
        raws = [e["raw"] for e in r["pending"]]
        for pending in ([], raws[::-1], raws[:1], raws + [raw_entry()]):
            rr = ir.read_vault(build2(r["header"], [e["raw"] for e in r["entries"]], pending,
                                      seal=r["seal"]))
            assert ir.unlock(rr, passphrase=v["passphrase"]) == sk


# --------------------------------------------------------------------------------------------
# Writes (§4)

class TestWritesV2:
    def test_new_vault_is_version_2_by_default(self):
        data, sk = ir.new_vault("passphrase", 5, bytes(88), passphrase="pw", opslimit=1,
                                memlimit=8192)
        r = ir.read_vault(data)
        assert (r["version"], r["generation"], r["entries"], r["pending"]) == (2, 1, [], [])
        assert ir.unlock(r, passphrase="pw") == sk
        data1, sk1 = ir.new_vault("passphrase", 5, bytes(88), passphrase="pw", opslimit=1,
                                  memlimit=8192, version=1)
        r1 = ir.read_vault(data1)
        assert r1["version"] == 1 and sk1 == sk and ir.unlock(r1, passphrase="pw") == sk
        assert data1[10:121] == data[10:121]  # same fields; the wrap differs (its AD)
        with pytest.raises(ir.WriterError):
            ir.write_vault("secret-service", 1, bytes(48), pending=[{}], version=1)

    def test_pending_write_keeps_every_earlier_byte(self, pend):
        v, data, r = pend
        new = ir.pending_write(data, "fourth", *MADE_UP_3, added=9, random=bytes(48),
                               replaces=True)
        off = r["pending_count_offset"]
        assert new[:off] == data[:off]
        assert new[off + 4:len(data) - 32] == data[off + 4:-32]
        r2 = ir.read_vault(new)
        assert r2["pending"][-1]["metadata"] == [["replaces", "earlier"]]
        assert ir.unlock(r2, passphrase=v["passphrase"]) == sk_of(v)

    def test_sealed_write_appends_bumps_and_reseals(self, two2):
        v, data, r = two2
        sk = sk_of(v)
        new = ir.append_entry(data, "third", *MADE_UP_3, added=9, random=bytes(range(48)), sk=sk)
        r2 = ir.read_vault(new)
        assert r2["header_core"] == r["header_core"] and r2["generation"] == 2
        assert [e["raw"] for e in r2["entries"][:2]] == [e["raw"] for e in r["entries"]]
        assert r2["entries"][2]["profile"] == "third" and r2["pending"] == []
        ir.verify_seal(r2, sk)
        assert r2["seal"] == ir.compute_seal(new[:r2["entries_end"]], sk) != r["seal"]

    def test_sealed_write_folds_trusted_pending_with_replaces(self, pend):
        v, data, r = pend
        sk = sk_of(v)
        e0, (p_admin, p_default) = r["entries"][0], r["pending"]
        # all trusted: admin moved; default's new key drops the old one and loses the marker
        r2 = ir.read_vault(ir.sealed_write(data, sk, trusted=True))
        assert [e["profile"] for e in r2["entries"]] == ["admin", "default"]
        assert r2["entries"][0]["raw"] == p_admin["raw"]
        assert r2["entries"][1]["metadata"] == [["rotation", "new"]]
        assert r2["entries"][1]["sealed"] == p_default["sealed"]
        assert r2["pending"] == [] and r2["generation"] == 2
        assert ir.open_entry(r2, ir.current_entry(r2, "default"), sk) == (
            v["pending"][1]["access_key_id"], v["pending"][1]["secret_access_key"])
        # none trusted: everything stays where it was, only the generation and seal change
        r3 = ir.read_vault(ir.sealed_write(data, sk, trusted=None))
        assert [e["raw"] for e in r3["entries"]] == [e0["raw"]]
        assert [e["raw"] for e in r3["pending"]] == [p_admin["raw"], p_default["raw"]]
        # only the replacing one trusted: admin stays pending (untrusted), default replaced
        r4 = ir.read_vault(ir.sealed_write(data, sk, trusted=[False, True]))
        assert [e["profile"] for e in r4["entries"]] == ["default"]
        assert r4["entries"][0]["sealed"] == p_default["sealed"]
        assert [e["raw"] for e in r4["pending"]] == [p_admin["raw"]]
        # trust from a record whose journal holds admin's digest at the file's generation
        rec = mr.read_record(mr.record_for(r, 1, [(mr.entry_digest(p_admin["raw"]), 1, mr.WRITTEN)]))
        assert mr.trusted_pending(r, rec) == [True, False]
        r5 = ir.read_vault(ir.sealed_write(data, sk, trusted=rec))
        assert [e["profile"] for e in r5["entries"]] == ["default", "admin"]
        # a journal entry of another generation trusts nothing
        old = mr.read_record(mr.record_for(r, 1, [(mr.entry_digest(p_admin["raw"]), 2, mr.WRITTEN)]))
        assert mr.trusted_pending(r, old) == [False, False]

    def test_sealed_write_refuses_what_it_cannot_trust(self, two2):
        v, data, r = two2
        sk = sk_of(v)
        with pytest.raises(ir.SealMismatch):
            ir.sealed_write(build2(r["header"], [x["raw"] for x in r["entries"]][::-1],
                                   seal=r["seal"]), sk)
        with pytest.raises(ir.PublicKeyMismatch):
            ir.sealed_write(data, nb.crypto_box_seed_keypair(b"\x01" * 32)[1])
        with pytest.raises(ir.WriterError):
            ir.sealed_write(vbytes(vector("v1-passphrase-two-entries")), sk)

    def test_sealed_write_removes_a_profile_everywhere(self, pend):
        v, data, _ = pend
        r2 = ir.read_vault(ir.sealed_write(data, sk_of(v), remove_profiles=["default"]))
        assert [e["profile"] for e in ir.all_entries(r2)] == ["admin"]

    def test_generation_3_by_two_sealed_writes(self):
        v = vector("v2-passphrase-generation-3")
        rnd = bytes.fromhex(v["random"])
        data, sk = ir.new_vault("passphrase", v["created"], rnd[:88], passphrase=v["passphrase"],
                                opslimit=1, memlimit=8192)
        for i, e in enumerate(v["entries"]):
            data = ir.sealed_write(data, sk, [e], rnd[88 + 48 * i:136 + 48 * i])
            assert ir.read_vault(data)["generation"] == i + 2
        assert data.hex() == v["file"]


# --------------------------------------------------------------------------------------------
# Migration (§9)

class TestMigration:
    @pytest.mark.parametrize("path", V1_FILES, ids=os.path.basename)
    def test_v1_to_v2_keeps_ids_created_keys_and_entries(self, path):
        v = load(path)
        old = ir.read_vault(vbytes(v))
        nonce = hashlib.sha256(b"migration nonce").digest()[:24]
        if v["backend"] == "passphrase":
            new = ir.migrate_v1(vbytes(v), passphrase=v["passphrase"], random=nonce)
        else:
            new = ir.migrate_v1(vbytes(v), secret_key=sk_of(v), random=b"")  # draws nothing
        r = ir.read_vault(new)
        assert (r["version"], r["generation"], r["pending"]) == (2, 1, [])
        for k in ("vault_id", "created", "public_key", "backend"):
            assert r[k] == old[k]
        assert [e["raw"] for e in r["entries"]] == [e["raw"] for e in old["entries"]]
        sk = unlock_vector(v, r)  # the v2 AD, and the seal
        assert sk == sk_of(v)
        if v["backend"] == "passphrase":
            assert (r["salt"], r["opslimit"], r["memlimit"]) == (old["salt"], old["opslimit"],
                                                                  old["memlimit"])
            assert r["nonce"] == nonce != old["nonce"]
            _, k = ir.unwrap(old, v["passphrase"])
            assert nb.crypto_aead_xchacha20poly1305_ietf_decrypt(
                r["wrapped_key"], new[:36] + new[68:121], nonce, k) == sk
        for got, want in zip(r["entries"], v["entries"]):
            assert ir.open_entry(r, got, sk) == (want["access_key_id"], want["secret_access_key"])

    def test_migration_refusals(self):
        v = vector("v1-passphrase-two-entries")
        with pytest.raises(ir.WrongPassphrase):
            ir.migrate_v1(vbytes(v), passphrase="nope", random=bytes(24))
        with pytest.raises(ir.WriterError):
            ir.migrate_v1(vbytes(v), random=bytes(24))
        with pytest.raises(ir.WriterError):
            ir.migrate_v1(vbytes(vector("v2-passphrase-empty")), passphrase=PW, random=bytes(24))
        with pytest.raises(ir.PublicKeyMismatch):
            ss = vector("v1-secret-service-one-entry")
            ir.migrate_v1(vbytes(ss), secret_key=b"\x01" * 32)


# --------------------------------------------------------------------------------------------
# This machine's record (§6)

class TestMachineRecord:
    def test_round_trip_and_layout(self, pend):
        _, _, r = pend
        journal = [(mr.entry_digest(e["raw"]), 1, s) for e, s in zip(r["pending"], (1, 2))]
        raw = mr.record_for(r, 1700000500, journal)
        assert raw[:8] == b"VLTRECRD" and raw[8:10] == b"\x01\x00"
        assert len(raw) == 110 + 41 * 2 + 32
        assert raw[-32:] == hashlib.blake2b(raw[:-32], digest_size=32).digest()
        rec = mr.read_record(raw)
        assert rec["header_digest"] == hashlib.blake2b(r["header_core"], digest_size=32).digest()
        assert (rec["vault_id"], rec["public_key"], rec["generation"], rec["recorded"]) == (
            r["vault_id"], r["public_key"], 1, 1700000500)
        assert rec["journal"] == journal
        assert mr.entry_digest(r["pending"][0]["raw"]) == hashlib.blake2b(
            r["pending"][0]["raw"], digest_size=32).digest()
        assert r["pending"][0]["raw"][:4] == struct.pack("<I", len(r["pending"][0]["raw"]) - 4)

    def test_header_digest_leaves_out_generation(self, two2):
        _, data, r = two2
        r3 = ir.read_vault(patch(data, 169, struct.pack("<Q", 3)))
        assert mr.header_digest(r3) == mr.header_digest(r) == mr.header_digest(data[:169])

    def test_strict_read(self, two2):
        _, _, r = two2
        good = mr.record_for(r, 1, [(b"\x01" * 32, 1, 2)])
        fix = lambda b: b + hashlib.blake2b(b, digest_size=32).digest()  # noqa: E731
        body = good[:-32]
        for bad in [b"", b"VLTRECR", b"VLTRECRX" + body[8:], fix(body[:8] + b"\x02\x00" + body[10:]),
                    good[:-1] + bytes([good[-1] ^ 1]), fix(body[:-1] + b"\x03"),
                    fix(body[:-1] + b"\x00"), fix(body + b"\x00"), fix(body[:-41]),
                    fix(body[:106] + struct.pack("<I", 2) + body[110:])]:
            with pytest.raises(mr.RecordError):
                mr.read_record(bad)

    def test_path(self, tmp_path):
        vault = tmp_path / "v" / "vault"
        want = hashlib.blake2b(os.fsencode(str(vault)), digest_size=16).hexdigest()
        assert mr.record_path(tmp_path / "state", vault) == str(tmp_path / "state" / "vault" /
                                                                 "records" / want)
        assert len(want) == 32 and want == want.lower()
        rel = os.path.relpath(vault)
        assert mr.record_name(rel) == want
        assert mr.default_state_home({"HOME": "/h"}) == "/h/.local/state"
        assert mr.default_state_home({"HOME": "/h", "XDG_STATE_HOME": "/s"}) == "/s"

    def test_verdicts(self, pend, two2):
        _, data, r = pend
        digests = [mr.entry_digest(e["raw"]) for e in r["pending"]]
        rec = lambda gen=1, journal=(), v=r: mr.read_record(mr.record_for(v, 1, journal, gen))  # noqa: E731
        assert mr.record_verdict(r, rec()) is None
        assert mr.record_verdict(r, None) is None and mr.record_verdict(r, None, True) == "no record"
        assert mr.record_verdict(r, rec(gen=2)) == "an older copy"
        assert mr.record_verdict(r, rec(journal=[(digests[0], 1, mr.WRITTEN)])) is None
        assert mr.record_verdict(r, rec(journal=[(b"\x09" * 32, 1, mr.BEING_WRITTEN)])) is None
        assert mr.record_verdict(r, rec(journal=[(b"\x09" * 32, 1, mr.WRITTEN)])) == "an older copy"
        other = two2[2]
        assert mr.record_verdict(other, rec()) == "another vault"
        forged = ir.read_vault(patch(data, 28, b"\x05"))  # created changed: header differs
        assert mr.record_verdict(forged, rec(), for_add=True) == "the header changed"
        assert mr.record_verdict(forged, rec()) is None  # at unlock: the seal decides

    def test_save_and_load(self, tmp_path, two2):
        _, _, r = two2
        state = tmp_path / "state"
        path = mr.save_record(state, tmp_path / "vault", mr.record_for(r, 7))
        assert oct(os.stat(path).st_mode & 0o777) == "0o600"
        assert oct(os.stat(os.path.dirname(path)).st_mode & 0o777) == "0o700"
        assert mr.load_record(state, tmp_path / "vault")["recorded"] == 7
        assert mr.load_record(state, tmp_path / "other") is None


# --------------------------------------------------------------------------------------------
# CLI with version 2

class TestCLIV2:
    def test_list_shows_generation_seal_and_pending(self, tmp_path):
        v = vector("v2-passphrase-pending")
        f = private_dir(tmp_path) / "vault"
        f.write_bytes(vbytes(v))
        out = run_cli("list", str(f))
        assert out.returncode == 0, out.stderr
        listed = json.loads(out.stdout)
        assert (listed["version"], listed["generation"], listed["seal"]) == (2, 1, v["seal"])
        assert [(e["profile"], e["trusted"]) for e in listed["pending"]] == [
            ("admin", False), ("default", False)]
        out = run_cli("open", str(f), "admin", env={"VAULT_PASSPHRASE": v["passphrase"]})
        assert out.returncode == 2  # untrusted without a record
        out = run_cli("open", str(f), "default", env={"VAULT_PASSPHRASE": v["passphrase"]})
        assert json.loads(out.stdout)["access_key_id"] == AWS_EXAMPLE[0]

    def test_tampered_seal_is_refused_by_open(self, tmp_path):
        v = vector("v2-passphrase-two-entries")
        r = ir.read_vault(vbytes(v))
        f = private_dir(tmp_path) / "vault"
        f.write_bytes(build2(r["header"], [e["raw"] for e in r["entries"]][::-1], seal=r["seal"]))
        out = run_cli("open", str(f), "admin", env={"VAULT_PASSPHRASE": v["passphrase"]})
        assert out.returncode == 1 and "tampered" in out.stderr

    def test_write_add_open_with_a_record(self, tmp_path):
        d = private_dir(tmp_path)
        f, state = d / "vault", tmp_path / "state"
        env = {"VAULT_PASSPHRASE": PW}
        args = ("--opslimit", "1", "--memlimit", "8192", "--state-home", str(state))
        out = run_cli("write", str(f), *args, env=env, stdin=f"default {AWS_EXAMPLE[0]} {AWS_EXAMPLE[1]}\n")
        assert out.returncode == 0, out.stderr
        out = run_cli("add", str(f), "--state-home", str(state), stdin=f"admin {MADE_UP[0]} {MADE_UP[1]}\n")
        assert out.returncode == 0, out.stderr
        r = ir.read_vault(f.read_bytes())
        rec = mr.load_record(state, f)
        assert [j[2] for j in rec["journal"]] == [mr.WRITTEN]
        assert mr.trusted_pending(r, rec) == [True]
        out = run_cli("open", str(f), "admin", "--state-home", str(state), env=env)
        assert out.returncode == 0, out.stderr
        # a vault this machine has no record of: add refuses
        g = private_dir(tmp_path, "other") / "vault"
        g.write_bytes(vbytes(vector("v2-passphrase-empty")))
        out = run_cli("add", str(g), "--state-home", str(state), stdin=f"x {MADE_UP_3[0]} {MADE_UP_3[1]}\n")
        assert out.returncode == 1 and "no record" in out.stderr
        assert g.read_bytes() == vbytes(vector("v2-passphrase-empty"))

    def test_write_version_1(self, tmp_path):
        f = private_dir(tmp_path) / "vault"
        out = run_cli("write", str(f), "--opslimit", "1", "--memlimit", "8192",
                      "--format-version", "1", env={"VAULT_PASSPHRASE": "pw"}, stdin="")
        assert out.returncode == 0, out.stderr
        assert ir.read_vault(f.read_bytes())["version"] == 1
