"""Resource limits (issue 7): a small address space (RLIMIT_AS) and a full disk.

Address space: `add`, `list`, `assume` (cold with an MFA code, and warm from the cache) and `exec`
under 8 MiB … 512 MiB. Each call succeeds or fails cleanly (exit 1, the two-line error), never
by a signal, and the vault stays readable with the expected profiles. When the dynamic loader
cannot map what vault links (only a few MiB since the Swift runtime is linked in and OpenSSL is
loaded on demand; below ≈100 MiB before), it refuses with exit 127 before vault's first
instruction: counted apart as "not loaded", it leaves every file alone too.

Full disk: the folder written to is a tiny tmpfs filled to the last block, in a private mount
namespace (`unshare -rm`, no root needed); and, for the other errno, the file-size limit
(RLIMIT_FSIZE 0 with SIGXFSZ ignored, so writes fail with EFBIG). For add, remove, the
session-cache write of assume, rotate's vault write and setup's config write: a clean error that
says the disk is full (the cache: a warning, the session is still handed out), the folder's files
byte-identical afterwards, and no temporary file left."""
import json
import pathlib
import resource
import shutil
import signal
import struct
import subprocess
import time

import independent_reader as ir
import pytest
from hardening import MIB, Outcome, add, clean_error_problem, key_id, profiles, record, run, temp_files
from test_admin_keys import iam_keys, rotator  # noqa: F401  (a fixture)
from test_setup_doctor import setup_args, setup_home  # noqa: F401  (a fixture)

SIZES_MIB = [8, 16, 24, 32, 64, 104, 128, 192, 256, 512]
NOT_LOADED = "error while loading shared libraries"


def loadable_bytes(binary: str) -> int:
    """The memory the kernel maps for the executable's PT_LOAD segments (ELF64, little-endian)."""
    with open(binary, "rb") as f:
        header = f.read(64)
        phoff = struct.unpack_from("<Q", header, 32)[0]
        entry_size, count = struct.unpack_from("<HH", header, 54)
        f.seek(phoff)
        table = f.read(entry_size * count)
    return sum(struct.unpack_from("<Q", table, i * entry_size + 40)[0] for i in range(count)
               if struct.unpack_from("<I", table, i * entry_size)[0] == 1)


def exec_failed_in_kernel(outcome, limit: int, binary: str) -> bool:
    """A limit below the executable's own size: execve fails after its point of no return and the
    kernel kills the process with SIGSEGV before any of vault's code (or ld.so) runs."""
    return (outcome.returncode == -signal.SIGSEGV and not outcome.stdout and not outcome.stderr
            and limit < loadable_bytes(binary))


def entry_bytes(data: bytes) -> list[bytes]:
    return sorted(e["raw"] for e in ir.all_entries(ir.read_vault(data)))


def test_small_address_space(aws):
    aws.emulator.clear_requests()
    tally = {"ok": 0, "clean error": 0, "not loaded": 0}
    problems, per_size = [], {}
    expected = {"default"}
    for size in SIZES_MIB:
        results = {}
        profile = f"as{size}"
        calls = {
            "add": lambda: add(aws, profile, key_id(size), address_space=size * MIB),
            "list": lambda: run(aws, "list", address_space=size * MIB),
            "assume-cold": lambda: run(aws, "assume", "mfa", "--format", "json", "--refresh", "--mfa-code",
                                       aws.emulator.code(), address_space=size * MIB, timeout=60),
            "assume-warm": lambda: run(aws, "assume", "mfa", "--format", "json", address_space=size * MIB, timeout=60),
            "exec": lambda: run(aws, "exec", "mfa", "--", "sh", "-c", "test -n \"$AWS_SESSION_TOKEN\"",
                                address_space=size * MIB, timeout=60),
        }
        for name, call in calls.items():
            before = aws.vault_file.read_bytes()
            outcome = call()
            if outcome.returncode == 0:
                kind = "ok"
                if name == "add":
                    expected.add(profile)
            elif outcome.returncode == 127 and NOT_LOADED in outcome.stderr:
                kind = "not loaded"
            elif exec_failed_in_kernel(outcome, size * MIB, aws.binary):
                kind = "not loaded"
            elif (why := clean_error_problem(outcome)) is None:
                kind = "clean error"
            else:
                kind = "problem"
                problems.append(f"{name} at {size} MiB: {why}")
            tally[kind] = tally.get(kind, 0) + 1
            results[name] = kind if kind != "clean error" else outcome.stderr.split("\n")[0][7:90]
            try:
                seen = {e["profile"] for e in ir.all_entries(ir.read_vault(aws.vault_file.read_bytes()))}
            except Exception as e:  # noqa: BLE001 — any failure to read is the finding
                problems.append(f"{name} at {size} MiB: the vault no longer reads: {e}")
                continue
            if seen != expected:
                problems.append(f"{name} at {size} MiB: profiles {sorted(seen)}, wanted {sorted(expected)}")
            # Only add changes what the vault holds; an unlock may seal in the entries add left
            # pending (FORMAT.md §4), which moves their bytes but changes none of them.
            if name != "add" and entry_bytes(aws.vault_file.read_bytes()) != entry_bytes(before):
                problems.append(f"{name} at {size} MiB changed the vault's entries")
        per_size[size] = results
    assert temp_files(aws.vault_file.parent) == []
    record("address-space", sizes_mib=SIZES_MIB, calls=sum(tally.values()), failures=len(problems), **tally,
           per_size=per_size)
    assert problems == [], "\n".join(problems)
    # Both outcomes happen: the sweep reaches below what a cold assume needs.
    assert tally.get("ok", 0) > 0 and tally.get("clean error", 0) + tally.get("not loaded", 0) > 0


# ---- full disk ----------------------------------------------------------------------------------

def tmpfs_works(scratch: pathlib.Path) -> bool:
    probe = scratch / "probe"
    probe.mkdir(exist_ok=True)
    done = subprocess.run(["unshare", "-rm", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {probe}"],
                          capture_output=True, timeout=30)
    return done.returncode == 0


FULL_TMPFS = r'''
i=0
while [ $i -lt "$N" ]; do
  eval dir=\$DIR$i save=\$SAVE$i
  mount -t tmpfs -o size=256k,mode=0700 tmpfs "$dir" || exit 90
  cp -a "$save/." "$dir/" || exit 91
  cat /dev/zero > "$dir/.fill" 2>/dev/null
  i=$((i+1))
done
"$@"; rc=$?
i=0
while [ $i -lt "$N" ]; do
  eval dir=\$DIR$i out=\$OUT$i
  rm -f "$dir/.fill"; cp -a "$dir/." "$out/"
  i=$((i+1))
done
exit $rc
'''


def on_full_disk(home, args: list[str], folders: list[pathlib.Path], mode: str, scratch: pathlib.Path,
                 input: str = "", env: dict | None = None) -> tuple[Outcome, list[dict]]:
    """Runs vault with each of `folders` full (`tmpfs`: a full tmpfs in a private mount namespace,
    holding a copy of the folder; `fsize`: RLIMIT_FSIZE 0), and returns the outcome and each
    folder's files afterwards (name → bytes)."""
    merged = {**home.env, **(env or {})}
    started = time.monotonic()
    if mode == "tmpfs":
        for i, folder in enumerate(folders):
            folder.mkdir(parents=True, exist_ok=True)
            save, out = scratch / f"save{i}", scratch / f"out{i}"
            shutil.rmtree(save, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            shutil.copytree(folder, save, symlinks=True)
            out.mkdir()
            merged |= {f"DIR{i}": str(folder), f"SAVE{i}": str(save), f"OUT{i}": str(out)}
        merged["N"] = str(len(folders))
        command = ["unshare", "-rm", "sh", "-c", FULL_TMPFS, "sh", home.binary, *args]
        preexec = None
    else:
        command = [home.binary, *args]

        def preexec():
            resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    done = subprocess.run(command, input=input, capture_output=True, text=True, env=merged, timeout=90,
                          preexec_fn=preexec, start_new_session=True)
    outcome = Outcome(tuple(args), done.returncode, done.stdout, done.stderr, time.monotonic() - started)
    after = []
    for i, folder in enumerate(folders):
        source = scratch / f"out{i}" if mode == "tmpfs" else folder
        after.append({p.name: p.read_bytes() for p in source.iterdir() if p.is_file()})
    return outcome, after


def files_of(folder: pathlib.Path) -> dict:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} if folder.exists() else {}


SPACE_WORDS = ("disk is full", "file size limit")


@pytest.mark.parametrize("mode", ["tmpfs", "fsize"])
def test_full_disk(aws, rotator, setup_home, tmp_path, mode):  # noqa: F811
    if mode == "tmpfs" and not tmpfs_works(tmp_path):
        mode = "fsize"  # neither root nor user namespaces here: the file-size limit still fails writes
    vault_dir = aws.vault_file.parent
    cache_dir = aws.path / ".cache" / "vault"
    aws_dir = aws.path / ".aws"
    problems, figures = [], {}

    def check(name, outcome, folder, before, after, clean=True):
        figures[name] = outcome.stderr.split("\n")[0][:160]
        if clean:
            why = clean_error_problem(outcome)
            if why:
                problems.append(f"{name}: {why}")
        if not any(w in outcome.stderr for w in SPACE_WORDS):
            problems.append(f"{name}: the message does not say the disk is full: {outcome.stderr!r}")
        if after != before:
            changed = sorted(set(after) ^ set(before) | {k for k in before if after.get(k) != before[k]})
            problems.append(f"{name}: files in {folder.name} changed: {changed}")
        if [n for n in after if ".tmp-" in n]:
            problems.append(f"{name}: temporary file left in {folder.name}")

    cases = {
        "add": (["add", "newprofile"], [vault_dir], f"{key_id(7)}\nwJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n"),
        "remove": (["remove", "rot", "--force"], [vault_dir], ""),
        "rotate": (["rotate", "rot"], [vault_dir], ""),
    }
    for name, (args, folders, stdin) in cases.items():
        before = files_of(folders[0])
        keys_before = iam_keys(rotator)
        outcome, after = on_full_disk(aws, args, folders, mode, tmp_path, input=stdin)
        check(name, outcome, folders[0], before, after[0])
        if name == "rotate" and iam_keys(rotator) != keys_before:
            problems.append("rotate: IAM keys changed although the vault could not record it")

    # assume: the session-cache write fails; the session is still handed out, with a warning
    # (setup_home left only [default] in the config: the article's [profile mfa] comes back meanwhile)
    info = aws.emulator.info
    setup_config = (aws_dir / "config").read_text()
    (aws_dir / "config").write_text(setup_config + f"\n[profile mfa]\nsource_profile = default\nrole_arn = {info['role_arn']}\n"
                                    f"mfa_serial = {info['daily']['mfa_serial']}\n")
    default_key = info["daily"]
    assert aws.add("default", default_key["access_key_id"], default_key["secret_access_key"], "--force").returncode == 0
    cache_dir.mkdir(parents=True, exist_ok=True)
    before = files_of(cache_dir / "sessions") if (cache_dir / "sessions").exists() else {}
    outcome, after = on_full_disk(aws, ["assume", "mfa", "--format", "json", "--refresh", "--mfa-code",
                                        aws.emulator.code()], [cache_dir], mode, tmp_path)
    if outcome.returncode != 0 or "AccessKeyId" not in outcome.stdout:
        problems.append(f"assume (cache full): {outcome.returncode} {outcome.stderr!r}")
    sessions_after = {k: v for k, v in after[0].items()} if mode == "fsize" else after[0]
    figures["assume-cache"] = outcome.stderr.split("\n")[0][:160]
    if not any(w in outcome.stderr for w in SPACE_WORDS):
        problems.append(f"assume (cache full): the warning does not say the disk is full: {outcome.stderr!r}")
    if mode == "fsize" and [n for n in files_of(cache_dir / "sessions") if ".tmp-" in n]:
        problems.append("assume (cache full): temporary file left")
    del before, sessions_after
    (aws_dir / "config").write_text(setup_config)
    assert aws.add("default", setup_home.setup["key"]["AccessKeyId"], setup_home.setup["key"]["SecretAccessKey"],
                   "--force").returncode == 0

    # setup: ~/.aws full while it writes the config
    config_before = files_of(aws_dir)
    outcome, after = on_full_disk(setup_home, setup_args(setup_home), [aws_dir], mode, tmp_path)
    check("setup", outcome, aws_dir, config_before, after[0])
    rerun = run(setup_home, *setup_args(setup_home), address_space=1024 * MIB, timeout=90)
    if rerun.returncode != 0:
        problems.append(f"setup rerun with space: {rerun.stderr!r}")

    assert profiles(aws) == sorted(["default", "rot"])
    record("full-disk", mode=mode, cases=len(figures), failures=len(problems), errors=figures)
    assert problems == [], "\n".join(problems)

