"""Secrets wiped in memory (issue 7): the debug build stops itself at named points
(VAULT_TEST_PAUSE_AT, Sources/VaultStore/PausePoint.swift), and the test reads every readable
region of the stopped process through /proc/PID/maps and /proc/PID/mem and counts the secrets.

Positive controls prove the scanner sees a secret that is there: the long-term key while it signs
(`sts.signing`), the new session's secret and session token while they are held (`sts.returned`,
`exec.before-exec`), the entered key while `add` holds it (`vault-update.loaded`). After use the
long-term secret and the passphrase must be found 0 times, and so must the session token at exit
(it is a secret like the others: SecureBytes from the STS answer to the output). A secret that came in an STS/IAM response (the session secret,
a rotated key) must be found 0 times at exit outside a copy of that response body; copies inside
one (`<SecretAccessKey>` just before it) are URLSession's buffers, which vault cannot wipe (that
transport is being replaced): they are counted and reported, not failed.

Needs root: vault is non-dumpable, so only CAP_SYS_PTRACE may read its memory; without it the
test fails with a message saying so (it never passes silently)."""
import json

import independent_reader as ir
import pytest
from hardening import PtyVault, count_kept, where_kept, memory_counts, random_secret, record, run, wait_stopped
from test_admin_keys import rotator  # noqa: F401  (a fixture)

PASSPHRASE = "memory check passphrase " + random_secret()[:12]


def stored_secret(home, profile: str) -> str:
    """The secret of `profile`'s newest entry, opened by the independent reader."""
    vault = ir.read_vault(home.vault_file.read_bytes())
    entry = [e for e in ir.all_entries(vault) if e["profile"] == profile][-1]  # sealed, then pending
    return ir.open_entry(vault, entry, ir.unlock(vault, home.env.get("VAULT_PASSPHRASE", PASSPHRASE)))[1]


def through_points(vault: PtyVault, points: list[str], named: dict, keep: tuple = ()) -> dict:
    """Resumes `vault` through each pause point in order, counting `named` secrets at each."""
    seen, kept = {}, {}
    for point in points:
        assert wait_stopped(vault.process), f"vault never stopped at {point}: {vault.finish().stderr}"
        if point in keep:
            seen[point], kept[point] = memory_counts(vault.pid, named, keep=True)
        else:
            seen[point] = memory_counts(vault.pid, named)
        vault.read_stdout()
        vault.resume()
    return seen, kept


@pytest.fixture
def prompted(aws):
    """`aws` whose vault opens only with PASSPHRASE typed on the terminal (VAULT_PASSPHRASE unset),
    its `default` key a fresh one known to the test."""
    old = aws.env["VAULT_PASSPHRASE"]
    aws.vault_file.unlink()
    aws.env["VAULT_PASSPHRASE"] = PASSPHRASE
    info = aws.emulator.info["daily"]
    assert aws.add("default", info["access_key_id"], info["secret_access_key"]).returncode == 0
    del aws.env["VAULT_PASSPHRASE"]
    assert old != PASSPHRASE
    return aws


def test_assume_wipes_the_long_term_key_and_passphrase(prompted):
    aws = prompted
    long_term = aws.emulator.info["daily"]["secret_access_key"]
    named = {"long-term": long_term, "passphrase": PASSPHRASE}
    points = ["sts.signing", "sts.returned", "exit"]
    # The long-term key signs GetSessionToken (sts.signing); the MFA session then signs AssumeRole
    # (a pause point of its own, not listed here) before the role session is held (sts.returned).
    vault = PtyVault(aws, "assume", "mfa", "--format", "json", env={"VAULT_TEST_PAUSE_AT": ",".join(points)})
    assert vault.expect("Vault passphrase:"), vault.screen
    vault.type(PASSPHRASE)
    assert vault.expect("MFA code"), vault.screen
    at_prompt = memory_counts(vault.pid, named)  # blocked on the terminal, the vault unlocked
    vault.type(aws.emulator.code())
    seen, kept = through_points(vault, points, named, keep=("sts.returned", "exit"))
    outcome = vault.finish()
    assert outcome.returncode == 0, outcome.stderr
    session = json.loads(outcome.stdout)["SecretAccessKey"]
    session_at = {point: count_kept(kept[point], session) for point in kept}
    token = json.loads(outcome.stdout)["SessionToken"]
    token_at = {point: count_kept(kept[point], token) for point in kept}
    record("memory-assume", points=["mfa-prompt"] + points, at_prompt=at_prompt, **{p: seen[p] for p in points},
           session_secret=session_at, session_token=token_at, session_token_at_exit=token_at["exit"], failures=0)

    assert at_prompt["passphrase"] == {"vault": 0, "response-body": 0}, "the passphrase outlived the unlock"
    assert at_prompt["long-term"] == {"vault": 0, "response-body": 0}, "the key was decrypted before the MFA code"
    assert seen["sts.signing"]["long-term"]["vault"] >= 1, "positive control: the key held for signing was not found"
    for point in ("sts.returned", "exit"):
        assert seen[point]["long-term"] == {"vault": 0, "response-body": 0}, (point, seen[point])
        assert seen[point]["passphrase"] == {"vault": 0, "response-body": 0}, (point, seen[point])
    assert session_at["sts.returned"]["vault"] >= 1, "positive control: the held session secret was not found"
    assert session_at["exit"] == {"vault": 0, "response-body": 0}, \
        f"the session secret outlived its output: {where_kept(kept['exit'], session)}"
    assert token_at["sts.returned"]["vault"] >= 1, "positive control: the held session token was not found"
    assert token_at["exit"] == {"vault": 0, "response-body": 0}, \
        f"the session token outlived its output: {where_kept(kept['exit'], token)}"


def test_a_cache_hit_leaves_no_session_secret(aws):
    first = run(aws, "assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), address_space=1 << 30)
    assert first.returncode == 0, first.stderr
    session = json.loads(first.stdout)["SecretAccessKey"]
    token = json.loads(first.stdout)["SessionToken"]
    named = {"session": session, "token": token, "long-term": aws.emulator.info["daily"]["secret_access_key"]}
    vault = PtyVault(aws, "assume", "mfa", "--format", "json", env={"VAULT_TEST_PAUSE_AT": "exit"})
    seen, _ = through_points(vault, ["exit"], named)
    outcome = vault.finish()
    assert outcome.returncode == 0 and json.loads(outcome.stdout)["SecretAccessKey"] == session, outcome.stderr
    record("memory-cache-hit", exit=seen["exit"], failures=0)
    assert seen["exit"]["session"] == {"vault": 0, "response-body": 0}, seen
    assert seen["exit"]["token"] == {"vault": 0, "response-body": 0}, seen
    assert seen["exit"]["long-term"] == {"vault": 0, "response-body": 0}, seen


def test_add_wipes_the_entered_key(home):
    secret = random_secret()
    named = {"entered": secret}
    assert home.add("first").returncode == 0  # the vault exists: add now needs no passphrase
    vault = PtyVault(home, "add", "second", env={"VAULT_TEST_PAUSE_AT": "vault-update.loaded,exit"})
    assert vault.expect("Access key ID:"), vault.screen
    vault.type("AKIAIOSFODNN7EXAMPL2")
    assert vault.expect("Secret access key:"), vault.screen
    vault.type(secret)
    seen, _ = through_points(vault, ["vault-update.loaded", "exit"], named)
    outcome = vault.finish()
    assert outcome.returncode == 0, outcome.stderr
    record("memory-add", **seen, failures=0)
    assert seen["vault-update.loaded"]["entered"]["vault"] >= 1, "positive control: the entered key was not found"
    assert seen["exit"]["entered"] == {"vault": 0, "response-body": 0}, seen


def test_exec_holds_only_the_session_secret(prompted):
    aws = prompted
    long_term = aws.emulator.info["daily"]["secret_access_key"]
    named = {"long-term": long_term, "passphrase": PASSPHRASE}
    points = ["sts.returned", "exec.before-exec"]
    vault = PtyVault(aws, "exec", "mfa", "--", "sh", "-c", "printf '%s\\n%s' \"$AWS_SECRET_ACCESS_KEY\" \"$AWS_SESSION_TOKEN\"",
                     env={"VAULT_TEST_PAUSE_AT": ",".join(points)})
    assert vault.expect("Vault passphrase:"), vault.screen
    vault.type(PASSPHRASE)
    assert vault.expect("MFA code"), vault.screen
    vault.type(aws.emulator.code())
    seen, kept = through_points(vault, points, named, keep=tuple(points))
    outcome = vault.finish()
    assert outcome.returncode == 0, outcome.stderr
    session, token = outcome.stdout.split("\n")  # the child printed the secret and token vault gave it
    assert len(session) == 40 and token
    session_at = {point: count_kept(kept[point], session) for point in points}
    token_at = {point: count_kept(kept[point], token) for point in points}
    record("memory-exec", **seen, session_secret=session_at, session_token=token_at, failures=0)
    for point in points:
        assert seen[point]["long-term"] == {"vault": 0, "response-body": 0}, (point, seen[point])
        assert seen[point]["passphrase"] == {"vault": 0, "response-body": 0}, (point, seen[point])
    assert session_at["exec.before-exec"]["vault"] >= 1, "positive control: the session secret about to be exported"
    assert token_at["sts.returned"]["vault"] >= 1, "positive control: the held session token was not found"
    assert token_at["exec.before-exec"]["vault"] >= 1, "positive control: the session token about to be exported"


def test_rotate_wipes_the_old_and_the_new_key(rotator):  # noqa: F811
    home = rotator
    old_secret = stored_secret(home, "rot")
    points = ["rotate.created", "exit"]
    vault_process = PtyVault(home, "rotate", "rot", env={"VAULT_TEST_PAUSE_AT": ",".join(points)})
    seen, kept = through_points(vault_process, points, {"old": old_secret}, keep=tuple(points))
    outcome = vault_process.finish()
    assert outcome.returncode == 0, outcome.stderr
    new_secret = stored_secret(home, "rot")
    assert new_secret != old_secret
    new_at = {point: count_kept(kept[point], new_secret) for point in points}
    record("memory-rotate", **seen, new_secret=new_at, failures=0)
    assert new_at["rotate.created"]["vault"] >= 1, "positive control: the new key held after CreateAccessKey"
    assert seen["exit"]["old"] == {"vault": 0, "response-body": 0}, seen
    assert new_at["exit"] == {"vault": 0, "response-body": 0}, \
        f"the new key outlived the rotation: {where_kept(kept['exit'], new_secret)}"
