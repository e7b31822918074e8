#!/usr/bin/env python3
"""An independent reader and writer of the vault file, format version 1.

Written from Vault/FORMAT.md alone (not from the Swift sources), so that the tests can check the
Swift implementation and the specification against each other. Test-only: it needs PyNaCl
(`pip install pynacl==1.6.2`) and deliberately fails at import when PyNaCl is missing.

Module use:
    v = read_vault(data)                       # every check of FORMAT.md §2 / §3.1
    sk = unlock(v, passphrase="...")           # §3.2, §3.4   (or secret_key=b"...", §3.3)
    akid, secret = open_entry(v, v["entries"][0], sk)   # §5
    data, sk = write_vault(backend="passphrase", created=..., random=b"...", entries=[...],
                           passphrase="...", opslimit=1, memlimit=8192)   # §4, §5

CLI:
    independent_reader.py list FILE
    VAULT_PASSPHRASE=pw independent_reader.py open FILE PROFILE
    echo HEX | independent_reader.py open FILE PROFILE --secret-key-hex
    independent_reader.py write FILE --passphrase-env VAULT_PASSPHRASE --opslimit N --memlimit N
        (stdin: lines "PROFILE AKID SECRET")
    independent_reader.py add FILE        (stdin: lines "PROFILE AKID SECRET"; needs no secret)
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import hmac
import json
import os
import stat
import struct
import sys
import time

import nacl.bindings as nb  # no fallback on purpose: a missing PyNaCl must fail loudly
import nacl.exceptions

# --------------------------------------------------------------------------------------------
# Constants (FORMAT.md §2)

MAGIC = bytes([0x89, 0x56, 0x4C, 0x54, 0x0D, 0x0A, 0x1A, 0x0A])
VERSION = 1
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
MAX_ENTRIES = 100_000
CHECKSUM_SIZE = 32
SEAL_OVERHEAD = 48  # crypto_box_SEALBYTES: epk (32) + Poly1305 tag (16)
WRAPPED_KEY_SIZE = 48
HINT_SEPARATOR = "\u2026"  # …
PROFILE_ALPHABET = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-+=@,"
)
SECRET_SERVICE_SCHEMA = "io.github.vault.VaultKey"

# Offsets of the fixed part of the header.
_FIXED_HEADER = 8 + 2 + 1 + 1 + 16 + 8 + 32  # magic .. public_key = 68
_KEYBLOCK_AD_PART = 1 + 4 + 8 + 16 + 24  # kdf .. nonce = 53


# --------------------------------------------------------------------------------------------
# Errors

class VaultFormatError(Exception):
    """The file is not a well-formed version-1 vault (§2, §3.1). `reason` is stable text."""

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


def valid_key_hint(hint: str) -> bool:
    """§2: exactly 11 bytes, 4 of A-Z 0-9, then U+2026, then 4 of A-Z 0-9."""
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    return (len(hint) == 9 and hint[4] == "\u2026" and all(ch in alphabet for ch in hint[:4] + hint[5:]))


def key_hint(access_key_id: str) -> str:
    """First 4 and last 4 characters joined by U+2026 (§2)."""
    return access_key_id[:4] + HINT_SEPARATOR + access_key_id[-4:]


def valid_profile(profile: str) -> bool:
    raw = profile.encode("utf-8")
    return 1 <= len(raw) <= 64 and all(c in PROFILE_ALPHABET for c in profile)


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
# Reading (§2, §3.1)

def read_vault(data: bytes) -> dict:
    """Check and parse a whole vault file. Needs no secret. Raises VaultFormatError."""
    data = bytes(data)
    # Bound first: a reader never computes without limit (§1.5, §2 "a file over 16 MiB").
    if len(data) > MAX_FILE_SIZE:
        raise FileTooLarge(f"{len(data)} bytes")
    # §3.1: magic, then version, then the checksum, then the strict parse.
    if len(data) < len(MAGIC):
        if MAGIC.startswith(data):
            raise Truncated("shorter than the magic")
        raise NotAVault()
    if data[:8] != MAGIC:
        raise NotAVault()
    if len(data) < 10:
        raise Truncated("no version")
    version = struct.unpack("<H", data[8:10])[0]
    if version != VERSION:
        raise UnsupportedVersion(str(version))
    if len(data) < 10 + CHECKSUM_SIZE:
        raise Truncated("no room for the checksum")
    body, stored = data[:-CHECKSUM_SIZE], data[-CHECKSUM_SIZE:]
    if not hmac.compare_digest(checksum(body), stored):
        raise ChecksumMismatch()

    c = _Cursor(body, lambda: Truncated("header"))
    c.take(10)
    backend = c.u8()
    if backend not in BACKEND_NAMES:
        raise InvalidField("backend", str(backend))
    reserved = c.u8()
    if reserved != 0:
        raise InvalidField("reserved", str(reserved))
    vault_id = c.take(16)
    created = c.u64()
    public_key = c.take(32)
    out = {
        "version": version,
        "backend": BACKEND_NAMES[backend],
        "backend_code": backend,
        "vault_id": vault_id,
        "created": created,
        "public_key": public_key,
    }
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
        out.update(kdf=kdf, opslimit=opslimit, memlimit=memlimit, salt=salt, nonce=nonce,
                   wrapped_key=wrapped_key, ad=body[:ad_end])
    header_end = c.pos
    out["header"] = body[:header_end]

    count = c.u32()
    if count > MAX_ENTRIES:
        raise InvalidField("count", f"{count} entries")
    out["count_offset"] = header_end
    entries = []
    seen_ids = set()
    for index in range(count):
        start = c.pos
        if c.remaining() < 4:
            raise InvalidField("count", f"entry {index} missing")
        length = c.u32()
        if length > c.remaining():
            raise InvalidField("entry length", f"entry {index} runs past the end")
        raw_body = c.take(length)
        entry = _parse_entry_body(raw_body, index)
        if entry["entry_id"] in seen_ids:
            raise InvalidField("entry_id", f"entry {index} repeats an id")
        seen_ids.add(entry["entry_id"])
        entry["raw"] = body[start:c.pos]  # length + body, for tests
        entries.append(entry)
    if c.remaining() != 0:
        raise InvalidField("trailing bytes", f"{c.remaining()} bytes before the checksum")
    out["entries"] = entries
    out["checksum"] = stored
    return out


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
# Unlocking (§3.2 - §3.4)

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


def unlock(vault: dict, passphrase=None, secret_key: bytes | None = None) -> bytes:
    """Return the vault's X25519 secret key. Raises WrongPassphrase / WrongKey."""
    if secret_key is not None:
        sk = bytes(secret_key)
        if len(sk) != 32:
            raise WrongKey("a secret key is 32 bytes")
    elif vault["backend_code"] == BACKEND_PASSPHRASE:
        if passphrase is None:
            raise VaultUnlockError("a passphrase vault needs a passphrase")
        k = derive_wrapping_key(_passphrase_bytes(passphrase), vault["salt"],
                                vault["opslimit"], vault["memlimit"])
        try:
            sk = nb.crypto_aead_xchacha20poly1305_ietf_decrypt(
                vault["wrapped_key"], vault["ad"], vault["nonce"], k)
        except nacl.exceptions.CryptoError as e:
            raise WrongPassphrase() from e
        if len(sk) != 32:
            raise WrongKey("wrapped key is not 32 bytes")
    else:
        raise VaultUnlockError("a Secret Service vault needs its secret key (from the keyring)")
    if not hmac.compare_digest(nb.crypto_scalarmult_base(sk), vault["public_key"]):
        raise WrongKey("secret key does not match public_key")
    return sk


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
    if len(secret) != 40 or not secret.isascii():
        raise EntryError("secret access key is not 40 ASCII characters")
    return akid, secret


# --------------------------------------------------------------------------------------------
# Writing (§4, §5)

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


def check_entry_inputs(profile: str, access_key_id: str, secret_access_key: str) -> None:
    if not valid_profile(profile):
        raise WriterError(f"profile {profile!r} is not 1-64 bytes of A-Z a-z 0-9 . _ - + = @ ,")
    if len(access_key_id) < 8 or not access_key_id.isascii() or not access_key_id.isprintable() \
            or " " in access_key_id:
        raise WriterError("access key id must be at least 8 printable ASCII characters")
    if len(secret_access_key) != 40 or not secret_access_key.isascii():
        raise WriterError("secret access key must be 40 ASCII characters")


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


def new_vault(backend: str, created: int, random=None, passphrase=None,
              opslimit: int = MODERATE_OPSLIMIT, memlimit: int = MODERATE_MEMLIMIT):
    """Return (file bytes with no entries, secret key). Random drawn in §4's order."""
    rnd = _as_random(random)
    code = BACKEND_CODES[backend]
    vault_id = rnd(16)
    seed = rnd(32)
    pk, sk = nb.crypto_box_seed_keypair(seed)
    header = (MAGIC + struct.pack("<HBB", VERSION, code, 0) + vault_id
              + struct.pack("<Q", created) + pk)
    if code == BACKEND_PASSPHRASE:
        if passphrase is None:
            raise WriterError("a passphrase vault needs a passphrase")
        salt = rnd(16)
        nonce = rnd(24)
        ad = header + struct.pack("<BIQ", KDF_ARGON2ID13, opslimit, memlimit) + salt + nonce
        k = derive_wrapping_key(_passphrase_bytes(passphrase), salt, opslimit, memlimit)
        wrapped = nb.crypto_aead_xchacha20poly1305_ietf_encrypt(sk, ad, nonce, k)
        header = ad + wrapped
    body = header + struct.pack("<I", 0)
    return body + checksum(body), sk


def append_entry(data: bytes, profile: str, access_key_id: str, secret_access_key: str,
                 added: int, metadata=(), random=None) -> bytes:
    """Append one entry to a vault file. Needs only the public key (§1.2)."""
    check_entry_inputs(profile, access_key_id, secret_access_key)
    v = read_vault(data)  # a file failing §3.1 is never rewritten
    if len(v["entries"]) + 1 > MAX_ENTRIES:
        raise WriterError("vault is full")
    rnd = _as_random(random)
    entry_id = rnd(16)
    if any(e["entry_id"] == entry_id for e in v["entries"]):
        raise WriterError("entry id collision")
    seed = rnd(32)
    raw = encode_entry(v["public_key"], entry_id, seed, profile, access_key_id,
                       secret_access_key, added, metadata)
    off = v["count_offset"]
    body = data[:-CHECKSUM_SIZE]
    new_body = (body[:off] + struct.pack("<I", len(v["entries"]) + 1) + body[off + 4:] + raw)
    if len(new_body) + CHECKSUM_SIZE > MAX_FILE_SIZE:
        raise WriterError("vault would exceed 16 MiB")
    return new_body + checksum(new_body)


def write_vault(backend: str, created: int, random, entries=(), passphrase=None,
                opslimit: int = MODERATE_OPSLIMIT, memlimit: int = MODERATE_MEMLIMIT,
                require_all_random_used: bool = True):
    """Create a vault and append `entries` (dicts with profile, access_key_id,
    secret_access_key, added, metadata) in order. Returns (file bytes, secret key)."""
    rnd = _as_random(random)
    data, sk = new_vault(backend, created, rnd, passphrase, opslimit, memlimit)
    for e in entries:
        data = append_entry(data, e["profile"], e["access_key_id"], e["secret_access_key"],
                            e["added"], [tuple(p) for p in e.get("metadata", [])], rnd)
    if require_all_random_used and isinstance(rnd, FixedRandom) and rnd.used != len(rnd.data):
        raise WriterError(f"{len(rnd.data) - rnd.used} random bytes left unused")
    return data, sk


# --------------------------------------------------------------------------------------------
# Files on disk (§4)

def _check_folder(folder: str) -> None:
    st = os.lstat(folder)
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
        raise WriterError(f"{folder} is not a real folder")
    if stat.S_IMODE(st.st_mode) != 0o700:
        raise WriterError(f"{folder} must have mode 0700, has {stat.S_IMODE(st.st_mode):04o}")


def read_file(path: str) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise WriterError(f"{path} is not a regular file")
        if st.st_size > MAX_FILE_SIZE:
            raise FileTooLarge(f"{st.st_size} bytes")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_FILE_SIZE:
                raise FileTooLarge("grew while reading")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def update_file(path: str, change, create: bool) -> bytes:
    """Lock <path>.lock, read (unless create), compute change(old or None) -> new bytes,
    write to a temporary file with O_EXCL, fsync, rename over, fsync the folder."""
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    _check_folder(folder)
    lock_fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(lock_fd, fcntl.LOCK_EX)
        exists = os.path.lexists(path)
        if create and exists:
            raise WriterError(f"{path} exists already")
        if not create and not exists:
            raise WriterError(f"{path} does not exist")
        old = None if create else read_file(path)
        new = change(old)
        tmp = f"{path}.tmp-{os.urandom(8).hex()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.fchmod(fd, 0o600)
            view = memoryview(new)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            os.unlink(tmp)
            raise
        os.close(fd)
        os.rename(tmp, path)
        dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
        return new
    finally:
        os.close(lock_fd)  # releases the flock


# --------------------------------------------------------------------------------------------
# CLI

def _summary(v: dict) -> dict:
    out = {"version": v["version"], "backend": v["backend"], "vault_id": v["vault_id"].hex(),
           "created": v["created"], "public_key": v["public_key"].hex()}
    if v["backend_code"] == BACKEND_PASSPHRASE:
        out.update(opslimit=v["opslimit"], memlimit=v["memlimit"])
    out["entries"] = [{"entry_id": e["entry_id"].hex(), "profile": e["profile"],
                       "key_hint": e["key_hint"], "added": e["added"],
                       "metadata": e["metadata"]} for e in v["entries"]]
    return out


def _read_entry_lines(stream) -> list:
    out = []
    for line in stream.read().splitlines():
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 3:
            raise WriterError("each line must be: PROFILE AKID SECRET")
        check_entry_inputs(*parts)
        out.append(parts)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("list")
    p.add_argument("file")
    p = sub.add_parser("open")
    p.add_argument("file")
    p.add_argument("profile")
    p.add_argument("--secret-key-hex", action="store_true",
                   help="read the vault's secret key as hex from stdin instead of a passphrase")
    p.add_argument("--passphrase-env", default="VAULT_PASSPHRASE")
    p = sub.add_parser("write")
    p.add_argument("file")
    p.add_argument("--passphrase-env", default="VAULT_PASSPHRASE")
    p.add_argument("--opslimit", type=int, default=MODERATE_OPSLIMIT)
    p.add_argument("--memlimit", type=int, default=MODERATE_MEMLIMIT)
    p = sub.add_parser("add")
    p.add_argument("file")
    args = ap.parse_args(argv)

    try:
        if args.cmd == "list":
            print(json.dumps(_summary(read_vault(read_file(args.file))), ensure_ascii=False))
        elif args.cmd == "open":
            v = read_vault(read_file(args.file))
            if args.secret_key_hex:
                sk = unlock(v, secret_key=bytes.fromhex(sys.stdin.read().strip()))
            else:
                pw = os.environ.get(args.passphrase_env)
                if pw is None:
                    raise VaultUnlockError(f"set {args.passphrase_env}")
                sk = unlock(v, passphrase=pw)
            matches = [e for e in v["entries"] if e["profile"] == args.profile]
            if not matches:
                print(f"no entry for profile {args.profile!r}", file=sys.stderr)
                return 2
            # Several entries may share a profile (rotation); take the last one in the file.
            akid, secret = open_entry(v, matches[-1], sk)
            print(json.dumps({"access_key_id": akid, "secret_access_key": secret}))
        elif args.cmd == "write":
            pw = os.environ.get(args.passphrase_env)
            if pw is None:
                raise WriterError(f"set {args.passphrase_env}")
            lines = _read_entry_lines(sys.stdin)

            def create(_old):
                now = int(time.time())
                data, _sk = new_vault("passphrase", now, None, pw, args.opslimit, args.memlimit)
                for profile, akid, secret in lines:
                    data = append_entry(data, profile, akid, secret, int(time.time()))
                return data

            update_file(args.file, create, create=True)
        elif args.cmd == "add":
            lines = _read_entry_lines(sys.stdin)

            def add(old):
                data = old
                for profile, akid, secret in lines:
                    data = append_entry(data, profile, akid, secret, int(time.time()))
                return data

            update_file(args.file, add, create=False)
    except (VaultFormatError, VaultUnlockError, EntryError, WriterError, OSError) as e:
        print(f"independent_reader: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
