"""Generates hostile vault files from valid ones (issue 7, "hostile vault files").

Each mutation is (kind, bytes). The kinds: bit flips, overwritten spans, truncations, extensions,
splices of two vaults, swapped or duplicated entries, other versions, absurd KDF parameters and
structural fields (counts, lengths, kinds, names) set to hostile values. For version-2 bases
(FORMAT.md §2) also: the generation (0, one lower or higher, huge), the seal, the pending count
and pending entries' fields, entries moved between `entries` and `pending`, an id repeated
across the two, and the file downgraded to version-1 bytes. Where a mutation keeps the rest of
the file meaningful the checksum is re-computed, so that the parser itself, not the checksum, has
to refuse it (a changed generation, seal or moved entry parses: only the seal, at unlock, or the
machine record refuses those). Works on version-1 and version-2 bases alike. Deterministic for a
given seed."""
import hashlib
import random
import struct

import independent_reader as ir

CHECKSUM = 32


def reseal(data: bytes) -> bytes:
    """The same body with a correct checksum."""
    body = bytes(data[:-CHECKSUM])
    return body + hashlib.blake2b(body, digest_size=32).digest()


def patch(data: bytes, offset: int, raw: bytes, fix: bool = True) -> bytes:
    out = bytearray(data)
    out[offset:offset + len(raw)] = raw
    return reseal(bytes(out)) if fix else bytes(out)


def _entry_fields(data: bytes, pos: int, entry: dict, prefix: str) -> list[tuple[str, int, int]]:
    fields = [(f"{prefix}.length", pos, 4)]
    p = pos + 4 + 16
    fields.append((f"{prefix}.kind", p, 1))
    p += 1 + 8
    profile_len = data[p]
    fields += [(f"{prefix}.profile_len", p, 1), (f"{prefix}.profile", p + 1, profile_len)]
    p += 1 + profile_len
    hint_len = data[p]
    fields += [(f"{prefix}.hint_len", p, 1), (f"{prefix}.hint", p + 1, hint_len)]
    p += 1 + hint_len
    meta_len = struct.unpack_from("<H", data, p)[0]
    fields += [(f"{prefix}.metadata_len", p, 2), (f"{prefix}.metadata_n", p + 2, 2)]
    if meta_len > 2:
        fields.append((f"{prefix}.metadata_pairs", p + 4, meta_len - 2))
    p += 2 + meta_len
    fields.append((f"{prefix}.sealed_len", p, 2))
    return fields


def structure(data: bytes) -> list[tuple[str, int, int]]:
    """(name, offset, size) of every structural field of a valid vault: the ones a hostile value
    in which the parser must notice (and, in version 2, the generation and the seal)."""
    v = ir.read_vault(data)
    fields = [("backend", 10, 1), ("reserved", 11, 1)]
    if v["backend"] == "passphrase":
        fields += [("kdf", 68, 1), ("opslimit", 69, 4), ("memlimit", 73, 8)]
    if v["version"] >= 2:
        fields.append(("generation", v["generation_offset"], 8))
    fields.append(("count", v["count_offset"], 4))
    for entry in v["entries"]:
        fields += _entry_fields(data, entry["offset"], entry, "entry")
    if v["version"] >= 2:
        fields += [("seal", v["seal_offset"], 32), ("pending_count", v["pending_count_offset"], 4)]
        for entry in v["pending"]:
            fields += _entry_fields(data, entry["offset"], entry, "pending")
    return fields


def rebuild(v: dict, entries: list[bytes], pending: list[bytes] | None = None, count: int | None = None,
            pending_count: int | None = None, seal: bytes | None = None) -> bytes:
    """A file from a parsed vault's parts with other raw entries; the old seal is kept (so the
    result parses but, when the sealed part changed, no longer verifies), checksum recomputed."""
    body = v["header"] + struct.pack("<I", len(entries) if count is None else count) + b"".join(entries)
    if v["version"] >= 2:
        pending = [e["raw"] for e in v["pending"]] if pending is None else pending
        body += (v["seal"] if seal is None else seal) + struct.pack(
            "<I", len(pending) if pending_count is None else pending_count) + b"".join(pending)
    return reseal(body + b"\x00" * CHECKSUM)


def downgrade(v: dict) -> bytes:
    """A version-2 file as version-1 bytes: version 1, no generation, seal or pending (the
    pending entries appended to `entries`), the same keyblock (its wrap now fails: the AD
    differs), checksum recomputed. A well-formed version-1 file."""
    header = v["header_core"][:8] + struct.pack("<H", 1) + v["header_core"][10:]
    raws = [e["raw"] for e in v["entries"] + v["pending"]]
    return reseal(header + struct.pack("<I", len(raws)) + b"".join(raws) + b"\x00" * CHECKSUM)


def hostile_values(size: int, rng: random.Random) -> list[bytes]:
    limits = {1: "<B", 2: "<H", 4: "<I", 8: "<Q"}
    if size in limits:
        fmt = limits[size]
        top = (1 << (8 * size)) - 1
        picks = [0, 1, 2, 3, 17, 0xFF, top, top - 1, top >> 1, rng.randrange(top + 1)]
        if size >= 4:
            picks += [100_000, 100_001, 1 << 30, (1 << 30) + 1, 16 << 20]
        if size == 8:
            picks += [1 << 40, 8191]
        return [struct.pack(fmt, x & top) for x in picks]
    # a text field: invalid UTF-8, a NUL, a space, an alphabet outsider, the separator mangled
    return [b"\xff" * size, b"\x00" * size, b" " * size, b"/" * size, b"\xe2\x80" + b"A" * max(0, size - 2),
            bytes(rng.randrange(256) for _ in range(size))]


def mutations(bases: list[bytes], seed: int = 7) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    out: list[tuple[str, bytes]] = []

    def base():
        return rng.choice(bases)

    for _ in range(250):  # one to three flipped bits anywhere
        data = bytearray(base())
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
        out.append(("bit-flip", bytes(data)))
    for _ in range(80):  # a span overwritten with random bytes
        data = bytearray(base())
        i = rng.randrange(len(data))
        n = rng.randint(1, 64)
        data[i:i + n] = bytes(rng.randrange(256) for _ in range(min(n, len(data) - i)))
        out.append(("overwrite", bytes(data)))
    for _ in range(120):
        data = base()
        out.append(("truncate", data[:rng.randrange(len(data))]))
    for _ in range(80):
        data = base()
        tail = rng.choice([b"\x00" * rng.randint(1, 4096), bytes(rng.randrange(256) for _ in range(rng.randint(1, 512))), data])
        kind = rng.choice(["extend", "extend-resealed"])
        out.append((kind, data + tail if kind == "extend" else reseal(data[:-CHECKSUM] + tail + b"\x00" * CHECKSUM)))
    for _ in range(100):  # the front of one vault and the back of another
        a, b = rng.sample(bases, 2)
        spliced = a[:rng.randrange(1, len(a))] + b[rng.randrange(len(b)):]
        kind = rng.choice(["splice", "splice-resealed"])
        out.append((kind, spliced if kind == "splice" or len(spliced) <= CHECKSUM else reseal(spliced)))
    multi = [b for b in bases if len(ir.read_vault(b)["entries"]) >= 2]
    for i in range(90 if multi else 0):
        data = rng.choice(multi)
        v = ir.read_vault(data)
        raws = [e["raw"] for e in v["entries"]]
        start = v["count_offset"] + 4
        if i % 3 == 0:  # entries swapped, checksum left as it was
            x, y = rng.sample(range(len(raws)), 2)
            raws[x], raws[y] = raws[y], raws[x]
            out.append(("swap-entries", data[:start] + b"".join(raws) + data[v["entries_end"]:]))
        elif i % 3 == 1:  # an entry repeated (same entry_id), count and checksum made consistent
            raws.append(rng.choice(raws))
            out.append(("duplicate-entry", rebuild(v, raws)))
        else:  # an entry dropped but still counted, checksum re-computed
            del raws[rng.randrange(len(raws))]
            out.append(("entry-dropped", reseal(data[:start] + b"".join(raws) + data[v["entries_end"]:])))
    out += v2_mutations(bases, rng)
    for i in range(40):  # another version than the file's own (1 <-> 2 included)
        data = base()
        own = struct.unpack_from("<H", data, 8)[0]
        version = rng.choice([x for x in [0, 1, 2, 3, 9, 0x100, 0xFFFF] if x != own])
        out.append(("version", patch(data, 8, struct.pack("<H", version), fix=bool(i % 2))))
    passphrase_bases = [b for b in bases if ir.read_vault(b)["backend"] == "passphrase"]
    for data in passphrase_bases:  # absurd KDF parameters behind a valid checksum
        for ops in [0, 17, 1000, 1 << 31, (1 << 32) - 1]:
            out.append(("kdf-opslimit", patch(data, 69, struct.pack("<I", ops))))
        for mem in [0, 8191, (1 << 30) + 1, 1 << 32, 1 << 40, (1 << 64) - 1]:
            out.append(("kdf-memlimit", patch(data, 73, struct.pack("<Q", mem))))
        for kdf in [0, 2, 0xFF]:
            out.append(("kdf-algorithm", patch(data, 68, bytes([kdf]))))
    for data in bases:  # huge counts and lengths behind a valid checksum
        v = ir.read_vault(data)
        for count in [len(v["entries"]) + 1, 100_000, 100_001, (1 << 32) - 1]:
            out.append(("count-huge", patch(data, v["count_offset"], struct.pack("<I", count))))
        if v["version"] >= 2:
            room = 100_000 - len(v["entries"])
            for count in [len(v["pending"]) + 1, room, room + 1, (1 << 32) - 1]:
                out.append(("pending-count-huge", patch(data, v["pending_count_offset"], struct.pack("<I", count))))
        if v["entries"]:
            at = v["count_offset"] + 4
            for length in [(1 << 32) - 1, 1 << 24, len(v["entries"][0]["raw"])]:
                out.append(("length-huge", patch(data, at, struct.pack("<I", length))))
    for _ in range(330):  # any structural field set to a hostile value, checksum re-computed
        data = base()
        name, offset, size = rng.choice(structure(data))
        if size == 0:
            continue
        value = rng.choice(hostile_values(size, rng))
        out.append((f"field:{name}", patch(data, offset, value[:size].ljust(size, b"\x00"))))
    return out


def v2_mutations(bases: list[bytes], rng: random.Random) -> list[tuple[str, bytes]]:
    """The parts version 2 added (§2), each behind a valid checksum unless said otherwise."""
    out: list[tuple[str, bytes]] = []
    for data in bases:
        v = ir.read_vault(data)
        if v["version"] != 2:
            out.append(("claims-version-2", patch(data, 8, struct.pack("<H", 2))))  # v1 bytes as v2
            continue
        gen, at = v["generation"], v["generation_offset"]
        for value in [0, gen - 1, gen + 1, (1 << 64) - 1, 1 << 32]:
            if value != gen and value >= 0:
                out.append(("generation", patch(data, at, struct.pack("<Q", value))))
        for _ in range(3):
            i = v["seal_offset"] + rng.randrange(32)
            out.append(("seal-flip", patch(data, i, bytes([data[i] ^ (1 << rng.randrange(8))]))))
        out.append(("seal-zero", patch(data, v["seal_offset"], bytes(32))))
        out.append(("seal-removed", reseal(data[:v["seal_offset"]] + data[v["seal_offset"] + 32:])))
        out.append(("pending-count-removed", reseal(data[:v["pending_count_offset"]] + b"\x00" * CHECKSUM)))
        out.append(("downgrade-v1", downgrade(v)))
        out.append(("version-1-only", patch(data, 8, struct.pack("<H", 1))))  # the rest still v2
        entries = [e["raw"] for e in v["entries"]]
        pending = [e["raw"] for e in v["pending"]]
        out.append(("pending-trailing", reseal(data[:-CHECKSUM] + b"\x00" * 4 + b"\x00" * CHECKSUM)))
        if entries:  # the last sealed entry moved to pending; the first one repeated in pending
            out.append(("entry-to-pending", rebuild(v, entries[:-1], [entries[-1]] + pending)))
            out.append(("duplicate-across", rebuild(v, entries, pending + [entries[0]])))
            out.append(("pending-count-low", rebuild(v, entries, pending + [entries[0]], pending_count=len(pending))))
        if pending:  # a pending entry moved into the sealed entries; pending reordered or dropped
            out.append(("pending-to-entries", rebuild(v, entries + [pending[0]], pending[1:])))
            out.append(("pending-dropped", rebuild(v, entries, pending[1:])))
            if len(pending) > 1:
                out.append(("pending-swapped", rebuild(v, entries, pending[::-1])))
    return out
