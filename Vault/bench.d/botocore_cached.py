"""botocore's cached assume-role path, as the AWS CLI runs it: load the profile through botocore with
the CLI's JSON file cache (~/.aws/cli/cache) attached to the assume-role provider, and print the
credentials as credential_process JSON. The cache is filled by a first run with --mfa-code.

    python3 botocore_cached.py PROFILE [--mfa-code CODE]
"""
import json
import os
import sys

import botocore.session
from botocore.credentials import JSONFileCache


def main() -> None:
    profile = sys.argv[1]
    code = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--mfa-code" else None
    session = botocore.session.Session(profile=profile)
    provider = session.get_component("credential_provider").get_provider("assume-role")
    # What awscli's customizations/assumerole.py attaches (botocore's own default is ~/.aws/boto/cache).
    provider.cache = JSONFileCache(os.path.expanduser(os.path.join("~", ".aws", "cli", "cache")))
    if code is not None:
        provider._prompter = lambda prompt: code
    else:
        provider._prompter = _no_prompt
    frozen = session.get_credentials().get_frozen_credentials()
    print(json.dumps({"Version": 1, "AccessKeyId": frozen.access_key, "SecretAccessKey": frozen.secret_key,
                      "SessionToken": frozen.token}))


def _no_prompt(prompt: str) -> str:
    raise SystemExit("botocore_cached.py: cache miss (it would ask for an MFA code)")


if __name__ == "__main__":
    main()
