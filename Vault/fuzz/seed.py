#!/usr/bin/env python3
"""Writes the seed inputs the committed corpora started from (run once; `Vault/scripts/fuzz
--merge` keeps the corpora minimal afterwards). Each input is the target's mode byte followed by
its bytes (Tests/FuzzTargets explains the modes).

    python3 Vault/fuzz/seed.py OUT_DIR      # writes OUT_DIR/{vault,ini,aws-response,http-response,sso-response}/*

Sources: the known-answer vault files in Vault/vectors (v1-*.json and v2-*.json; mode 3,
which prepends version 1, only for the v1 ones); the hostile config bases of
Tests/integration/test_hardening_configs.py (those up to 8 KiB); the XML bodies of
Tests/AWSClientTests and the hostile server's bodies; raw HTTP/1.1 responses of each framing (with
Content-Length, chunked with extensions and trailers, after 100 Continue, until the connection
closes), the answers that have no body, bodies at and over the harness's 256-byte limit, heads and
chunk lines near their limits, and malformed ones, each read whole, a byte at a time and in
pseudo-random pieces; the IAM Identity Center answers as AWS's API references document them (each
OIDC and portal call's result, its documented exceptions, with the type in the `x-amzn-ErrorType`
header or in the body) and some that vault must refuse."""
import hashlib
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests/integration"))


def write(out: pathlib.Path, target: str, data: bytes):
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def vault_seeds(out):
    paths = sorted((ROOT / "Vault/vectors").glob("v1-*.json")) + sorted((ROOT / "Vault/vectors").glob("v2-*.json"))
    for path in paths:
        file = bytes.fromhex(json.loads(path.read_text())["file"])
        write(out, "vault", b"\x00" + file)              # as stored
        write(out, "vault", b"\x01" + file[:-32])        # checksum recomputed
        if file[8:10] == b"\x01\x00":                    # mode bit 1 supplies magic + version 1
            write(out, "vault", b"\x03" + file[10:-32])  # magic, version and checksum supplied
        else:                                            # mode bit 3 supplies magic + version 2
            write(out, "vault", b"\x09" + file[10:-32])
    secret = b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    plaintext = b"\x01" + b"\x11" * 16 + b"\x01\x04fuzz\x14AKIAIOSFODNN7EXAMPLE\x28" + secret
    write(out, "vault", b"\x04" + plaintext)             # an entry plaintext that opens
    # This machine's record of a vault (FORMAT.md §6), checksum supplied by mode bit 4.
    import machine_record as mr
    v2 = json.loads((ROOT / "Vault/vectors/v2-passphrase-pending.json").read_text())
    file = bytes.fromhex(v2["file"])
    import independent_reader as ir
    record = mr.write_record(mr.header_digest(ir.read_vault(file)), file[12:28], file[36:68], 1, 1_700_000_000,
                             [(b"\x07" * 32, 1, 1), (b"\x08" * 32, 1, 2)])
    write(out, "vault", b"\x10" + record[:-32])


def ini_seeds(out):
    from test_hardening_configs import base_cases
    for _label, config, credentials, profile in base_cases():
        if len(config) + len(credentials) > 8192:
            continue
        if credentials:
            write(out, "ini", bytes([0x01 | 0x08]) + config + b"\x00" + credentials)
            write(out, "ini", bytes([0x02]) + credentials)
        else:
            write(out, "ini", bytes([0x00 | 0x08]) + config)
        write(out, "ini", bytes([0x04]) + config)
    write(out, "ini", b"\x0a[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n")
    write(out, "ini", b"\x09[profile dev]\nregion = eu-west-1\nsource_profile = default\nrole_arn = "
          b"arn:aws:iam::123456789012:role/dev\nmfa_serial = arn:aws:iam::123456789012:mfa/u\n"
          b"s3 =\n  max_concurrent_requests = 10\n\x00[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n")


ACTIONS = {"AssumeRole": 0, "GetSessionToken": 2, "GetCallerIdentity": 3, "GetUser": 4, "ListAccessKeys": 5,
           "CreateAccessKey": 6, "GetAccessKeyLastUsed": 7, "UpdateAccessKey": 8, "DeleteAccessKey": 9,
           "GetRole": 10, "ListAttachedRolePolicies": 11, "GetUserPolicy": 12, "ListMFADevices": 13,
           "ListGroupsForUser": 14}


def response_seeds(out):
    bodies = []
    for path in sorted((ROOT / "Tests/AWSClientTests").glob("*.swift")):
        for text in re.findall(r'"""\n(.*?)"""', path.read_text(), re.S):
            text = re.sub(r"\\\((?:[^()]|\([^()]*\))*\)", "x", text)   # interpolations
            text = "\n".join(line[4:] if line.startswith("    ") else line for line in text.splitlines())
            if text.lstrip().startswith("<"):
                bodies.append(text.replace("\\\n", "").encode())
    import hostile_server as h
    bodies += [h.TRUNCATED, h.PLAUSIBLE, h.AWS_ERROR.format(code="Throttling", message="slow").encode(),
               h.AWS_ERROR.format(code="AccessDenied", message="User: x is not authorized to perform: "
                                  "sts:AssumeRole on AKIAIOSFODNN7EXAMPLE").encode(),
               b"<html><body>Captive portal</body></html>", b"",
               b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><AssumeRoleResponse>&a;</AssumeRoleResponse>']
    for body in bodies:
        root = re.match(rb"\s*(?:<\?.*?\?>\s*)?<(\w+)", body, re.S)
        name = root.group(1).decode() if root else ""
        if name == "ErrorResponse":
            for status in (2, 3, 5, 6):
                write(out, "aws-response", bytes([status << 4 | 0]) + body)
            write(out, "aws-response", bytes([0x80 | 3 << 4 | 1]) + b"Wed, 25 Nov 2026 19:10:00 GMT\n" + body)
        else:
            action = ACTIONS.get(name.removesuffix("Response"), 0)
            write(out, "aws-response", bytes([action]) + body)


HTTP_RESPONSES = [
    b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 23\r\n\r\n<GetUserResponse/>\n\n\n\n\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhelloHTTP/1.1 500 Trailing\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=y\r\nWiki\r\nA\r\n0123456789\r\n"
    b"b ;q=\"1\"\r\nhello world\r\n0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n",
    b"HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
    b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
    b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n",
    b"HTTP/1.0 200 OK\r\nX-B: 2\r\n\r\nuntil\r\nthe connection closes\n",
    b"HTTP/1.1 200 OK\nContent-Length: 3\nX-Folded: a\n  b\n\tc\n\nabcdef",
    b"HTTP/1.1 403 Forbidden\r\nSet-Cookie: a\r\nset-cookie: b\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\nignored",
    b"HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n",
    b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
    b"HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x01",
    b"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1/\r\nContent-Length: 0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nContent-Length: 256\r\n\r\n" + b"x" * 256,
    b"HTTP/1.1 200 OK\r\nContent-Length: 257\r\n\r\n" + b"x" * 257,
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n80\r\n" + b"y" * 128 + b"\r\n81\r\n" + b"z" * 129
    + b"\r\n0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\n\r\n" + b"w" * 300,
    b"HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
    b"HTTP/1.1 20 OK\r\n\r\n",
    b"<html><body>Captive portal</body></html>",
    b"",
]


def http_response_seeds(out):
    # Mode byte: bit 0 HEAD (no body); bits 1-5 the read-size seed (0 one read, 1 a byte a read);
    # bit 6 a header line that leaves 512 bytes of the head limit; bit 7 3,584 bytes after the first
    # ";" (512 short of the chunk-line limit).
    for i, response in enumerate(HTTP_RESPONSES):
        for seed in (0, 1, 1 + i % 31, 31):
            write(out, "http-response", bytes([seed << 1]) + response)
    write(out, "http-response", bytes([1 | 3 << 1]) + b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHTTP/1.1 ")
    for seed in (0, 1, 7):
        for response in (HTTP_RESPONSES[0], HTTP_RESPONSES[4], b"HTTP/1.1 200 OK\r\nX-Near: " + b"n" * 480 + b"\r\n\r\n",
                         b"HTTP/1.1 200 OK\r\nX-Over: " + b"o" * 520 + b"\r\n\r\n"):
            write(out, "http-response", bytes([0x40 | seed << 1]) + response)
        chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;"
        for response in (chunked + b"n" * 510 + b"\r\na\r\n0\r\n\r\n", chunked + b"o" * 520 + b"\r\na\r\n0\r\n\r\n",
                         HTTP_RESPONSES[2]):
            write(out, "http-response", bytes([0x80 | seed << 1]) + response)


SSO_CALLS = {"RegisterClient": 0, "StartDeviceAuthorization": 1, "CreateToken": 2, "CreateToken (refresh)": 3,
             "ListAccounts": 4, "ListAccountRoles": 5, "GetRoleCredentials": 6, "Logout": 7}
SSO_STATUSES = {200: 0, 400: 2, 401: 3, 403: 4, 429: 5, 500: 6, 503: 7}  # SSOResponseFuzz.statuses
SSO_ANSWERS = {  # the results of AWS's SSO OIDC and SSO portal API references
    "RegisterClient": [b'{"authorizationEndpoint":null,"clientId":"_yzkThXVzLWVhc3QtMQEXAMPLECLIENTID",'
                       b'"clientIdIssuedAt":1579725929,"clientSecret":"VERYLONGSECRETeyJraWQiOiJrZXktMTU2NDAyODA5O'
                       b'SIsImFsZyI6IkhTMzg0In0","clientSecretExpiresAt":1587584999,"tokenEndpoint":null}',
                       b'{"clientId":"cid","clientSecret":"c\\/sec\\u0041","clientIdIssuedAt":1,'
                       b'"clientSecretExpiresAt":99,"scopes":["sso:account:access"]}'],
    "StartDeviceAuthorization": [b'{"deviceCode":"yJraWQiOiJrZXktMTU2Njk2ODA4OCIsImFsZyI6IkhTMzIn0EXAMPLEDEVICECODE",'
                                 b'"expiresIn":600,"interval":1,"userCode":"makdfsk83yJraWQiOiJrZXktMTU2Njk2sImFsZyI6Ik'
                                 b'hTMzIn0EXAMPLEUSERCODE","verificationUri":"https://device.sso.us-west-2.amazonaws.com",'
                                 b'"verificationUriComplete":"https://device.sso.us-west-2.amazonaws.com?user_code='
                                 b'makdfsk83yJraWQiOiJrZXktMTU2Njk2sImFsZyI6IkhTMzIn0EXAMPLEUSERCODE"}',
                                 b'{"deviceCode":"dev","userCode":"AB-CD","verificationUri":"https://v","expiresIn":600}'],
    "CreateToken": [b'{"accessToken":"aoal-YigITUDiNX1xZwOMXM5MxOWDL0E0jg9P6_C_jKQPxS_SKCP6f0kh1Up4g7TtvQqkMnD-GJiU_S1g'
                    b'vug6SxggAEXAMPLEACCESSTOKEN","expiresIn":1579729529,"idToken":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpX'
                    b'VCJ9EXAMPLEIDTOKEN","refreshToken":"aorvJYubGpU6i91YnH7Mfo-AT2fIVa1zCfA_Rvq9yjVKIP3onFmmykuQ7'
                    b'E93y2I-9Nyj-A_sVvMufaLNL0bqnDRtgAkc0:MGUCMFrRsktMRVlWaOR70XGMFGLL0SlcCw4DiYveIiOVx1uK9BbD0gvA'
                    b'aphdo4qQkAEXAMPLEREFRESHTOKEN","tokenType":"Bearer"}',
                    b'{"accessToken":"at","tokenType":"Bearer","expiresIn":3600}',
                    b'{"accessToken":"at","expiresIn":9223372036854775807,"refreshToken":"rt"}',
                    b'{"accessToken":"","expiresIn":-1}'],
    "ListAccounts": [b'{"accountList":[{"accountId":"111122223333","accountName":"Production","emailAddress":'
                     b'"prod@example.com"},{"accountId":"444455556666","accountName":"Dev","emailAddress":'
                     b'"dev@example.com"}],"nextToken":null}',
                     b'{"accountList":[{"accountId":"111122223333"},{"accountName":"no id"}],"nextToken":"page-2"}',
                     b'{"accountList":[]}'],
    "ListAccountRoles": [b'{"nextToken":null,"roleList":[{"accountId":"111122223333","roleName":"ReadOnly"},'
                         b'{"accountId":"111122223333","roleName":"AdministratorAccess"}]}',
                         b'{"roleList":[{"roleName":""},{"accountId":"1"}],"nextToken":"again"}'],
    "GetRoleCredentials": [b'{"roleCredentials":{"accessKeyId":"ASIAIOSFODNN7EXAMPLE","expiration":1795636800000,'
                           b'"secretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY","sessionToken":'
                           b'"IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN"}}',
                           b'{"roleCredentials":{"accessKeyId":"","expiration":-5,"secretAccessKey":"",'
                           b'"sessionToken":""}}'],
    "Logout": [b""],
}
SSO_ERRORS = [  # (exception, OAuth error code, status, calls): the references' documented errors
    ("AuthorizationPendingException", "authorization_pending", 400, ["CreateToken"]),
    ("SlowDownException", "slow_down", 400, ["CreateToken"]),
    ("ExpiredTokenException", "expired_token", 400, ["CreateToken", "CreateToken (refresh)"]),
    ("AccessDeniedException", "access_denied", 400, ["CreateToken"]),
    ("InvalidGrantException", "invalid_grant", 400, ["CreateToken (refresh)"]),
    ("InvalidClientException", "invalid_client", 401, ["StartDeviceAuthorization", "CreateToken"]),
    ("UnauthorizedClientException", "unauthorized_client", 400, ["StartDeviceAuthorization"]),
    ("InvalidRequestException", "invalid_request", 400, ["RegisterClient", "ListAccounts"]),
    ("InvalidScopeException", "invalid_scope", 400, ["RegisterClient"]),
    ("UnsupportedGrantTypeException", "unsupported_grant_type", 400, ["CreateToken"]),
    ("InternalServerException", "server_error", 500, ["RegisterClient", "CreateToken"]),
    ("UnauthorizedException", None, 401, ["ListAccounts", "ListAccountRoles", "GetRoleCredentials", "Logout"]),
    ("TooManyRequestsException", None, 429, ["ListAccounts", "GetRoleCredentials"]),
    ("ResourceNotFoundException", None, 400, ["ListAccountRoles", "GetRoleCredentials"]),
    ("ForbiddenException", None, 403, ["GetRoleCredentials"]),
]


def sso_response_seeds(out):
    # Mode byte: bits 0-2 the call, bits 3-5 the status, bit 6 the ErrorType header line first,
    # bit 7 only the first request gets the body (a second page gets {}).
    for call, bodies in SSO_ANSWERS.items():
        for body in bodies:
            for mode in (SSO_CALLS[call], SSO_CALLS[call] | 0x80):
                write(out, "sso-response", bytes([mode]) + body)
    write(out, "sso-response", bytes([3]) + SSO_ANSWERS["CreateToken"][0])
    for name, code, status, calls in SSO_ERRORS:
        if code:
            body = b'{"error":"%s","error_description":"The device code is %s."}' % (code.encode(), code.encode())
        else:
            body = b'{"message":"Session token not found or invalid"}'
        header = name.encode() + b":http://internal.amazon.com/coral/com.amazonaws.sso.oidc/\n"
        for call in calls:
            mode = SSO_CALLS[call] | SSO_STATUSES[status] << 3
            write(out, "sso-response", bytes([mode | 0x40]) + header + body)
            write(out, "sso-response", bytes([mode]) + b'{"__type":"com.amazonaws.sso.oidc#%s",%s' % (name.encode(),
                                                                                                    body[1:]))
            if code:
                write(out, "sso-response", bytes([mode]) + body)
    for status in (500, 503, 403):
        write(out, "sso-response", bytes([6 | SSO_STATUSES[status] << 3]) + b"<html><body>Service Unavailable</body></html>")
    write(out, "sso-response", bytes([0]) + b"<html><body>Captive portal</body></html>")
    write(out, "sso-response", bytes([2 | 2 << 3]) + b'{"error":"x\\u001b[2J","error_description":"AKIAIOSFODNN7EXAMPLE '
          b'\\u202e\\n wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}')


if __name__ == "__main__":
    out = pathlib.Path(sys.argv[1])
    vault_seeds(out)
    ini_seeds(out)
    response_seeds(out)
    http_response_seeds(out)
    sso_response_seeds(out)
    for target in ("vault", "ini", "aws-response", "http-response", "sso-response"):
        files = list((out / target).iterdir())
        print(f"{target}: {len(files)} seeds, {sum(f.stat().st_size for f in files)} bytes")
