"""vault assume / exec against the strict emulator (moto with signature and IAM checks on)."""
import concurrent.futures
import json
import os
import subprocess

import boto3
from botocore.config import Config

from vault_harness import files_containing


def caller_identity(emulator, creds: dict) -> dict:
    sts = boto3.client("sts", endpoint_url=emulator.endpoint, region_name="us-east-1",
                       aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                       aws_session_token=creds["SessionToken"], config=Config(retries={"total_max_attempts": 1}))
    return sts.get_caller_identity()


def assume_json(aws, profile="mfa", *extra, code=None):
    args = ["assume", profile, "--format", "json", *extra]
    if code:
        args += ["--mfa-code", code]
    return aws.run(*args)


def test_assume_returns_working_role_credentials(aws):
    result = assume_json(aws, code=aws.emulator.code())
    assert result.returncode == 0, result.stderr
    creds = json.loads(result.stdout)
    assert creds["Version"] == 1 and creds["Expiration"].endswith("Z")
    identity = caller_identity(aws.emulator, creds)
    assert ":assumed-role/PowerUserRole/" in identity["Arn"]
    assert len(aws.emulator.requests("AssumeRole")) == 1


def test_second_call_is_served_from_the_cache(aws):
    first = assume_json(aws, code=aws.emulator.code())
    assert first.returncode == 0, first.stderr
    second = assume_json(aws)  # no code, no passphrase: a cache hit needs neither
    third = aws.run("assume", "mfa", "--format", "json", env={"VAULT_PASSPHRASE": None, "AWS_ENDPOINT_URL": "http://127.0.0.1:9"})
    assert second.returncode == 0 and third.returncode == 0, second.stderr + third.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout) == json.loads(third.stdout)
    assert len(aws.emulator.requests("AssumeRole")) == 1


def test_refresh_gets_a_new_session(aws):
    first = json.loads(assume_json(aws, code=aws.emulator.code()).stdout)
    refreshed = assume_json(aws, "mfa", "--refresh", code=aws.emulator.code())
    assert refreshed.returncode == 0, refreshed.stderr
    assert json.loads(refreshed.stdout)["AccessKeyId"] != first["AccessKeyId"]
    assert len(aws.emulator.requests("AssumeRole")) == 2


def test_clear_forgets_sessions(aws):
    assert assume_json(aws, code=aws.emulator.code()).returncode == 0
    cleared = aws.run("clear", "mfa")
    assert cleared.returncode == 0 and "removed 1" in cleared.stderr
    again = assume_json(aws)
    assert again.returncode == 1 and "MFA code" in again.stderr


def test_aws_cli_uses_credential_process(aws):
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text() + f"\n[profile work]\ncredential_process = {aws.binary} assume mfa --format json\n"
                      f"region = us-east-1\n")
    with config.open("a") as f:  # the code comes from mfa_process, as from an authenticator CLI
        f.write("")
    text = config.read_text().replace("duration_seconds = 3600\n\n[profile chained]",
                                      f"duration_seconds = 3600\nmfa_process = {aws.emulator.totp_command()}\n\n[profile chained]")
    config.write_text(text)
    aws.emulator.code()  # forget spent codes

    def cli():
        return subprocess.run(["aws", "sts", "get-caller-identity", "--profile", "work", "--output", "json"],
                              capture_output=True, text=True, env=aws.env, timeout=60)

    first = cli()
    assert first.returncode == 0, first.stderr
    assert ":assumed-role/PowerUserRole/" in json.loads(first.stdout)["Arn"]
    second = cli()
    assert second.returncode == 0, second.stderr
    assert len(aws.emulator.requests("AssumeRole")) == 1  # the second run was a cache hit


def test_env_format_works_with_eval(aws):
    code = aws.emulator.code()
    script = (f'eval "$({aws.binary} assume mfa --mfa-code {code})" && '
              'python3 -c "import os; print(os.environ[\'AWS_VAULT\'], os.environ[\'AWS_REGION\'], len(os.environ[\'AWS_SECRET_ACCESS_KEY\']))"')
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=aws.env, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["mfa", "us-east-1", "40"]


def test_exec_runs_the_command_with_credentials_and_its_exit_status(aws):
    code = aws.emulator.code()
    probe = ("import os,sys,boto3; "
             "print(boto3.client('sts',endpoint_url=os.environ['AWS_ENDPOINT_URL']).get_caller_identity()['Arn']); "
             "print(os.environ.get('AWS_PROFILE','-'), os.environ['AWS_VAULT']); sys.exit(7)")
    result = aws.run("exec", "mfa", "--mfa-code", code, "--", "python3", "-c", probe, env={"AWS_PROFILE": "other"})
    assert result.returncode == 7, result.stderr
    arn, rest = result.stdout.strip().split("\n")
    assert ":assumed-role/PowerUserRole/" in arn
    assert rest == "- mfa"


def test_exec_refuses_to_nest(aws):
    result = aws.run("exec", "mfa", "--", "true", env={"AWS_VAULT": "outer"})
    assert result.returncode == 1 and "already inside" in result.stderr and "--force" in result.stderr


def test_exec_unknown_command(aws):
    result = aws.run("exec", "mfa", "--mfa-code", aws.emulator.code(), "--", "no-such-command-xyz")
    assert result.returncode == 127 and "cannot run no-such-command-xyz" in result.stderr


def test_twenty_parallel_cold_calls_make_one_sts_call(aws):
    code = aws.emulator.code()
    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda _: assume_json(aws, code=code), range(20)))
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results if r.returncode]
    sessions = {json.loads(r.stdout)["AccessKeyId"] for r in results}
    assert len(sessions) == 1
    assert len(aws.emulator.requests("AssumeRole")) == 1


def test_mfa_process_supplies_the_code(aws):
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text().replace("mfa_serial =", f"mfa_process = {aws.emulator.totp_command()}\nmfa_serial ="))
    aws.emulator.code()
    result = assume_json(aws)
    assert result.returncode == 0, result.stderr


def test_no_terminal_and_no_code_fails_fast_with_a_hint(aws):
    result = assume_json(aws)
    assert result.returncode == 1
    assert "MFA code" in result.stderr and "--mfa-code" in result.stderr
    assert aws.emulator.requests("AssumeRole") == []


def test_badly_formed_code_is_refused_before_any_request(aws):
    result = assume_json(aws, code="12345x")
    assert result.returncode == 1 and "not 6 digits" in result.stderr
    assert aws.emulator.requests() == []


def test_role_chaining_reuses_the_parent_session_and_caps_the_duration(aws):
    first = aws.run("assume", "chained", "--format", "json", "--mfa-code", aws.emulator.code(), "--duration", "7200")
    assert first.returncode == 0, first.stderr
    assert "role chaining" in first.stderr and "3600" in first.stderr
    assert ":assumed-role/ChainedRole/" in caller_identity(aws.emulator, json.loads(first.stdout))["Arn"]
    aws.run("clear", "chained")
    second = aws.run("assume", "chained", "--format", "json")  # no MFA code: the parent 'mfa' session is cached
    assert second.returncode == 0, second.stderr
    assert len(aws.emulator.requests("AssumeRole")) == 3


def test_profile_without_role_uses_get_session_token(aws):
    # AWS needs no permission for GetSessionToken; moto does (Vault/emulator/RULES.md), so grant it here.
    admin_key = aws.emulator.info["admin"]["keys"][0]
    iam = boto3.client("iam", endpoint_url=aws.emulator.endpoint, region_name="us-east-1",
                       aws_access_key_id=admin_key["access_key_id"], aws_secret_access_key=admin_key["secret_access_key"])
    iam.put_user_policy(UserName="daily", PolicyName="moto-needs-GetSessionToken", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:GetSessionToken", "Resource": "*"}]}))
    try:
        _check_get_session_token(aws)
    finally:
        iam.delete_user_policy(UserName="daily", PolicyName="moto-needs-GetSessionToken")


def _check_get_session_token(aws):
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text().replace("[default]\nregion = us-east-1\n",
                                                 f"[default]\nregion = us-east-1\nmfa_serial = {aws.emulator.daily['mfa_serial']}\n"))
    result = assume_json(aws, "default", code=aws.emulator.code())
    assert result.returncode == 0, result.stderr
    assert len(aws.emulator.requests("GetSessionToken")) == 1
    assert json.loads(result.stdout)["AccessKeyId"] != aws.emulator.daily["access_key_id"]


def test_unknown_profile_is_named_with_suggestions(aws):
    result = assume_json(aws, "mfq")
    assert result.returncode == 1
    assert "mfq" in result.stderr and "mfa" in result.stderr


def test_plaintext_keys_are_pointed_out(aws):
    (aws.path / ".aws" / "credentials").write_text("[plain]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                                                  "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n")
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text() + f"\n[profile viaplain]\nsource_profile = plain\nrole_arn = {aws.emulator.info['role_arn']}\n")
    result = assume_json(aws, "viaplain")
    assert result.returncode == 1
    assert "plaintext" in result.stderr and "vault add plain" in result.stderr


def test_unsupported_profile_kinds(aws):
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text() + "\n[profile web]\nweb_identity_token_file = /t\n"
                      "\n[profile sso]\nsso_session = corp\nsso_account_id = 1\n")
    result = assume_json(aws, "web")
    assert result.returncode == 1 and "web_identity_token_file" in result.stderr and "does not support" in result.stderr
    # SSO profiles are served (test_sso.py); one naming a missing sso-session says so.
    result = assume_json(aws, "sso")
    assert result.returncode == 1 and "no [sso-session corp]" in result.stderr


def test_no_session_secret_on_disk_and_no_secret_in_any_process(aws):
    """While vault waits for mfa_process, scan every process's argv and environment for the
    long-term secret; afterwards scan every file under HOME for the session's secret."""
    long_term = aws.emulator.daily["secret_access_key"]
    config = aws.path / ".aws" / "config"
    marker = aws.path / "waiting"
    slow = f"sh -c 'touch {marker}; sleep 1.5; {aws.emulator.totp_command()}'"
    config.write_text(config.read_text().replace("mfa_serial =", f"mfa_process = {slow}\nmfa_serial ="))
    aws.emulator.code()
    process = subprocess.Popen([aws.binary, "assume", "mfa", "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, env=aws.env, text=True, start_new_session=True)
    import time
    deadline = time.monotonic() + 20
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "mfa_process never ran"
    leaks = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        for part in ("cmdline", "environ"):
            try:
                with open(f"/proc/{pid}/{part}", "rb") as f:
                    if long_term.encode() in f.read():
                        leaks.append((pid, part))
            except OSError:
                pass
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert leaks == []
    session_secret = json.loads(out)["SecretAccessKey"]
    assert files_containing(aws.path, session_secret) == []
    assert files_containing(aws.path, long_term) == []


def test_session_cache_none_always_calls_sts(aws):
    env = {"VAULT_SESSION_CACHE": "none"}
    assert aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), env=env).returncode == 0
    again = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), env=env)
    assert again.returncode == 0, again.stderr
    assert len(aws.emulator.requests("AssumeRole")) == 2
    assert not (aws.path / ".cache" / "vault" / "sessions").exists() or not any(
        p for p in (aws.path / ".cache" / "vault" / "sessions").iterdir() if not p.name.endswith(".lock"))


def test_secret_service_session_cache(aws, keyring):
    keyring.begin("unlocked")
    env = {"VAULT_SESSION_CACHE": "secret-service"}
    first = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), env=env)
    assert first.returncode == 0, first.stderr
    second = aws.run("assume", "mfa", "--format", "json", env=env)
    assert second.returncode == 0, second.stderr
    assert len(aws.emulator.requests("AssumeRole")) == 1


def test_vault_written_by_the_independent_implementation_signs_an_assume(aws):
    """FORMAT.md interop both ways: a vault made by the Python reader/writer (from the spec alone)
    is unlocked and its entry decrypted by `vault assume`, which then signs with it."""
    import independent_reader

    daily = aws.emulator.daily
    data, _ = independent_reader.write_vault(
        "passphrase", created=1_700_000_000, random=None, passphrase=aws.env["VAULT_PASSPHRASE"].encode(),
        opslimit=1, memlimit=8192,
        entries=[{"profile": "default", "access_key_id": daily["access_key_id"],
                  "secret_access_key": daily["secret_access_key"], "added": 1_700_000_001, "metadata": []}],
        require_all_random_used=False)
    aws.vault_file.write_bytes(data)
    # Another vault now sits where this machine recorded one: vault refuses it until accepted.
    refused = assume_json(aws, code=aws.emulator.code())
    assert refused.returncode == 1 and "another vault" in refused.stderr, refused.stderr
    accepted = aws.run("accept-file", "--yes")
    assert accepted.returncode == 0, accepted.stderr
    result = assume_json(aws, code=aws.emulator.code())
    assert result.returncode == 0, result.stderr
    assert ":assumed-role/PowerUserRole/" in caller_identity(aws.emulator, json.loads(result.stdout))["Arn"]


def test_refresh_margin_is_configurable(aws):
    first = assume_json(aws, code=aws.emulator.code())
    assert first.returncode == 0, first.stderr
    # A 3600 s session has less than 3700 s left: with that margin the cache no longer serves it.
    stale = aws.run("assume", "mfa", "--format", "json", env={"VAULT_SESSION_MIN_REMAINING": "3700"})
    assert stale.returncode == 0, stale.stderr          # a new role session, signed with the MFA session
    assert json.loads(stale.stdout)["AccessKeyId"] != json.loads(first.stdout)["AccessKeyId"]
    assert len(aws.emulator.requests("AssumeRole")) == 2
    assert aws.run("assume", "mfa", "--format", "json", env={"VAULT_SESSION_MIN_REMAINING": "60"}).returncode == 0
    bad = aws.run("assume", "mfa", env={"VAULT_SESSION_MIN_REMAINING": "soon"})
    assert bad.returncode == 2


def test_exec_child_gets_a_normal_process_state(aws):
    """The child must not inherit vault's hardening: no blocked signals, the core limit restored."""
    import resource

    probe = ("import resource; print(open('/proc/self/status').read().split('SigBlk:')[1].split()[0]); "
             "print(resource.getrlimit(resource.RLIMIT_CORE)[0])")
    _, hard = resource.getrlimit(resource.RLIMIT_CORE)
    wanted = 4096 if hard == resource.RLIM_INFINITY or hard >= 4096 else hard
    assert wanted > 0, "the test needs a core-file hard limit above 0"
    result = subprocess.run(  # vault starts with a non-zero core limit; it lowers its own to 0
        [aws.binary, "exec", "mfa", "--mfa-code", aws.emulator.code(), "--", "python3", "-c", probe], capture_output=True,
        text=True, env=aws.env, timeout=60, start_new_session=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, (wanted, hard)))
    assert result.returncode == 0, result.stderr
    blocked, core = result.stdout.split()
    assert int(blocked, 16) == 0
    assert int(core) == wanted


def test_fast_path_forms_behave_like_the_parsed_forms(aws):
    """`assume P --format json` and `exec P -- CMD` skip the argument parser (docs/performance.md);
    with an extra option the same commands go through it. Both must give the same result."""
    assert assume_json(aws, code=aws.emulator.code()).returncode == 0
    fast = aws.run("assume", "mfa", "--format", "json")
    parsed = aws.run("assume", "mfa", "--format", "json", "--no-prompt")
    assert fast.returncode == parsed.returncode == 0, fast.stderr + parsed.stderr
    assert json.loads(fast.stdout) == json.loads(parsed.stdout)
    dump = "import os; print(sorted((k, v) for k, v in os.environ.items() if k.startswith('AWS')))"
    fast = aws.run("exec", "mfa", "--", "python3", "-c", dump, "--format")
    parsed = aws.run("exec", "mfa", "--no-prompt", "--", "python3", "-c", dump, "--format")
    assert fast.returncode == parsed.returncode == 0, fast.stderr + parsed.stderr
    assert fast.stdout == parsed.stdout and "AWS_SECRET_ACCESS_KEY" in fast.stdout
    assert len(aws.emulator.requests("AssumeRole")) == 1
