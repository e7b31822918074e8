"""One MFA code for many roles (issue 17): the MFA session (GetSessionToken with the code, cached,
signing each role's AssumeRole) against the strict emulator, and with real clients."""
import concurrent.futures
import json
import subprocess
import uuid

import boto3

from test_assume import caller_identity

ROLES = ["r1", "r2", "r3", "r4", "r5"]


def five_roles(aws, extra=""):
    """Five role profiles sharing `default` and its MFA device, each its own role (same trust policy)."""
    iam = admin_iam(aws)
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": aws.emulator.daily["arn"]}, "Action": "sts:AssumeRole",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
    config = aws.path / ".aws" / "config"
    text = config.read_text()
    arns = {}
    for name in ROLES:
        role = iam.create_role(RoleName=f"{name}-{uuid.uuid4().hex[:6]}", AssumeRolePolicyDocument=json.dumps(trust))
        arns[name] = role["Role"]["Arn"]
        text += (f"\n[profile {name}]\nsource_profile = default\nrole_arn = {arns[name]}\n"
                 f"mfa_serial = {aws.emulator.daily['mfa_serial']}\n{extra}")
    config.write_text(text)
    return arns


def admin_iam(aws):
    key = aws.emulator.info["admin"]["keys"][0]
    return boto3.client("iam", endpoint_url=aws.emulator.endpoint, region_name="us-east-1",
                        aws_access_key_id=key["access_key_id"], aws_secret_access_key=key["secret_access_key"])


def assume(aws, profile, *extra):
    return aws.run("assume", profile, "--format", "json", *extra)


def role_of(aws, result):
    assert result.returncode == 0, result.stderr
    return caller_identity(aws.emulator, json.loads(result.stdout))["Arn"].split("/")[1]


def test_five_role_profiles_one_code(aws):
    arns = five_roles(aws)
    first = assume(aws, "r1", "--mfa-code", aws.emulator.code())
    assert role_of(aws, first) == arns["r1"].split("/")[-1]
    for name in ROLES[1:]:                       # no code, and the code is never sent again
        assert role_of(aws, assume(aws, name)) == arns[name].split("/")[-1]
    assert len(aws.emulator.requests("GetSessionToken")) == 1
    assume_calls = aws.emulator.requests("AssumeRole")
    assert len(assume_calls) == 5
    gst_key = {r["access_key_id"] for r in aws.emulator.requests("GetSessionToken")}
    assert gst_key == {aws.emulator.daily["access_key_id"]}      # the long-term key signs only GetSessionToken
    assert all(r["access_key_id"].startswith("ASIA") for r in assume_calls)


def test_parallel_cold_calls_across_profiles_one_prompt(aws):
    five_roles(aws)
    code = aws.emulator.code()
    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda i: assume(aws, ROLES[i % 5], "--mfa-code", code), range(10)))
    assert [r.returncode for r in results] == [0] * 10, [r.stderr for r in results if r.returncode]
    assert len(aws.emulator.requests("GetSessionToken")) == 1
    assert len(aws.emulator.requests("AssumeRole")) == 5       # one per profile, as before
    for i, result in enumerate(results):
        assert ROLES[i % 5] in role_of(aws, result)


def test_mfa_session_expiring_midway_asks_once_more(aws):
    five_roles(aws)
    assert assume(aws, "r1", "--mfa-code", aws.emulator.code()).returncode == 0
    assert assume(aws, "r2").returncode == 0
    gst = aws.emulator.requests("GetSessionToken")
    # AWS ends the MFA session while vault's clock still gives it time.
    session_key = next(r["access_key_id"] for r in aws.emulator.requests("AssumeRole"))
    aws.emulator.api("/strict-api/sessions/expire", {"access_key_id": session_key})
    no_code = assume(aws, "r3")
    assert no_code.returncode == 1 and "MFA code" in no_code.stderr and "expired" in no_code.stderr
    again = assume(aws, "r3", "--mfa-code", aws.emulator.code())
    assert again.returncode == 0, again.stderr
    for name in ("r4", "r5"):
        assert assume(aws, name).returncode == 0
    assert len(aws.emulator.requests("GetSessionToken")) == len(gst) + 1


def test_mfa_session_past_its_time_on_vaults_clock_asks_once_more(aws):
    five_roles(aws, extra="mfa_session_duration = 900\n")
    assert assume(aws, "r1", "--mfa-code", aws.emulator.code()).returncode == 0
    # Less than VAULT_SESSION_MIN_REMAINING left: the next role needs a new MFA session.
    env = {"VAULT_SESSION_MIN_REMAINING": "901"}
    result = aws.run("assume", "r2", "--format", "json", env=env)
    assert result.returncode == 1 and "MFA code" in result.stderr
    result = aws.run("assume", "r2", "--format", "json", "--mfa-code", aws.emulator.code(), env=env)
    assert result.returncode == 0, result.stderr
    assert [r["params"].get("DurationSeconds") for r in aws.emulator.requests("GetSessionToken")] == ["900", "900"]


def test_multi_factor_auth_age_below_the_session_age_is_explained(aws):
    iam = admin_iam(aws)
    role = iam.create_role(RoleName=f"Fresh-{uuid.uuid4().hex[:6]}", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": aws.emulator.daily["arn"]}, "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"},
                          "NumericLessThan": {"aws:MultiFactorAuthAge": "600"}}}]}))["Role"]["Arn"]
    five_roles(aws)
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text() + f"\n[profile fresh]\nsource_profile = default\nrole_arn = {role}\n"
                      f"mfa_serial = {aws.emulator.daily['mfa_serial']}\n")
    assert assume(aws, "r1", "--mfa-code", aws.emulator.code()).returncode == 0
    aws.emulator.set_clock(700)                                  # the MFA session is now 700 s old at AWS
    result = aws.run("assume", "fresh", "--format", "json")
    assert result.returncode == 1
    assert "aws:MultiFactorAuthAge" in result.stderr and "--refresh" in result.stderr, result.stderr
    assert "not authorized" not in result.stderr
    refreshed = aws.run("assume", "fresh", "--format", "json", "--refresh", "--mfa-code", aws.emulator.code())
    assert refreshed.returncode == 0, refreshed.stderr


def test_no_mfa_session_sends_the_code_with_assume_role(aws):
    five_roles(aws)
    first = assume(aws, "r1", "--no-mfa-session", "--mfa-code", aws.emulator.code())
    assert first.returncode == 0, first.stderr
    assert aws.emulator.requests("GetSessionToken") == []
    assert [r["access_key_id"] for r in aws.emulator.requests("AssumeRole")] == [aws.emulator.daily["access_key_id"]]
    second = assume(aws, "r2", "--no-mfa-session")
    assert second.returncode == 1 and "MFA code" in second.stderr


def test_setting_turns_mfa_sessions_off(aws):
    five_roles(aws)
    assert aws.run("config", "mfa-session", "off").returncode == 0
    assert assume(aws, "r1", "--mfa-code", aws.emulator.code()).returncode == 0
    assert aws.emulator.requests("GetSessionToken") == []
    assert aws.run("config", "mfa-session", "on").returncode == 0
    assert assume(aws, "r2", "--mfa-code", aws.emulator.code()).returncode == 0
    assert len(aws.emulator.requests("GetSessionToken")) == 1


def test_duration_setting_and_bad_values(aws):
    five_roles(aws)
    assert aws.run("config", "mfa-session-duration", "2h").returncode == 0
    assert assume(aws, "r1", "--mfa-code", aws.emulator.code()).returncode == 0
    assert aws.emulator.requests("GetSessionToken")[0]["params"]["DurationSeconds"] == "7200"
    refused = aws.run("config", "mfa-session-duration", "40h")  # over GetSessionToken's 36 h
    assert refused.returncode == 2 and "36h" in refused.stderr, refused.stderr
    # A value written by hand is reported when used.
    settings = aws.path / ".config" / "vault" / "config"
    settings.write_text(settings.read_text().replace("mfa-session-duration = 2h", "mfa-session-duration = 40h"))
    aws.run("clear")
    result = assume(aws, "r1", "--mfa-code", aws.emulator.code())
    assert result.returncode == 2 and "129600" in result.stderr, result.stderr


def test_status_shows_and_clear_forgets_the_mfa_session(aws):
    five_roles(aws)
    assert assume(aws, "r1", "--mfa-code", aws.emulator.code()).returncode == 0
    text = aws.run("status")
    assert "mfa sessions:" in text.stdout and aws.emulator.daily["mfa_serial"] in text.stdout, text.stdout
    status = json.loads(aws.run("status", "--json").stdout)
    [mfa] = status["mfa_sessions"]
    assert mfa["source_profile"] == "default" and mfa["state"] == "valid"
    assert 8 * 3600 - 120 < mfa["seconds_left"] <= 8 * 3600
    cleared = aws.run("clear", "r3")
    assert cleared.returncode == 0 and "1 MFA session" in cleared.stderr
    assert json.loads(aws.run("status", "--json").stdout)["mfa_sessions"] == []
    assert assume(aws, "r2").returncode == 1                     # a new code is needed


def test_spent_code_is_sent_once_by_twelve_parallel_callers(aws):
    """Issue 19, item 7: the first caller's failure is remembered beside the MFA session's lock."""
    five_roles(aws)
    code = aws.emulator.code()
    spent = aws.run("assume", "r1", "--format", "json", "--no-mfa-session", "--mfa-code", code)
    assert spent.returncode == 0, spent.stderr
    aws.emulator.clear_requests()
    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(lambda i: assume(aws, ROLES[1 + i % 4], "--mfa-code", code), range(12)))
    assert all(r.returncode == 1 for r in results)
    assert len(aws.emulator.requests("GetSessionToken")) == 1
    assert sum("moments ago" in r.stderr for r in results) == 11


def test_aws_cli_and_boto3_share_one_mfa_session(aws):
    arns = five_roles(aws)
    config = aws.path / ".aws" / "config"
    text = config.read_text().replace(f"mfa_serial = {aws.emulator.daily['mfa_serial']}\n",
                                      f"mfa_serial = {aws.emulator.daily['mfa_serial']}\n"
                                      f"mfa_process = {aws.emulator.totp_command()}\n")
    for name in ROLES[:3]:
        text += f"\n[profile cp-{name}]\ncredential_process = {aws.binary} assume {name} --format json\nregion = us-east-1\n"
    config.write_text(text)
    aws.emulator.code()
    env = dict(aws.env, AWS_CONFIG_FILE=str(config))
    for name in ROLES[:2]:
        cli = subprocess.run(["aws", "sts", "get-caller-identity", "--profile", f"cp-{name}", "--output", "json"],
                             capture_output=True, text=True, env=env, timeout=60)
        assert cli.returncode == 0, cli.stderr
        assert json.loads(cli.stdout)["Arn"].split("/")[1] == arns[name].split("/")[-1]
    probe = ("import boto3; print(boto3.Session(profile_name='cp-r3').client('sts', region_name='us-east-1')"
             ".get_caller_identity()['Arn'])")
    result = subprocess.run(["python3", "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().split("/")[1] == arns["r3"].split("/")[-1]
    assert len(aws.emulator.requests("GetSessionToken")) == 1


def test_mfa_serial_in_the_source_profile_is_used_by_its_roles(aws):
    """Issue 19, item 16 (aws-vault's reading): a role profile without mfa_serial takes the source's."""
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text().replace(
        "[default]\nregion = us-east-1\n",
        f"[default]\nregion = us-east-1\nmfa_serial = {aws.emulator.daily['mfa_serial']}\n")
        + f"\n[profile inherits]\nsource_profile = default\nrole_arn = {aws.emulator.info['role_arn']}\n")
    result = assume(aws, "inherits", "--mfa-code", aws.emulator.code())
    assert result.returncode == 0, result.stderr
    assert "PowerUserRole" in role_of(aws, result)
    assert len(aws.emulator.requests("GetSessionToken")) == 1


def test_source_profile_without_a_role_is_get_session_token_with_mfa(aws):
    """Issue 19, item 16: `source_profile` and `mfa_serial`, no `role_arn` → GetSessionToken with
    MFA, signed with the source's keys (not "missing keys"); up to 129600 s (item 10)."""
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text() + f"\n[profile session]\nsource_profile = default\n"
                      f"mfa_serial = {aws.emulator.daily['mfa_serial']}\n")
    result = assume(aws, "session", "--mfa-code", aws.emulator.code(), "--duration", "129600")
    assert result.returncode == 0, result.stderr
    creds = json.loads(result.stdout)
    assert caller_identity(aws.emulator, creds)["Arn"] == aws.emulator.daily["arn"]
    [gst] = aws.emulator.requests("GetSessionToken")
    assert gst["access_key_id"] == aws.emulator.daily["access_key_id"]
    assert gst["params"]["DurationSeconds"] == "129600"
    too_long = assume(aws, "session", "--duration", "129601")
    assert too_long.returncode == 2 and "129600" in too_long.stderr


def test_parallel_cold_calls_ask_for_the_code_once(aws, tmp_path):
    """The code's source runs once for ten cold calls across five profiles (an mfa_process that
    counts its runs stands in for the prompt, which needs a terminal)."""
    runs = tmp_path / "runs"
    command = f"sh -c 'echo run >> {runs}; {aws.emulator.totp_command()}'"
    five_roles(aws, extra=f"mfa_process = {command}\n")
    aws.emulator.code()
    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda i: assume(aws, ROLES[i % 5]), range(10)))
    assert [r.returncode for r in results] == [0] * 10, [r.stderr for r in results if r.returncode]
    assert runs.read_text().splitlines() == ["run"]
    assert len(aws.emulator.requests("GetSessionToken")) == 1


def test_spent_code_is_sent_once_without_mfa_sessions_too(aws):
    """Issue 19, item 7, on the per-role path (--no-mfa-session): one AssumeRole with the spent code."""
    code = aws.emulator.code()
    assert assume(aws, "mfa", "--no-mfa-session", "--mfa-code", code).returncode == 0
    aws.run("clear")
    aws.emulator.clear_requests()
    with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
        results = list(pool.map(lambda _: assume(aws, "mfa", "--no-mfa-session", "--mfa-code", code), range(12)))
    assert all(r.returncode == 1 for r in results), [r.stderr for r in results]
    assert len(aws.emulator.requests("AssumeRole")) == 1
    assert sum("moments ago" in r.stderr for r in results) == 11
