"""Interop of the independent (spec-only) implementation with the Swift `vault` binary, for
format version 2 (Vault/FORMAT.md): Swift reads what Python writes (v1 and v2), Python reads and
checks what Swift writes (version 2, seal verified with the secret key, this machine's record).

Needs the built binary (`swift build`, or VAULT_BIN); nothing here is skipped: a missing binary
fails these tests. The pure-Python tests are in test_independent_reader.py and
test_independent_reader_v2.py.
"""

import hashlib
import json
import os
import stat
import struct
import subprocess

import pytest

import independent_reader as ir
import machine_record as mr
from test_independent_reader import (AWS_EXAMPLE, MADE_UP, MADE_UP_3, REPO, VECTOR_FILES, build,
                                     load, patch, private_dir, raw_entry, reseal,
                                     sixteen_mib_vault, unlock_vector, vbytes, vector)
from test_independent_reader_v2 import build2


# --------------------------------------------------------------------------------------------
# Interop with the Swift binary

def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


class TestSwiftInterop:
    PW = "interop pässphrase ✓"

    @pytest.fixture
    def vault_bin(self):
        path = os.environ.get("VAULT_BIN", os.path.join(REPO, ".build", "debug", "vault"))
        assert os.path.isfile(path) and os.access(path, os.X_OK), (
            f"Swift binary not found at {path}: run `swift build` or set VAULT_BIN")
        return path

    @pytest.fixture
    def home(self, tmp_path):
        h = tmp_path / "home"
        h.mkdir()
        os.chmod(h, 0o700)
        return h

    def env(self, home, vault_file, passphrase=None):
        e = {k: v for k, v in os.environ.items() if not k.startswith("VAULT_")
             and not k.startswith("AWS_")}
        e.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                 XDG_DATA_HOME=str(home / ".local" / "share"),
                 XDG_STATE_HOME=str(self.state(home)), VAULT_FILE=str(vault_file),
                 VAULT_KDF="minimum")
        if passphrase is not None:
            e["VAULT_PASSPHRASE"] = passphrase
        return e

    @staticmethod
    def state(home):
        return home / ".local" / "state"

    def record(self, home, vault_file):
        """Swift's record of the vault (§6), read strictly; None when there is none."""
        return mr.load_record(self.state(home), vault_file)

    def forge_record(self, home, vault_file, data, journal=()):
        """The record a machine would keep after unlocking `data` (lets `vault add` run
        without unlocking: §6)."""
        return mr.save_record(self.state(home), vault_file, mr.record_for(ir.read_vault(data), 1, journal))

    def place(self, f, data):
        fd = os.open(f, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, data)
        os.close(fd)

    @staticmethod
    def assert_migrated(r0, r):
        """A version-2 passphrase header as version 3 (§10.6): the same vault, its keyblock as
        protector 1 with the same Argon2id parameters and salt, next id 2."""
        assert r0["version"] == 2 and r["version"] == 3
        assert [r[k] for k in ("vault_id", "created", "public_key")] == [r0[k] for k in ("vault_id", "created", "public_key")]
        (p,) = r["protectors"]["protectors"]
        assert r["protectors"]["next_id"] == 2 and p["id"] == 1 and p["kind"] == "passphrase"
        assert (p["salt"], p["opslimit"], p["memlimit"]) == (r0["salt"], r0["opslimit"], r0["memlimit"])

    def check_swift_file(self, data, sk):
        """What FORMAT.md says a Swift-written file is: version 3, its seal verifies with sk."""
        r = ir.read_vault(data)
        assert r["version"] == 3 and r["generation"] >= 1
        ir.verify_seal(r, sk)
        return r

    def run(self, vault_bin, env, *args, stdin=""):
        return subprocess.run([vault_bin, *args], input=stdin, env=env, capture_output=True,
                              text=True, timeout=300)

    def add(self, vault_bin, env, profile, key):
        out = self.run(vault_bin, env, "add", profile, stdin=f"{key[0]}\n{key[1]}\n")
        assert out.returncode == 0, f"vault add {profile}: {out.stderr}{out.stdout}"

    def listed(self, vault_bin, env):
        out = self.run(vault_bin, env, "list", "--json")
        assert out.returncode == 0, f"vault list --json: {out.stderr}{out.stdout}"
        parsed = json.loads(out.stdout)
        assert AWS_EXAMPLE[1] not in out.stdout
        return set(_strings(parsed))

    def test_a_swift_writes_python_reads(self, vault_bin, home, tmp_path):
        f = private_dir(tmp_path) / "vault"
        env = self.env(home, f, self.PW)
        self.add(vault_bin, env, "default", AWS_EXAMPLE)
        self.add(vault_bin, env, "admin", MADE_UP)
        assert stat.S_IMODE(os.stat(f).st_mode) == 0o600
        data = f.read_bytes()
        r = ir.read_vault(data)  # every strict check of §2/§3.1
        assert r["backend"] == "passphrase"
        sk = ir.unlock(r, passphrase=self.PW)  # §3.4 public key, §3.5 seal
        self.check_swift_file(data, sk)
        rec = self.record(home, f)
        assert rec is not None and rec["vault_id"] == r["vault_id"]
        assert rec["header_digest"] == mr.header_digest(r) and rec["public_key"] == r["public_key"]
        assert all(mr.trusted_pending(r, rec))  # whatever Swift left pending it journaled
        got = {e["profile"]: ir.open_entry(r, e, sk) for e in ir.usable_entries(r, rec)}
        assert got == {"default": AWS_EXAMPLE, "admin": MADE_UP}
        for e in ir.all_entries(r):
            assert e["kind"] == 1 and e["added"] >= r["created"] - 5
        assert {"default", "admin"} <= self.listed(vault_bin, env)
        # Our pending write to the Swift file (not in Swift's journal: untrusted, but listed).
        f.write_bytes(ir.append_entry(data, "third", *MADE_UP_3, added=r["created"]))
        assert {"default", "admin", "third"} <= self.listed(vault_bin, env)

    def _python_vault(self, f, opslimit, memlimit):
        data, sk = ir.write_vault("passphrase", 1700000000, None, [
            {"profile": "default", "access_key_id": AWS_EXAMPLE[0],
             "secret_access_key": AWS_EXAMPLE[1], "added": 1700000001, "metadata": []},
            {"profile": "admin", "access_key_id": MADE_UP[0], "secret_access_key": MADE_UP[1],
             "added": 1700000002,
             "metadata": [["key-created", "2023-11-14"], ["x-unknown-to-vault", "kept ✓"]]},
        ], passphrase=self.PW, opslimit=opslimit, memlimit=memlimit)
        fd = os.open(f, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, data)
        os.close(fd)
        return data, sk

    @pytest.mark.parametrize("opslimit,memlimit", [(2, 65536), (1, 8192)])
    def test_b_python_writes_swift_lists_and_appends(self, vault_bin, home, tmp_path,
                                                    opslimit, memlimit):
        f = private_dir(tmp_path) / "vault"
        before, _ = self._python_vault(f, opslimit, memlimit)
        env = self.env(home, f, self.PW)
        assert {"default", "admin"} <= self.listed(vault_bin, env)
        # No record of this vault here: `vault add` unlocks once first (§6), so it has the
        # passphrase (self.env gives VAULT_PASSPHRASE).
        assert self.record(home, f) is None
        self.add(vault_bin, env, "third", MADE_UP_3)
        after = f.read_bytes()
        assert stat.S_IMODE(os.stat(f).st_mode) == 0o600
        r0, r = ir.read_vault(before), ir.read_vault(after)
        sk = ir.unlock(r, passphrase=self.PW)
        self.check_swift_file(after, sk)
        rec = self.record(home, f)
        assert rec is not None and rec["vault_id"] == r0["vault_id"]
        # Swift moves the header to version 3 (FORMAT.md §10.6) and keeps the existing entries
        # byte for byte (metadata included); the new entry is sealed, or pending and journaled.
        self.assert_migrated(r0, r)
        assert [e["raw"] for e in r["entries"][:2]] == [e["raw"] for e in r0["entries"]]
        assert [(e["profile"], ir.open_entry(r, e, sk)) for e in ir.usable_entries(r, rec)] == [
            ("default", AWS_EXAMPLE), ("admin", MADE_UP), ("third", MADE_UP_3)]
        assert r["entries"][1]["metadata"] == [["key-created", "2023-11-14"],
                                               ["x-unknown-to-vault", "kept ✓"]]

    @pytest.mark.parametrize("path", VECTOR_FILES, ids=os.path.basename)
    def test_c_swift_lists_and_appends_to_every_vector(self, vault_bin, home, tmp_path, path):
        """v2 vectors: with a record of the file here, `vault add` is a pending write that needs
        no passphrase or keyring (§1.2, §4). v1 passphrase vectors: the add unlocks once and
        migrates the file to version 2 (§9). The v1 Secret Service vector, with no keyring
        and no record: the add is refused and the file left alone."""
        v = load(path)
        f = private_dir(tmp_path) / "vault"
        self.place(f, vbytes(v))
        r0 = ir.read_vault(vbytes(v))
        profiles = {e["profile"] for e in v["entries"] + v.get("pending", [])}
        assert profiles <= self.listed(vault_bin, self.env(home, f, None))
        stdin = f"{MADE_UP_3[0]}\n{MADE_UP_3[1]}\n"
        if r0["version"] == 2:
            self.forge_record(home, f, vbytes(v))
            env = self.env(home, f, None)
            self.add(vault_bin, env, "third", MADE_UP_3)
            data = f.read_bytes()
            r = ir.read_vault(data)
            off = r0["pending_count_offset"]
            assert data[:off] == vbytes(v)[:off]  # header, entries and seal byte for byte
            assert [e["raw"] for e in r["pending"][:-1]] == [e["raw"] for e in r0["pending"]]
            assert r["pending"][-1]["profile"] == "third"
            sk = unlock_vector(v, r)
            assert ir.open_entry(r, r["pending"][-1], sk) == MADE_UP_3
            rec = self.record(home, f)  # the new entry journaled, the older pending ones not
            assert mr.trusted_pending(r, rec) == [False] * len(r0["pending"]) + [True]
            assert [s for _, _, s in rec["journal"]][-1] == mr.WRITTEN
        elif v["backend"] == "passphrase":
            env = self.env(home, f, v["passphrase"])
            self.add(vault_bin, env, "third", MADE_UP_3)
            r = ir.read_vault(f.read_bytes())
            sk = unlock_vector(v, r)
            self.check_swift_file(f.read_bytes(), sk)
            for k in ("vault_id", "created", "public_key", "salt", "opslimit", "memlimit"):
                assert r[k] == r0[k], k
            assert r["nonce"] != r0["nonce"]
            assert [e["raw"] for e in r["entries"][:len(r0["entries"])]] == [
                e["raw"] for e in r0["entries"]]
            last = ir.current_entry(r, "third", self.record(home, f))
            assert ir.open_entry(r, last, sk) == MADE_UP_3
        else:
            out = self.run(vault_bin, self.env(home, f, None), "add", "third", stdin=stdin)
            assert out.returncode != 0 and f.read_bytes() == vbytes(v)

    @pytest.mark.parametrize("name", ["v1-passphrase-two-entries", "v2-passphrase-pending"])
    def test_d_swift_refuses_damaged_file_and_never_rewrites_it(self, vault_bin, home,
                                                                tmp_path, name):
        v = vector(name)
        stdin = f"{MADE_UP_3[0]}\n{MADE_UP_3[1]}\n"
        for i in (0, 8, 11, 200, len(vbytes(v)) - 1):
            f = private_dir(tmp_path, f"d{i}") / "vault"
            bad = bytearray(vbytes(v))
            bad[i] ^= 0x01
            f.write_bytes(bytes(bad))
            os.chmod(f, 0o600)
            env = self.env(home, f, v["passphrase"])
            assert self.run(vault_bin, env, "list", "--json").returncode != 0, i
            out = self.run(vault_bin, env, "add", "third", stdin=stdin)
            assert out.returncode != 0, i
            assert f.read_bytes() == bytes(bad), i
        # a strictly invalid file with a valid checksum (bytes before the checksum)
        f = private_dir(tmp_path, "trailing") / "vault"
        bad = reseal(vbytes(v)[:-32] + b"\x00")
        f.write_bytes(bad)
        os.chmod(f, 0o600)
        env = self.env(home, f, v["passphrase"])
        assert self.run(vault_bin, env, "list", "--json").returncode != 0
        out = self.run(vault_bin, env, "add", "third", stdin=stdin)
        assert out.returncode != 0 and f.read_bytes() == bad

    def _crafted(self):
        """Files at and just past the limits of §2, each with a valid checksum."""
        v = vector("v1-passphrase-two-entries")
        data = vbytes(v)
        r = ir.read_vault(data)
        h, e = r["header"], [x["raw"] for x in r["entries"]]
        ssd = vbytes(vector("v1-secret-service-one-entry"))
        return {
            "valid": data,
            "empty file": b"",
            "magic only": ir.MAGIC,
            "metadata region of 0 bytes": build(h, [raw_entry(metadata=b"")]),
            "metadata with n=0 and a spare byte": build(h, [raw_entry(metadata=b"\0\0\0")]),
            "metadata key repeated": build(h, [raw_entry(
                metadata=b"\x02\x00\x01k\x01\x001\x01k\x01\x002")]),
            "metadata key empty": build(h, [raw_entry(metadata=b"\x01\x00\x00\x01\x00v")]),
            "key_hint empty": build(h, [raw_entry(hint=b"")]),
            "key_hint not UTF-8": build(h, [raw_entry(hint=b"\xff")]),
            "opslimit 16": patch(data, 69, struct.pack("<I", 16)),
            "opslimit 17": patch(data, 69, struct.pack("<I", 17)),
            "opslimit 0": patch(data, 69, struct.pack("<I", 0)),
            "memlimit 2^30": patch(data, 73, struct.pack("<Q", 1 << 30)),
            "memlimit 2^30+1": patch(data, 73, struct.pack("<Q", (1 << 30) + 1)),
            "memlimit 8191": patch(data, 73, struct.pack("<Q", 8191)),
            "memlimit 9000": patch(data, 73, struct.pack("<Q", 9000)),
            "reserved 1": patch(data, 11, b"\x01"),
            "backend 3": patch(data, 10, b"\x03"),
            "kdf 2": patch(data, 68, b"\x02"),
            "kind 2": build(h, [raw_entry(kind=2)]),
            "count 100001": build(h, e, count=100_001),
            "count too high": build(h, e, count=3),
            "count too low": build(h, e, count=1),
            "bytes before checksum": build(h, e, trailing=b"\0"),
            "entry_id repeated": build(h, [e[0], e[0]]),
            "profile with space": build(h, [raw_entry(profile=b"a b")]),
            "profile of 64": build(h, [raw_entry(profile=b"a" * 64)]),
            "profile of 65": build(h, [raw_entry(profile=b"a" * 65)]),
            "profile empty": build(h, [raw_entry(profile=b"")]),
            "profile non-ASCII": build(h, [raw_entry(profile="é".encode())]),
            "sealed 47": build(h, [raw_entry(sealed=b"\0" * 47)]),
            "sealed 48": build(h, [raw_entry(sealed=b"\0" * 48)]),
            "entry with a spare byte": build(h, [raw_entry(extra=b"\0")]),
            "entry length past end": build(h, [raw_entry(length_delta=1)]),
            "v1 bytes claiming version 2": patch(data, 8, b"\x02\x00"),
            "version 4": patch(data, 8, b"\x04\x00"),
            "checksum flipped": data[:-1] + bytes([data[-1] ^ 1]),
            "secret-service": ssd,
            "secret-service claiming backend 1": patch(ssd, 10, b"\x01"),
            "exactly 16 MiB": sixteen_mib_vault(h),
            "16 MiB + 1": ir.MAGIC + b"\x01\x00" + b"\0" * (ir.MAX_FILE_SIZE - 9),
        }

    def _crafted_v2(self):
        """Version-2 files at and past §2's new rules, each with a valid checksum. Changes only
        the seal can see (it needs the key) parse: `list` accepts them."""
        v = vector("v2-passphrase-pending")
        data = vbytes(v)
        r = ir.read_vault(data)
        h, e, p, s = r["header"], [x["raw"] for x in r["entries"]], [x["raw"] for x in r["pending"]], r["seal"]
        g = r["generation_offset"]
        return {
            "v2 valid": data,
            "v2 generation 0": patch(data, g, struct.pack("<Q", 0)),
            "v2 generation 2 (seal now wrong)": patch(data, g, struct.pack("<Q", 2)),
            "v2 generation 2^64-1": patch(data, g, struct.pack("<Q", (1 << 64) - 1)),
            "v2 seal flipped": build2(h, e, p, seal=bytes([s[0] ^ 1]) + s[1:]),
            "v2 no pending": build2(h, e, [], seal=s),
            "v2 entry moved to pending": build2(h, [], e + p, seal=s),
            "v2 id repeated in pending": build2(h, e, p + [e[0]], seal=s),
            "v2 id repeated within pending": build2(h, e, [p[0], p[0]], seal=s),
            "v2 bytes after pending": build2(h, e, p, seal=s, trailing=b"\0"),
            "v2 pending count too high": build2(h, e, p, seal=s, pcount=3),
            "v2 pending count too low": build2(h, e, p, seal=s, pcount=1),
            "v2 pending count 100000": build2(h, e, p, seal=s, pcount=100_000),
            "v2 bad profile in pending": build2(h, e, [raw_entry(profile=b"a b")], seal=s),
            "v2 no seal": reseal(data[:r["seal_offset"]]),
            "v2 no pending count": reseal(data[:r["pending_count_offset"]]),
            "v2 as version 1 bytes": reseal(patch(data, 8, b"\x01\x00")[:-32]),
            "v2 secret-service": vbytes(vector("v2-secret-service-one-entry")),
        }

    def test_e_swift_and_python_agree_on_what_is_a_vault(self, vault_bin, home, tmp_path):
        disagree = []
        for name, data in {**self._crafted(), **self._crafted_v2()}.items():
            try:
                ir.read_vault(data)
                ours = None
            except ir.VaultFormatError as e:
                ours = str(e)
            d = private_dir(tmp_path, "e" + hashlib.sha256(name.encode()).hexdigest()[:12])
            f = d / "vault"
            fd = os.open(f, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, data)
            os.close(fd)
            env = self.env(home, f, None)
            listed = self.run(vault_bin, env, "list", "--json")
            if (listed.returncode == 0) != (ours is None):
                disagree.append(f"{name}: python {ours or 'accepts'}; swift "
                                f"{'accepts' if listed.returncode == 0 else listed.stderr}")
            if ours is not None:  # §4: a file failing §3.1 is never rewritten
                out = self.run(vault_bin, env, "add", "third",
                               stdin=f"{MADE_UP_3[0]}\n{MADE_UP_3[1]}\n")
                if out.returncode == 0 or f.read_bytes() != data:
                    disagree.append(f"{name}: swift add rewrote a file python refuses")
        assert not disagree, "\n".join(disagree)

    def test_f_swift_init_and_remove(self, vault_bin, home, tmp_path):
        f = private_dir(tmp_path) / "vault"
        env = self.env(home, f, self.PW)
        out = self.run(vault_bin, env, "init", "--no-prompt")
        assert out.returncode == 0, out.stderr
        r = ir.read_vault(f.read_bytes())
        assert r["backend"] == "passphrase" and r["entries"] == [] and r["pending"] == []
        assert r["version"] == 3 and r["generation"] == 1
        sk = ir.unlock(r, passphrase=self.PW)  # seal verified
        with pytest.raises(ir.WrongPassphrase):
            ir.unlock(r, passphrase=self.PW + "x")
        rec = self.record(home, f)  # created here: the pin and the generation (§6)
        assert (rec["vault_id"], rec["generation"]) == (r["vault_id"], 1)
        # remove from a vault made by our writer: a sealed write, so it needs the key
        g = private_dir(tmp_path, "rm") / "vault"
        before, _ = self._python_vault(g, 1, 8192)
        out = self.run(vault_bin, self.env(home, g, None), "remove", "default", "--force",
                       "--no-prompt")
        assert out.returncode != 0 and g.read_bytes() == before  # no key, no change
        out = self.run(vault_bin, self.env(home, g, self.PW), "remove", "default", "--force",
                       "--no-prompt")
        assert out.returncode == 0, out.stderr
        r0, r = ir.read_vault(before), ir.read_vault(g.read_bytes())
        self.assert_migrated(r0, r)
        assert r["generation"] == r0["generation"] + 2  # the migration's write, then the removal's
        assert [e["raw"] for e in r["entries"]] == [r0["entries"][1]["raw"]]
        sk2 = ir.unlock(r, passphrase=self.PW)
        assert ir.open_entry(r, r["entries"][0], sk2) == MADE_UP
        assert sk
        rec = self.record(home, g)
        assert (rec["generation"], rec["journal"]) == (r["generation"], [])

    def test_g_swift_folds_trusted_pending_and_keeps_untrusted(self, vault_bin, home, tmp_path):
        """§4/§6: Swift's pending writes are journaled; a later sealed write (here `remove`)
        moves them to `entries`, applying `replaces` (add --force without unlocking), and leaves
        a pending entry it never journaled (ours) in `pending`."""
        f = private_dir(tmp_path) / "vault"
        env = self.env(home, f, self.PW)
        self.add(vault_bin, env, "default", AWS_EXAMPLE)
        self.add(vault_bin, env, "gone", MADE_UP)
        keyless = self.env(home, f, None)
        self.add(vault_bin, keyless, "admin", MADE_UP)
        out = self.run(vault_bin, keyless, "add", "default", "--force",
                       stdin=f"{MADE_UP_3[0]}\n{MADE_UP_3[1]}\n")
        assert out.returncode == 0, out.stderr
        data = f.read_bytes()
        r = ir.read_vault(data)
        rec = self.record(home, f)
        assert [e["profile"] for e in r["pending"]][-2:] == ["admin", "default"]
        assert all(mr.trusted_pending(r, rec))
        assert ["replaces", "earlier"] in r["pending"][-1]["metadata"]
        sk = ir.unlock(r, passphrase=self.PW)
        f.write_bytes(ir.pending_write(data, "forged", *AWS_EXAMPLE, added=1))  # untrusted
        out = self.run(vault_bin, env, "remove", "gone", "--force", "--no-prompt")
        assert out.returncode == 0, out.stderr
        r2 = ir.read_vault(f.read_bytes())
        self.check_swift_file(f.read_bytes(), sk)
        assert [e["profile"] for e in r2["entries"]] == ["admin", "default"]
        assert ["replaces", "earlier"] not in r2["entries"][-1]["metadata"]
        assert ir.open_entry(r2, r2["entries"][-1], sk) == MADE_UP_3
        assert [e["profile"] for e in r2["pending"]] == ["forged"]
        assert self.record(home, f)["generation"] == r2["generation"] > r["generation"]

    def test_h_swift_refuses_what_the_seal_and_record_refuse(self, vault_bin, home, tmp_path):
        f = private_dir(tmp_path) / "vault"
        env = self.env(home, f, self.PW)
        self.add(vault_bin, env, "default", AWS_EXAMPLE)
        self.add(vault_bin, env, "admin", MADE_UP)
        out = self.run(vault_bin, env, "remove", "admin", "--force", "--no-prompt")
        assert out.returncode == 0, out.stderr  # a sealed write: both now sealed or dropped
        good = f.read_bytes()
        r = ir.read_vault(good)
        stdin = f"{MADE_UP_3[0]}\n{MADE_UP_3[1]}\n"
        other_pk, _ = nb_keypair()
        cases = {
            # §3.4: a swapped public key is a changed file, not a wrong passphrase
            "public key swapped": patch(good, 36, other_pk),
            # §3.5: the sealed part changed behind a valid checksum
            "entry metadata changed": build2(r["header"], [ir.encode_raw_entry(
                r["entries"][0], [["forged", "1"]])], [e["raw"] for e in r["pending"]],
                seal=r["seal"]),
            # §6: a generation lower than the record's (an older copy)
            "older generation": build2(
                r["header"][:-8] + struct.pack("<Q", r["generation"] - 1),
                [e["raw"] for e in r["entries"]], [e["raw"] for e in r["pending"]], seal=r["seal"]),
        }
        for name, bad in cases.items():
            f.write_bytes(bad)
            # `vault add` cannot see a changed sealed entry (a pending write has no key): only
            # the header and generation checks of §6 apply to it.
            commands = [("remove", "default", "--force", "--no-prompt")]
            if name != "entry metadata changed":
                commands.append(("add", "third"))
            for args in commands:
                out = self.run(vault_bin, env, *args, stdin=stdin)
                assert out.returncode != 0, (name, args)
                assert "wrong passphrase" not in out.stderr.lower(), (name, out.stderr)
                assert f.read_bytes() == bad, (name, args)
        f.write_bytes(good)
        out = self.run(vault_bin, self.env(home, f, None), "add", "third", stdin=stdin)
        assert out.returncode == 0, out.stderr


def nb_keypair():
    import nacl.bindings as nb
    return nb.crypto_box_seed_keypair(b"\x07" * 32)
