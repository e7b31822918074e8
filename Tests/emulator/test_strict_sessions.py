"""GetSessionToken sessions as AWS issues them (RULES.md, rules 12-15): plain moto hands out a
key nobody can use; the strict emulator issues one that acts as the user and carries its MFA
context into AssumeRole, refuses IAM without MFA, and expires."""
import json
import os
import uuid

import pytest
from botocore.exceptions import ClientError
from conftest import EMULATOR, client_clock

from test_strict_rules import refused

MFA_AGE_DENIED = "User: {user} is not authorized to perform: sts:AssumeRole on resource: {role}"


def _code(emulator):
    """The current code, usable again (conftest's fresh_code has only nine uses per server)."""
    emulator.api("/strict-api/mfa/forget", {})
    return emulator.api(f"/strict-api/totp?serial={emulator.daily['mfa_serial']}")["code"]


def _session(emulator, code=None, duration=3600):
    sts = emulator.client("sts")
    extra = {"SerialNumber": emulator.daily["mfa_serial"], "TokenCode": code} if code else {}
    return sts.get_session_token(DurationSeconds=duration, **extra)["Credentials"]


def _assume(emulator, creds, role=None):
    return emulator.client("sts", creds=creds).assume_role(RoleArn=role or emulator.info["role_arn"],
                                                           RoleSessionName="via-session")


def _with_gst_permission(emulator):
    """moto (unlike AWS) wants sts:GetSessionToken in daily's policy for plain mode."""
    emulator.admin().put_user_policy(UserName="daily", PolicyName="gst", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:GetSessionToken", "Resource": "*"}]}))


def test_session_credentials_act_as_the_user(plain, strict):
    _with_gst_permission(plain)
    creds = _session(plain, code="123456")
    assert creds["AccessKeyId"] == "AKIAIOSFODNN7EXAMPLE"          # moto: the documentation key ...
    with pytest.raises(ClientError) as caught:                    # ... which moto itself refuses
        plain.client("sts", creds=creds).get_caller_identity()
    assert caught.value.response["Error"]["Code"] == "InvalidClientTokenId"

    creds = _session(strict, code=_code(strict))              # no IAM permission needed, as at AWS
    assert creds["AccessKeyId"].startswith("ASIA")
    assert strict.client("sts", creds=creds).get_caller_identity()["Arn"] == strict.daily["arn"]


def test_mfa_session_carries_mfa_into_assume_role(strict):
    with_mfa = _session(strict, code=_code(strict))
    assumed = _assume(strict, with_mfa)
    assert assumed["AssumedRoleUser"]["Arn"].endswith(":assumed-role/PowerUserRole/via-session")
    without = _session(strict)
    refused(lambda: _assume(strict, without), "AccessDenied",
            MFA_AGE_DENIED.format(user=strict.daily["arn"], role=strict.info["role_arn"]), 403)


def test_session_credentials_cannot_get_another_session(strict):
    creds = _session(strict, code=_code(strict))
    refused(lambda: strict.client("sts", creds=creds).get_session_token(), "AccessDenied",
            "Cannot call GetSessionToken with session credentials", 403)


def test_iam_needs_mfa_with_session_credentials(strict):
    iam = strict.admin()
    iam.put_user_policy(UserName="daily", PolicyName="read-self", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}))
    try:
        with_mfa = _session(strict, code=_code(strict))
        assert strict.client("iam", creds=with_mfa).get_user()["User"]["UserName"] == "daily"
        without = _session(strict)
        refused(strict.client("iam", creds=without).get_user, "AccessDenied",
                "Cannot call IAM APIs with session credentials obtained by GetSessionToken without MFA "
                "authentication", 403)
    finally:
        iam.delete_user_policy(UserName="daily", PolicyName="read-self")


def test_expired_mfa_session_is_refused(strict):
    creds = _session(strict, code=_code(strict), duration=900)
    offset = strict.api("/strict-api/clock")["offset_seconds"]
    strict.set_clock(offset + 901)
    with client_clock(offset + 901):
        refused(lambda: _assume(strict, creds), "ExpiredToken",
                "The security token included in the request is expired", 403)


def test_multi_factor_auth_age(plain, strict):
    """aws:MultiFactorAuthAge: seconds since the code was checked; moto ignores it."""
    for emulator in (plain, strict):
        iam = emulator.admin()
        role = iam.create_role(RoleName=f"FreshMfa{uuid.uuid4().hex[:6]}", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": emulator.daily["arn"]},
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"},
                              "NumericLessThan": {"aws:MultiFactorAuthAge": "600"}}}]}))["Role"]["Arn"]
        if emulator is plain:
            assert plain.client("sts").assume_role(RoleArn=role, RoleSessionName="x")["Credentials"]
            continue
        creds = _session(strict, code=_code(strict))
        assert _assume(strict, creds, role)["Credentials"]             # age 0
        offset = strict.api("/strict-api/clock")["offset_seconds"]
        strict.set_clock(offset + 700)
        with client_clock(offset + 700):
            refused(lambda: _assume(strict, creds, role), "AccessDenied",
                    MFA_AGE_DENIED.format(user=strict.daily["arn"], role=role), 403)


def test_self_management_of_access_keys_needs_mfa(plain, strict):
    """Rule 16: AWS's MFA-gated self-management pattern (Vault/policies/manage-own-keys-policy.json)."""
    policy = open(os.path.join(EMULATOR, "..", "policies", "manage-own-keys-policy.json")).read()
    for emulator in (plain, strict):
        emulator.admin().put_user_policy(UserName="daily", PolicyName="ManageOwnKeys", PolicyDocument=policy)
    try:
        with pytest.raises(ClientError) as caught:     # moto: a user-scoped IAM statement never matches
            plain.client("iam").list_access_keys()
        assert caught.value.response["Error"]["Code"] == "AccessDenied"
        with pytest.raises(ClientError) as caught:     # long-term key: no MFA, refused
            strict.client("iam").list_access_keys()
        assert caught.value.response["Error"]["Code"] == "AccessDenied"
        iam = strict.client("iam", creds=_session(strict, code=_code(strict)))
        keys = iam.list_access_keys()["AccessKeyMetadata"]
        assert [k["AccessKeyId"] for k in keys] == [strict.daily["access_key_id"]]
        assert iam.get_user()["User"]["UserName"] == "daily"
        with pytest.raises(ClientError) as caught:     # another user's keys: not its own
            iam.list_access_keys(UserName="admin")
        assert caught.value.response["Error"]["Code"] == "AccessDenied"
        with pytest.raises(ClientError) as caught:     # an action the policy does not name
            iam.list_users()
        assert caught.value.response["Error"]["Code"] == "AccessDenied"
    finally:
        for emulator in (plain, strict):
            emulator.admin().delete_user_policy(UserName="daily", PolicyName="ManageOwnKeys")
