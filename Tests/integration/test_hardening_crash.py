"""Crash safety (issue 7): `kill -9` at every crash point of add, remove, the session-cache write
and rotate (VAULT_TEST_CRASH_AT, debug builds), and at over 1,000 random instants of add/remove.
After each: the vault opens, holds exactly the old or the new content, a leftover temporary file
is never read and is removed by the next write, and the lock is free."""
import concurrent.futures
import fcntl
import json
import os
import pathlib
import random
import re
import signal
import subprocess
import time

import independent_reader as ir
import pytest
from hardening import MIB, add, key_id, profiles, record, run, temp_files
from test_admin_keys import iam_keys, rotator, vault_entries  # noqa: F401  (rotator is a fixture)
from test_setup_doctor import setup_args, setup_home  # noqa: F401  (setup_home is a fixture)
from vault_harness import ROOT, EXAMPLE_SECRET, Home

VAULT_POINTS = ["vault-update.loaded", "atomic-write.created", "atomic-write.written", "atomic-write.synced",
                "atomic-write.renamed"]
CACHE_POINTS = ["atomic-write.created", "atomic-write.written", "atomic-write.synced", "atomic-write.renamed"]
SETUP_POINTS = ["setup-config.edited", "setup-config.backed-up", "setup-config.written"]
ROTATE_POINTS = ["rotate.before-create", "rotate.created", "rotate.stored", "rotate.proven", "rotate.deactivated",
                 "rotate.deleted"]
# Format version 2 (FORMAT.md §4, §6): the journal of a pending write, the upgrade of a version-1
# file at its first unlock, and the record after a sealed write.
INTEGRITY_POINTS = ["pending-write.recorded", "pending-write.written", "settle.written", "sealed-write.written"]
# The network path (the socket, OpenSSL over HTTPS) needs more address space than the file-only commands.
NET_AS = 1024 * MIB
# Points after which the new vault is in place (the rename happened).
DURABLE = {"atomic-write.renamed"}


def crash_points_in_sources() -> set[str]:
    found = set()
    for path in (ROOT / "Sources").rglob("*.swift"):
        found |= set(re.findall(r'CrashPoint\.reached\("([^"]+)"\)', path.read_text()))
    return found


def test_every_crash_point_in_the_sources_is_exercised():
    assert crash_points_in_sources() == set(VAULT_POINTS) | set(ROTATE_POINTS) | set(SETUP_POINTS) | set(INTEGRITY_POINTS)


def oracle_profiles(home: Home) -> list[str]:
    """The profiles as the independent reader sees them (a strict check of the whole file)."""
    return sorted({e["profile"] for e in ir.all_entries(ir.read_vault(home.vault_file.read_bytes()))})


def lock_is_free(home: Home) -> bool:
    """Whether nobody holds the vault's lock. A few tries: while this test's other thread starts a
    vault, its forked child holds copies of this process's descriptors until it execs, and one of
    them can be this thread's previous check, locked (a harness race, not vault's)."""
    lock = home.vault_file.with_name("vault.lock")
    for _ in range(20):
        if not lock.exists():
            return True
        fd = os.open(lock, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            time.sleep(0.05)
        finally:
            os.close(fd)
    return False


@pytest.fixture
def seeded(home):
    assert home.add("default").returncode == 0
    assert add(home, "other", key_id(1)).returncode == 0
    return home


@pytest.mark.parametrize("point", VAULT_POINTS)
@pytest.mark.parametrize("operation", ["add", "remove"])
def test_kill_at_each_write_step(seeded, operation, point):
    home = seeded
    before = home.vault_file.read_bytes()
    old = ["default", "other"]
    new = ["default", "other", "third"] if operation == "add" else ["default"]
    env = {"VAULT_TEST_CRASH_AT": point}
    killed = add(home, "third", key_id(2), env=env) if operation == "add" else run(home, "remove", "other", "--force", env=env)
    assert killed.returncode == -signal.SIGKILL, killed
    assert lock_is_free(home)
    expected = new if point in DURABLE else old
    assert profiles(home) == expected == oracle_profiles(home)
    if point not in DURABLE:
        assert home.vault_file.read_bytes() == before
    leftovers = temp_files(home.vault_file.parent)
    if point in ("atomic-write.created", "atomic-write.written", "atomic-write.synced"):
        assert len(leftovers) == 1  # the dead writer's temporary file, which list ignored
    # The next write is prompt (the kernel dropped the lock) and clears the leftover.
    started = time.monotonic()
    after = add(home, "fourth", key_id(3))
    assert after.returncode == 0 and time.monotonic() - started < 5, after
    assert temp_files(home.vault_file.parent) == []
    assert profiles(home) == sorted(expected + ["fourth"])


def trusted(home: Home) -> list[bool]:
    listed = run(home, "list", "--json")
    assert listed.returncode == 0, listed
    return [p["trusted"] for p in json.loads(listed.stdout)["profiles"]]


@pytest.mark.parametrize("point", ["pending-write.recorded", "pending-write.written"])
def test_kill_between_the_journal_and_the_vault_write(seeded, point):
    """An add killed after journalling its entry: the vault is old (before the write) or new (after
    it), never refused as an older copy, and the entry that made it in is trusted."""
    home = seeded
    before = home.vault_file.read_bytes()
    killed = add(home, "third", key_id(2), env={"VAULT_TEST_CRASH_AT": point, "VAULT_PASSPHRASE": None})
    assert killed.returncode == -signal.SIGKILL, killed
    assert lock_is_free(home)
    expected = ["default", "other"] + (["third"] if point == "pending-write.written" else [])
    assert profiles(home) == expected == oracle_profiles(home)
    assert all(trusted(home))
    if point == "pending-write.recorded":
        assert home.vault_file.read_bytes() == before
    assert add(home, "fourth", key_id(3), env={"VAULT_PASSPHRASE": None}).returncode == 0
    assert all(trusted(home)) and profiles(home) == sorted(expected + ["fourth"])
    assert run(home, "remove", "default", "--force").returncode == 0  # a sealed write takes them all in


def test_kill_after_the_upgrade_of_a_version_1_file(home):
    v1, _ = ir.write_vault("passphrase", 1_700_000_000, None, [
        {"profile": "default", "access_key_id": key_id(1), "secret_access_key": EXAMPLE_SECRET, "added": 1_700_000_001,
         "metadata": []}], passphrase=home.env["VAULT_PASSPHRASE"], opslimit=1, memlimit=8192, version=1)
    home.vault_file.parent.mkdir(parents=True, mode=0o700)
    home.vault_file.write_bytes(v1)
    os.chmod(home.vault_file, 0o600)
    killed = add(home, "second", key_id(2), env={"VAULT_TEST_CRASH_AT": "settle.written"})
    assert killed.returncode == -signal.SIGKILL, killed
    assert ir.read_vault(home.vault_file.read_bytes())["version"] == 3  # upgraded, the record not yet written
    assert profiles(home) == ["default"]
    assert add(home, "second", key_id(2)).returncode == 0
    assert profiles(home) == ["default", "second"] and all(trusted(home))


def test_kill_after_a_sealed_write_before_its_record(seeded):
    home = seeded
    killed = run(home, "remove", "other", "--force", env={"VAULT_TEST_CRASH_AT": "sealed-write.written"})
    assert killed.returncode == -signal.SIGKILL, killed
    assert profiles(home) == ["default"] == oracle_profiles(home)  # the newer file is accepted
    assert add(home, "third", key_id(2), env={"VAULT_PASSPHRASE": None}).returncode == 0
    assert profiles(home) == ["default", "third"] and all(trusted(home))


def test_leftover_temporary_files_do_not_accumulate(seeded):
    """Regression: every killed write used to leave its `.vault.tmp-*` forever."""
    home = seeded
    for i, point in enumerate(["atomic-write.created", "atomic-write.written", "atomic-write.synced"] * 3):
        assert add(home, f"k{i}", key_id(10 + i), env={"VAULT_TEST_CRASH_AT": point}).returncode == -signal.SIGKILL
        # Each write first removes the leftovers of dead writers: at most the last one remains.
        assert len(temp_files(home.vault_file.parent)) == 1
    assert run(home, "remove", "other", "--force").returncode == 0
    assert temp_files(home.vault_file.parent) == []
    assert sorted(p.name for p in home.vault_file.parent.iterdir()) == ["vault", "vault.lock"]


@pytest.mark.parametrize("point", CACHE_POINTS)
def test_kill_during_the_session_cache_write(aws, point):
    sessions = aws.path / ".cache" / "vault" / "sessions"
    # --no-mfa-session: the role session's write is the one under test (not the MFA session's).
    killed = run(aws, "assume", "mfa", "--format", "json", "--no-mfa-session", "--mfa-code", aws.emulator.code(), env={"VAULT_TEST_CRASH_AT": point},
                 address_space=NET_AS)
    assert killed.returncode == -signal.SIGKILL, killed
    assert len(aws.emulator.requests("AssumeRole")) == 1
    assert profiles(aws) == ["default"]  # the vault is untouched
    cached = run(aws, "assume", "mfa", "--format", "json", "--no-mfa-session", address_space=NET_AS)  # no code: only a cache hit can answer
    if point in DURABLE:
        assert cached.returncode == 0, cached
    else:
        assert cached.returncode == 1 and "MFA code" in cached.stderr, cached
        leftovers = [p for p in sessions.iterdir() if ".tmp-" in p.name]
        assert len(leftovers) == 1  # the dead writer's temporary file, which the lookup ignored
        for p in leftovers:  # a temporary file is never trusted; once old, the next write removes it
            os.utime(p, (time.time() - 3600, time.time() - 3600))
        fresh = run(aws, "assume", "mfa", "--format", "json", "--no-mfa-session", "--mfa-code", aws.emulator.code(), address_space=NET_AS)
        assert fresh.returncode == 0, fresh
        assert [p.name for p in sessions.iterdir() if ".tmp-" in p.name] == []
        assert run(aws, "assume", "mfa", "--format", "json", "--no-mfa-session", address_space=NET_AS).returncode == 0
    assert len(aws.emulator.requests("AssumeRole")) == (1 if point in DURABLE else 2)


@pytest.mark.parametrize("point", ["rotate.before-create", "atomic-write.synced", "atomic-write.renamed"])
def test_rotate_resumes_after_a_kill_at_more_points(rotator, point):  # noqa: F811
    """rotate.created/stored/proven/deactivated/deleted are in test_admin_keys.py."""
    old = rotator.rotator["key"]
    killed = rotator.run("rotate", "rot", env={"VAULT_TEST_CRASH_AT": point})
    assert killed.returncode == -9, (killed.returncode, killed.stderr)
    assert rotator.run("list").returncode == 0
    resumed = rotator.run("rotate", "rot")
    assert resumed.returncode == 0, resumed.stderr
    keys = iam_keys(rotator)
    assert old not in keys and list(keys.values()) == ["Active"]
    assert len(vault_entries(rotator)) == 1


# setup writes ~/.aws/config.vault-backup, then ~/.aws/config, each with AtomicFile: its own points
# and the shared atomic-write ones (the n-th occurrence: VAULT_TEST_CRASH_AT stops at the first, so
# the config's own write is reached through setup-config.backed-up and setup-config.written).
@pytest.mark.parametrize("point", SETUP_POINTS + CACHE_POINTS)
def test_kill_during_setups_config_write(setup_home, point):  # noqa: F811
    home = setup_home
    config = home.path / ".aws" / "config"
    old = config.read_bytes()
    killed = run(home, *setup_args(home), env={"VAULT_TEST_CRASH_AT": point}, address_space=NET_AS, timeout=90)
    assert killed.returncode == -signal.SIGKILL, killed
    now = config.read_bytes()
    assert now == old or (b"[profile power]" in now and now.startswith(old.rstrip(b"\n"))), now
    assert point == "setup-config.written" or now == old  # before the config's own rename: the old text
    leftovers = temp_files(config.parent)
    assert len(leftovers) <= 1  # a dead writer's temporary file, never read
    # A rerun completes (the role exists now; setup is idempotent) and leaves the new config.
    again = run(home, *setup_args(home), address_space=NET_AS, timeout=90)
    assert again.returncode == 0, again
    assert b"[profile power]" in config.read_bytes() and config.read_bytes().startswith(b"# my settings")
    assert (config.parent / "config.vault-backup").read_bytes() in (old, now)


KILLS = int(os.environ.get("VAULT_RANDOM_KILLS", "1000"))


def random_kills(home: Home, count: int, seed: int, window: float) -> dict:
    """`count` add/remove processes, each SIGKILLed after a random 0…window seconds; the vault is
    checked after every kill (independent reader, lock, model), and with `vault list` every 25th."""
    rng = random.Random(seed)
    binary = home.binary
    state = set(oracle_profiles(home))
    tally = {"kills": 0, "old": 0, "new": 0, "finished": 0, "temp_seen": 0, "problems": []}
    next_id = 100 + seed * 10_000
    for i in range(count):
        if len(state) > 3 and rng.random() < 0.5:
            profile = rng.choice(sorted(state - {"default"}))
            args, stdin, new = ["remove", profile, "--force"], b"", state - {profile}
        else:
            next_id += 1
            profile = f"r{next_id}"
            args, stdin, new = ["add", profile], f"{key_id(next_id)}\n{EXAMPLE_SECRET}\n".encode(), state | {profile}
        process = subprocess.Popen([binary, *args], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=home.env, start_new_session=True)
        process.stdin.write(stdin)
        process.stdin.close()
        time.sleep(rng.uniform(0, window))
        process.send_signal(signal.SIGKILL)  # our own child, by PID
        code = process.wait()
        tally["kills"] += code == -signal.SIGKILL
        tally["finished"] += code == 0
        try:
            seen = set(oracle_profiles(home))
        except Exception as e:  # noqa: BLE001 — any failure to read is the finding
            tally["problems"].append(f"kill {i} ({args[0]}): vault unreadable: {e}")
            break
        if seen == state:
            tally["old"] += 1
        elif seen == new:
            tally["new"] += 1
        else:
            tally["problems"].append(f"kill {i} ({args[0]} {profile}): neither old nor new content")
        if code == 0 and seen != new:
            tally["problems"].append(f"kill {i}: {args[0]} exited 0 but its change is missing")
        state = seen
        if not lock_is_free(home):
            tally["problems"].append(f"kill {i}: the lock is still held")
        tally["temp_seen"] += bool(temp_files(home.vault_file.parent))
        if i % 25 == 24:
            listing = run(home, "list")
            if listing.returncode != 0:
                tally["problems"].append(f"kill {i}: vault list failed: {listing.stderr}")
    final = add(home, "final", key_id(99_999))
    if final.returncode != 0 or sorted(state | {"final"}) != profiles(home):
        tally["problems"].append(f"the final add failed or lost profiles: {final.stderr}")
    if temp_files(home.vault_file.parent):
        tally["problems"].append(f"temporary files after the final add: {temp_files(home.vault_file.parent)}")
    return tally


def test_a_thousand_random_kills(tmp_path):
    homes = [Home(tmp_path / f"h{i}") for i in range(2)]
    durations = []
    for h in homes:
        assert h.add("default").returncode == 0
        for j in range(5):
            result = add(h, f"seed{j}", key_id(50 + j))
            assert result.returncode == 0
            durations.append(result.seconds)
    # Kill anywhere in a command's life: uniform over 0–15 ms and over 0 … its typical duration.
    window = max(0.015, sorted(durations)[len(durations) // 2])
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        tallies = list(pool.map(lambda i: random_kills(homes[i], KILLS // 2, i, 0.015 if i == 0 else window), range(2)))
    elapsed = time.monotonic() - started
    total = {k: sum(t[k] for t in tallies) for k in ("kills", "old", "new", "finished", "temp_seen")}
    problems = [p for t in tallies for p in t["problems"]]
    record("random-kills", processes=KILLS, windows_ms=[15, round(window * 1000)], failures=len(problems),
           seconds=round(elapsed, 1), **total)
    assert problems == [], "\n".join(problems[:20])
    assert total["old"] > 0 and total["new"] > 0  # the kills landed both before and after the rename
