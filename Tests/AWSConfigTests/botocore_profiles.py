#!/usr/bin/env python3
"""Prints, as JSON, the profiles botocore reads from AWS config and credentials files.

    botocore_profiles.py CONFIG CREDENTIALS   -> {"profiles": {...}} or {"error": "..."}
    botocore_profiles.py DIR                  -> {"<case>": <as above>, ...} for every DIR/<case>/
                                                 holding `config` and/or `credentials`
    botocore_profiles.py --chains DIR         -> {"<case>": {"<profile>": {"calls": [...]} or
                                                 {"error": "..."}}, ...}
    botocore_profiles.py --sso DIR            -> {"<case>": {"<profile>": {"sso": {...} or null} or
                                                 {"error": "..."}}, ...}

Profiles are `botocore.session.Session().full_config['profiles']`, the same map the AWS CLI
resolves profiles from. A missing file is simply absent, as for botocore.

With --chains, every profile is resolved by botocore's own AssumeRoleProvider, wired as the AWS
CLI wires it (credentials.py `create_credential_resolver`) but with a fake STS client: each
AssumeRole call is recorded with the access key it was made with, and answered with credentials
whose key is "ASIA:" + the role ARN. MFA codes are "123456". Default session names are dropped.
"""
import datetime
import json
import os
import sys

import botocore.credentials
import botocore.session


def profiles(config, credentials):
    os.environ["AWS_CONFIG_FILE"] = config
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = credentials
    try:
        return {"profiles": botocore.session.Session().full_config["profiles"]}
    except Exception as e:  # noqa: BLE001 - the test compares failure, not its type
        return {"error": "%s: %s" % (type(e).__name__, e)}


def chains(config, credentials):
    os.environ["AWS_CONFIG_FILE"] = config
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = credentials
    try:
        names = sorted(botocore.session.Session().full_config["profiles"])
    except Exception as e:  # noqa: BLE001
        return {"error": "%s: %s" % (type(e).__name__, e)}
    result = {}
    for name in names:
        calls = []

        class FakeSTS:
            def __init__(self, key):
                self.key = key

            def assume_role(self, **kwargs):
                call = dict(kwargs, SourceAccessKeyId=self.key)
                if call.get("RoleSessionName", "").startswith("botocore-session-"):
                    del call["RoleSessionName"]
                calls.append(call)
                expiration = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)
                return {
                    "Credentials": {
                        "AccessKeyId": "ASIA:" + kwargs["RoleArn"],
                        "SecretAccessKey": "secret",
                        "SessionToken": "token",
                        "Expiration": expiration,
                    },
                    "AssumedRoleUser": {"Arn": "arn:aws:sts::123456789012:assumed-role/r/s", "AssumedRoleId": "x"},
                }

        def client_creator(service, **kwargs):
            return FakeSTS(kwargs.get("aws_access_key_id"))

        session = botocore.session.Session(profile=name)
        provider = botocore.credentials.AssumeRoleProvider(
            load_config=lambda: session.full_config,
            client_creator=client_creator,
            cache={},
            profile_name=name,
            prompter=lambda prompt: "123456",
            credential_sourcer=None,
            profile_provider_builder=botocore.credentials.ProfileProviderBuilder(session),
        )
        try:
            credentials_ = provider.load()
            if credentials_ is not None:
                credentials_.get_frozen_credentials()
            result[name] = {"calls": calls}
        except Exception as e:  # noqa: BLE001
            result[name] = {"error": "%s: %s" % (type(e).__name__, e)}
    return result


def sso(config, credentials):
    """Each profile's SSO settings as botocore's own SSOProvider loads them (`_load_sso_config`):
    None when it is not an SSO profile, an error when it is one that is incomplete."""
    os.environ["AWS_CONFIG_FILE"] = config
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = credentials
    try:
        names = sorted(botocore.session.Session().full_config["profiles"])
    except Exception as e:  # noqa: BLE001
        return {"error": "%s: %s" % (type(e).__name__, e)}
    result = {}
    for name in names:
        session = botocore.session.Session(profile=name)
        provider = botocore.credentials.SSOProvider(
            load_config=lambda: session.full_config, client_creator=None, profile_name=name)
        try:
            result[name] = {"sso": provider._load_sso_config()}
        except Exception as e:  # noqa: BLE001
            result[name] = {"error": "%s: %s" % (type(e).__name__, e)}
    return result


def main(argv):
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        os.environ.pop(name, None)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        os.environ.pop(name, None)
    if len(argv) == 3 and argv[1] == "--chains":
        result = {}
        for case in sorted(os.listdir(argv[2])):
            directory = os.path.join(argv[2], case)
            result[case] = chains(os.path.join(directory, "config"), os.path.join(directory, "credentials"))
    elif len(argv) == 3 and argv[1] == "--sso":
        result = {}
        for case in sorted(os.listdir(argv[2])):
            directory = os.path.join(argv[2], case)
            result[case] = sso(os.path.join(directory, "config"), os.path.join(directory, "credentials"))
    elif len(argv) == 3:
        result = profiles(argv[1], argv[2])
    elif len(argv) == 2:
        result = {}
        for case in sorted(os.listdir(argv[1])):
            directory = os.path.join(argv[1], case)
            result[case] = profiles(os.path.join(directory, "config"), os.path.join(directory, "credentials"))
    else:
        sys.exit("usage: botocore_profiles.py CONFIG CREDENTIALS | DIR | --chains DIR")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
