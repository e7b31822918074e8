"""The article's account, created through the AWS API while moto's auth is still off.

daily       inline policy: sts:AssumeRole on "*" (moto never matches resource-scoped
            statements, so "Resource": [role ARN] would deny), one access key,
            a virtual MFA device (enabled with two consecutive codes)
PowerUserRole  trust: Principal AWS = daily's ARN, Condition Bool aws:MultiFactorAuthPresent
            true; PowerUserAccess attached; MaxSessionDuration 3600 (default)
ChainedRole assumable by PowerUserRole sessions (role chaining); MaxSessionDuration 43200
admin       AdministratorAccess, two access keys
breakglass  inline allow-all policy, one access key
"""
import json
import time

import boto3

import totp

ACCOUNT = "123456789012"
ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def _key(iam, user: str) -> dict:
    key = iam.create_access_key(UserName=user)["AccessKey"]
    return {"access_key_id": key["AccessKeyId"], "secret_access_key": key["SecretAccessKey"]}


def create_account(endpoint: str) -> dict:
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="AKIASETUP0000000000", aws_secret_access_key="setup")
    daily = iam.create_user(UserName="daily")["User"]["Arn"]
    iam.put_user_policy(UserName="daily", PolicyName="AllowAssumeRolePolicy", PolicyDocument=json.dumps(
        {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}))
    daily_key = _key(iam, "daily")

    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="daily")["VirtualMFADevice"]
    serial, seed = device["SerialNumber"], device["Base32StringSeed"]
    if isinstance(seed, bytes):
        seed = seed.decode()
    step = totp.step_of(time.time())
    iam.enable_mfa_device(UserName="daily", SerialNumber=serial,
                          AuthenticationCode1=totp.code_at_step(seed, step - 1),
                          AuthenticationCode2=totp.code_at_step(seed, step))

    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": daily}, "Action": "sts:AssumeRole",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
    role = iam.create_role(RoleName="PowerUserRole", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.attach_role_policy(RoleName="PowerUserRole", PolicyArn="arn:aws:iam::aws:policy/PowerUserAccess")

    # moto compares a session's assumed-role ARN with the trust principal literally, so a
    # role ARN principal never matches its sessions there. "*" plus aws:PrincipalArn
    # (evaluated by the strict layer; ignored by plain moto) says the same thing.
    chained_trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
        "Condition": {"ArnEquals": {"aws:PrincipalArn": role}}}]}
    chained = iam.create_role(RoleName="ChainedRole", AssumeRolePolicyDocument=json.dumps(chained_trust),
                              MaxSessionDuration=43200)["Role"]["Arn"]
    iam.attach_role_policy(RoleName="ChainedRole", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")

    admin = iam.create_user(UserName="admin")["User"]["Arn"]
    iam.attach_user_policy(UserName="admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    breakglass = iam.create_user(UserName="breakglass")["User"]["Arn"]
    iam.put_user_policy(UserName="breakglass", PolicyName="AllowAll", PolicyDocument=json.dumps(ALLOW_ALL))
    return {
        "account": ACCOUNT,
        "daily": {"arn": daily, **daily_key, "mfa_serial": serial, "mfa_seed": seed},
        "role_arn": role,
        "chained_role_arn": chained,
        "admin": {"arn": admin, "keys": [_key(iam, "admin"), _key(iam, "admin")]},
        "breakglass": {"arn": breakglass, "keys": [_key(iam, "breakglass")]},
    }
