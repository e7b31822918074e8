"""vault status: the vault and its lock, the session cache, cached sessions' time left, admin keys.
Never unlocks and never prompts; the JSON shape is the one docs/commands.md documents."""
import json

from test_admin_keys import admin  # noqa: F401  (fixture: admin and break-glass keys in the vault)

# No vault password, no network: status must need neither.
OFFLINE = {"VAULT_PASSPHRASE": None, "AWS_ENDPOINT_URL": "http://127.0.0.1:9"}


def status_json(home, env=None) -> dict:
    result = home.run("status", "--json", env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_a_vault(home):
    status = status_json(home)
    assert status["vault"] == {"path": str(home.vault_file), "exists": False, "backend": None, "profiles": 0,
                               "locked": None, "lock": None, "unlocked": None, "unlocked_seconds_left": None,
                               "problem": None}
    assert status["sessions"] == [] and status["admin_keys"] == []
    text = home.run("status")
    assert text.returncode == 0 and "none at" in text.stdout and "vault add" in text.stdout


def test_file_vault_lock_follows_the_passphrase_source(aws):
    locked = status_json(aws, env=OFFLINE)["vault"]
    assert locked["exists"] and locked["backend"] == "file" and locked["profiles"] == 1
    assert locked["locked"] is True and locked["lock"] == "needs-passphrase"
    assert "needs the passphrase" in aws.run("status", env=OFFLINE).stdout
    from_env = status_json(aws)["vault"]
    assert from_env["locked"] is False and from_env["lock"] == "passphrase-in-environment"


def test_cached_sessions_with_time_left_without_the_passphrase(aws):
    assert aws.run("assume", "chained", "--mfa-code", aws.emulator.code()).returncode == 0
    status = status_json(aws, env=OFFLINE)
    assert status["session_cache"]["backend"] in ("kernel", "secret-service")
    sessions = {s["profile"]: s for s in status["sessions"]}
    assert set(sessions) == {"mfa", "chained"}  # the chain's parent session is cached too
    for session in sessions.values():
        assert session["state"] == "valid" and session["reason"] is None
        assert 3000 < session["seconds_left"] <= 3600 and session["expiration"].endswith("Z")
    text = aws.run("status", env=OFFLINE).stdout
    assert "mfa" in text and "minutes left" in text
    assert aws.emulator.requests("AssumeRole") and len(aws.emulator.requests("AssumeRole")) == 2  # status made none


def test_session_of_a_changed_key_is_unreadable_not_an_error(aws):
    assert aws.run("assume", "mfa", "--mfa-code", aws.emulator.code()).returncode == 0
    # A new key for the source profile: the cached session belongs to the old one.
    assert aws.add("default", "AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "--force").returncode == 0
    sessions = status_json(aws, env=OFFLINE)["sessions"]
    assert [(s["profile"], s["state"]) for s in sessions] == [("mfa", "unreadable")]
    assert sessions[0]["seconds_left"] is None and "earlier" in sessions[0]["reason"]


def test_cache_off_lists_files_as_unreadable(aws):
    assert aws.run("assume", "mfa", "--mfa-code", aws.emulator.code()).returncode == 0
    status = status_json(aws, env={**OFFLINE, "VAULT_SESSION_CACHE": "none"})
    assert status["session_cache"]["backend"] == "none"
    assert [s["state"] for s in status["sessions"]] == ["unreadable"]
    bad = aws.run("status", env={"VAULT_SESSION_CACHE": "bogus"})
    assert bad.returncode == 2 and "VAULT_SESSION_CACHE=bogus" in bad.stderr


def test_admin_keys_last_known_state(admin):  # noqa: F811
    assert status_json(admin)["admin_keys"] == []
    assert admin.run("deactivate-admin-keys").returncode == 0
    keys = status_json(admin, env=OFFLINE)["admin_keys"]
    assert len(keys) == 1 and keys[0]["profile"] == "admin" and keys[0]["state"] == "inactive"
    assert keys[0]["since"].endswith("Z") and keys[0]["user"] == "admin"
    assert "inactive since" in admin.run("status", env=OFFLINE).stdout


def test_secret_service_vault_locked_and_unlocked(home, keyring):
    session = keyring.begin("unlocked")
    assert home.add("default", env={"VAULT_BACKEND": "secret-service", "VAULT_PASSPHRASE": None}).returncode == 0
    vault = status_json(home)["vault"]
    assert vault["backend"] == "secret-service" and vault["lock"] == "keyring-unlocked" and vault["locked"] is False
    session.lock()
    vault = status_json(home)["vault"]
    assert vault["lock"] == "keyring-locked" and vault["locked"] is True
    assert "keyring is locked" in home.run("status").stdout
    session.stop()
    assert status_json(home)["vault"]["lock"] == "keyring-unavailable"
