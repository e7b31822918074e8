#!/usr/bin/env python3
"""Random SigV4 requests signed by botocore, for BotocoreCrossCheckTests.swift.

Prints a JSON list of cases. Each holds the request exactly as botocore saw and would send it
(method, host it signed, path as sent, raw query string as sent, headers in order, body hex), the
signing inputs (date, credentials, region, service) and botocore's canonical request, string to
sign and Authorization header.

Deliberately not generated (botocore and AWS's suite/RFC 3986 differ, or botocore special-cases):
  * paths ending in "/." or "/..": botocore drops the trailing slash RFC 3986 keeps;
  * raw query strings that are not already canonical (botocore signs a URL's query unencoded and
    unsorted-by-decoded-value; AWS's suite re-encodes it). Queries with reserved, unicode or space
    characters therefore go through botocore's `params`, which it encodes and signs properly;
  * empty "&&" query segments, '#' or '?' in paths, non-ASCII white space in header values;
  * the Date, X-Amz-Content-SHA256, Host and Authorization headers, which botocore rewrites.
Exit status 3 with a message when botocore cannot be imported.
"""

import argparse
import datetime
import json
import random
import string
import sys
from urllib.parse import quote, urlsplit

try:
    import botocore
    import botocore.auth
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
except ImportError as error:  # the Swift test turns this into a failure
    print(f"botocore is not importable by {sys.executable}: {error}", file=sys.stderr)
    sys.exit(3)

ENDPOINTS = [
    ("https", "sts.amazonaws.com"),
    ("https", "sts.us-east-1.amazonaws.com"),
    ("https", "iam.amazonaws.com"),
    ("https", "example.amazonaws.com:8443"),
    ("http", "127.0.0.1:5000"),
    ("http", "localhost:4566"),
    ("http", "[::1]:5000"),
]
REGIONS = ["us-east-1", "eu-west-2", "ap-southeast-1", "us-gov-west-1", "cn-north-1", "il-central-1"]
SERVICES = ["sts", "iam", "service", "execute-api", "dynamodb", "kms"]
UNICODE_WORDS = ["ሴ", "café", "日本語", "naïve", "Ωmega", "emoji😀", "ü"]
RESERVED = "!$&'()*+,;=:@"
QUERY_CHARS = string.ascii_letters + string.digits + "-._~ !\"$'()*+,/:;<=>?@[\\]^`{|}%#&=" + "éß日😀"
HEADER_VALUE_CHARS = string.ascii_letters + string.digits + " \t!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~é"
NAMED_HEADERS = ["Content-Type", "Accept", "X-Amz-Target", "X-Amz-User-Agent", "Content-Encoding",
                 "User-Agent", "Connection", "Expect", "X-Amzn-Trace-Id", "Transfer-Encoding",
                 "Keep-Alive", "TE", "Upgrade", "Cache-Control", "X-Amz-Meta-Owner"]


def random_segment(rng):
    kind = rng.random()
    if kind < 0.30:
        return "".join(rng.choice(string.ascii_letters + string.digits + "-._~") for _ in range(rng.randint(1, 10)))
    if kind < 0.45:
        return rng.choice(UNICODE_WORDS)
    if kind < 0.55:
        return quote(rng.choice(UNICODE_WORDS), safe="")  # percent-encoded on the wire
    if kind < 0.65:
        return "a b" if rng.random() < 0.5 else "x%20y"
    if kind < 0.75:
        return "".join(rng.choice(RESERVED + "ab") for _ in range(rng.randint(1, 6)))
    if kind < 0.85:
        return rng.choice([".", ".."])
    if kind < 0.92:
        return ""  # makes "//"
    return "%7e%2F%25" if rng.random() < 0.5 else "100%"


def random_path(rng):
    if rng.random() < 0.15:
        return "/"
    segments = [random_segment(rng) for _ in range(rng.randint(1, 6))]
    path = "/" + "/".join(segments)
    if rng.random() < 0.3:
        path += "/"
    # Trailing dot segments are where botocore and RFC 3986 disagree (see the module docstring).
    while path.endswith("/.") or path.endswith("/.."):
        path += "/" if rng.random() < 0.5 else "end"
    return path


def random_text(rng, alphabet, low, high):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))


def random_params(rng):
    params = []
    for _ in range(rng.randint(1, 6)):
        key = random_text(rng, QUERY_CHARS, 1, 8)
        value = "" if rng.random() < 0.2 else random_text(rng, QUERY_CHARS, 1, 12)
        params.append((key, value))
    if rng.random() < 0.3:  # a repeated name with another value
        params.append((params[0][0], random_text(rng, QUERY_CHARS, 0, 5)))
    return params


def canonical_raw_query(rng):
    """A query already in canonical encoding, so botocore's raw-URL path signs it correctly."""
    pairs = []
    for _ in range(rng.randint(1, 5)):
        key = quote(random_text(rng, QUERY_CHARS, 1, 8), safe="-_.~")
        roll = rng.random()
        if roll < 0.15:
            pairs.append(key)  # bare name, e.g. "acl"
        elif roll < 0.3:
            pairs.append(key + "=")
        else:
            pairs.append(key + "=" + quote(random_text(rng, QUERY_CHARS, 1, 10), safe="-_.~"))
    return "&".join(pairs)


def random_headers(rng):
    headers = []
    for _ in range(rng.randint(0, 6)):
        if rng.random() < 0.4:
            name = rng.choice(NAMED_HEADERS)
        else:
            name = "X-" + "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(1, 8)))
        roll = rng.random()
        if roll < 0.1:
            value = ""
        elif roll < 0.2:
            value = "  first line\n   folded   second  "
        else:
            value = random_text(rng, HEADER_VALUE_CHARS, 1, 30)
        headers.append((name, value))
    if headers and rng.random() < 0.4:  # duplicate name, maybe in another case
        name = headers[0][0]
        headers.append((name.lower() if rng.random() < 0.5 else name.upper(), random_text(rng, HEADER_VALUE_CHARS, 0, 10)))
    return headers


def random_date(rng):
    special = [0, 951782400, 951868799, 1709208000, 2147483647, 2147483648, 4107542399, 4107542400,
               1440938160, 253402300799]
    if rng.random() < 0.2:
        return rng.choice(special)
    return rng.randint(0, 4_102_444_800)


def random_body(rng, method):
    roll = rng.random()
    if method == "GET" and roll < 0.8 or roll < 0.15:
        return b""
    if roll < 0.6:
        return b"Action=GetCallerIdentity&Version=2011-06-15"
    return bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))


class RecordingSigV4Auth(SigV4Auth):
    """SigV4Auth that keeps the canonical request and string to sign it computed."""

    def canonical_request(self, request):
        self.recorded_canonical_request = super().canonical_request(request)
        return self.recorded_canonical_request

    def string_to_sign(self, request, canonical_request):
        self.recorded_string_to_sign = super().string_to_sign(request, canonical_request)
        return self.recorded_string_to_sign


def make_case(rng):
    method = rng.choice(["GET", "POST"])
    scheme, authority = rng.choice(ENDPOINTS)
    path = random_path(rng)
    params = None
    raw_query = ""
    roll = rng.random()
    if roll < 0.45:
        params = random_params(rng)
    elif roll < 0.7:
        raw_query = canonical_raw_query(rng)
    url = f"{scheme}://{authority}{path}" + (f"?{raw_query}" if raw_query else "")
    headers = random_headers(rng)
    body = random_body(rng, method)
    unix_seconds = random_date(rng)
    access_key_id = "AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))
    secret = "".join(rng.choice(string.ascii_letters + string.digits + "+/") for _ in range(40))
    token = None
    if rng.random() < 0.5:
        token = "".join(rng.choice(string.ascii_letters + string.digits + "+/=") for _ in range(rng.randint(20, 400)))
    region = rng.choice(REGIONS)
    service = rng.choice(SERVICES)

    request = AWSRequest(method=method, url=url, data=body, params=params)
    for name, value in headers:
        request.headers[name] = value  # HTTPHeaders appends, so duplicates stay in order
    when = datetime.datetime.fromtimestamp(unix_seconds, datetime.timezone.utc).replace(tzinfo=None)
    botocore.auth.get_current_datetime = lambda remove_tzinfo=True: when
    signer = RecordingSigV4Auth(Credentials(access_key_id, secret, token), service, region)
    signer.add_auth(request)

    prepared_url = urlsplit(request.prepare().url)
    sent_path = urlsplit(request.url).path
    assert sent_path == path, (sent_path, path)  # the path botocore signed is the path we chose
    return {
        "method": method,
        "host": botocore.auth._host_from_url(request.url),
        "path": path,
        "query": prepared_url.query,
        "headers": [[name, value] for name, value in headers],
        "body_hex": body.hex(),
        "unix_seconds": unix_seconds,
        "timestamp": when.strftime("%Y%m%dT%H%M%SZ"),
        "access_key_id": access_key_id,
        "secret_access_key": secret,
        "session_token": token,
        "region": region,
        "service": service,
        "canonical_request": signer.recorded_canonical_request,
        "string_to_sign": signer.recorded_string_to_sign,
        "authorization": request.headers["Authorization"],
        "signed_headers": [[name, value] for name, value in request.headers.items()],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=250)
    parser.add_argument("--seed", type=int, default=20150830)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    cases = [make_case(rng) for _ in range(args.count)]
    json.dump(cases, sys.stdout, indent=1)
    print()
    print(f"botocore {botocore.__version__}: {len(cases)} cases, seed {args.seed}", file=sys.stderr)


if __name__ == "__main__":
    main()
