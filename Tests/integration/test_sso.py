"""IAM Identity Center end to end: `vault sso login/logout/list` against the strict emulator's
SSO OIDC and portal, SSO profiles served by assume / credential_process, the AWS CLI and boto3
consuming them, botocore reading the file `--share` writes, and no plaintext token otherwise."""
import hashlib
import json
import os
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

START_URL = "https://example.awsapps.com/start"
ACCOUNT = "123456789012"
SSO_KEY = "vault:session-key:" + hashlib.blake2b(b"vault-sso-token-key-v1", digest_size=16).hexdigest()


def forget_sso_key():
    """The sealed logins' key lives in the user's kernel keyring: remove it."""
    found = subprocess.run(["keyctl", "search", "@u", "user", SSO_KEY], capture_output=True, text=True)
    if found.returncode == 0 and found.stdout.strip():
        subprocess.run(["keyctl", "invalidate", found.stdout.strip()], capture_output=True)


@pytest.fixture(autouse=True)
def _forget_sso_key():
    yield
    forget_sso_key()


@pytest.fixture
def sso(home, emulator):
    return sso_home(home, emulator)


def sso_home(home, emulator):
    """`home` with an sso-session `corp`, an SSO profile `dev` (PowerUserRole), a legacy one, a
    role chained from `dev`, and one for a role the login may not use."""
    emulator.reset()
    emulator.api("/strict-api/sso/reset", {})
    info = emulator.info
    (home.path / ".aws").mkdir()
    (home.path / ".aws" / "config").write_text(
        f"[sso-session corp]\nsso_start_url = {START_URL}\nsso_region = eu-west-1\n"
        "sso_registration_scopes = sso:account:access\n\n"
        f"[profile dev]\nsso_session = corp\nsso_account_id = {ACCOUNT}\nsso_role_name = PowerUserRole\n"
        "region = us-east-1\n\n"
        f"[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = eu-west-1\n"
        f"sso_account_id = {ACCOUNT}\nsso_role_name = PowerUserRole\n\n"
        f"[profile chained]\nsource_profile = dev\nrole_arn = {info['chained_role_arn']}\nduration_seconds = 7200\n\n"
        f"[profile nope]\nsso_session = corp\nsso_account_id = {ACCOUNT}\nsso_role_name = AdminRole\n")
    home.env["AWS_ENDPOINT_URL"] = emulator.endpoint
    home.emulator = emulator
    return home


def start_login(home, *args):
    env = dict(home.env)
    return subprocess.Popen([home.binary, "sso", "login", *args], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def pending_code(emulator, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        codes = emulator.api("/strict-api/sso/pending")["user_codes"]
        if codes:
            return codes[-1]
        time.sleep(0.1)
    raise AssertionError("vault never started a device authorization")


def finish(process, timeout=60):
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    return process.returncode, out, err


def login(home, *args):
    process = start_login(home, "corp", *args)
    code = pending_code(home.emulator)
    home.emulator.api("/strict-api/sso/approve", {"user_code": code})
    status, out, err = finish(process)
    assert status == 0, err
    return err


def counts(emulator):
    return emulator.api("/strict-api/sso/counts")


def credentials(home, profile, *extra):
    result = home.run("assume", profile, "--format", "json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def caller_arn(emulator, creds):
    import boto3
    sts = boto3.client("sts", region_name="us-east-1", endpoint_url=emulator.endpoint,
                       aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                       aws_session_token=creds["SessionToken"])
    return sts.get_caller_identity()["Arn"]


def test_pending_then_approved_prints_url_and_code_and_serves_the_profile(sso):
    process = start_login(sso, "corp")
    code = pending_code(sso.emulator)
    time.sleep(2.5)                                   # a few polls answered authorization_pending
    assert process.poll() is None
    sso.emulator.api("/strict-api/sso/approve", {"user_code": code})
    status, _, err = finish(process)
    assert status == 0, err
    assert code in err and "https://device.sso" in err
    assert counts(sso.emulator).get("too_fast") == 0
    creds = credentials(sso, "dev")
    assert caller_arn(sso.emulator, creds).startswith(f"arn:aws:sts::{ACCOUNT}:assumed-role/PowerUserRole/")


def test_denied_device_code(sso):
    process = start_login(sso, "corp")
    sso.emulator.api("/strict-api/sso/deny", {"user_code": pending_code(sso.emulator)})
    status, _, err = finish(process)
    assert status == 1
    assert "denied" in err and "vault sso login again" in err


def test_expired_device_code(sso):
    process = start_login(sso, "corp")
    pending_code(sso.emulator)
    sso.emulator.set_clock(601)                       # the device code's 600 s are over
    status, _, err = finish(process)
    assert status == 1
    assert "expired before it was approved" in err


def test_slow_down_backs_off_by_five_seconds(sso):
    process = start_login(sso, "corp")
    code = pending_code(sso.emulator)
    sso.emulator.api("/strict-api/sso/slow-down", {"count": 1})
    time.sleep(1.5)                                   # the next poll got slow_down
    sso.emulator.api("/strict-api/sso/approve", {"user_code": code})
    status, _, err = finish(process)
    assert status == 0, err
    assert counts(sso.emulator).get("too_fast") == 0  # the emulator refuses a poll inside 6 s


def test_emulator_refuses_polling_too_fast(emulator):
    import boto3
    from botocore import UNSIGNED
    from botocore.config import Config
    emulator.api("/strict-api/sso/reset", {})
    oidc = boto3.client("sso-oidc", region_name="eu-west-1", endpoint_url=emulator.endpoint,
                        config=Config(signature_version=UNSIGNED))
    client = oidc.register_client(clientName="t", clientType="public")
    device = oidc.start_device_authorization(clientId=client["clientId"], clientSecret=client["clientSecret"],
                                             startUrl=START_URL)
    args = dict(clientId=client["clientId"], clientSecret=client["clientSecret"], deviceCode=device["deviceCode"],
                grantType="urn:ietf:params:oauth:grant-type:device_code")
    with pytest.raises(oidc.exceptions.AuthorizationPendingException):
        oidc.create_token(**args)
    with pytest.raises(oidc.exceptions.SlowDownException):
        oidc.create_token(**args)


def test_token_refreshed_without_prompt_and_rotated(sso):
    sso.emulator.api("/strict-api/sso/token-seconds", {"seconds": 600})   # inside the 15 min window
    login(sso)
    before = counts(sso.emulator).get("CreateToken", 0)
    credentials(sso, "dev")                           # stdin is empty: nothing may be asked
    assert counts(sso.emulator)["CreateToken"] == before + 1
    credentials(sso, "dev", "--refresh")              # the rotated refresh token works again
    assert counts(sso.emulator)["CreateToken"] == before + 2


def test_logout_then_use_says_run_login(sso):
    login(sso)
    result = sso.run("sso", "logout", "corp")
    assert result.returncode == 0, result.stderr
    result = sso.run("assume", "dev", "--format", "json")
    assert result.returncode == 1
    assert "run vault sso login corp" in result.stderr


def test_revoked_login_says_run_login(sso):
    login(sso)
    sso.emulator.api("/strict-api/sso/revoke", {})
    result = sso.run("assume", "dev", "--format", "json")
    assert result.returncode == 1
    assert "expired or was revoked" in result.stderr and "run vault sso login corp" in result.stderr


def test_role_not_assigned_is_access_denied(sso):
    login(sso)
    result = sso.run("assume", "nope", "--format", "json")
    assert result.returncode == 1
    assert "AdminRole" in result.stderr and "vault sso list" in result.stderr


def test_sso_profile_as_source_profile_of_a_role(sso):
    login(sso)
    result = sso.run("assume", "chained", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "limits to 1 hour" in result.stderr
    arn = caller_arn(sso.emulator, json.loads(result.stdout))
    assert arn.startswith(f"arn:aws:sts::{ACCOUNT}:assumed-role/ChainedRole/")


def test_parallel_cold_credential_process_makes_one_call(sso):
    login(sso)
    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(lambda _: sso.run("assume", "dev", "--format", "json"), range(10)))
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    assert len({json.loads(r.stdout)["AccessKeyId"] for r in results}) == 1
    assert counts(sso.emulator)["GetRoleCredentials"] == 1


def test_list_shows_accounts_and_roles(sso):
    login(sso)
    result = sso.run("sso", "list", "corp")
    assert result.returncode == 0, result.stderr
    assert f"{ACCOUNT}\tPowerUserRole" in result.stdout and f"{ACCOUNT}\tChainedRole" in result.stdout


def test_share_writes_the_aws_cli_file_botocore_reads(sso):
    login(sso, "--share")
    path = sso.path / ".aws" / "sso" / "cache" / (hashlib.sha1(b"corp").hexdigest() + ".json")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    data = json.loads(path.read_text())
    assert {"accessToken", "expiresAt", "refreshToken", "clientId", "clientSecret", "registrationExpiresAt",
            "startUrl", "region"} <= set(data)
    env = dict(sso.env, AWS_CONFIG_FILE=str(sso.path / ".aws" / "config"))
    script = ("import boto3; c = boto3.Session(profile_name='dev').get_credentials().get_frozen_credentials();"
              "print(c.access_key)")
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("ASIA")
    result = sso.run("sso", "logout", "corp")
    assert result.returncode == 0 and not path.exists()


@pytest.mark.parametrize("elsewhere", [False, True], ids=["aws-cli-file", "file-option"])
def test_import_a_token_file_written_as_botocore_tests_write_them(sso, elsewhere):
    issued = sso.emulator.api("/strict-api/sso/login", {"start_url": START_URL})
    cache = sso.path / ("elsewhere" if elsewhere else ".aws/sso/cache")
    cache.mkdir(parents=True)
    token_file = cache / (hashlib.sha1(b"corp").hexdigest() + ".json")
    expires = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
    token_file.write_text(json.dumps({
        "startUrl": START_URL, "region": "eu-west-1", "accessToken": issued["accessToken"], "expiresAt": expires,
        "refreshToken": issued["refreshToken"], "clientId": issued["clientId"],
        "clientSecret": issued["clientSecret"],
        "registrationExpiresAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(issued["clientSecretExpiresAt"]))}))
    result = sso.run("sso", "login", "corp", "--import", *(["--file", str(token_file)] if elsewhere else []))
    assert result.returncode == 0, result.stderr
    assert caller_arn(sso.emulator, credentials(sso, "dev")).split("/")[1] == "PowerUserRole"


def test_aws_cli_and_boto3_use_credential_process_for_an_sso_profile(sso):
    login(sso)
    config = sso.path / ".aws" / "config"
    config.write_text(config.read_text()
                      + f"\n[profile viavault]\ncredential_process = {sso.binary} assume dev --format json\n")
    env = dict(sso.env, AWS_CONFIG_FILE=str(config), AWS_PROFILE="viavault", AWS_DEFAULT_REGION="us-east-1")
    result = subprocess.run(["aws", "sts", "get-caller-identity", "--output", "json"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "assumed-role/PowerUserRole/" in json.loads(result.stdout)["Arn"]
    script = "import boto3; print(boto3.client('sts').get_caller_identity()['Arn'])"
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "assumed-role/PowerUserRole/" in result.stdout


PROBE = ("import boto3; print(boto3.client('sts', region_name='us-east-1').get_caller_identity()['Arn'])")


def test_exec_and_exec_server_serve_an_sso_profile(sso):
    login(sso)
    for extra in ([], ["--server"]):
        result = sso.run("exec", "dev", *extra, "--", sys.executable, "-c", PROBE)
        assert result.returncode == 0, result.stderr
        assert "assumed-role/PowerUserRole/" in result.stdout
    assert counts(sso.emulator)["GetRoleCredentials"] == 1   # the second exec was served from the cache


def test_status_and_clear_show_and_forget_an_sso_session(sso):
    login(sso)
    credentials(sso, "dev")
    status = sso.run("status", "--json")
    assert status.returncode == 0, status.stderr
    sessions = {s["profile"]: s for s in json.loads(status.stdout)["sessions"]}
    assert sessions["dev"]["state"] == "valid"
    assert sso.run("clear", "dev").returncode == 0
    credentials(sso, "dev")
    assert counts(sso.emulator)["GetRoleCredentials"] == 2


def test_status_prompt_shows_an_sso_profiles_cached_session(sso):
    login(sso)
    assert sso.run("status", "--prompt", env={"AWS_PROFILE": "dev"}).stdout == ""  # nothing cached yet
    credentials(sso, "dev")
    for env in ({"AWS_PROFILE": "dev"}, {"AWS_VAULT": "dev"}):  # a shell's profile; exec --server
        result = sso.run("status", "--prompt", env=env)
        assert result.returncode == 0, result.stderr
        name, minutes = result.stdout.split()
        assert name == "dev" and minutes.endswith("m") and int(minutes[:-1]) > 0


def test_list_writes_profiles_for_roles_not_yet_configured(sso):
    login(sso)
    config = sso.path / ".aws" / "config"
    before = config.read_text()
    result = sso.run("sso", "list", "corp", "--write-profiles")
    assert result.returncode == 0, result.stderr
    after = config.read_text()
    assert after.startswith(before.rstrip("\n"))                     # every other line kept
    assert "[profile vault-demo-ChainedRole]" in after and "vault-demo-PowerUserRole" not in after  # dev has it
    assert caller_arn(sso.emulator, credentials(sso, "vault-demo-ChainedRole")).split("/")[1] == "ChainedRole"
    again = sso.run("sso", "list", "corp", "--write-profiles")
    assert again.returncode == 0 and config.read_text() == after and "no new profiles" in again.stderr


def test_legacy_profile_login_share_uses_the_start_url_name(sso):
    process = start_login(sso, "legacy", "--share")
    sso.emulator.api("/strict-api/sso/approve", {"user_code": pending_code(sso.emulator)})
    status, _, err = finish(process)
    assert status == 0, err
    path = sso.path / ".aws" / "sso" / "cache" / (hashlib.sha1(b"https://legacy.awsapps.com/start").hexdigest() + ".json")
    data = json.loads(path.read_text())
    assert data["startUrl"] == "https://legacy.awsapps.com/start" and "refreshToken" not in data  # legacy: no refresh
    assert caller_arn(sso.emulator, credentials(sso, "legacy")).split("/")[1] == "PowerUserRole"


def test_no_network_gives_the_usual_hint(sso):
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = sso.run("sso", "login", "corp", env={"AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"})
    assert result.returncode == 1
    assert "No response from AWS" in result.stderr and "Check the network" in result.stderr


def test_not_signed_in_says_run_login(sso):
    result = sso.run("assume", "dev", "--format", "json")
    assert result.returncode == 1
    assert "not signed in" in result.stderr and "run vault sso login corp" in result.stderr


def test_console_login_signs_in_with_the_sso_role_session(sso):
    from test_console import FederationServer
    server = FederationServer()
    try:
        login(sso)
        result = sso.run("login", "dev", env={"VAULT_FEDERATION_ENDPOINT": server.endpoint})
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(server.endpoint + "?Action=login")
        query = dict(urllib.parse.parse_qsl(server.requests[0].partition("?")[2]))
        assert json.loads(query["Session"])["sessionId"] == credentials(sso, "dev")["AccessKeyId"]
    finally:
        server.stop()


def test_login_open_hands_the_verification_url_to_xdg_open(sso, tmp_path):
    from test_console import fake_xdg_open
    bin_dir, record = fake_xdg_open(tmp_path)
    sso.env["PATH"] = f"{bin_dir}:{sso.env['PATH']}"
    err = login(sso, "--open")
    opened = json.loads(record.read_text())
    assert len(opened) == 1 and opened[0].startswith("https://device.sso") and opened[0] in err


def test_without_a_key_store_login_refuses_before_the_browser(sso):
    result = sso.run("sso", "login", "corp", env={"VAULT_SESSION_CACHE": "none"})
    assert result.returncode == 1
    assert "nowhere to keep the IAM Identity Center tokens sealed" in result.stderr
    assert counts(sso.emulator).get("RegisterClient", 0) == 0


@pytest.mark.parametrize("command", [["sso", "login"], ["sso", "logout"], ["sso", "list"]])
def test_sso_commands_offer_no_protector_choice(home, command):
    """IAM Identity Center's commands never open the vault: `--protector` is refused as an
    unknown option (exit 2) instead of being silently ignored, and their help does not offer it."""
    result = home.run(*command, "--protector", "1", "--no-prompt")
    assert result.returncode == 2, result.stderr
    assert "--protector" in result.stderr
    assert "--protector" not in home.run(*command, "--help").stdout
    assert "--no-prompt" in home.run(*command, "--help").stdout  # the control: the shared option is there
