"""botocore's SigV4Auth.add_auth on the same STS AssumeRole POST that vault-bench signs; prints
one JSON line with the median µs per signature over ROUNDS rounds of ITERATIONS.

    python3 sigv4_botocore.py [ITERATIONS] [ROUNDS]
"""
import datetime
import json
import sys
import time
from unittest import mock

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

BODY = ("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FPowerUserRole"
        "&RoleSessionName=vault-1764100000&DurationSeconds=3600"
        "&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fdaily&TokenCode=123456")


def main() -> None:
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    signer = SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "sts", "us-east-1")
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}

    # One request signed again and again: add_auth replaces its X-Amz-Date and Authorization
    # headers each time, so only the signing is timed (it reads the clock itself, as it must).
    request = AWSRequest(method="POST", url="https://sts.us-east-1.amazonaws.com/", data=BODY, headers=headers)
    for _ in range(iterations // 10 + 1):
        signer.add_auth(request)
    per_round = []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        for _ in range(iterations):
            signer.add_auth(request)
        per_round.append((time.perf_counter_ns() - start) / iterations / 1000)
    per_round.sort()
    # The signature at vault-bench's fixed date (2025-11-25T19:46:40Z), for the report to compare.
    fixed = AWSRequest(method="POST", url="https://sts.us-east-1.amazonaws.com/", data=BODY, headers=headers)
    with mock.patch("botocore.auth.get_current_datetime", return_value=datetime.datetime(2025, 11, 25, 19, 46, 40)):
        signer.add_auth(fixed)
    print(json.dumps({"median_us": per_round[len(per_round) // 2], "min_us": per_round[0],
                      "iterations": iterations, "rounds": rounds, "authorization": fixed.headers["Authorization"]}))


if __name__ == "__main__":
    main()
