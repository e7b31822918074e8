"""A newcomer's first week (issue 19): each item reproduced end to end against the strict emulator.

Every test here failed on main at ee20bf0 before its fix (checked one by one while fixing)."""
import json
import os
import time

import pytest


def assert_error(result, status, *phrases):
    assert result.returncode == status, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().split("\n")
    assert lines[-2].startswith("vault: ") and lines[-1].startswith("hint: "), result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, (phrase, result.stderr)


def settings_file(home):
    return home.path / ".config" / "vault" / "config"


# Item 3: vault config validates on write and reports an invalid stored value when read.

@pytest.mark.parametrize("value", ["abc", "0", "36501", "1.5"])
def test_config_refuses_an_invalid_key_age(home, value):
    result = home.run("config", "key-max-age-days", value)
    assert_error(result, 2, "key-max-age-days", "1 to 36500")
    assert not settings_file(home).exists()


def test_config_refuses_a_profile_name_add_would_refuse(home):
    result = home.run("config", "admin-profile", "bad name")
    assert_error(result, 2, "admin-profile", "not a valid profile name")
    assert not settings_file(home).exists()


@pytest.mark.parametrize("key, value, rule", [
    ("mfa-session", "yes", "on or off"),
    ("mfa-session", "", "on or off"),
    ("mfa-session-duration", "8 hours", "from 15m to 36h"),
    ("mfa-session-duration", "10m", "from 15m to 36h"),
    ("mfa-session-duration", "37h", "from 15m to 36h"),
])
def test_config_refuses_an_invalid_mfa_session_setting(home, key, value, rule):
    """Refused when written, not first when an MFA session is needed."""
    result = home.run("config", key, value)
    assert_error(result, 2, key, rule)
    assert not settings_file(home).exists()


def test_config_accepts_valid_values(home):
    assert home.run("config", "key-max-age-days", "30").returncode == 0
    assert home.run("config", "admin-profile", "my-admin").returncode == 0
    assert home.run("config", "mfa-session", "off").returncode == 0
    assert home.run("config", "mfa-session-duration", "90m").returncode == 0
    assert home.run("config", "mfa-session-duration").stdout == "90m\n"
    assert home.run("config", "key-max-age-days").stdout == "30\n"


def test_an_invalid_stored_value_is_reported_when_read(home):
    assert home.add("default").returncode == 0
    settings_file(home).parent.mkdir(parents=True, exist_ok=True)
    settings_file(home).write_text("key-max-age-days = abc\n")
    result = home.run("list")
    assert result.returncode == 0, result.stderr
    assert "key-max-age-days" in result.stderr and "abc" in result.stderr and str(settings_file(home)) in result.stderr
    shown = home.run("config")
    assert "invalid" in shown.stdout or "invalid" in shown.stderr, shown


# Item 23: --unset needs a key; a negative number is a value, not an option.

def test_config_unset_without_a_key_is_a_usage_error(home):
    assert_error(home.run("config", "--unset"), 2, "--unset")


def test_config_negative_value_is_refused_as_a_value(home):
    result = home.run("config", "key-max-age-days", "-5")
    assert_error(result, 2, "key-max-age-days", "1 to 36500")
    assert "Unknown option" not in result.stderr


# Item 19: list --json without a vault; status on an unreadable vault.

def test_list_json_without_a_vault_is_an_empty_list(home):
    result = home.run("list", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["profiles"] == []


def test_status_json_on_an_unreadable_vault_reports_the_problem(home):
    assert home.add("default").returncode == 0
    data = bytearray(home.vault_file.read_bytes())
    data[-3] ^= 0xFF
    home.vault_file.write_bytes(bytes(data))
    result = home.run("status", "--json")
    assert result.returncode == 1, result.stderr
    status = json.loads(result.stdout)
    assert status["vault"]["exists"] is True
    assert "damaged" in status["vault"]["problem"], status


# Item 24 (second half): empty stdin to add says "no input".

def test_add_with_empty_stdin_says_no_input(home):
    result = home.run("add", "default", input="")
    assert_error(result, 2, "no input")
    assert "not an access key ID" not in result.stderr
    assert not home.vault_file.exists()


# Item 9: a profile served by credential_process is named as such.

def test_credential_process_profile_is_explained(aws):
    with open(aws.path / ".aws" / "config", "a") as config:
        config.write("\n[profile work]\ncredential_process = vault assume mfa --format json\n")
    result = aws.run("assume", "work")
    assert_error(result, 1, "credential_process", "vault exec mfa")
    assert "vault add work" not in result.stderr


# Item 16 (first half): --mfa-code for a profile without mfa_serial is not silently ignored.

def test_mfa_code_for_a_profile_without_mfa_serial_is_reported(aws):
    # [profile nomfa] assumes the role without mfa_serial (AWS then refuses: the role needs MFA).
    result = aws.run("assume", "nomfa", "--format", "json", "--mfa-code", aws.emulator.code())
    assert "--mfa-code was not used" in result.stderr and "mfa_serial" in result.stderr, result.stderr
    with_serial = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code())
    assert with_serial.returncode == 0 and "--mfa-code" not in with_serial.stderr, with_serial.stderr


# Item 17: one error style, `vault: …` then `hint: …`.

@pytest.mark.parametrize("args", [["list", "--bogus"], ["assume"], ["assume", "mfa", "--format", "yaml"]])
def test_argument_errors_use_the_error_style(home, args):
    result = home.run(*args)
    assert_error(result, 2, "vault " + args[0] + " --help")
    assert "Error:" not in result.stderr


def test_config_errors_use_the_error_style(home):
    (home.path / ".aws").mkdir()
    (home.path / ".aws" / "config").write_text("x\n[profile mfa]\n")
    result = home.run("assume", "mfa")
    assert_error(result, 1, "line 1")
    assert "The AWS config file cannot be read" not in result.stderr
    problem = result.stderr.strip().split("\n")[-2]
    assert not problem.endswith("."), problem


def test_unclosed_section_header_is_named(home):
    (home.path / ".aws").mkdir()
    (home.path / ".aws" / "config").write_text("[profile mfa\nregion = us-east-1\n")
    result = home.run("assume", "mfa")
    assert_error(result, 1, "line 1", "[profile mfa", "]")
    assert "before the first" not in result.stderr


# Item 18: a bare `vault`, an unknown command, a typo.

def test_bare_vault_is_a_usage_error_with_the_commands(home):
    result = home.run()
    assert result.returncode == 2, result
    assert "assume" in result.stderr and "hint: " in result.stderr
    assert result.stdout == ""


def test_help_for_an_unknown_command(home):
    assert_error(home.run("help", "nosuch"), 2, "nosuch", "vault --help")


def test_a_mistyped_command_is_suggested(home):
    assert_error(home.run("asume", "mfa"), 2, "asume", "did you mean assume?")


# Item 20: an MFA code typed with a space.

def test_mfa_code_with_a_space_is_accepted(aws):
    code = aws.emulator.code()
    result = aws.run("assume", "mfa", "--format", "json", "--mfa-code", code[:3] + " " + code[3:])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["AccessKeyId"].startswith("ASIA")


# Item 25: no stray lock files.

def test_no_lock_file_beside_a_vault_that_was_never_created(home):
    assert home.run("list").returncode == 1
    assert home.run("remove", "nosuch", "--force").returncode != 0
    folder = home.vault_file.parent
    assert not folder.exists() or not any(p.name.endswith(".lock") for p in folder.iterdir()), list(folder.iterdir())


def test_clear_leaves_no_lock_files(aws):
    assert aws.run("assume", "mfa", "--mfa-code", aws.emulator.code()).returncode == 0
    assert aws.run("clear").returncode == 0
    locks = [p for p in (aws.path / ".cache").rglob("*.lock")]
    assert locks == [], locks


# Items 15 and 22: admin keys vault deactivated.

@pytest.fixture
def admin(aws):
    from test_admin_keys import breakglass_iam
    info = aws.emulator.info
    admin_key, breakglass_key = info["admin"]["keys"][0], info["breakglass"]["keys"][0]
    assert aws.add("admin", admin_key["access_key_id"], admin_key["secret_access_key"]).returncode == 0
    assert aws.add("breakglass", breakglass_key["access_key_id"], breakglass_key["secret_access_key"]).returncode == 0
    yield aws
    iam = breakglass_iam(aws.emulator)
    for key in info["admin"]["keys"]:
        iam.update_access_key(UserName="admin", AccessKeyId=key["access_key_id"], Status="Active")


def test_assume_with_keys_vault_deactivated_says_how_to_reactivate(admin):
    assert admin.run("deactivate-admin-keys").returncode == 0
    result = admin.run("assume", "admin", "--format", "json", env={"VAULT_SESSION_CACHE": "none"})
    assert_error(result, 1, "deactivate-admin-keys", "vault activate-admin-keys --profile admin --using")


def test_activate_shows_when_the_keys_were_last_used(admin):
    deactivated = admin.run("deactivate-admin-keys")
    assert deactivated.returncode == 0, deactivated.stderr
    used = [line for line in deactivated.stdout.splitlines() if "last used:" in line and "never" not in line]
    assert used, deactivated.stdout  # the admin key signed vault's own calls
    activated = admin.run("activate-admin-keys", "--using", "breakglass")
    assert activated.returncode == 0, activated.stderr
    lines = [line for line in activated.stdout.splitlines() if used[0].split()[0] in line]
    assert lines and "last used: never" not in lines[0], activated.stdout


# Item 1: setup never takes away access the user had without --update.

from test_setup_doctor import setup_args, setup_home  # noqa: E402,F401 (the fixture, reused)


def inline_policy(home):
    s = home.setup
    document = s["iam"].get_user_policy(UserName=s["user"], PolicyName="AllowAssumeRolePolicy")["PolicyDocument"]
    return document if isinstance(document, dict) else json.loads(document)


def test_setup_keeps_a_wildcard_assume_role_policy(setup_home):
    s = setup_home.setup
    wildcard = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}
    s["iam"].put_user_policy(UserName=s["user"], PolicyName="AllowAssumeRolePolicy", PolicyDocument=json.dumps(wildcard))
    result = setup_home.run(*setup_args(setup_home))
    assert result.returncode == 0, result.stderr
    assert inline_policy(setup_home)["Statement"][0]["Resource"] == "*", inline_policy(setup_home)
    assert "--update" in result.stdout + result.stderr  # says how to narrow it, and that it did not
    narrowed = setup_home.run(*setup_args(setup_home, "--update"))
    assert narrowed.returncode == 0, narrowed.stderr
    assert "removes" in narrowed.stdout + narrowed.stderr and '"*"' in narrowed.stdout + narrowed.stderr
    assert inline_policy(setup_home)["Statement"][0]["Resource"].endswith(f":role/{s['role']}")


# Item 10: durations in one form everywhere, the right hint, a cached session said.

def test_duration_accepts_hours_and_minutes(aws):
    result = aws.run("assume", "mfa", "--format", "json", "--refresh", "--duration", "30m", "--mfa-code", aws.emulator.code())
    assert result.returncode == 0, result.stderr
    assert aws.emulator.requests("AssumeRole")[-1]["params"]["DurationSeconds"] == "1800"


def test_duration_from_the_option_gets_an_option_hint(aws):
    result = aws.run("assume", "mfa", "--format", "json", "--refresh", "--duration", "2h", "--mfa-code", aws.emulator.code())
    assert_error(result, 1, "7200 s", "--duration")
    assert "lower duration_seconds" not in result.stderr


def test_a_cached_session_served_for_a_shorter_duration_is_said(aws):
    assert aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code()).returncode == 0
    result = aws.run("assume", "mfa", "--format", "json", "--duration", "900")
    assert result.returncode == 0, result.stderr
    assert "cached" in result.stderr and "--refresh" in result.stderr, result.stderr


# Item 2: an unusable cache (or config) folder.

def unusable_folder(home, name):
    """A folder path vault cannot create (a file is in the way; the tests run as root, so
    permissions alone would not stop it)."""
    blocker = home.path / f"{name}-is-a-file"
    blocker.write_text("")
    return str(blocker / name)


@pytest.mark.parametrize("cache", [None, "none"])
def test_assume_works_without_a_usable_cache_folder(aws, cache):
    folder = unusable_folder(aws, "cache")
    env = {"XDG_CACHE_HOME": folder, "VAULT_SESSION_CACHE": cache}
    result = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["AccessKeyId"].startswith("ASIA")
    if cache == "none":
        assert result.stderr == ""
    else:
        assert len(result.stderr.strip().splitlines()) <= 2 and folder in result.stderr, result.stderr
        assert "cannot use the vault" not in result.stderr, result.stderr


def test_exec_works_without_a_usable_cache_folder(aws):
    folder = unusable_folder(aws, "cache")
    result = aws.run("exec", "mfa", "--mfa-code", aws.emulator.code(), "--", "sh", "-c", "echo $AWS_ACCESS_KEY_ID",
                     env={"XDG_CACHE_HOME": folder})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ASIA")


def test_config_names_an_unusable_config_folder(home):
    folder = unusable_folder(home, "config")
    result = home.run("config", "key-max-age-days", "30", env={"XDG_CONFIG_HOME": folder})
    assert_error(result, 1, folder, "config")
    assert "the vault" not in result.stderr


# Item 11: vault status gives the right reason for an unreadable session.

def test_status_names_a_session_of_another_vault(aws):
    assert aws.run("assume", "mfa", "--mfa-code", aws.emulator.code()).returncode == 0
    other = {"VAULT_FILE": str(aws.path / "other" / "vault")}
    assert aws.add("default", env=other).returncode == 0
    result = aws.run("status", "--json", env=other)
    sessions = json.loads(result.stdout)["sessions"]
    assert [s["profile"] for s in sessions] == ["mfa"], sessions
    assert "another vault" in sessions[0]["reason"] and "cache key is gone" not in sessions[0]["reason"], sessions


def test_status_names_a_secret_service_session_outside_its_bus(aws, keyring):
    keyring.begin("unlocked")
    secret_service = {"VAULT_SESSION_CACHE": "secret-service"}
    assert aws.run("assume", "mfa", "--mfa-code", aws.emulator.code(), env=secret_service).returncode == 0
    outside = {**secret_service, "DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"}
    sessions = json.loads(aws.run("status", "--json", env=outside).stdout)["sessions"]
    assert [s["state"] for s in sessions] == ["unreadable"], sessions
    assert "Secret Service" in sessions[0]["reason"] and "earlier" not in sessions[0]["reason"], sessions


# Item 12: setup --dry-run and doctor without IAM read rights of the daily user.

def test_setup_dry_run_without_iam_read_rights_prints_the_policies(aws):
    info = aws.emulator.info
    result = aws.run("setup", "--role-name", "NewRole", "--mfa-serial", info["daily"]["mfa_serial"], "--profile", "new",
                     "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "aws:MultiFactorAuthPresent" in result.stdout and "AllowAssumeRolePolicy" in result.stdout
    assert "would:" in result.stdout and "could not read" in result.stderr, result.stderr
    mutating = [r for r in aws.emulator.requests() if not r["action"].startswith(("Get", "List"))]
    assert mutating == []


def test_doctor_reads_iam_with_using(aws):
    admin_key = aws.emulator.info["admin"]["keys"][0]
    assert aws.add("admin", admin_key["access_key_id"], admin_key["secret_access_key"]).returncode == 0
    alone = json.loads(aws.run("doctor", "--profile", "mfa", "--json").stdout)
    assert {f["check"]: f["level"] for f in alone["findings"]}["trust policy"] == "not checked"
    assert any("--using" in f["fix"] for f in alone["findings"] if f["check"] == "trust policy"), alone
    result = aws.run("doctor", "--profile", "mfa", "--using", "admin", "--json")
    findings = {f["check"]: f for f in json.loads(result.stdout)["findings"]}
    assert findings["trust policy"]["level"] == "ok", findings["trust policy"]
    assert "daily" in findings["least privilege"]["detail"], findings["least privilege"]


# Item 5: after rotate --keep-old-inactive, vault finishes or cleans up its own rotation.

from test_admin_keys import iam_keys, rotator, vault_entries  # noqa: E402,F401 (the fixture, reused)


def test_rotate_after_keep_old_inactive_deletes_the_kept_key_after_confirmation(rotator):
    old = rotator.rotator["key"]
    assert rotator.run("rotate", "rot", "--keep-old-inactive").returncode == 0
    asked = rotator.run("rotate", "rot")  # no terminal to confirm on: refused, nothing changed
    assert_error(asked, 1, old[:4] + "…" + old[-4:], "--yes")
    assert len(iam_keys(rotator)) == 2
    result = rotator.run("rotate", "rot", "--yes")
    assert result.returncode == 0, result.stderr
    keys = iam_keys(rotator)
    assert old not in keys and len(keys) == 1 and list(keys.values()) == ["Active"]
    assert [e["state"] for e in vault_entries(rotator)] == ["ok"]


def test_a_kept_key_deleted_in_iam_leaves_the_vault_once_vault_sees_it(rotator):
    old = rotator.rotator["key"]
    assert rotator.run("rotate", "rot", "--keep-old-inactive").returncode == 0
    rotator.rotator["iam"].delete_access_key(UserName=rotator.rotator["name"], AccessKeyId=old)
    result = rotator.run("rotate", "rot")
    assert result.returncode == 0, result.stderr
    assert [e["state"] for e in vault_entries(rotator)] == ["ok"]
    assert "no longer" in result.stderr, result.stderr


def test_a_second_key_vault_did_not_make_gets_a_complete_hint(rotator):
    other = rotator.rotator["iam"].create_access_key(UserName=rotator.rotator["name"])["AccessKey"]["AccessKeyId"]
    result = rotator.run("rotate", "rot")
    assert_error(result, 1, "--user-name " + rotator.rotator["name"], other[:4] + "…" + other[-4:])


# Item 13: profile names the AWS CLI accepts.

@pytest.mark.parametrize("name", ["team:prod", "prod-é", "équipe/dev", "a" * 100])
def test_add_accepts_names_the_aws_cli_accepts(home, name):
    result = home.add(name)
    assert result.returncode == 0, result.stderr
    listed = json.loads(home.run("list", "--json").stdout)["profiles"]
    assert [p["profile"] for p in listed] == [name]


def test_import_all_moves_a_colon_profile_and_reports_a_name_that_cannot_be_stored(home):
    from vault_harness import EXAMPLE_KEY_ID, EXAMPLE_SECRET
    (home.path / ".aws").mkdir()
    credentials = home.path / ".aws" / "credentials"
    credentials.write_text(f"[team:prod]\naws_access_key_id = {EXAMPLE_KEY_ID}\naws_secret_access_key = {EXAMPLE_SECRET}\n\n"
                           f"[has space]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\n"
                           "aws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n")
    result = home.run("add", "--import", "--all", "--remove-plaintext")
    assert result.returncode == 0, result.stderr
    assert EXAMPLE_SECRET not in credentials.read_text()  # [team:prod]'s plaintext key is gone
    assert "problem:" in result.stderr and "has space" in result.stderr, result.stderr
    assert [p["profile"] for p in json.loads(home.run("list", "--json").stdout)["profiles"]] == ["team:prod"]


# Item 20 (second half): a malformed code typed at the prompt is asked again, the passphrase not.

def test_a_malformed_code_at_the_prompt_is_asked_again_without_the_passphrase(aws):
    import fcntl
    import pty
    import select
    import subprocess
    import termios
    master, slave = pty.openpty()

    def take_terminal():
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    env = {k: v for k, v in aws.env.items() if k != "VAULT_PASSPHRASE"}
    env["VAULT_SESSION_CACHE"] = "none"
    vault = subprocess.Popen([aws.binary, "assume", "mfa", "--format", "json"], stdin=slave, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=env, text=True, start_new_session=True,
                             preexec_fn=take_terminal)
    screen = b""

    def wait_for(text, count=1):
        nonlocal screen
        deadline = time.time() + 30
        while screen.count(text) < count and time.time() < deadline:
            if select.select([master], [], [], 0.2)[0]:
                screen += os.read(master, 4096)
        assert screen.count(text) >= count, screen

    try:
        wait_for(b"assphrase")
        os.write(master, (aws.env["VAULT_PASSPHRASE"] + "\n").encode())
        wait_for(b"MFA code")
        os.write(master, b"12345\n")  # five digits: asked again
        wait_for(b"MFA code", 2)
        code = aws.emulator.code()
        os.write(master, (code[:3] + " " + code[3:] + "\n").encode())
        out, err = vault.communicate(timeout=30)
    finally:
        if vault.poll() is None:
            vault.kill()
        os.close(master)
        os.close(slave)
    assert vault.returncode == 0, err
    assert json.loads(out)["AccessKeyId"].startswith("ASIA")
    assert screen.count(b"assphrase") == 1, screen
