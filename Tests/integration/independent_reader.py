#!/usr/bin/env python3
"""An independent reader and writer of the vault file, format versions 2 and 1.

Written from Vault/FORMAT.md alone (not from the Swift sources), so that the tests can check the
Swift implementation and the specification against each other. Test-only: it needs PyNaCl
(`pip install pynacl==1.6.2`) and deliberately fails at import when PyNaCl is missing. The
machine record of §6 lives in machine_record.py and is re-exported here.

Module use:
    v = read_vault(data)                       # every check of FORMAT.md §2 / §3.1 (v1 and v2)
    sk = unlock(v, passphrase="...")           # §3.2, §3.4, §3.5 (or secret_key=b"...", §3.3)
    akid, secret = open_entry(v, v["entries"][0], sk)   # §5
    data, sk = write_vault(backend="passphrase", created=..., random=b"...", entries=[...],
                           passphrase="...", opslimit=1, memlimit=8192)   # §4: version 2
    data = append_entry(data, ..., sk=sk)      # a sealed write (§4)
    data = append_entry(data, ...)             # without sk: a pending write (§4)
    data = migrate_v1(data, passphrase="...", random=nonce24)           # §9
    text = format_recovery_key(key16); key16 = read_recovery_key(text)  # §10.2 (version 3 design)

CLI:
    independent_reader.py list FILE [--state-home DIR]
    VAULT_PASSPHRASE=pw independent_reader.py open FILE PROFILE [--state-home DIR]
    echo HEX | independent_reader.py open FILE PROFILE --secret-key-hex
    independent_reader.py write FILE --passphrase-env VAULT_PASSPHRASE --opslimit N --memlimit N
        [--format-version 1|2] [--state-home DIR]     (stdin: lines "PROFILE AKID SECRET")
    independent_reader.py add FILE [--state-home DIR] [--replaces]
        (stdin: lines "PROFILE AKID SECRET"; needs no secret: a pending write to a version-2
        file, or an append to a version-1 file. With --state-home, this machine's record is
        checked first and the new entries are journaled in it, §6.)
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
import sys

import nacl.bindings as nb  # no fallback on purpose: a missing PyNaCl must fail loudly
import nacl.exceptions

from machine_record import (BEING_WRITTEN, WRITTEN, RecordError, default_state_home,  # noqa: F401
                            entry_digest, header_digest, load_record, read_record, record_for,
                            record_path, record_verdict, save_record, trusted_pending,
                            write_record)

# --------------------------------------------------------------------------------------------
# Constants (FORMAT.md §2)

MAGIC = bytes([0x89, 0x56, 0x4C, 0x54, 0x0D, 0x0A, 0x1A, 0x0A])
VERSION = 2
VERSIONS = (1, 2, 3)
BACKEND_PASSPHRASE = 1
BACKEND_SECRET_SERVICE = 2
BACKEND_NAMES = {BACKEND_PASSPHRASE: "passphrase", BACKEND_SECRET_SERVICE: "secret-service"}
BACKEND_CODES = {v: k for k, v in BACKEND_NAMES.items()}
KDF_ARGON2ID13 = 1
KIND_ACCESS_KEY = 1
PLAINTEXT_VERSION = 1

OPSLIMIT_MIN, OPSLIMIT_MAX = 1, 16
MEMLIMIT_MIN, MEMLIMIT_MAX = 8192, 1 << 30
MODERATE_OPSLIMIT, MODERATE_MEMLIMIT = 3, 268435456

MAX_FILE_SIZE = 16 * 1024 * 1024
MAX_ENTRIES = 100_000  # entries and pending together
CHECKSUM_SIZE = 32
SEAL_SIZE = 32
SEAL_KEY_MESSAGE = b"vault v2 seal key"  # 17 ASCII bytes (§2)
SEAL_OVERHEAD = 48  # crypto_box_SEALBYTES: epk (32) + Poly1305 tag (16)
WRAPPED_KEY_SIZE = 48
HINT_SEPARATOR = "\u2026"  # …
SECRET_SERVICE_SCHEMA = "io.github.vault.VaultKey"
REPLACES = ("replaces", "earlier")  # metadata marker of a pending entry (§2)

# Offsets of the fixed part of the header.
_FIXED_HEADER = 8 + 2 + 1 + 1 + 16 + 8 + 32  # magic .. public_key = 68
_PUBLIC_KEY_AT = 36
_KEYBLOCK_AD_PART = 1 + 4 + 8 + 16 + 24  # kdf .. nonce = 53


# --------------------------------------------------------------------------------------------
# Errors

class VaultFormatError(Exception):
    """The file is not a well-formed vault (§2, §3.1). `reason` is stable text."""

    reason = "invalid vault"

    def __init__(self, detail: str | None = None):
        self.detail = detail
        super().__init__(self.reason if detail is None else f"{self.reason}: {detail}")


class NotAVault(VaultFormatError):
    reason = "not a vault"


class UnsupportedVersion(VaultFormatError):
    reason = "unsupported version"


class ChecksumMismatch(VaultFormatError):
    reason = "checksum mismatch"


class Truncated(VaultFormatError):
    reason = "truncated"


class FileTooLarge(VaultFormatError):
    reason = "file too large"


class InvalidField(VaultFormatError):
    """reason is 'invalid field <name>'; `field` holds <name>."""

    def __init__(self, field: str, detail: str | None = None):
        self.field = field
        self.reason = f"invalid field {field}"
        super().__init__(detail)


class VaultUnlockError(Exception):
    reason = "cannot unlock"

    def __init__(self, detail: str | None = None):
        super().__init__(self.reason if detail is None else f"{self.reason}: {detail}")


class WrongPassphrase(VaultUnlockError):
    reason = "wrong passphrase"


class WrongKey(VaultUnlockError):
    reason = "wrong key"


class PublicKeyMismatch(WrongKey):
    """§3.4: the secret key (unwrapped, or from the keyring) does not belong to public_key."""

    reason = "the public key does not belong to the secret key: the file was altered"


class SealMismatch(VaultUnlockError):
    """§3.5: the seal does not verify with the secret key: the sealed part was changed."""

    reason = "tampered: the seal does not verify"


class EntryError(Exception):
    """An entry's sealed box does not open, or does not agree with its clear fields (§5)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


class WriterError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Small helpers

def checksum(data: bytes) -> bytes:
    """BLAKE2b-256, unkeyed (§2)."""
    return hashlib.blake2b(data, digest_size=32).digest()


_UPPER_DIGITS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_SECRET_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def valid_key_hint(hint: str) -> bool:
    """§2: exactly 11 bytes, 4 of A-Z 0-9, then U+2026, then 4 of A-Z 0-9."""
    return (len(hint) == 9 and hint[4] == "\u2026"
            and all(ch in _UPPER_DIGITS for ch in hint[:4] + hint[5:]))


def key_hint(access_key_id: str) -> str:
    """First 4 and last 4 characters joined by U+2026 (§2)."""
    return access_key_id[:4] + HINT_SEPARATOR + access_key_id[-4:]


def _forbidden_in_profile(c: int) -> bool:
    """§2: white space, control characters, Unicode line separators and direction marks."""
    return (c <= 0x20 or 0x7F <= c <= 0xA0 or c == 0x1680 or 0x2000 <= c <= 0x200F or 0x2028 <= c <= 0x202F
            or 0x205F <= c <= 0x206F or c == 0x3000 or c == 0xFEFF)


def valid_profile(profile: str) -> bool:
    raw = profile.encode("utf-8")
    return 1 <= len(raw) <= 128 and not any(_forbidden_in_profile(ord(c)) for c in profile)


class _Cursor:
    """Reads a byte string front to back; running out raises `short_error()`."""

    def __init__(self, data: bytes, short_error):
        self.data = data
        self.pos = 0
        self.short_error = short_error

    def remaining(self) -> int:
        return len(self.data) - self.pos

    def take(self, n: int) -> bytes:
        if n > self.remaining():
            raise self.short_error()
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def u8(self) -> int:
        return self.take(1)[0]

    def u16(self) -> int:
        return struct.unpack("<H", self.take(2))[0]

    def u32(self) -> int:
        return struct.unpack("<I", self.take(4))[0]

    def u64(self) -> int:
        return struct.unpack("<Q", self.take(8))[0]

    def u8len(self) -> bytes:
        return self.take(self.u8())

    def u16len(self) -> bytes:
        return self.take(self.u16())


def _utf8(raw: bytes, field: str) -> str:
    try:
        return raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        raise InvalidField(field, "not UTF-8") from e


def _u8len(raw: bytes, field: str) -> bytes:
    if len(raw) > 0xFF:
        raise WriterError(f"{field} longer than 255 bytes")
    return bytes([len(raw)]) + raw


def _u16len(raw: bytes, field: str) -> bytes:
    if len(raw) > 0xFFFF:
        raise WriterError(f"{field} longer than 65535 bytes")
    return struct.pack("<H", len(raw)) + raw


# --------------------------------------------------------------------------------------------
# Reading (§2, §3.1, §9)

def read_vault(data: bytes) -> dict:
    """Check and parse a whole vault file, version 2 or 1. Needs no secret. Raises
    VaultFormatError. Offsets and raw bytes of every part are kept for tests."""
    data = bytes(data)
    # Bound first: a reader never computes without limit (§1.6, §2 "a file over 16 MiB").
    if len(data) > MAX_FILE_SIZE:
        raise FileTooLarge(f"{len(data)} bytes")
    # §2 / §3.1: size, magic, version, checksum, then the fields in file order.
    if len(data) < len(MAGIC):
        if MAGIC.startswith(data):
            raise Truncated("shorter than the magic")
        raise NotAVault()
    if data[:8] != MAGIC:
        raise NotAVault()
    if len(data) < 10:
        raise Truncated("no version")
    version = struct.unpack("<H", data[8:10])[0]
    if version not in VERSIONS:
        raise UnsupportedVersion(str(version))
    if len(data) < 10 + CHECKSUM_SIZE:
        raise Truncated("no room for the checksum")
    body, stored = data[:-CHECKSUM_SIZE], data[-CHECKSUM_SIZE:]
    if not hmac.compare_digest(checksum(body), stored):
        raise ChecksumMismatch()

    c = _Cursor(body, lambda: Truncated("header"))
    c.take(10)
    if version == 3:
        out = _read_v3_header(c, body)
    else:
        out = _read_v2_header(c, body, version)
    out["header_core"] = body[:c.pos]  # magic .. end of keyblock or protectors (§6 header_digest)
    generation = None
    if version != 1:
        out["generation_offset"] = c.pos
        generation = c.u64()
        if generation == 0:
            raise InvalidField("generation", "0")
    out["generation"] = generation
    header_end = c.pos
    out["header"] = body[:header_end]  # §2's `header` (with generation in version 2)

    c.short_error = lambda: Truncated("no entry count")
    count = c.u32()
    if count > MAX_ENTRIES:
        raise InvalidField("count", f"{count} entries")
    out["count_offset"] = header_end
    seen_ids: set = set()
    out["entries"] = _read_entries(c, body, count, seen_ids, "entry", "count")
    out["entries_end"] = c.pos
    if version != 1:
        c.short_error = lambda: Truncated("no seal")
        out["seal_offset"] = c.pos
        out["seal"] = c.take(SEAL_SIZE)
        out["sealed_part"] = body[:out["entries_end"]]
        c.short_error = lambda: Truncated("no pending count")
        out["pending_count_offset"] = c.pos
        pending_count = c.u32()
        if count + pending_count > MAX_ENTRIES:
            raise InvalidField("pending count", f"{count} + {pending_count} entries")
        out["pending"] = _read_entries(c, body, pending_count, seen_ids, "pending entry",
                                       "pending count")
    else:
        out["pending"] = []
    if c.remaining() != 0:
        raise InvalidField("trailing bytes", f"{c.remaining()} bytes before the checksum")
    out["checksum"] = stored
    return out


def _read_v2_header(c: "_Cursor", body: bytes, version: int) -> dict:
    """§2: backend .. keyblock of a version-1 or -2 header."""
    backend = c.u8()
    if backend not in BACKEND_NAMES:
        raise InvalidField("backend", str(backend))
    reserved = c.u8()
    if reserved != 0:
        raise InvalidField("reserved", str(reserved))
    vault_id = c.take(16)
    created = c.u64()
    public_key = c.take(32)
    out = {"version": version, "backend": BACKEND_NAMES[backend], "backend_code": backend,
           "vault_id": vault_id, "created": created, "public_key": public_key}
    if backend == BACKEND_PASSPHRASE:
        kdf = c.u8()
        if kdf != KDF_ARGON2ID13:
            raise InvalidField("kdf", str(kdf))
        opslimit = c.u32()
        memlimit = c.u64()
        salt = c.take(16)
        nonce = c.take(24)
        ad_end = c.pos
        wrapped_key = c.take(WRAPPED_KEY_SIZE)
        # Checked while parsing (not only before the KDF) so that `list` refuses them as well.
        if not OPSLIMIT_MIN <= opslimit <= OPSLIMIT_MAX:
            raise InvalidField("opslimit", str(opslimit))
        if not MEMLIMIT_MIN <= memlimit <= MEMLIMIT_MAX:
            raise InvalidField("memlimit", str(memlimit))
        # §3.2: version 2 leaves public_key out of the associated data; version 1 (§9) has it.
        ad = body[:ad_end] if version == 1 else body[:_PUBLIC_KEY_AT] + body[_FIXED_HEADER:ad_end]
        out.update(kdf=kdf, opslimit=opslimit, memlimit=memlimit, salt=salt, nonce=nonce,
                   wrapped_key=wrapped_key, ad=ad, nonce_offset=ad_end - 24)
    return out


def _read_v3_header(c: "_Cursor", body: bytes) -> dict:
    """§10.1: reserved .. protectors. The first passphrase protector also fills the version-2
    keys (kdf, salt, nonce, wrapped_key, ad), so `unwrap` works as for version 2."""
    reserved = c.u16()
    if reserved != 0:
        raise InvalidField("reserved", str(reserved))
    vault_id = c.take(16)
    created = c.u64()
    public_key = c.take(32)
    start = c.pos
    c.take(2)
    count = c.u8()
    bodies = []
    for _ in range(count):
        c.take(3)
        length = c.u16()
        bodies.append(c.pos)
        c.take(length)
    protectors = read_protector_list(body[start:c.pos])
    kinds = [p["kind"] for p in protectors["protectors"]]
    backend = BACKEND_PASSPHRASE if "passphrase" in kinds or "secret-service" not in kinds else BACKEND_SECRET_SERVICE
    out = {"version": 3, "backend": BACKEND_NAMES[backend], "backend_code": backend, "vault_id": vault_id,
           "created": created, "public_key": public_key, "protectors": protectors}
    for p, at in zip(protectors["protectors"], bodies):
        if p["kind"] == "passphrase":
            out.update(kdf=KDF_ARGON2ID13, opslimit=p["opslimit"], memlimit=p["memlimit"], salt=p["salt"],
                       nonce=p["nonce"], wrapped_key=p["wrapped_key"],
                       ad=protector_wrap_ad(p, vault_id, created), nonce_offset=at + 1 + 4 + 8 + 16)
            break
    return out


def _read_entries(c: "_Cursor", body: bytes, count: int, seen_ids: set, what: str,
                  count_field: str) -> list:
    entries = []
    for index in range(count):
        start = c.pos
        if c.remaining() < 4:
            raise InvalidField(count_field, f"{what} {index} missing")
        length = c.u32()
        if length > c.remaining():
            raise InvalidField("entry length", f"{what} {index} runs past the end")
        entry = _parse_entry_body(c.take(length), index)
        if entry["entry_id"] in seen_ids:  # unique across entries and pending (§2)
            raise InvalidField("entry_id", f"{what} {index} repeats an id")
        seen_ids.add(entry["entry_id"])
        entry["raw"] = body[start:c.pos]  # length + body
        entry["offset"] = start
        entries.append(entry)
    return entries


def _parse_entry_body(raw: bytes, index: int) -> dict:
    c = _Cursor(raw, lambda: InvalidField("entry length",
                                          f"entry {index}: fields run past its length"))
    entry_id = c.take(16)
    kind = c.u8()
    if kind != KIND_ACCESS_KEY:
        raise InvalidField("kind", f"entry {index}: {kind}")
    added = c.u64()
    profile = _utf8(c.u8len(), "profile")
    if not valid_profile(profile):
        raise InvalidField("profile", f"entry {index}: {profile!r}")
    hint = _utf8(c.u8len(), "key_hint")
    if not valid_key_hint(hint):  # §2: 4 of A-Z 0-9, U+2026, 4 of A-Z 0-9
        raise InvalidField("key_hint", f"entry {index}: {hint!r}")
    metadata = _parse_metadata(c.u16len(), index)
    sealed = c.u16len()
    if len(sealed) < SEAL_OVERHEAD:
        raise InvalidField("sealed", f"entry {index}: {len(sealed)} bytes")
    if c.remaining() != 0:
        raise InvalidField("entry length", f"entry {index}: {c.remaining()} bytes left over")
    return {"entry_id": entry_id, "kind": kind, "added": added, "profile": profile,
            "key_hint": hint, "metadata": metadata, "sealed": sealed}


def _parse_metadata(region: bytes, index: int) -> list:
    c = _Cursor(region, lambda: InvalidField("metadata", f"entry {index}: runs past its length"))
    n = c.u16()
    pairs = []
    seen = set()
    for _ in range(n):
        key = _utf8(c.u8len(), "metadata")
        value = _utf8(c.u16len(), "metadata")
        if not key or key in seen:  # §2: keys are 1-255 bytes and unique within an entry
            raise InvalidField("metadata", f"entry {index}: {'empty' if not key else 'repeated'} key")
        seen.add(key)
        pairs.append([key, value])
    if c.remaining() != 0:
        raise InvalidField("metadata", f"entry {index}: {c.remaining()} bytes left over")
    return pairs


# --------------------------------------------------------------------------------------------
# Unlocking (§3.2 - §3.5) and the seal (§2)

def derive_wrapping_key(passphrase: bytes, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    if not OPSLIMIT_MIN <= opslimit <= OPSLIMIT_MAX:
        raise InvalidField("opslimit", str(opslimit))
    if not MEMLIMIT_MIN <= memlimit <= MEMLIMIT_MAX:
        raise InvalidField("memlimit", str(memlimit))
    return nb.crypto_pwhash_alg(32, passphrase, salt, opslimit, memlimit,
                                nb.crypto_pwhash_ALG_ARGON2ID13)


def _passphrase_bytes(passphrase) -> bytes:
    # "the UTF-8 bytes as typed": no Unicode normalisation, no trimming here.
    return passphrase.encode("utf-8") if isinstance(passphrase, str) else bytes(passphrase)


def seal_key(sk: bytes) -> bytes:
    """BLAKE2b-256(key = sk, message = "vault v2 seal key") (§2)."""
    if len(sk) != 32:
        raise WrongKey("a secret key is 32 bytes")
    return hashlib.blake2b(SEAL_KEY_MESSAGE, digest_size=32, key=bytes(sk)).digest()


def compute_seal(sealed_part: bytes, sk: bytes) -> bytes:
    """Keyed BLAKE2b-256 of every byte from magic through the end of `entries` (§2)."""
    return hashlib.blake2b(bytes(sealed_part), digest_size=32, key=seal_key(sk)).digest()


def verify_seal(vault: dict, sk: bytes) -> None:
    """§3.5: recompute the seal and compare in constant time. Raises SealMismatch."""
    if vault["version"] == 1:
        raise VaultUnlockError("a version-1 file has no seal")
    if not hmac.compare_digest(compute_seal(vault["sealed_part"], sk), vault["seal"]):
        raise SealMismatch()


def unwrap(vault: dict, passphrase) -> tuple[bytes, bytes]:
    """§3.2: (sk, k) from a passphrase vault; k is the Argon2id key (migration re-uses it)."""
    k = derive_wrapping_key(_passphrase_bytes(passphrase), vault["salt"],
                            vault["opslimit"], vault["memlimit"])
    try:
        sk = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(
            vault["wrapped_key"], vault["ad"], vault["nonce"], k)
    except nacl.exceptions.CryptoError as e:
        raise WrongPassphrase() from e
    if len(sk) != 32:
        raise WrongKey("wrapped key is not 32 bytes")
    return sk, k


def unlock(vault: dict, passphrase=None, secret_key: bytes | None = None,
           check_seal: bool = True) -> bytes:
    """Return the vault's X25519 secret key (§3). Raises WrongPassphrase (the wrap does not
    open), PublicKeyMismatch (§3.4), SealMismatch (§3.5, version 2 only; check_seal=False skips
    it, for tests that need the key of a file they altered)."""
    if secret_key is not None:
        sk = bytes(secret_key)
        if len(sk) != 32:
            raise WrongKey("a secret key is 32 bytes")
    elif vault["backend_code"] == BACKEND_PASSPHRASE:
        if passphrase is None:
            raise VaultUnlockError("a passphrase vault needs a passphrase")
        sk, _ = unwrap(vault, passphrase)
    else:
        raise VaultUnlockError("a Secret Service vault needs its secret key (from the keyring)")
    if not hmac.compare_digest(nb.crypto_scalarmult_base(sk), vault["public_key"]):
        raise PublicKeyMismatch()
    if vault["version"] != 1 and check_seal:
        verify_seal(vault, sk)
    return sk


def usable_entries(vault: dict, record: dict | None = None) -> list:
    """Every trusted entry in file order: `entries`, then the pending entries this machine's
    record trusts (§6; none without a record)."""
    trust = trusted_pending(vault, record)
    return list(vault["entries"]) + [e for e, ok in zip(vault["pending"], trust) if ok]


def current_entry(vault: dict, profile: str, record: dict | None = None):
    """The profile's current key: the last trusted entry in file order (§2), or None."""
    matches = [e for e in usable_entries(vault, record) if e["profile"] == profile]
    return matches[-1] if matches else None


def all_entries(vault: dict) -> list:
    """`entries` then `pending`, trusted or not (what `vault list` shows)."""
    return list(vault["entries"]) + list(vault["pending"])


# --------------------------------------------------------------------------------------------
# Entries (§5)

def encode_plaintext(entry_id: bytes, kind: int, profile: str, access_key_id: str,
                     secret_access_key: str, version: int = PLAINTEXT_VERSION) -> bytes:
    return (bytes([version]) + entry_id + bytes([kind])
            + _u8len(profile.encode("utf-8"), "profile")
            + _u8len(access_key_id.encode("utf-8"), "access_key_id")
            + _u8len(secret_access_key.encode("utf-8"), "secret_access_key"))


def open_entry(vault: dict, entry: dict, secret_key: bytes) -> tuple[str, str]:
    """Open one entry's sealed box and check it against the clear fields (§5)."""
    try:
        pt = nb.crypto_box_seal_open(entry["sealed"], vault["public_key"], secret_key)
    except nacl.exceptions.CryptoError as e:
        raise EntryError("sealed box does not open") from e
    c = _Cursor(pt, lambda: EntryError("plaintext truncated"))
    version = c.u8()
    if version != PLAINTEXT_VERSION:
        raise EntryError(f"plaintext version {version}")
    entry_id = c.take(16)
    kind = c.u8()
    try:
        profile = c.u8len().decode("utf-8")
        akid = c.u8len().decode("utf-8")
        secret = c.u8len().decode("utf-8")
    except UnicodeDecodeError as e:
        raise EntryError("plaintext text is not UTF-8") from e
    if c.remaining() != 0:
        raise EntryError("bytes after the plaintext")
    if not hmac.compare_digest(entry_id, entry["entry_id"]):
        raise EntryError("entry_id differs from the clear field")
    if kind != entry["kind"]:
        raise EntryError("kind differs from the clear field")
    if profile != entry["profile"]:
        raise EntryError("profile differs from the clear field")
    if key_hint(akid) != entry["key_hint"]:
        raise EntryError("access key id does not match key_hint")
    if not valid_access_key_id(akid):
        raise EntryError("access key id is not AKIA + 16 of A-Z 0-9")
    if not valid_secret(secret):
        raise EntryError("secret access key is not 40 ASCII characters of A-Z a-z 0-9 + /")
    return akid, secret


# --------------------------------------------------------------------------------------------
# Writing (§4, §5, §9)

class FixedRandom:
    """Hands out a given byte string in order; for vectors. `.used` counts the bytes drawn."""

    def __init__(self, data: bytes):
        self.data = bytes(data)
        self.used = 0

    def __call__(self, n: int) -> bytes:
        if self.used + n > len(self.data):
            raise WriterError("ran out of fixed random bytes")
        out = self.data[self.used:self.used + n]
        self.used += n
        return out


def _as_random(random):
    if random is None:
        return os.urandom
    if isinstance(random, (bytes, bytearray, memoryview)):
        return FixedRandom(bytes(random))
    return random


def valid_access_key_id(akid: str) -> bool:
    """§5: AKIA + 16 of A-Z 0-9."""
    return len(akid) == 20 and akid.startswith("AKIA") and all(c in _UPPER_DIGITS for c in akid)


def valid_secret(secret: str) -> bool:
    """§5: 40 of A-Z a-z 0-9 + /."""
    return len(secret) == 40 and all(c in _SECRET_ALPHABET for c in secret)


def check_entry_inputs(profile: str, access_key_id: str, secret_access_key: str) -> None:
    if not valid_profile(profile):
        raise WriterError(f"profile {profile!r} is not 1-64 bytes of A-Z a-z 0-9 . _ - + = @ ,")
    if not valid_access_key_id(access_key_id):
        raise WriterError("access key id must be AKIA + 16 of A-Z 0-9")
    if not valid_secret(secret_access_key):
        raise WriterError("secret access key must be 40 of A-Z a-z 0-9 + /")


def encode_metadata(metadata) -> bytes:
    out = struct.pack("<H", len(metadata))
    for key, value in metadata:
        out += _u8len(key.encode("utf-8"), "metadata key")
        out += _u16len(value.encode("utf-8"), "metadata value")
    return out


def seal(plaintext: bytes, public_key: bytes, seed: bytes) -> bytes:
    """crypto_box_seal with an ephemeral pair from crypto_box_seed_keypair(seed) (§5)."""
    epk, esk = nb.crypto_box_seed_keypair(seed)
    nonce = hashlib.blake2b(epk + public_key, digest_size=24).digest()
    return epk + nb.crypto_box_easy(plaintext, nonce, public_key, esk)


def encode_entry(public_key: bytes, entry_id: bytes, seed: bytes, profile: str,
                 access_key_id: str, secret_access_key: str, added: int, metadata=(),
                 kind: int = KIND_ACCESS_KEY, plaintext: bytes | None = None,
                 hint: str | None = None) -> bytes:
    """One `entry` (length + body). `plaintext`/`hint` overrides exist for negative tests."""
    if plaintext is None:
        plaintext = encode_plaintext(entry_id, kind, profile, access_key_id, secret_access_key)
    sealed = seal(plaintext, public_key, seed)
    body = (entry_id + bytes([kind]) + struct.pack("<Q", added)
            + _u8len(profile.encode("utf-8"), "profile")
            + _u8len((key_hint(access_key_id) if hint is None else hint).encode("utf-8"),
                     "key_hint")
            + _u16len(encode_metadata(metadata), "metadata")
            + _u16len(sealed, "sealed"))
    return struct.pack("<I", len(body)) + body


def encode_raw_entry(entry: dict, metadata=None) -> bytes:
    """Re-encode a parsed entry (e.g. with the `replaces` marker removed, §2); box unchanged."""
    md = entry["metadata"] if metadata is None else metadata
    body = (entry["entry_id"] + bytes([entry["kind"]]) + struct.pack("<Q", entry["added"])
            + _u8len(entry["profile"].encode("utf-8"), "profile")
            + _u8len(entry["key_hint"].encode("utf-8"), "key_hint")
            + _u16len(encode_metadata(md), "metadata") + _u16len(entry["sealed"], "sealed"))
    return struct.pack("<I", len(body)) + body


def _fixed_header(version: int, code: int, vault_id: bytes, created: int, pk: bytes) -> bytes:
    return MAGIC + struct.pack("<HBB", version, code, 0) + vault_id + struct.pack("<Q", created) + pk


def _keyblock(fixed: bytes, version: int, opslimit: int, memlimit: int, salt: bytes,
              nonce: bytes, k: bytes, sk: bytes) -> bytes:
    """kdf .. wrapped_key; the AD is §3.2's (version 2) or §9's (version 1)."""
    part = struct.pack("<BIQ", KDF_ARGON2ID13, opslimit, memlimit) + salt + nonce
    ad = (fixed if version == 1 else fixed[:_PUBLIC_KEY_AT]) + part
    return part + nb.crypto_aead_xchacha20poly1305_ietf_encrypt(sk, ad, nonce, k)


def assemble(header_core: bytes, entries=(), sk: bytes | None = None, generation: int = 1,
             pending=(), version: int = VERSION) -> bytes:
    """A whole file from its parts (raw entries); versions 2 and 3 need sk for the seal."""
    entries, pending = list(entries), list(pending)
    head = bytes(header_core)
    if version >= 2:
        head += struct.pack("<Q", generation)
    head += struct.pack("<I", len(entries)) + b"".join(entries)
    if version >= 2:
        if sk is None:
            raise WriterError("a version-2 file is sealed with the secret key")
        head += compute_seal(head, sk) + struct.pack("<I", len(pending)) + b"".join(pending)
    elif pending:
        raise WriterError("a version-1 file has no pending entries")
    if len(head) + CHECKSUM_SIZE > MAX_FILE_SIZE:
        raise WriterError("vault would exceed 16 MiB")
    return head + checksum(head)


def new_vault(backend: str, created: int, random=None, passphrase=None,
              opslimit: int = MODERATE_OPSLIMIT, memlimit: int = MODERATE_MEMLIMIT,
              version: int = VERSION):
    """Return (file bytes with no entries, secret key); version 2: generation 1, empty pending.
    Random drawn in §4's order."""
    rnd = _as_random(random)
    code = BACKEND_CODES[backend]
    vault_id = rnd(16)
    pk, sk = nb.crypto_box_seed_keypair(rnd(32))
    header = _fixed_header(version, code, vault_id, created, pk)
    if code == BACKEND_PASSPHRASE:
        if passphrase is None:
            raise WriterError("a passphrase vault needs a passphrase")
        salt = rnd(16)
        nonce = rnd(24)
        k = derive_wrapping_key(_passphrase_bytes(passphrase), salt, opslimit, memlimit)
        header += _keyblock(header, version, opslimit, memlimit, salt, nonce, k, sk)
    return assemble(header, [], sk, 1, [], version), sk


def _new_entry(v: dict, rnd, profile, access_key_id, secret_access_key, added, metadata,
               taken=()) -> bytes:
    check_entry_inputs(profile, access_key_id, secret_access_key)
    if len(v["entries"]) + len(v["pending"]) + len(taken) + 1 > MAX_ENTRIES:
        raise WriterError("vault is full")
    entry_id = rnd(16)
    if entry_id in {e["entry_id"] for e in all_entries(v)} | set(taken):
        raise WriterError("entry id collision")
    return encode_entry(v["public_key"], entry_id, rnd(32), profile, access_key_id,
                        secret_access_key, added, [tuple(p) for p in metadata])


def _trust_flags(v: dict, trusted) -> list[bool]:
    n = len(v["pending"])
    if trusted is None:
        return [False] * n
    if trusted is True:
        return [True] * n
    if isinstance(trusted, dict):  # a read_record() dict
        return trusted_pending(v, trusted)
    flags = [bool(t) for t in trusted]
    if len(flags) != n:
        raise WriterError(f"{len(flags)} trust flags for {n} pending entries")
    return flags


def fold_pending(v: dict, trusted=None) -> tuple[list, list]:
    """§4: (raw entries, raw pending) after moving the trusted pending entries to the end of
    `entries` in order. A moved entry whose metadata holds `replaces`=`earlier` drops the
    profile's earlier entries (the sealed ones, and trusted pending ones moved before it), and
    loses the marker. Untrusted pending entries stay, untouched."""
    sealed = [(e["profile"], e["raw"]) for e in v["entries"]]
    kept = []
    for e, ok in zip(v["pending"], _trust_flags(v, trusted)):
        if not ok:
            kept.append(e["raw"])
            continue
        raw = e["raw"]
        if list(REPLACES) in e["metadata"]:
            sealed = [(p, r) for p, r in sealed if p != e["profile"]]
            raw = encode_raw_entry(e, [m for m in e["metadata"] if m != list(REPLACES)])
        sealed.append((e["profile"], raw))
    return [r for _, r in sealed], kept


def sealed_write(data: bytes, sk: bytes, new_entries=(), random=None, trusted=None,
                 remove_profiles=()) -> bytes:
    """§4 sealed write: check the file and its seal with `sk`, fold the trusted pending entries,
    drop `remove_profiles` (from entries and pending), append `new_entries` (dicts as for
    write_vault; `replaces`: True drops the profile's earlier sealed entries), bump generation,
    recompute the seal. `trusted`: None (no pending entry), True (all), a record or flags."""
    v = read_vault(data)  # a file failing §3.1 is never rewritten
    if v["version"] != 2:
        raise WriterError("a version-1 file is migrated first (migrate_v1)")
    unlock(v, secret_key=sk)  # public key and seal verified (§3.4, §3.5)
    rnd = _as_random(random)
    entries, pending = fold_pending(v, trusted)
    if remove_profiles:
        gone = set(remove_profiles)
        entries = [r for r in entries if _raw_profile(r) not in gone]
        pending = [r for r in pending if _raw_profile(r) not in gone]
    taken = []
    for e in new_entries:
        raw = _new_entry(v, rnd, e["profile"], e["access_key_id"], e["secret_access_key"],
                         e["added"], e.get("metadata", []), taken)
        taken.append(raw[4:20])
        if e.get("replaces"):
            entries = [r for r in entries if _raw_profile(r) != e["profile"]]
        entries.append(raw)
    return assemble(v["header_core"], entries, sk, v["generation"] + 1, pending, 2)


def _raw_profile(raw: bytes) -> str:
    n = raw[4 + 16 + 1 + 8]
    return raw[4 + 16 + 1 + 8 + 1:4 + 16 + 1 + 8 + 1 + n].decode("utf-8")


def pending_write(data: bytes, profile: str, access_key_id: str, secret_access_key: str,
                  added: int, metadata=(), random=None, replaces: bool = False) -> bytes:
    """§4 pending write: header, entries and seal byte for byte; the entry goes to `pending`
    (with the `replaces`=`earlier` marker when asked). A version-1 file (no pending) gets the
    entry appended to `entries`, the version-1 way. Checking this machine's record is the
    caller's business (record_verdict(..., for_add=True))."""
    v = read_vault(data)
    md = [tuple(p) for p in metadata] + ([REPLACES] if replaces else [])
    raw = _new_entry(v, _as_random(random), profile, access_key_id, secret_access_key, added, md)
    body = data[:-CHECKSUM_SIZE]
    off, n = ((v["count_offset"], len(v["entries"])) if v["version"] == 1
              else (v["pending_count_offset"], len(v["pending"])))
    new_body = body[:off] + struct.pack("<I", n + 1) + body[off + 4:] + raw
    if len(new_body) + CHECKSUM_SIZE > MAX_FILE_SIZE:
        raise WriterError("vault would exceed 16 MiB")
    return new_body + checksum(new_body)


def append_entry(data: bytes, profile: str, access_key_id: str, secret_access_key: str,
                 added: int, metadata=(), random=None, sk: bytes | None = None, trusted=None,
                 replaces: bool = False) -> bytes:
    """Append one entry. Without `sk`: a **pending write** (§4; needs only the public key, §1.2).
    With `sk`: a **sealed write** (§4: trusted pending folded, generation + 1, new seal)."""
    if sk is None:
        return pending_write(data, profile, access_key_id, secret_access_key, added, metadata,
                             random, replaces)
    return sealed_write(data, sk, [{"profile": profile, "access_key_id": access_key_id,
                                    "secret_access_key": secret_access_key, "added": added,
                                    "metadata": metadata, "replaces": replaces}],
                        random, trusted)


def migrate_v1(data: bytes, passphrase=None, secret_key: bytes | None = None,
               random=None) -> bytes:
    """§9: a version-1 file as version 2: same vault_id, created, key pair and entries in order,
    generation 1, a new nonce (§4: the only random bytes) and the secret key re-wrapped under
    the same Argon2id key (same salt and limits) with the version-2 AD; seal; empty pending."""
    v = read_vault(data)
    if v["version"] != 1:
        raise WriterError("not a version-1 file")
    fixed = _fixed_header(2, v["backend_code"], v["vault_id"], v["created"], v["public_key"])
    if v["backend_code"] == BACKEND_PASSPHRASE:
        if passphrase is None:
            raise WriterError("migrating a passphrase vault needs its passphrase")
        sk, k = unwrap(v, passphrase)
        if not hmac.compare_digest(nb.crypto_scalarmult_base(sk), v["public_key"]):
            raise PublicKeyMismatch()
        nonce = _as_random(random)(24)
        header = fixed + _keyblock(fixed, 2, v["opslimit"], v["memlimit"], v["salt"], nonce, k, sk)
    else:
        sk = unlock(v, secret_key=secret_key)
        header = fixed
    return assemble(header, [e["raw"] for e in v["entries"]], sk, 1, [], 2)


def write_vault(backend: str, created: int, random, entries=(), passphrase=None,
                opslimit: int = MODERATE_OPSLIMIT, memlimit: int = MODERATE_MEMLIMIT,
                require_all_random_used: bool = True, version: int = VERSION,
                generation: int = 1, pending=()):
    """Create a vault holding `entries` (dicts with profile, access_key_id, secret_access_key,
    added, metadata) in order, then add `pending` by pending writes (version 2). Random bytes:
    new vault, entries, pending (§8). Version 2 seals `entries` with `generation` (the bytes do
    not depend on how many sealed writes led there). Returns (file bytes, secret key)."""
    rnd = _as_random(random)
    if version == 1 and (pending or generation != 1):
        raise WriterError("a version-1 file has neither pending entries nor a generation")
    empty, sk = new_vault(backend, created, rnd, passphrase, opslimit, memlimit, version)
    v = read_vault(empty)
    raws = []
    for e in entries:
        raws.append(_new_entry(v, rnd, e["profile"], e["access_key_id"], e["secret_access_key"],
                               e["added"], e.get("metadata", []), [r[4:20] for r in raws]))
    data = assemble(v["header_core"], raws, sk, generation, [], version)
    for e in pending:
        data = pending_write(data, e["profile"], e["access_key_id"], e["secret_access_key"],
                             e["added"], e.get("metadata", []), rnd)
    if require_all_random_used and isinstance(rnd, FixedRandom) and rnd.used != len(rnd.data):
        raise WriterError(f"{len(rnd.data) - rnd.used} random bytes left unused")
    return data, sk


# --------------------------------------------------------------------------------------------
# The protector list of format version 3 (§10.1, design): parse, wrap, unwrap.

PROTECTOR_KINDS = {1: "passphrase", 2: "secret-service", 3: "tpm2", 4: "recovery"}


def _protector_body(p: dict, with_wrapped_key: bool) -> bytes:
    kind = p["kind"]
    if kind == "passphrase":
        body = struct.pack("<BIQ", 1, p["opslimit"], p["memlimit"]) + p["salt"] + p["nonce"]
        return body + (p["wrapped_key"] if with_wrapped_key else b"")
    if kind == "secret-service":
        return b""
    if kind == "tpm2":
        body = bytes([1 if p["pin"] else 0, len(p["pcrs"])]) + bytes(p["pcrs"]) + p["nonce"]
        if with_wrapped_key:
            body += p["wrapped_key"] + struct.pack("<H", len(p["blob"])) + p["blob"]
        return body
    if kind == "recovery":
        return p["salt"] + p["nonce"] + (p["wrapped_key"] if with_wrapped_key else b"")
    raise InvalidField("protector kind", kind)


def encode_protector_list(next_id: int, protectors: list) -> bytes:
    out = struct.pack("<HB", next_id, len(protectors))
    for p in protectors:
        kind_code = {v: k for k, v in PROTECTOR_KINDS.items()}[p["kind"]]
        body = _protector_body(p, True)
        out += struct.pack("<HBH", p["id"], kind_code, len(body)) + body
    return out


def read_protector_list(data: bytes) -> dict:
    """Every rule of §10.1; the list must fill `data` exactly."""
    c = _Cursor(data, lambda: Truncated("protectors"))
    next_id, count = c.u16(), c.u8()
    if not 1 <= count <= 16:
        raise InvalidField("protector count", str(count))
    protectors, previous = [], 0
    for _ in range(count):
        pid, code = c.u16(), c.u8()
        if not previous < pid < next_id:
            raise InvalidField("protector id", str(pid))
        previous = pid
        if code not in PROTECTOR_KINDS:
            raise InvalidField("protector kind", str(code))
        b = _Cursor(c.take(c.u16()), lambda: Truncated("protector body"))
        p = {"id": pid, "kind": PROTECTOR_KINDS[code]}
        if code == 1:
            if b.u8() != 1:
                raise InvalidField("kdf", "unknown algorithm")
            p.update(opslimit=b.u32(), memlimit=b.u64())
            if not (OPSLIMIT_MIN <= p["opslimit"] <= OPSLIMIT_MAX and MEMLIMIT_MIN <= p["memlimit"] <= MEMLIMIT_MAX):
                raise InvalidField("kdf limits", "out of bounds")
            p.update(salt=b.take(16), nonce=b.take(24), wrapped_key=b.take(48))
        elif code == 3:
            flags = b.u8()
            if flags & ~1:
                raise InvalidField("tpm2 flags", str(flags))
            pcrs = list(b.take(b.u8()))
            if len(pcrs) > 24 or any(x >= 24 for x in pcrs) or any(a >= b_ for a, b_ in zip(pcrs, pcrs[1:])):
                raise InvalidField("tpm2 pcrs", str(pcrs))
            p.update(pin=bool(flags), pcrs=pcrs, nonce=b.take(24), wrapped_key=b.take(48))
            p["blob"] = b.take(b.u16())
            if not 1 <= len(p["blob"]) <= 4096:
                raise InvalidField("tpm2 blob", str(len(p["blob"])))
        elif code == 4:
            p.update(salt=b.take(16), nonce=b.take(24), wrapped_key=b.take(48))
        if b.remaining():
            raise InvalidField("protector body", "trailing bytes")
        protectors.append(p)
    if c.remaining():
        raise InvalidField("protectors", "trailing bytes")
    if sum(p["kind"] == "secret-service" for p in protectors) > 1:
        raise InvalidField("protector kind", "two secret-service protectors")
    return {"next_id": next_id, "protectors": protectors}


def protector_wrap_ad(p: dict, vault_id: bytes, created: int) -> bytes:
    code = {v: k for k, v in PROTECTOR_KINDS.items()}[p["kind"]]
    return MAGIC + struct.pack("<H", 3) + vault_id + struct.pack("<QHB", created, p["id"], code) + \
        _protector_body(p, False)


def recovery_wrapping_key(recovery_key: bytes, salt: bytes) -> bytes:
    return hashlib.blake2b(("vault v3 recovery key " + salt.hex()).encode(), key=recovery_key,
                           digest_size=32).digest()


def protector_wrapping_key(p: dict, secret: bytes) -> bytes:
    """The wrapping key from the protector's secret: a passphrase, a recovery key's 16 bytes, or
    the bytes a TPM unsealed (used as they are)."""
    if p["kind"] == "passphrase":
        return derive_wrapping_key(secret, p["salt"], p["opslimit"], p["memlimit"])
    if p["kind"] == "recovery":
        return recovery_wrapping_key(secret, p["salt"])
    return secret


def wrap_protector(p: dict, sk: bytes, wrapping_key: bytes, vault_id: bytes, created: int) -> dict:
    p = dict(p)
    p["wrapped_key"] = nb.crypto_aead_xchacha20poly1305_ietf_encrypt(
        sk, protector_wrap_ad(p, vault_id, created), p["nonce"], wrapping_key)
    return p


def unwrap_protector(p: dict, wrapping_key: bytes, vault_id: bytes, created: int, public_key: bytes) -> bytes:
    """sk from one protector; WrongPassphrase when the key does not open the wrap (for tpm2: the
    TPM's bytes are not the sealed key), PublicKeyMismatch when it opens for another public key."""
    try:
        sk = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(
            p["wrapped_key"], protector_wrap_ad(p, vault_id, created), p["nonce"], wrapping_key)
    except nacl.exceptions.CryptoError as e:
        raise WrongPassphrase() from e
    if not hmac.compare_digest(nb.crypto_scalarmult_base(sk), public_key):
        raise PublicKeyMismatch()
    return sk


# --------------------------------------------------------------------------------------------
# Recovery keys (§10.2, format version 3): 16 bytes as 8 modhex groups of 4 data characters and a
# Luhn mod 16 check character over the group's position and its data.

MODHEX = "cbdefghijklnrtuv"


class RecoveryKeyTypo(Exception):
    """Typed text that is not a recovery key; `group` counts from 1 (None: the length is wrong)."""

    def __init__(self, group):
        self.group = group
        super().__init__(f"recovery key group {group} is mistyped" if group else "a recovery key has 40 characters")


def _luhn16(digits) -> int:
    factor, total = 2, 0
    for d in reversed(digits):
        addend = factor * d
        total += addend // 16 + addend % 16
        factor = 3 - factor
    return (16 - total % 16) % 16


def format_recovery_key(key: bytes) -> str:
    if len(key) != 16:
        raise ValueError("a recovery key is 16 bytes")
    groups = []
    for i in range(8):
        data = [key[2 * i] >> 4, key[2 * i] & 15, key[2 * i + 1] >> 4, key[2 * i + 1] & 15]
        groups.append("".join(MODHEX[d] for d in data + [_luhn16([i] + data)]))
    return "-".join(groups)


def new_v3_vault(created: int, protectors: list, random=None) -> tuple[bytes, bytes, bytes]:
    """(header_core, secret key, public key) of a version-3 vault (§10.1), protectors in order,
    random bytes in §10.5's order: vault_id (16), key seed (32), then per protector: passphrase
    salt (16), nonce (24); recovery r (16), salt (16), nonce (24). `protectors` holds
    ("passphrase", passphrase, opslimit, memlimit), ("recovery", None) or ("secret-service",);
    a recovery protector's r is drawn here, in its place in that order."""
    rnd = _as_random(random)
    vault_id = rnd(16)
    pk, sk = nb.crypto_box_seed_keypair(rnd(32))
    made = []
    for i, spec in enumerate(protectors, start=1):
        if spec[0] == "passphrase":
            p = {"id": i, "kind": "passphrase", "opslimit": spec[2], "memlimit": spec[3], "salt": rnd(16)}
            p["nonce"] = rnd(24)
            w = derive_wrapping_key(_passphrase_bytes(spec[1]), p["salt"], p["opslimit"], p["memlimit"])
        elif spec[0] == "recovery":
            r = rnd(16)
            p = {"id": i, "kind": "recovery", "salt": rnd(16)}
            p["nonce"] = rnd(24)
            p["recovery_key"] = r
            w = recovery_wrapping_key(r, p["salt"])
        else:
            made.append({"id": i, "kind": "secret-service"})
            continue
        made.append(wrap_protector(p, sk, w, vault_id, created))
    header = (MAGIC + struct.pack("<HH", 3, 0) + vault_id + struct.pack("<Q", created) + pk
              + encode_protector_list(len(made) + 1, made))
    return header, sk, pk


def read_recovery_key(text: str) -> bytes:
    chars = [c for c in text.lower() if c not in "- "]
    if len(chars) != 40:
        raise RecoveryKeyTypo(None)
    digits = []
    for n, c in enumerate(chars):
        if c not in MODHEX:
            raise RecoveryKeyTypo(n // 5 + 1)
        digits.append(MODHEX.index(c))
    for i in range(8):
        group = digits[5 * i:5 * i + 5]
        if _luhn16([i] + group[:4]) != group[4]:
            raise RecoveryKeyTypo(i + 1)
    return bytes(digits[5 * (j // 2) + 2 * (j % 2)] << 4 | digits[5 * (j // 2) + 2 * (j % 2) + 1] for j in range(16))


# --------------------------------------------------------------------------------------------
# CLI (independent_cli.py holds it, with the files on disk of §4)

def main(argv=None) -> int:
    import independent_cli
    return independent_cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
