"""Each failure the strict emulator models gives its own clear error and exit status 1."""
import json

import boto3


def run_assume(aws, profile="mfa", *extra, code=True):
    args = ["assume", profile, "--format", "json", "--refresh", *extra]
    if code:
        args += ["--mfa-code", aws.emulator.code()]
    return aws.run(*args)


def assert_clear_error(result, *phrases):
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().split("\n")
    assert lines[-2].startswith("vault: ") and lines[-1].startswith("hint: "), result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, (phrase, result.stderr)


def test_wrong_mfa_code(aws):
    good = aws.emulator.code()
    wrong = "000000" if good != "000000" else "111111"
    result = aws.run("assume", "mfa", "--format", "json", "--mfa-code", wrong)
    assert_clear_error(result, "rejected the MFA code", "next code")


def test_reused_mfa_code(aws):
    code = aws.emulator.code()
    assert aws.run("assume", "mfa", "--format", "json", "--mfa-code", code).returncode == 0
    result = aws.run("assume", "mfa", "--format", "json", "--refresh", "--mfa-code", code)
    assert_clear_error(result, "rejected the MFA code", "each code works once")


def test_missing_mfa_for_a_role_that_requires_it(aws):
    result = run_assume(aws, "nomfa", code=False)
    assert_clear_error(result, "Not allowed to assume role", "PowerUserRole", "add mfa_serial to [profile nomfa]")


def test_inactive_key(aws):
    admin_key = aws.emulator.info["admin"]["keys"][0]
    iam = boto3.client("iam", endpoint_url=aws.emulator.endpoint, region_name="us-east-1",
                       aws_access_key_id=admin_key["access_key_id"], aws_secret_access_key=admin_key["secret_access_key"])
    daily_key = aws.emulator.daily["access_key_id"]
    iam.update_access_key(UserName="daily", AccessKeyId=daily_key, Status="Inactive")
    try:
        result = run_assume(aws)
    finally:
        iam.update_access_key(UserName="daily", AccessKeyId=daily_key, Status="Active")
    assert_clear_error(result, "inactive or deleted", daily_key[:4])
    assert daily_key not in result.stderr  # only the masked id


def test_duration_above_the_role_maximum(aws):
    # From --duration, the hint is about the option (issue 19, item 10); from the profile, about it.
    result = run_assume(aws, "mfa", "--duration", "7200")
    assert_clear_error(result, "7200 s", "MaxSessionDuration", "--duration", "update-role")
    with open(aws.path / ".aws" / "config", "a") as config:
        config.write("\n[profile long]\nsource_profile = default\n"
                     f"role_arn = {aws.emulator.info['role_arn']}\nmfa_serial = {aws.emulator.info['daily']['mfa_serial']}\n"
                     "duration_seconds = 7200\n")
    result = run_assume(aws, "long")
    assert_clear_error(result, "7200 s", "MaxSessionDuration", "duration_seconds", "[profile long]", "update-role")


def test_clock_skew_of_twenty_minutes(aws):
    aws.emulator.set_clock(20 * 60)
    try:
        result = run_assume(aws)
    finally:
        aws.emulator.set_clock(0)
    assert_clear_error(result, "clock", "timedatectl")


def test_expired_session(aws):
    """A cached parent session that AWS has already ended: the chained call fails clearly, the
    stale session is forgotten, and the next run starts over."""
    first = aws.run("assume", "chained", "--format", "json", "--mfa-code", aws.emulator.code())
    assert first.returncode == 0, first.stderr
    aws.run("clear", "chained")
    aws.emulator.api("/strict-api/sessions/expire", {})
    result = aws.run("assume", "chained", "--format", "json")
    assert_clear_error(result, "expired", "run the command again")
    retry = aws.run("assume", "chained", "--format", "json", "--mfa-code", aws.emulator.code())
    assert retry.returncode == 0, retry.stderr


def test_throttling_is_retried(aws):
    aws.emulator.api("/strict-api/throttle", {"count": 1})
    result = run_assume(aws)
    assert result.returncode == 0, result.stderr


def test_wrong_secret(aws):
    info = aws.emulator.daily
    wrong = info["secret_access_key"][:-1] + ("A" if info["secret_access_key"][-1] != "A" else "B")
    assert aws.add("default", info["access_key_id"], wrong, "--force").returncode == 0
    result = run_assume(aws)
    assert_clear_error(result, "signature did not match", "vault add --force")


def test_wrong_passphrase_costs_no_mfa_code(aws):
    result = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), env={"VAULT_PASSPHRASE": "not it at all"})
    assert_clear_error(result, "wrong passphrase")
    assert aws.emulator.requests() == []


def test_endpoint_must_be_https_unless_loopback(aws):
    result = run_assume(aws, code=False, env=None) if False else aws.run(
        "assume", "mfa", "--format", "json", "--mfa-code", "123456", env={"AWS_ENDPOINT_URL": "http://example.com"})
    assert_clear_error(result, "example.com")
