"""vault unlock / lock: the vault's key kept a while in the real kernel keyring (FORMAT.md §11)."""
import json
import subprocess
import time

from test_admin_keys import iam_keys, rotator  # noqa: F401  (rotator is a fixture)

# No passphrase and no terminal (Home.run starts a new session): only an open window can unlock.
NOTHING = {"VAULT_PASSPHRASE": None}


def vault_id(home) -> str:
    return home.vault_file.read_bytes()[12:28].hex()


def window_key(home) -> str | None:
    found = subprocess.run(["keyctl", "search", "@u", "user", f"vault:unlocked:{vault_id(home)}"],
                           capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else None


def fresh_assume(aws):
    """An assume that must sign a new STS call (never served from the cache)."""
    return aws.run("assume", "mfa", "--format", "json", "--refresh", "--mfa-code", aws.emulator.code(), env=NOTHING)


def test_a_fresh_assume_in_the_window_asks_nothing_and_lock_ends_it(aws):
    before = fresh_assume(aws)
    assert before.returncode == 1 and "no terminal" in before.stderr, before.stderr
    unlocked = aws.run("unlock", "--for", "10m")
    assert unlocked.returncode == 0, unlocked.stderr
    assert window_key(aws) is not None
    for _ in range(2):
        again = fresh_assume(aws)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["AccessKeyId"].startswith("ASIA")
    assert len(aws.emulator.requests("AssumeRole")) == 2
    assert aws.run("clear").returncode == 0
    exec_run = aws.run("exec", "mfa", "--mfa-code", aws.emulator.code(), "--", "sh", "-c", 'test -n "$AWS_SESSION_TOKEN"', env=NOTHING)
    assert exec_run.returncode == 0, exec_run.stderr
    locked = aws.run("lock", env=NOTHING)
    assert locked.returncode == 0 and "locked" in locked.stderr, locked.stderr
    assert window_key(aws) is None
    after = fresh_assume(aws)
    assert after.returncode == 1 and "no terminal" in after.stderr, after.stderr
    assert "was not unlocked" in aws.run("lock", env=NOTHING).stderr


def test_the_window_ends_with_the_kernel_timeout(aws):
    assert aws.run("unlock", "--for", "2s").returncode == 0
    assert fresh_assume(aws).returncode == 0
    time.sleep(3)
    # No vault process ran in between: the kernel itself ended the window.
    after = fresh_assume(aws)
    assert after.returncode == 1 and "no terminal" in after.stderr, after.stderr


def test_status_shows_the_window(aws):
    status = aws.run("status", env=NOTHING)
    assert "unlock:     locked" in status.stdout, status.stdout
    assert json.loads(aws.run("status", "--json", env=NOTHING).stdout)["vault"]["unlocked"] is False
    assert aws.run("unlock", "--for", "1h30m").returncode == 0
    status = aws.run("status", env=NOTHING)
    left = [line for line in status.stdout.splitlines() if line.startswith("unlock:")]
    assert left and left[0].startswith("unlock:     unlocked, ") and left[0].endswith(" min left"), status.stdout
    assert 85 <= int(left[0].split(", ")[1].split()[0]) <= 90
    assert "locked:     no: unlocked for a while" in status.stdout
    vault = json.loads(aws.run("status", "--json", env=NOTHING).stdout)["vault"]
    assert vault["unlocked"] is True and vault["locked"] is False and 5000 < vault["unlocked_seconds_left"] <= 5400


def test_the_setting_gives_the_default_duration_and_bounds_are_enforced(aws):
    for bad in ("13h", "0s", "abc", "15", "5s2m", ""):
        refused = aws.run("unlock", "--for", bad)
        assert refused.returncode == 2 and "duration" in refused.stderr, (bad, refused.stderr)
    assert window_key(aws) is None
    assert aws.run("config", "unlock-duration", "forever").returncode != 0
    assert aws.run("config", "unlock-duration", "2h").returncode == 0
    assert aws.run("unlock").returncode == 0
    left = json.loads(aws.run("status", "--json", env=NOTHING).stdout)["vault"]["unlocked_seconds_left"]
    assert 7000 < left <= 7200


def test_a_wrong_passphrase_opens_no_window(aws):
    wrong = aws.run("unlock", env={"VAULT_PASSPHRASE": "not the passphrase at all"})
    assert wrong.returncode == 1 and "wrong passphrase" in wrong.stderr
    assert window_key(aws) is None
    assert aws.run("unlock", env=NOTHING).returncode == 1


def test_a_key_that_does_not_open_the_vault_is_ignored_and_removed(aws):
    """Something else put a payload of the right shape under the window's name (this user could):
    vault checks the key against the file's public key, drops it and asks as usual."""
    bogus = bytes([1]) + (2**40).to_bytes(8, "little") + bytes(range(32))
    added = subprocess.run(["keyctl", "padd", "user", f"vault:unlocked:{vault_id(aws)}", "@u"], input=bogus,
                           capture_output=True)
    assert added.returncode == 0, added.stderr
    refused = fresh_assume(aws)
    assert refused.returncode == 1 and "no terminal" in refused.stderr, refused.stderr
    assert window_key(aws) is None
    assert "unlock:     locked" in aws.run("status", env=NOTHING).stdout


def test_another_uid_cannot_read_the_key(aws):
    assert aws.run("unlock").returncode == 0
    key = window_key(aws)
    own = subprocess.run(["keyctl", "pipe", key], capture_output=True)
    assert own.returncode == 0 and len(own.stdout) == 41 and own.stdout[0] == 1
    other = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "keyctl", "pipe", key],
                           capture_output=True, cwd="/")
    assert other.returncode != 0 and other.stdout == b"", other
    assert b"Permission denied" in other.stderr, other.stderr


def test_unlock_needs_a_vault_and_unlock_again_asks_again(aws):
    assert aws.run("unlock").returncode == 0
    # A new window proves the person is there: the open window does not extend itself.
    again = aws.run("unlock", env=NOTHING)
    assert again.returncode == 1 and "no terminal" in again.stderr
    assert aws.run("unlock", "--protector", "1").returncode == 0
    unknown = aws.run("unlock", "--protector", "2")
    assert unknown.returncode == 2 and "no protector 2" in unknown.stderr
    missing = aws.run("unlock", env={"VAULT_FILE": str(aws.path / "nowhere" / "vault")})
    assert missing.returncode == 1 and "no vault" in missing.stderr


def test_new_passphrases_follow_one_length_rule(home):
    short = home.run("init", env={"VAULT_PASSPHRASE": "abc"})
    assert short.returncode == 1 and "too short" in short.stderr and not home.vault_file.exists()
    empty = home.run("init", env={"VAULT_PASSPHRASE": ""})
    assert empty.returncode == 2 and "VAULT_PASSPHRASE is set but empty" in empty.stderr
    assert home.run("init").returncode == 0


def test_rotate_in_the_window_asks_nothing(rotator):
    """rotate opens the old key and seals the new one: the window's key serves both."""
    old = rotator.rotator["key"]
    assert rotator.run("unlock").returncode == 0
    rotated = rotator.run("rotate", "rot", env=NOTHING)
    assert rotated.returncode == 0, rotated.stderr
    assert old not in iam_keys(rotator) and len(iam_keys(rotator)) == 1
    assert rotator.run("lock").returncode == 0
    refused = rotator.run("rotate", "rot", env=NOTHING)
    assert refused.returncode == 1 and "no terminal" in refused.stderr, refused.stderr


def test_the_credential_servers_refreshes_in_the_window_ask_nothing(aws, tmp_path):
    """Every request refreshes (the margin exceeds the session), each a fresh STS call signed with
    the long-term key: the window's key serves them all, with no passphrase anywhere."""
    from test_exec_server import run_program, with_mfa_process

    with_mfa_process(aws, tmp_path)
    assert aws.run("unlock").returncode == 0
    quiet = {"VAULT_SESSION_MIN_REMAINING": "3700", **NOTHING}
    result, seen = run_program(aws, tmp_path, calls=2, env=quiet)
    assert result.returncode == 0, result.stderr
    assert seen["errors"] == [] and len(set(seen["keys"])) == 2
    assert len(aws.emulator.requests("AssumeRole")) == 4
    assert aws.run("lock").returncode == 0
    assert aws.run("clear").returncode == 0
    refused, _ = run_program(aws, tmp_path, calls=2, env=quiet)
    assert refused.returncode != 0 and "no terminal" in refused.stderr, refused.stderr
