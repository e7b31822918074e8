#!/usr/bin/env python3
"""Prints, as JSON, the profiles botocore reads from AWS config and credentials files.

    botocore_profiles.py CONFIG CREDENTIALS   -> {"profiles": {...}} or {"error": "..."}
    botocore_profiles.py DIR                  -> {"<case>": <as above>, ...} for every DIR/<case>/
                                                 holding `config` and/or `credentials`

Profiles are `botocore.session.Session().full_config['profiles']`, the same map the AWS CLI
resolves profiles from. A missing file is simply absent, as for botocore.
"""
import json
import os
import sys

import botocore.session


def profiles(config, credentials):
    os.environ["AWS_CONFIG_FILE"] = config
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = credentials
    try:
        return {"profiles": botocore.session.Session().full_config["profiles"]}
    except Exception as e:  # noqa: BLE001 - the test compares failure, not its type
        return {"error": "%s: %s" % (type(e).__name__, e)}


def main(argv):
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        os.environ.pop(name, None)
    if len(argv) == 3:
        result = profiles(argv[1], argv[2])
    elif len(argv) == 2:
        result = {}
        for case in sorted(os.listdir(argv[1])):
            directory = os.path.join(argv[1], case)
            result[case] = profiles(os.path.join(directory, "config"), os.path.join(directory, "credentials"))
    else:
        sys.exit("usage: botocore_profiles.py CONFIG CREDENTIALS | botocore_profiles.py DIR")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
