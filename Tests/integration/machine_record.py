"""This machine's record of a vault (Vault/FORMAT.md §6), written from FORMAT.md alone.

Standalone (hashlib, struct, os only) so that independent_reader.py can re-export it, and tests
can read the records the Swift binary writes and forge their own:

    path = record_path(state_home, vault_path)      # <state>/vault/records/<hex BLAKE2b-128>
    rec = read_record(open(path, "rb").read())     # strict; raises RecordError
    raw = write_record(header_digest(v), v["vault_id"], v["public_key"], v["generation"],
                       recorded=..., journal=[(entry_digest(e["raw"]), gen, WRITTEN)])
    record_verdict(v, rec)                          # None, or why §6 refuses the file
    trusted_pending(v, rec)                         # one bool per pending entry (§6)
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import struct

RECORD_MAGIC = b"VLTRECRD"
RECORD_VERSION = 1
BEING_WRITTEN = 1
WRITTEN = 2
JOURNAL_STATES = (BEING_WRITTEN, WRITTEN)
# §6 gives no bound on the journal; a reader never allocates without limit (§1.6), so this one
# takes the vault's own entry bound (see the report on FORMAT.md).
MAX_JOURNAL = 100_000
_FIXED = 8 + 2 + 32 + 16 + 32 + 8 + 8 + 4  # magic .. count = 110
_JOURNAL_ENTRY = 32 + 8 + 1


class RecordError(Exception):
    """A record file that is not a well-formed version-1 record."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(f"invalid record: {reason}")


def _b2b256(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


def header_digest(vault_or_header) -> bytes:
    """BLAKE2b-256 of every header byte from magic through the end of the keyblock (§6): the
    version-2 `generation` is not part of it. Takes a read_vault() dict or those bytes."""
    raw = vault_or_header["header_core"] if isinstance(vault_or_header, dict) else vault_or_header
    return _b2b256(bytes(raw))


def entry_digest(raw_entry: bytes) -> bytes:
    """BLAKE2b-256 of an entry's bytes, its length prefix included (§6)."""
    return _b2b256(bytes(raw_entry))


def default_state_home(env=None) -> str:
    env = os.environ if env is None else env
    state = env.get("XDG_STATE_HOME")
    if state and os.path.isabs(state):  # XDG: a relative value is ignored
        return state
    return os.path.join(env.get("HOME") or os.path.expanduser("~"), ".local", "state")


def record_name(vault_path) -> str:
    """hex(BLAKE2b-128(absolute vault path)) (§6): the folder with its symbolic links resolved
    when it exists, the file name as given, hashed as the path's bytes, lower-case hex."""
    path = os.path.abspath(os.fsdecode(vault_path))
    folder, name = os.path.split(path)
    if os.path.isdir(folder):
        folder = os.path.realpath(folder)
    absolute = os.path.join(folder, name)
    return hashlib.blake2b(os.fsencode(absolute), digest_size=16).hexdigest()


def record_path(state_home, vault_path) -> str:
    return os.path.join(os.fsdecode(state_home), "vault", "records", record_name(vault_path))


def write_record(header_dig: bytes, vault_id: bytes, public_key: bytes, generation: int,
                 recorded: int, journal=()) -> bytes:
    """The bytes of a record. `journal`: (entry_digest, generation, state) triples. No checks
    beyond the field sizes, so that tests can forge odd records."""
    if len(header_dig) != 32 or len(vault_id) != 16 or len(public_key) != 32:
        raise ValueError("header_digest 32, vault_id 16, public_key 32 bytes")
    journal = list(journal)
    out = (RECORD_MAGIC + struct.pack("<H", RECORD_VERSION) + header_dig + vault_id + public_key
           + struct.pack("<QQI", generation, recorded, len(journal)))
    for digest, gen, state in journal:
        if len(digest) != 32:
            raise ValueError("an entry digest is 32 bytes")
        out += digest + struct.pack("<QB", gen, state)
    return out + _b2b256(out)


def record_for(vault: dict, recorded: int, journal=(), generation: int | None = None) -> bytes:
    """The record a machine keeps after creating or unlocking `vault` (a read_vault() dict)."""
    gen = vault["generation"] if generation is None else generation
    return write_record(header_digest(vault), vault["vault_id"], vault["public_key"],
                        gen if gen is not None else 0, recorded, journal)


def read_record(data: bytes) -> dict:
    """Parse a record strictly: magic, version, size, checksum, journal states, nothing after."""
    data = bytes(data)
    if len(data) < 8 or data[:8] != RECORD_MAGIC:
        raise RecordError("not a record")
    if len(data) < 10:
        raise RecordError("truncated")
    version = struct.unpack_from("<H", data, 8)[0]
    if version != RECORD_VERSION:
        raise RecordError(f"unsupported version {version}")
    if len(data) < _FIXED + 32:
        raise RecordError("truncated")
    if not hmac.compare_digest(_b2b256(data[:-32]), data[-32:]):
        raise RecordError("checksum mismatch")
    hd, vault_id, pk = data[10:42], data[42:58], data[58:90]
    generation, recorded, count = struct.unpack_from("<QQI", data, 90)
    if count > MAX_JOURNAL:
        raise RecordError(f"journal of {count} entries")
    if len(data) != _FIXED + count * _JOURNAL_ENTRY + 32:
        raise RecordError("journal size does not match its count")
    journal = []
    for i in range(count):
        at = _FIXED + i * _JOURNAL_ENTRY
        digest = data[at:at + 32]
        gen, state = struct.unpack_from("<QB", data, at + 32)
        if state not in JOURNAL_STATES:
            raise RecordError(f"journal state {state}")
        journal.append((digest, gen, state))
    return {"version": version, "header_digest": hd, "vault_id": vault_id, "public_key": pk,
            "generation": generation, "recorded": recorded, "journal": journal,
            "checksum": data[-32:]}


def trusted_pending(vault: dict, record: dict | None) -> list[bool]:
    """§6: a pending entry is trusted when its digest is in the journal (either state) with the
    file's generation."""
    if record is None:
        return [False] * len(vault.get("pending", []))
    known = {(d, g) for d, g, _ in record["journal"]}
    return [(entry_digest(e["raw"]), vault["generation"]) in known for e in vault["pending"]]


def record_verdict(vault: dict, record: dict | None, for_add: bool = False) -> str | None:
    """Why §6 refuses `vault` against `record` (None: not refused). The header check is the one
    `vault add` makes; at unlock a changed header may still pass when it opens and its seal
    verifies with the same vault_id, which needs the key and is left to the caller."""
    if record is None:
        return "no record" if for_add else None
    if not hmac.compare_digest(record["vault_id"], vault["vault_id"]):
        return "another vault"
    if for_add and (not hmac.compare_digest(record["header_digest"], header_digest(vault))
                    or not hmac.compare_digest(record["public_key"], vault["public_key"])):
        return "the header changed"
    gen = vault["generation"] or 0
    if gen < record["generation"]:
        return "an older copy"
    if gen == record["generation"]:
        present = {entry_digest(e["raw"]) for e in vault.get("pending", [])}
        for digest, jgen, state in record["journal"]:
            if state == WRITTEN and jgen == gen and digest not in present:
                return "an older copy"
    return None


def save_record(state_home, vault_path, raw: bytes) -> str:
    """Write a record atomically: folders 0700, file 0600, temporary name, fsync, rename."""
    path = record_path(state_home, vault_path)
    folder = os.path.dirname(path)
    os.makedirs(os.path.dirname(os.path.dirname(folder)), exist_ok=True)  # the state home
    for d in (os.path.dirname(folder), folder):  # <state>/vault and <state>/vault/records
        try:
            os.mkdir(d, 0o700)
        except FileExistsError:
            pass
    for d in (os.path.dirname(folder), folder):
        st = os.lstat(d)
        if not stat.S_ISDIR(st.st_mode) or stat.S_IMODE(st.st_mode) & 0o077:
            raise RecordError(f"{d} must be a folder of mode 0700")
    tmp = f"{path}.tmp-{os.urandom(8).hex()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        os.write(fd, raw)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.rename(tmp, path)
    return path


def load_record(state_home, vault_path) -> dict | None:
    path = record_path(state_home, vault_path)
    try:
        with open(path, "rb") as f:
            return read_record(f.read())
    except FileNotFoundError:
        return None
