"""The command line of the independent vault implementation (see independent_reader.py's
docstring for the commands), and its files on disk (FORMAT.md §4). Run it as
`independent_reader.py ...`; this module holds the code so that independent_reader.py stays the
format itself."""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import stat
import sys
import time

import independent_reader as ir
from independent_reader import (BEING_WRITTEN, MAX_FILE_SIZE, MODERATE_MEMLIMIT,  # noqa: F401
                                MODERATE_OPSLIMIT, VERSION, VERSIONS, WRITTEN, BACKEND_PASSPHRASE,
                                EntryError, FileTooLarge, RecordError, VaultFormatError,
                                VaultUnlockError, WriterError, check_entry_inputs, current_entry,
                                entry_digest, load_record, open_entry, pending_write, read_vault,
                                record_for, record_verdict, save_record, trusted_pending, unlock,
                                write_record, write_vault)


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
    while True:  # FORMAT.md §3: a writer that created no vault deletes the lock file it held
        lock_fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        fcntl.flock(lock_fd, fcntl.LOCK_EX)
        held, named = os.fstat(lock_fd), (os.lstat(path + ".lock") if os.path.lexists(path + ".lock") else None)
        if named is not None and (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino):
            break
        os.close(lock_fd)
    try:
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

def _summary(v: dict, record: dict | None = None) -> dict:
    out = {"version": v["version"], "backend": v["backend"], "vault_id": v["vault_id"].hex(),
           "created": v["created"], "public_key": v["public_key"].hex()}
    if v["backend_code"] == BACKEND_PASSPHRASE:
        out.update(opslimit=v["opslimit"], memlimit=v["memlimit"])
    if v["version"] >= 2:
        out.update(generation=v["generation"], seal=v["seal"].hex())

    def show(e, trusted):
        return {"entry_id": e["entry_id"].hex(), "profile": e["profile"],
                "key_hint": e["key_hint"], "added": e["added"], "metadata": e["metadata"],
                "trusted": trusted}

    out["entries"] = [show(e, True) for e in v["entries"]]
    out["pending"] = [show(e, t) for e, t in zip(v["pending"], trusted_pending(v, record))]
    if record is not None:
        out["record"] = record_verdict(v, record) or "matches"
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


def _add_with_record(path: str, lines, state_home: str, replaces: bool) -> None:
    """§6 pending write: refuse a file this machine does not know, journal each new entry as
    being written, write the file, then mark the entries written."""
    staged = {}

    def add(old):
        v = read_vault(old)
        record = load_record(state_home, path)
        why = record_verdict(v, record, for_add=True)
        if why:
            raise WriterError(f"refused by this machine's record: {why} (unlock it once first)")
        data = old
        for profile, akid, secret in lines:
            data = pending_write(data, profile, akid, secret, int(time.time()), replaces=replaces)
        new = read_vault(data)
        staged["journal"] = list(record["journal"]) + [
            (entry_digest(e["raw"]), new["generation"], BEING_WRITTEN)
            for e in new["pending"][len(v["pending"]):]]
        staged["vault"] = new
        save_record(state_home, path, write_record(
            record["header_digest"], record["vault_id"], record["public_key"],
            record["generation"], int(time.time()), staged["journal"]))
        return data

    update_file(path, add, create=False)
    done = [(d, g, WRITTEN) for d, g, _ in staged["journal"]]
    save_record(state_home, path, record_for(staged["vault"], int(time.time()), done))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=ir.__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("list")
    p.add_argument("file")
    p.add_argument("--state-home", help="compare with this machine's record under DIR (§6)")
    p = sub.add_parser("open")
    p.add_argument("file")
    p.add_argument("profile")
    p.add_argument("--secret-key-hex", action="store_true",
                   help="read the vault's secret key as hex from stdin instead of a passphrase")
    p.add_argument("--passphrase-env", default="VAULT_PASSPHRASE")
    p.add_argument("--state-home", help="trust pending entries journaled in the record (§6)")
    p = sub.add_parser("write")
    p.add_argument("file")
    p.add_argument("--passphrase-env", default="VAULT_PASSPHRASE")
    p.add_argument("--opslimit", type=int, default=MODERATE_OPSLIMIT)
    p.add_argument("--memlimit", type=int, default=MODERATE_MEMLIMIT)
    p.add_argument("--format-version", type=int, choices=VERSIONS, default=VERSION)
    p.add_argument("--state-home", help="write this machine's record of the new vault (§6)")
    p = sub.add_parser("add")
    p.add_argument("file")
    p.add_argument("--state-home", help="check and journal in this machine's record (§6)")
    p.add_argument("--replaces", action="store_true",
                   help="mark the entries replaces=earlier (vault add --force without unlocking)")
    args = ap.parse_args(argv)

    try:
        if args.cmd == "list":
            v = read_vault(read_file(args.file))
            record = load_record(args.state_home, args.file) if args.state_home else None
            print(json.dumps(_summary(v, record), ensure_ascii=False))
        elif args.cmd == "open":
            v = read_vault(read_file(args.file))
            record = load_record(args.state_home, args.file) if args.state_home else None
            why = record_verdict(v, record)
            if why:
                raise VaultUnlockError(f"refused by this machine's record: {why}")
            if args.secret_key_hex:
                sk = unlock(v, secret_key=bytes.fromhex(sys.stdin.read().strip()))
            else:
                pw = os.environ.get(args.passphrase_env)
                if pw is None:
                    raise VaultUnlockError(f"set {args.passphrase_env}")
                sk = unlock(v, passphrase=pw)  # version 2: the seal is verified too
            # The last trusted entry in file order (§2); read-only: nothing is folded or written.
            entry = current_entry(v, args.profile, record)
            if entry is None:
                print(f"no entry for profile {args.profile!r}", file=sys.stderr)
                return 2
            akid, secret = open_entry(v, entry, sk)
            print(json.dumps({"access_key_id": akid, "secret_access_key": secret}))
        elif args.cmd == "write":
            pw = os.environ.get(args.passphrase_env)
            if pw is None:
                raise WriterError(f"set {args.passphrase_env}")
            lines = _read_entry_lines(sys.stdin)

            def create(_old):
                now = int(time.time())
                entries = [{"profile": p, "access_key_id": a, "secret_access_key": s,
                            "added": now, "metadata": []} for p, a, s in lines]
                data, _sk = write_vault("passphrase", now, None, entries, pw, args.opslimit,
                                        args.memlimit, version=args.format_version)
                return data

            data = update_file(args.file, create, create=True)
            if args.state_home and args.format_version == 2:
                save_record(args.state_home, args.file, record_for(read_vault(data),
                                                                   int(time.time())))
        elif args.cmd == "add":
            lines = _read_entry_lines(sys.stdin)
            if args.state_home:
                _add_with_record(args.file, lines, args.state_home, args.replaces)
            else:
                def add(old):
                    data = old
                    for profile, akid, secret in lines:
                        data = pending_write(data, profile, akid, secret, int(time.time()),
                                             replaces=args.replaces)
                    return data

                update_file(args.file, add, create=False)
    except (VaultFormatError, VaultUnlockError, EntryError, WriterError, RecordError,
            OSError) as e:
        print(f"independent_reader: {e}", file=sys.stderr)
        return 1
    return 0


