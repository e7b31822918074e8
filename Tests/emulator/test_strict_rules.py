"""Each strictness rule: plain moto lets the request through, the strict emulator refuses it
with AWS's code, HTTP status and message. Plus the layer's own switches (clock, log, throttle)."""
import datetime as dt
import json
import os
import re
import subprocess
import sys
import time
import uuid
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from botocore.exceptions import ClientError
from conftest import EMULATOR, client_clock, raw_request

import totp


def refused(call, code, message, status):
    with pytest.raises(ClientError) as caught:
        call()
    error = caught.value.response["Error"]
    assert (error["Code"], error["Message"]) == (code, message)
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    return caught.value.response


def wrong_code(seed):
    step = totp.step_of(time.time())
    window = {totp.code_at_step(seed, s) for s in range(step - 40, step + 40)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in window)


# ---- MFA --------------------------------------------------------------------------------
def test_wrong_mfa_code(plain, strict):
    assert plain.assume_power_user(code=wrong_code(plain.daily["mfa_seed"]))["Credentials"]
    refused(lambda: strict.assume_power_user(code=wrong_code(strict.daily["mfa_seed"])),
            "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. ", 403)


def test_correct_mfa_code_passes_once_and_reuse_is_refused(plain, strict):
    code = strict.fresh_code()
    answer = strict.assume_power_user(code=code, DurationSeconds=1800)
    creds = answer["Credentials"]
    assert answer["AssumedRoleUser"]["Arn"].endswith(":assumed-role/PowerUserRole/vault-test")
    emulator_now = dt.datetime.fromisoformat(strict.api("/strict-api/clock")["now"])
    assert abs((creds["Expiration"] - emulator_now).total_seconds() - 1800) < 5   # emulator clock
    refused(lambda: strict.assume_power_user(code=code),
            "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. ", 403)
    plain_code = totp.code_at(plain.daily["mfa_seed"], time.time())
    assert plain.assume_power_user(code=plain_code) and plain.assume_power_user(code=plain_code)


def test_signature_is_checked_first_and_a_refused_call_spends_no_code(strict):
    code = strict.fresh_code()
    bad = strict.client("sts", strict.daily["access_key_id"], "wrong-secret")
    with pytest.raises(ClientError) as caught:
        bad.assume_role(RoleArn=strict.info["role_arn"], RoleSessionName="vault-test",
                        SerialNumber=strict.daily["mfa_serial"], TokenCode=code)
    assert caught.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    refused(lambda: strict.assume_power_user(code=code, DurationSeconds=7200), "ValidationError",
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400)
    assert strict.assume_power_user(code=code)["Credentials"]     # still unspent


@pytest.mark.parametrize("given", ["SerialNumber", "TokenCode"])
def test_serial_and_code_must_come_together(plain, strict, given):
    """AWS answers 403 AccessDenied here (not a 400 ValidationError): see RULES.md."""
    def call(emulator):
        value = emulator.daily["mfa_serial"] if given == "SerialNumber" else "123456"
        return emulator.client("sts").assume_role(RoleArn=emulator.info["role_arn"], RoleSessionName="vault-test",
                                                  **{given: value})
    assert call(plain)["Credentials"]
    refused(lambda: call(strict), "AccessDenied",
            "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.", 403)


def test_serial_not_associated_with_caller(plain, strict):
    def call(emulator):   # breakglass may do anything, but daily's device is not its own
        key = emulator.info["breakglass"]["keys"][0]
        sts = emulator.client("sts", key["access_key_id"], key["secret_access_key"])
        return sts.get_session_token(SerialNumber=emulator.daily["mfa_serial"], TokenCode="123456")
    assert call(plain)["Credentials"]
    refused(lambda: call(strict), "AccessDenied",
            "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial "
            "number is valid and associated with this user.", 403)


def test_token_code_format(plain, strict):
    call = lambda e: e.assume_power_user(code="12345")  # noqa: E731
    assert call(plain)["Credentials"]
    refused(lambda: call(strict), "ValidationError",
            "1 validation error detected: Value '12345' at 'tokenCode' failed to satisfy constraint: "
            "Member must have length greater than or equal to 6", 400)
    refused(lambda: strict.assume_power_user(code="12a4567"), "ValidationError",
            "2 validation errors detected: Value '12a4567' at 'tokenCode' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [\\d]*; Value '12a4567' at 'tokenCode' failed "
            "to satisfy constraint: Member must have length less than or equal to 6", 400)


def _user_with_device(emulator):
    """A user with its own virtual MFA device and sts:GetSessionToken (moto, unlike AWS,
    wants an IAM permission for GetSessionToken; daily has only sts:AssumeRole)."""
    iam, name = emulator.admin(), f"gst{uuid.uuid4().hex[:6]}"
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="gst", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:GetSessionToken", "Resource": "*"}]}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
    seed = device["Base32StringSeed"].decode() if isinstance(device["Base32StringSeed"], bytes) \
        else device["Base32StringSeed"]
    step = totp.step_of(time.time())
    iam.enable_mfa_device(UserName=name, SerialNumber=device["SerialNumber"],
                          AuthenticationCode1=totp.code_at_step(seed, step - 1),
                          AuthenticationCode2=totp.code_at_step(seed, step))
    return emulator.client("sts", key["AccessKeyId"], key["SecretAccessKey"]), device["SerialNumber"], seed


def test_get_session_token_checks_mfa_too(plain, strict):
    for emulator in (plain, strict):
        sts, serial, seed = _user_with_device(emulator)
        call = lambda: sts.get_session_token(SerialNumber=serial, TokenCode=wrong_code(seed))  # noqa
        if emulator is plain:
            assert call()["Credentials"]
        else:
            refused(call, "AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code. ",
                    403)
            code = emulator.api(f"/strict-api/totp?serial={serial}")["code"]
            assert sts.get_session_token(SerialNumber=serial, TokenCode=code, DurationSeconds=900)["Credentials"]


# ---- trust policy aws:MultiFactorAuthPresent -------------------------------------------------
def test_trust_policy_requires_mfa(plain, strict):
    call = lambda e: e.client("sts").assume_role(RoleArn=e.info["role_arn"], RoleSessionName="no-mfa")  # noqa
    assert call(plain)["Credentials"]
    refused(lambda: call(strict), "AccessDenied",
            f"User: {strict.daily['arn']} is not authorized to perform: sts:AssumeRole on resource: "
            f"{strict.info['role_arn']}", 403)


def _bool_if_exists_roles(emulator):
    """NoMfaRole (daily may assume it without MFA) and IfExistsRole (BoolIfExists MFA true)."""
    iam = emulator.admin()
    suffix = uuid.uuid4().hex[:6]
    no_mfa = iam.create_role(RoleName=f"NoMfaRole{suffix}", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                "Principal": {"AWS": emulator.daily["arn"]}}]}))["Role"]
    iam.put_role_policy(RoleName=no_mfa["RoleName"], PolicyName="assume", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}))
    if_exists = iam.create_role(RoleName=f"IfExistsRole{suffix}", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"},
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}}}]}))["Role"]
    return no_mfa["Arn"], if_exists["Arn"]


def test_bool_if_exists(plain, strict):
    """AWS: long-term keys carry no aws:MultiFactorAuthPresent, so BoolIfExists passes them;
    a session obtained without MFA carries it as false, so it is refused."""
    for emulator in (plain, strict):
        no_mfa, if_exists = _bool_if_exists_roles(emulator)
        sts = emulator.client("sts")
        assert sts.assume_role(RoleArn=if_exists, RoleSessionName="long-term")["Credentials"]
        session = sts.assume_role(RoleArn=no_mfa, RoleSessionName="no-mfa")["Credentials"]
        call = lambda: emulator.client("sts", creds=session).assume_role(  # noqa: E731
            RoleArn=if_exists, RoleSessionName="chained")
        if emulator is plain:
            assert call()["Credentials"]
        else:
            refused(call, "AccessDenied",
                    f"User: arn:aws:sts::123456789012:assumed-role/{no_mfa.split('/')[-1]}/no-mfa is not "
                    f"authorized to perform: sts:AssumeRole on resource: {if_exists}", 403)


# ---- inactive keys ------------------------------------------------------------------------
def test_inactive_access_key(plain, strict):
    for emulator in (plain, strict):
        key = emulator.info["admin"]["keys"][1]
        emulator.admin().update_access_key(UserName="admin", AccessKeyId=key["access_key_id"], Status="Inactive")
        try:
            sts = emulator.client("sts", key["access_key_id"], key["secret_access_key"])
            iam = emulator.client("iam", key["access_key_id"], key["secret_access_key"])
            if emulator is plain:
                assert sts.get_caller_identity()["Arn"].endswith(":user/admin")
                assert iam.get_user()["User"]["UserName"] == "admin"
            else:
                for call in (sts.get_caller_identity, iam.get_user):
                    refused(call, "InvalidClientTokenId", "The security token included in the request is invalid.",
                            403)
        finally:
            emulator.admin().update_access_key(UserName="admin", AccessKeyId=key["access_key_id"],
                                               Status="Active")
        assert sts.get_caller_identity()["Arn"].endswith(":user/admin")


# ---- session durations ---------------------------------------------------------------------
def test_duration_above_max_session_duration(plain, strict):
    assert plain.assume_power_user(code="123456", DurationSeconds=7200)["Credentials"]
    refused(lambda: strict.assume_power_user(DurationSeconds=7200), "ValidationError",
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400)


def test_duration_seconds_range(plain, strict):
    call = lambda e: e.assume_power_user(code="123456", DurationSeconds=899)  # noqa: E731
    assert call(plain)["Credentials"]
    refused(lambda: call(strict), "ValidationError",
            "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: "
            "Member must have value greater than or equal to 900", 400)


def test_role_chaining_one_hour_limit(plain, strict):
    for emulator in (plain, strict):
        session = emulator.assume_power_user(code=None if emulator is strict else "123456")["Credentials"]
        sts = emulator.client("sts", creds=session)
        chain = lambda seconds: sts.assume_role(  # noqa: E731
            RoleArn=emulator.info["chained_role_arn"], RoleSessionName="chained", DurationSeconds=seconds)
        if emulator is plain:
            assert chain(7200)["Credentials"]
        else:
            refused(lambda: chain(7200), "ValidationError",
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
                    "role chaining.", 400)
        assert chain(3600)["AssumedRoleUser"]["Arn"].endswith(":assumed-role/ChainedRole/chained")


def test_chained_role_trusts_only_power_user_sessions(strict):
    refused(lambda: strict.client("sts").assume_role(RoleArn=strict.info["chained_role_arn"],
                                                     RoleSessionName="direct"), "AccessDenied",
            f"User: {strict.daily['arn']} is not authorized to perform: sts:AssumeRole on resource: "
            f"{strict.info['chained_role_arn']}", 403)


# ---- expiry of temporary credentials -------------------------------------------------------
def test_expired_session_credentials(plain, strict):
    old = plain.assume_power_user(code="123456", DurationSeconds=1)["Credentials"]
    time.sleep(1.5)
    assert old["Expiration"] < dt.datetime.now(dt.timezone.utc)
    assert plain.client("sts", creds=old).get_caller_identity()["Arn"]      # moto: still accepted

    creds = strict.assume_power_user(DurationSeconds=900)["Credentials"]
    offset = strict.api("/strict-api/clock")["offset_seconds"]
    sts = strict.client("sts", creds=creds)
    assert sts.get_caller_identity()["Arn"].endswith("/vault-test")
    strict.set_clock(offset + 901)                   # the emulator clock moves past Expiration ...
    with client_clock(offset + 901):                 # ... and so does the client's (no skew)
        refused(sts.get_caller_identity, "ExpiredToken", "The security token included in the request is expired",
                403)
        refused(strict.client("iam", creds=creds).list_roles, "ExpiredToken",
                "The security token included in the request is expired", 403)
    strict.set_clock(offset)
    assert sts.get_caller_identity()["Arn"].endswith("/vault-test")


# ---- clock skew ------------------------------------------------------------------------------
@pytest.mark.parametrize("skew,word", [(-20 * 60, "expired"), (20 * 60, "not yet current")])
def test_clock_skew(plain, strict, skew, word):
    with client_clock(skew):
        assert plain.client("sts").get_caller_identity()["Arn"].endswith(":user/daily")
        with pytest.raises(ClientError) as caught:
            strict.client("sts").get_caller_identity()
    error = caught.value.response["Error"]
    assert error["Code"] == "SignatureDoesNotMatch"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    stamp = r"(\d{8}T\d{6}Z)"
    if skew < 0:
        pattern = rf"Signature expired: {stamp} is now earlier than {stamp} \({stamp} - 15 min\.\)"
    else:
        pattern = rf"Signature not yet current: {stamp} is still later than {stamp} \({stamp} \+ 15 min\.\)"
    signed, bound, now = (dt.datetime.strptime(s, "%Y%m%dT%H%M%SZ")
                          for s in re.fullmatch(pattern, error["Message"]).groups())
    assert bound - now == dt.timedelta(minutes=15 if skew > 0 else -15)
    assert abs((signed - now).total_seconds() - skew) <= 2
    assert word in error["Message"]


def test_skew_within_fifteen_minutes_is_accepted(strict):
    with client_clock(14 * 60):
        assert strict.client("sts").get_caller_identity()["Arn"].endswith(":user/daily")


# ---- Date header, clock, XML shape ----------------------------------------------------------
def test_date_header_follows_emulator_clock(strict):
    key = strict.daily
    for offset in (0, 3600):
        strict.set_clock(offset)
        status, headers, _ = raw_request(strict, "sts", {"Action": "GetCallerIdentity", "Version": "2011-06-15"},
                                         key["access_key_id"], key["secret_access_key"])
        sent = parsedate_to_datetime(headers["Date"])
        assert re.fullmatch(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT", headers["Date"])
        assert abs((sent - dt.datetime.now(dt.timezone.utc)).total_seconds() - offset) < 5
        assert status == (200 if offset == 0 else 403)   # +1 h: the client's signature is now skewed


def test_error_xml_shape_and_namespaces(strict):
    key = strict.info["admin"]["keys"][1]
    strict.admin().update_access_key(UserName="admin", AccessKeyId=key["access_key_id"], Status="Inactive")
    try:
        for service, action, ns in (("sts", "GetCallerIdentity", "https://sts.amazonaws.com/doc/2011-06-15/"),
                                    ("iam", "GetUser", "https://iam.amazonaws.com/doc/2010-05-08/")):
            status, _, body = raw_request(strict, service, {"Action": action, "Version": "x"},
                                          key["access_key_id"], key["secret_access_key"])
            root = ET.fromstring(body)
            assert status == 403 and root.tag == f"{{{ns}}}ErrorResponse"
            assert [e.tag.split("}")[1] for e in root] == ["Error", "RequestId"]
            assert [e.tag.split("}")[1] for e in root[0]] == ["Type", "Code", "Message"]
            assert [e.text for e in root[0]] == ["Sender", "InvalidClientTokenId",
                                                 "The security token included in the request is invalid."]
    finally:
        strict.admin().update_access_key(UserName="admin", AccessKeyId=key["access_key_id"], Status="Active")


# ---- request log, throttle, auth ON ------------------------------------------------------------
def test_request_log(strict):
    strict.api("/strict-api/requests/clear", {})
    iam, key = strict.admin(), strict.info["admin"]["keys"][1]
    iam.update_access_key(UserName="admin", AccessKeyId=key["access_key_id"], Status="Inactive")
    iam.update_access_key(UserName="admin", AccessKeyId=key["access_key_id"], Status="Active")
    with pytest.raises(ClientError):
        strict.client("sts").assume_role(RoleArn=strict.info["role_arn"], RoleSessionName="no-mfa")
    strict.assume_power_user()
    log = strict.api("/strict-api/requests")
    admin_key, daily_key = strict.info["admin"]["keys"][0]["access_key_id"], strict.daily["access_key_id"]
    target, role = {"AccessKeyId": key["access_key_id"], "UserName": "admin"}, {"RoleArn": strict.info["role_arn"]}
    assert log == [
        {"service": "iam", "action": "UpdateAccessKey", "access_key_id": admin_key, "status": 200,
         "params": {**target, "Status": "Inactive"}},
        {"service": "iam", "action": "UpdateAccessKey", "access_key_id": admin_key, "status": 200,
         "params": {**target, "Status": "Active"}},
        {"service": "sts", "action": "AssumeRole", "access_key_id": daily_key, "status": 403, "params": role},
        {"service": "sts", "action": "AssumeRole", "access_key_id": daily_key, "status": 200,
         "params": {**role, **({"DurationSeconds": log[3]["params"]["DurationSeconds"]} if "DurationSeconds" in log[3]["params"] else {})}},
    ]
    assert sum(e["action"] == "AssumeRole" and e["status"] == 200 for e in log) == 1


def test_throttle_switch(strict):
    strict.api("/strict-api/throttle", {"count": 2})
    sts = strict.client("sts")
    for _ in range(2):
        refused(sts.get_caller_identity, "Throttling", "Rate exceeded", 400)
    assert sts.get_caller_identity()["Arn"].endswith(":user/daily")


@pytest.mark.parametrize("which", ["strict", "plain"])
def test_auth_is_on(request, which):
    emulator = request.getfixturevalue(which)
    refused(emulator.client("sts", emulator.daily["access_key_id"], "wrong-secret").get_caller_identity,
            "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you "
            "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            "for details.", 403)
    refused(emulator.client("sts", "AKIAUNKNOWNUNKNOWN00", "secret").get_caller_identity,
            "InvalidClientTokenId", "The security token included in the request is invalid.", 403)
    # daily's only right is sts:AssumeRole
    with pytest.raises(ClientError) as caught:
        emulator.client("iam").list_users()
    assert caught.value.response["Error"]["Code"] == "AccessDenied"


# ---- helpers: totp.py, /strict-api/totp, loopback only --------------------------------------------
def test_totp_cli_and_endpoint_agree(strict):
    seed = strict.daily["mfa_seed"]
    for offset in (0, 300):
        strict.set_clock(offset)
        served = strict.api(f"/strict-api/totp?serial={strict.daily['mfa_serial']}")["code"]
        printed = subprocess.run([sys.executable, os.path.join(EMULATOR, "totp.py"), seed, "--offset", str(offset)],
                                 check=True, capture_output=True, text=True).stdout.strip()
        now = time.time() + offset
        assert served in {totp.code_at(seed, now - 2), totp.code_at(seed, now)}
        assert printed in {totp.code_at(seed, now - 2), totp.code_at(seed, now)}


def test_refuses_non_loopback_bind():
    result = subprocess.run([sys.executable, os.path.join(EMULATOR, "strict_moto.py"), "--host", "0.0.0.0"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0 and "loopback only" in result.stderr


def test_enable_mfa_device_wants_two_consecutive_current_codes(plain, strict):
    """Rule 12: moto enables a device with any codes; AWS (and the layer) want the seed's last two."""
    for emulator in (plain, strict):
        iam, name = emulator.admin(), f"mfa{uuid.uuid4().hex[:6]}"
        iam.create_user(UserName=name)
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
        seed = device["Base32StringSeed"].decode()
        step = totp.step_of(time.time())
        wrong = dict(AuthenticationCode1=wrong_code(seed), AuthenticationCode2=totp.code_at_step(seed, step))
        stale = dict(AuthenticationCode1=totp.code_at_step(seed, step - 10),
                     AuthenticationCode2=totp.code_at_step(seed, step - 9))
        if emulator is plain:
            iam.enable_mfa_device(UserName=name, SerialNumber=device["SerialNumber"], **wrong)
            continue
        for codes in (wrong, stale):
            with pytest.raises(ClientError) as refused:
                iam.enable_mfa_device(UserName=name, SerialNumber=device["SerialNumber"], **codes)
            assert refused.value.response["Error"]["Code"] == "InvalidAuthenticationCode"
        iam.enable_mfa_device(UserName=name, SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=totp.code_at_step(seed, step - 1),
                              AuthenticationCode2=totp.code_at_step(seed, step))
