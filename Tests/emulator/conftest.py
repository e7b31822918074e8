"""Starts a strict and a --plain emulator (session scope) with Vault/emulator/start on free
ports, and stops each by its PID (Vault/emulator/stop) at teardown."""
import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import urllib.request
from unittest import mock

import boto3
import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

EMULATOR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "Vault", "emulator"))
sys.path.insert(0, EMULATOR)


class Emulator:
    def __init__(self, info: dict):
        self.info = info
        self.endpoint = info["endpoint"]
        self.daily = info["daily"]
        self._mfa_uses = 0

    def client(self, service, key=None, secret=None, token=None, creds=None):
        if creds is not None:
            key, secret, token = creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]
        if key is None:
            key, secret = self.daily["access_key_id"], self.daily["secret_access_key"]
        return boto3.client(service, endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                            config=Config(retries={"total_max_attempts": 1, "mode": "standard"},
                                          parameter_validation=False))

    def admin(self, service="iam"):
        key = self.info["admin"]["keys"][0]
        return self.client(service, key["access_key_id"], key["secret_access_key"])

    def api(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.endpoint + path, data=data, method="GET" if data is None else "POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read())

    def set_clock(self, seconds):
        self.api("/strict-api/clock", {"offset_seconds": seconds})

    def fresh_code(self):
        """A TOTP code no earlier test has spent. Each call moves the emulator clock 90 s
        further (3 steps, so the ±1-step windows never overlap), staying inside the 15-min
        skew limit; the caller resets the clock (fixture `strict` does after each test)."""
        self._mfa_uses += 1
        assert self._mfa_uses <= 9, "too many MFA uses for the skew window"
        self.set_clock(90 * self._mfa_uses)
        return self.api(f"/strict-api/totp?serial={self.daily['mfa_serial']}")["code"]

    def assume_power_user(self, code=None, **kwargs):
        sts = self.client("sts")
        return sts.assume_role(RoleArn=self.info["role_arn"], RoleSessionName="vault-test",
                               SerialNumber=self.daily["mfa_serial"],
                               TokenCode=code or self.fresh_code(), **kwargs)


def _start(tmp_path_factory, *flags) -> tuple[Emulator, str]:
    pidfile = str(tmp_path_factory.mktemp("emulator") / "pid")
    out = subprocess.run([os.path.join(EMULATOR, "start"), "--pidfile", pidfile, *flags],
                         check=True, capture_output=True, text=True, timeout=30).stdout
    return Emulator(json.loads(out)), pidfile


@pytest.fixture(scope="session")
def strict_server(tmp_path_factory):
    emulator, pidfile = _start(tmp_path_factory)
    yield emulator
    subprocess.run([os.path.join(EMULATOR, "stop"), pidfile], check=True)


@pytest.fixture(scope="session")
def plain_server(tmp_path_factory):
    emulator, pidfile = _start(tmp_path_factory, "--plain")
    yield emulator
    subprocess.run([os.path.join(EMULATOR, "stop"), pidfile], check=True)


@pytest.fixture
def strict(strict_server):
    strict_server.set_clock(0)
    yield strict_server
    strict_server.set_clock(0)
    strict_server.api("/strict-api/throttle", {"count": 0})


@pytest.fixture
def plain(plain_server):
    return plain_server


@contextlib.contextmanager
def client_clock(offset_seconds: float):
    """Make botocore sign as if the client's clock were off by offset_seconds."""
    real = botocore.auth.get_current_datetime
    with mock.patch.object(botocore.auth, "get_current_datetime",
                           lambda: real() + dt.timedelta(seconds=offset_seconds)):
        yield


def raw_request(emulator: Emulator, service: str, params: dict, key: str, secret: str, token=None):
    """A signed Query-protocol POST; returns (status, headers, body) without botocore parsing."""
    request = AWSRequest(method="POST", url=emulator.endpoint + "/", data=params,
                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    botocore.auth.SigV4Auth(Credentials(key, secret, token), service, "us-east-1").add_auth(request)
    prepared = request.prepare()
    http = urllib.request.Request(prepared.url, data=prepared.body.encode() if isinstance(prepared.body, str)
                                  else prepared.body, headers=dict(prepared.headers), method="POST")
    try:
        with urllib.request.urlopen(http, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
