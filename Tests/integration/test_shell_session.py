"""A shell that knows its session: `vault exec PROFILE` starting $SHELL, `assume --format fish`
checked by real fish, `--format ini` read by botocore as a credentials file, `status --prompt`."""
import json
import os
import shutil
import stat
import subprocess

import boto3
import botocore.session
from botocore.config import Config


def _identity(emulator, key_id, secret, token):
    sts = boto3.client("sts", endpoint_url=emulator.endpoint, region_name="us-east-1", aws_access_key_id=key_id,
                       aws_secret_access_key=secret, aws_session_token=token,
                       config=Config(retries={"total_max_attempts": 1}))
    return sts.get_caller_identity()["Arn"]


def test_exec_without_a_command_starts_shell_and_exits_with_its_status(aws, tmp_path):
    # A $SHELL that reports what it was started with, then exits with its own status.
    shell = tmp_path / "probe-shell"
    shell.write_text("#!/bin/sh\necho \"$0 $# $AWS_VAULT ${AWS_PROFILE:--} ${#AWS_SECRET_ACCESS_KEY}\"\nexit 5\n")
    shell.chmod(0o700)
    result = aws.run("exec", "mfa", "--mfa-code", aws.emulator.code(), env={"SHELL": str(shell), "AWS_PROFILE": "x"})
    assert result.returncode == 5, result.stderr
    assert result.stdout.split() == [str(shell), "0", "mfa", "-", "40"]


def test_exec_subshell_keeps_the_nesting_check(aws, tmp_path):
    result = aws.run("exec", "mfa", env={"SHELL": "/bin/sh", "AWS_VAULT": "outer"})
    assert result.returncode == 1 and "already inside" in result.stderr


def test_exec_server_still_needs_a_command(aws):
    result = aws.run("exec", "mfa", "--server")
    assert result.returncode == 2 and "--server needs the command" in result.stderr


def test_fish_format_is_sourced_by_real_fish(aws):
    fish = shutil.which("fish")
    assert fish, "fish is missing: run Vault/scripts/bootstrap"
    code = aws.emulator.code()
    script = (f"{aws.binary} assume mfa --mfa-code {code} --format fish | source; and "
              "python3 -c 'import os, json; print(json.dumps({k: os.environ.get(k) for k in "
              "(\"AWS_ACCESS_KEY_ID\", \"AWS_SECRET_ACCESS_KEY\", \"AWS_SESSION_TOKEN\", \"AWS_VAULT\", "
              "\"AWS_REGION\", \"AWS_PROFILE\", \"AWS_CREDENTIAL_EXPIRATION\")}))'")
    env = {**aws.env, "AWS_PROFILE": "stale"}
    result = subprocess.run([fish, "--no-config", "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["AWS_VAULT"] == "mfa" and got["AWS_REGION"] == "us-east-1" and got["AWS_PROFILE"] is None
    assert got["AWS_CREDENTIAL_EXPIRATION"].endswith("Z")
    arn = _identity(aws.emulator, got["AWS_ACCESS_KEY_ID"], got["AWS_SECRET_ACCESS_KEY"], got["AWS_SESSION_TOKEN"])
    assert ":assumed-role/PowerUserRole/" in arn
    # The same session as the json output (from the cache): fish unquoted every byte back.
    cached = json.loads(aws.run("assume", "mfa", "--format", "json").stdout)
    assert got["AWS_SESSION_TOKEN"] == cached["SessionToken"]
    assert got["AWS_SECRET_ACCESS_KEY"] == cached["SecretAccessKey"]


def test_fish_quoting_round_trips_hostile_bytes():
    # The String quoting the fish output uses for names and dates, against real fish.
    fish = shutil.which("fish")
    assert fish
    hostile = "a'b\\c\\'d $(x) ; e\nf\"g\\\\'"
    quoted = "'" + hostile.replace("\\", "\\\\").replace("'", "\\'") + "'"
    result = subprocess.run([fish, "--no-config", "-c", f"printf %s {quoted}"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == hostile


def test_ini_format_is_read_by_botocore_as_a_credentials_file(aws, tmp_path):
    result = aws.run("assume", "mfa", "--mfa-code", aws.emulator.code(), "--format", "ini")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("[mfa]\n")
    path = tmp_path / "session.ini"
    path.write_text(result.stdout)
    session = botocore.session.Session()
    session.set_config_variable("credentials_file", str(path))
    session.set_config_variable("config_file", str(tmp_path / "no-config"))
    session.set_config_variable("profile", "mfa")
    creds = session.get_credentials().get_frozen_credentials()
    cached = json.loads(aws.run("assume", "mfa", "--format", "json").stdout)
    assert (creds.access_key, creds.secret_key, creds.token) == (
        cached["AccessKeyId"], cached["SecretAccessKey"], cached["SessionToken"])
    assert ":assumed-role/PowerUserRole/" in _identity(aws.emulator, creds.access_key, creds.secret_key, creds.token)


def test_status_prompt_inside_exec_and_from_the_cache(aws):
    assert aws.run("status", "--prompt").stdout == ""  # no session anywhere: nothing
    assert aws.run("status", "--prompt", env={"AWS_PROFILE": "mfa"}).stdout == ""
    inside = aws.run("exec", "mfa", "--mfa-code", aws.emulator.code(), "--", aws.binary, "status", "--prompt")
    assert inside.returncode == 0, inside.stderr
    profile, minutes = inside.stdout.split()
    assert profile == "mfa" and minutes.endswith("m") and 55 <= int(minutes[:-1]) <= 60
    # Outside, with AWS_PROFILE naming a profile whose session is cached; no passphrase needed.
    cached = aws.run("status", "--prompt", env={"AWS_PROFILE": "mfa", "VAULT_PASSPHRASE": None})
    assert cached.returncode == 0 and cached.stdout.split()[0] == "mfa", cached.stderr
    expired = aws.run("status", "--prompt", env={"AWS_VAULT": "mfa", "AWS_CREDENTIAL_EXPIRATION": "2020-01-01T00:00:00Z"})
    assert expired.stdout == "mfa expired\n"


def test_status_prompt_inside_exec_server_reads_the_cache(aws):
    inside = aws.run("exec", "mfa", "--server", "--mfa-code", aws.emulator.code(), "--", aws.binary, "status", "--prompt")
    assert inside.returncode == 0, inside.stderr
    assert inside.stdout.split()[0] == "mfa" and inside.stdout.split()[1].endswith("m")
