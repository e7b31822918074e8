"""Concurrency (issue 7): 50 concurrent mixed add / remove / list / assume against the strict
emulator, once with a cold session cache and once warm. Every command succeeds or fails cleanly
(exit 1, two-line error: e.g. a remove of a profile another process just removed); nothing is
lost (every add that returned 0 is in the final list unless a later remove returned 0 for it);
the cache is never corrupt (a final assume hits it offline); one AssumeRole per role."""
import collections
import concurrent.futures
import json
import random
import time

from hardening import MIB, add, clean_error_problem, closed_port, key_id, profiles, record, run

NET_AS = 1024 * MIB


def mixed_round(aws, name: str, seed: int, code: str) -> tuple[list, list]:
    """50 commands at once; returns (operations, outcomes)."""
    rng = random.Random(seed)
    ops = [("add", f"{name}-a{i:02d}") for i in range(14)]
    ops += [("remove", f"{name}-r{i:02d}") for i in range(8)]
    ops += [("remove", f"{name}-dup")] * 3  # three processes race to remove one profile
    ops += [("list", None)] * 8
    ops += [("assume", "mfa")] * 9 + [("assume", "chained")] * 8
    assert len(ops) == 50
    rng.shuffle(ops)

    def perform(op):
        kind, profile = op
        if kind == "add":
            return add(aws, profile, key_id(rng.randrange(1 << 20)), timeout=120)
        if kind == "remove":
            return run(aws, "remove", profile, "--force", timeout=120)
        if kind == "list":
            return run(aws, "list", "--json", timeout=120)
        return run(aws, "assume", profile, "--format", "json", "--mfa-code", code, timeout=120, address_space=NET_AS)

    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = list(pool.map(perform, ops))
    return ops, outcomes


def judge(ops, outcomes) -> list[str]:
    problems = []
    dup_removed = 0
    for (kind, profile), outcome in zip(ops, outcomes):
        if profile and profile.endswith("-dup") and kind == "remove":
            if outcome.returncode == 0:
                dup_removed += 1
            elif clean_error_problem(outcome) or "not in the vault" not in outcome.stderr:
                problems.append(f"racing remove failed unclearly: {outcome.stderr!r} ({outcome.returncode})")
            continue
        if outcome.returncode != 0:
            problems.append(f"{kind} {profile or ''}: exit {outcome.returncode}: {outcome.stderr[:300]!r}")
        elif kind == "list":
            json.loads(outcome.stdout)
        elif kind == "assume":
            creds = json.loads(outcome.stdout)
            if not creds["AccessKeyId"].startswith("ASIA"):
                problems.append(f"assume {profile}: odd credentials")
    if dup_removed != 1:
        problems.append(f"{dup_removed} racing removes of one profile returned 0, wanted exactly 1")
    return problems


def test_fifty_concurrent_mixed_commands_cold_then_warm(aws):
    seeded = ["default"]
    for round_name in ("cold", "warm"):
        for i in range(8):
            assert add(aws, f"{round_name}-r{i:02d}", key_id(1000 + i)).returncode == 0
        assert add(aws, f"{round_name}-dup", key_id(2000)).returncode == 0
    expected = set(profiles(aws))
    code = aws.emulator.code()
    started = time.monotonic()
    problems, assumed = [], collections.Counter()
    sessions = {}
    for seed, round_name in enumerate(("cold", "warm")):
        before = len(aws.emulator.requests("AssumeRole"))
        ops, outcomes = mixed_round(aws, round_name, seed, code)
        problems += [f"{round_name}: {p}" for p in judge(ops, outcomes)]
        for (kind, profile), outcome in zip(ops, outcomes):
            if outcome.returncode != 0:
                continue
            if kind == "add":
                expected.add(profile)
            elif kind == "remove":
                expected.discard(profile)
            elif kind == "assume":
                sessions.setdefault(profile, set()).add(json.loads(outcome.stdout)["AccessKeyId"])
        if round_name == "warm" and len(aws.emulator.requests("AssumeRole")) != before:
            problems.append("the warm round called AssumeRole again")
    elapsed = time.monotonic() - started
    for request in aws.emulator.requests("AssumeRole"):
        assumed[request.get("params", {}).get("RoleArn", "?")] += 1
    final = set(profiles(aws))
    if final != expected:
        problems.append(f"lost or resurrected profiles: missing {sorted(expected - final)}, extra {sorted(final - expected)}")
    for profile, keys in sessions.items():
        if len(keys) != 1:
            problems.append(f"{profile}: {len(keys)} different sessions handed out, wanted 1")
    offline = {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{closed_port()}", "VAULT_PASSPHRASE": None}
    for profile in sessions:  # the cache is intact: a final assume hits it with no network, no passphrase
        hit = run(aws, "assume", profile, "--format", "json", env=offline, address_space=NET_AS)
        if hit.returncode != 0 or json.loads(hit.stdout)["AccessKeyId"] not in sessions[profile]:
            problems.append(f"{profile}: the final cache lookup failed: {hit.stderr!r}")
    calls = len(aws.emulator.requests("AssumeRole"))
    record("concurrency", commands=100, rounds=["cold", "warm"], failures=len(problems), seconds=round(elapsed, 1),
           assume_role_calls=calls, profiles_assumed=sorted(sessions), final_profiles=len(final))
    # One STS call per profile: mfa, and chained (whose first hop reuses mfa's session).
    if sorted(assumed.values()) != [1, 1]:
        problems.append(f"{calls} AssumeRole calls for 2 profiles: {dict(assumed)}")
    assert problems == [], "\n".join(problems)
