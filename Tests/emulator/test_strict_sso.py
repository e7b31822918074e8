"""IAM Identity Center in the strict emulator (RULES.md, "IAM Identity Center"): plain moto has
no SSO OIDC or portal at all; the strict layer models them strictly, with botocore as the client."""
import boto3
import botocore.exceptions
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from conftest import client_clock

START_URL = "https://example.awsapps.com/start"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def sso_clients(emulator):
    config = Config(signature_version=UNSIGNED, retries={"total_max_attempts": 1, "mode": "standard"})
    oidc = boto3.client("sso-oidc", region_name="eu-west-1", endpoint_url=emulator.endpoint, config=config)
    portal = boto3.client("sso", region_name="eu-west-1", endpoint_url=emulator.endpoint, config=config)
    return oidc, portal


def device(emulator):
    emulator.api("/strict-api/sso/reset", {})
    oidc, portal = sso_clients(emulator)
    client = oidc.register_client(clientName="test", clientType="public")
    auth = oidc.start_device_authorization(clientId=client["clientId"], clientSecret=client["clientSecret"],
                                           startUrl=START_URL)
    poll = dict(clientId=client["clientId"], clientSecret=client["clientSecret"], grantType=DEVICE_GRANT,
                deviceCode=auth["deviceCode"])
    return oidc, portal, client, auth, poll


def test_plain_moto_has_no_sso(plain):
    oidc, _ = sso_clients(plain)
    with pytest.raises(botocore.exceptions.ClientError):
        oidc.register_client(clientName="test", clientType="public")


def test_pending_until_approved_then_the_code_is_spent(strict):
    oidc, _, _, auth, poll = device(strict)
    with pytest.raises(oidc.exceptions.AuthorizationPendingException):
        oidc.create_token(**poll)
    strict.api("/strict-api/sso/approve", {"user_code": auth["userCode"]})
    strict.set_clock(auth["interval"])                 # the next poll comes after the interval
    token = oidc.create_token(**poll)
    assert token["tokenType"] == "Bearer" and token["accessToken"] and token["refreshToken"]
    strict.set_clock(2 * auth["interval"])
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        oidc.create_token(**poll)


def test_polling_faster_than_the_interval_is_slow_down(strict):
    oidc, _, _, _, poll = device(strict)
    with pytest.raises(oidc.exceptions.AuthorizationPendingException):
        oidc.create_token(**poll)
    with pytest.raises(oidc.exceptions.SlowDownException):
        oidc.create_token(**poll)
    assert strict.api("/strict-api/sso/counts")["too_fast"] == 1


def test_denied_and_expired_device_codes(strict):
    oidc, _, _, auth, poll = device(strict)
    strict.api("/strict-api/sso/deny", {"user_code": auth["userCode"]})
    with pytest.raises(oidc.exceptions.AccessDeniedException):
        oidc.create_token(**poll)
    oidc, _, _, auth, poll = device(strict)
    strict.set_clock(auth["expiresIn"] + 1)
    with pytest.raises(oidc.exceptions.ExpiredTokenException):
        oidc.create_token(**poll)


def test_wrong_client_secret_is_refused(strict):
    oidc, _, client, _, poll = device(strict)
    with pytest.raises(oidc.exceptions.InvalidClientException):
        oidc.create_token(**dict(poll, clientSecret="wrong"))


def approved_token(strict):
    oidc, portal, client, auth, poll = device(strict)
    strict.api("/strict-api/sso/approve", {"user_code": auth["userCode"]})
    return oidc, portal, client, oidc.create_token(**poll)


def test_refresh_tokens_rotate(strict):
    oidc, _, client, token = approved_token(strict)
    args = dict(clientId=client["clientId"], clientSecret=client["clientSecret"], grantType="refresh_token")
    fresh = oidc.create_token(**args, refreshToken=token["refreshToken"])
    assert fresh["refreshToken"] != token["refreshToken"]
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        oidc.create_token(**args, refreshToken=token["refreshToken"])


def test_role_credentials_sign_for_moto_and_the_bearer_is_checked(strict):
    _, portal, _, token = approved_token(strict)
    with pytest.raises(portal.exceptions.UnauthorizedException):
        portal.get_role_credentials(roleName="PowerUserRole", accountId="123456789012", accessToken="at-forged")
    with pytest.raises(botocore.exceptions.ClientError, match="ForbiddenException"):
        portal.get_role_credentials(roleName="AdminRole", accountId="123456789012",
                                    accessToken=token["accessToken"])
    role = portal.get_role_credentials(roleName="PowerUserRole", accountId="123456789012",
                                       accessToken=token["accessToken"])["roleCredentials"]
    creds = {"AccessKeyId": role["accessKeyId"], "SecretAccessKey": role["secretAccessKey"],
             "SessionToken": role["sessionToken"]}
    arn = strict.client("sts", creds=creds).get_caller_identity()["Arn"]
    assert arn.startswith("arn:aws:sts::123456789012:assumed-role/PowerUserRole/")
    strict.set_clock(3601)                            # the layer expires them on its clock
    with client_clock(3601), pytest.raises(botocore.exceptions.ClientError, match="ExpiredToken"):
        strict.client("sts", creds=creds).get_caller_identity()


def test_logout_revokes_the_tokens(strict):
    oidc, portal, client, token = approved_token(strict)
    portal.logout(accessToken=token["accessToken"])
    with pytest.raises(portal.exceptions.UnauthorizedException):
        portal.list_accounts(accessToken=token["accessToken"])
    with pytest.raises(oidc.exceptions.InvalidGrantException):
        oidc.create_token(clientId=client["clientId"], clientSecret=client["clientSecret"],
                          grantType="refresh_token", refreshToken=token["refreshToken"])
