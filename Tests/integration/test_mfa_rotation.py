"""Key rotation in the article's least-privilege setup (issue 17): the user may manage its own keys
only with MFA (Vault/policies/manage-own-keys-policy.json, enforced by the strict emulator's rule
16), so `vault rotate` signs its IAM calls with the MFA session of the key, or with `--using`."""
import json
import time
import uuid

import boto3
import pytest

from test_setup_doctor import code_for, setup_args, setup_home  # noqa: F401 (a fixture)
from vault_harness import ROOT

sys_path = str(ROOT / "Vault" / "emulator")


def admin_iam(emulator):
    key = emulator.info["admin"]["keys"][0]
    return boto3.client("iam", endpoint_url=emulator.endpoint, region_name="us-east-1",
                        aws_access_key_id=key["access_key_id"], aws_secret_access_key=key["secret_access_key"])


@pytest.fixture
def least(aws):
    """A user with only sts:AssumeRole and MFA-gated self-management, its own MFA device, and its
    one key in the vault as 'rot' ([profile rot] names the device)."""
    import sys
    sys.path.insert(0, sys_path)
    import totp
    iam = admin_iam(aws.emulator)
    name = "least-" + uuid.uuid4().hex[:8]
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="AllowAssumeRolePolicy", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}))
    policy = (ROOT / "Vault" / "policies" / "manage-own-keys-policy.json").read_text()
    iam.put_user_policy(UserName=name, PolicyName="AllowManageOwnAccessKeysWithMFA", PolicyDocument=policy)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
    seed = device["Base32StringSeed"]
    seed = seed.decode() if isinstance(seed, bytes) else seed
    step = totp.step_of(time.time())
    iam.enable_mfa_device(UserName=name, SerialNumber=device["SerialNumber"],
                          AuthenticationCode1=totp.code_at_step(seed, step - 1),
                          AuthenticationCode2=totp.code_at_step(seed, step))
    assert aws.add("rot", key["AccessKeyId"], key["SecretAccessKey"]).returncode == 0
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text() + f"\n[profile rot]\nmfa_serial = {device['SerialNumber']}\n")
    aws.least = {"name": name, "key": key["AccessKeyId"], "serial": device["SerialNumber"], "iam": iam}
    return aws


def code(home):
    home.emulator.api("/strict-api/mfa/forget", {})
    return home.emulator.api(f"/strict-api/totp?serial={home.least['serial']}")["code"]


def keys(home):
    listed = home.least["iam"].list_access_keys(UserName=home.least["name"])["AccessKeyMetadata"]
    return {k["AccessKeyId"]: k["Status"] for k in listed}


def test_rotate_signs_iam_calls_with_the_mfa_session(least):
    old = least.least["key"]
    without = least.run("rotate", "rot")                    # no code, no terminal: nothing changes
    assert without.returncode == 1 and "MFA code" in without.stderr
    assert keys(least) == {old: "Active"}
    least.emulator.clear_requests()
    result = least.run("rotate", "rot", "--mfa-code", code(least))
    assert result.returncode == 0, result.stderr
    assert "MFA session" in result.stderr and "deleted" in result.stdout
    current = keys(least)
    assert old not in current and list(current.values()) == ["Active"]
    calls = least.emulator.requests()
    [gst] = [c for c in calls if c["action"] == "GetSessionToken"]
    assert gst["access_key_id"] == old and gst["status"] == 200
    admin = least.emulator.info["admin"]["keys"][0]["access_key_id"]             # (the test's own reads)
    iam_calls = [c for c in calls if c["service"] == "iam" and c["access_key_id"] != admin]
    assert {c["action"] for c in iam_calls} >= {"ListAccessKeys", "CreateAccessKey", "UpdateAccessKey",
                                                 "DeleteAccessKey"}
    assert all(c["access_key_id"].startswith("ASIA") and c["status"] == 200 for c in iam_calls)
    # The MFA session of the old key is gone with it.
    status = json.loads(least.run("status", "--json").stdout)
    assert [m for m in status["mfa_sessions"] if m["source_profile"] == "rot"] == []


def test_the_long_term_key_alone_is_refused_by_the_mfa_condition(least):
    """What rotate did before: sign with the key itself. The policy's MFA condition refuses it."""
    config = least.path / ".aws" / "config"
    config.write_text(config.read_text().replace(f"\n[profile rot]\nmfa_serial = {least.least['serial']}\n", ""))
    result = least.run("rotate", "rot")
    assert result.returncode == 1
    assert keys(least) == {least.least["key"]: "Active"}
    assert [c["status"] for c in least.emulator.requests("ListAccessKeys")
            if c["access_key_id"] == least.least["key"]] == [403]


def test_rotate_using_another_identity(least):
    admin = least.emulator.info["admin"]["keys"][0]
    assert least.add("admin", admin["access_key_id"], admin["secret_access_key"]).returncode == 0
    least.emulator.clear_requests()
    result = least.run("rotate", "rot", "--using", "admin")
    assert result.returncode == 0, result.stderr
    assert least.least["key"] not in keys(least)
    assert least.emulator.requests("GetSessionToken") == []
    iam_calls = [c for c in least.emulator.requests() if c["service"] == "iam"]
    assert iam_calls and all(c["access_key_id"] == admin["access_key_id"] for c in iam_calls)


def test_setup_grants_mfa_only_self_management_then_rotate_works_least_privileged(setup_home):
    """The article's flow: setup (with the user's temporary IAM rights), doctor sees the rotation
    right, the extra rights go, and rotate still works, signed with the MFA session."""
    s = setup_home.setup
    result = setup_home.run(*setup_args(setup_home))
    assert result.returncode == 0, result.stderr
    policy = s["iam"].get_user_policy(UserName=s["user"], PolicyName="AllowManageOwnAccessKeysWithMFA")
    document = policy["PolicyDocument"]
    document = document if isinstance(document, dict) else json.loads(document)
    assert document == json.loads((ROOT / "Vault" / "policies" / "manage-own-keys-policy.json").read_text())
    findings = {f["check"]: f for f in json.loads(setup_home.run("doctor", "--profile", "power", "--json").stdout)
                ["findings"]}
    assert findings["key rotation"]["level"] == "ok", findings["key rotation"]
    assert "AllowManageOwnAccessKeysWithMFA" not in findings["least privilege"]["detail"]
    s["iam"].delete_user_policy(UserName=s["user"], PolicyName="IAMFullAccess")     # least privilege now
    old = s["key"]["AccessKeyId"]
    rotated = setup_home.run("rotate", "default", "--mfa-code", code_for(setup_home, s["serial"]))
    assert rotated.returncode == 0, rotated.stderr
    listed = s["iam"].list_access_keys(UserName=s["user"])["AccessKeyMetadata"]
    assert old not in [k["AccessKeyId"] for k in listed] and len(listed) == 1
