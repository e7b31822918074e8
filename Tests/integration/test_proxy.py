"""HTTPS through an HTTP proxy end to end: vault asks the proxy for a CONNECT tunnel and speaks TLS
through it to the endpoint, so the proxy sees the host name and port and nothing else.

The endpoint is https://sts.vault.test:PORT, a name that is not loopback (so the proxy variables
apply) and does not resolve (so only the proxy can reach it). The forward proxy (connect_proxy.py)
maps that name to 127.0.0.1, where the TLS proxy of test_transport.py (its certificate naming
sts.vault.test) sits in front of the strict emulator. Every server is started by the test on
127.0.0.1 and stopped by PID."""
import base64
import json
import pathlib
import signal
import socket
import subprocess
import sys
import time

import pytest

from test_transport import TLSProxy, assert_clear_error, cached_sessions
from vault_harness import secret_forms

HERE = pathlib.Path(__file__).resolve().parent
NAME = "sts.vault.test"


class ConnectProxy:
    """connect_proxy.py on a free loopback port: its event log and the bytes it relayed."""

    def __init__(self, scratch: pathlib.Path, *options: str):
        scratch.mkdir()
        ready, self.log, self.capture = scratch / "port", scratch / "log", scratch / "capture"
        self.process = subprocess.Popen([sys.executable, str(HERE / "connect_proxy.py"), "--ready", str(ready),
                                         "--log", str(self.log), "--capture", str(self.capture), *options],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not ready.exists():
            assert time.monotonic() < deadline and self.process.poll() is None, "CONNECT proxy did not start"
            time.sleep(0.02)
        self.port = int(ready.read_text())
        self.url = f"http://127.0.0.1:{self.port}"

    def events(self, kind: str | None = None) -> list[dict]:
        lines = self.log.read_text().splitlines() if self.log.exists() else []
        return [e for e in map(json.loads, lines) if kind is None or e["event"] == kind]

    def relayed(self) -> bytes:
        return self.capture.read_bytes() if self.capture.exists() else b""

    def header(self, request: dict, name: str) -> list[str]:
        return [value for key, value in request["headers"] if key.lower() == name.lower()]

    def stop(self):
        self.process.send_signal(signal.SIGKILL)  # by PID: only the process this test started
        self.process.wait()


@pytest.fixture
def proxied(aws, tmp_path):
    """`aws` with AWS_ENDPOINT_URL=https://sts.vault.test:PORT (trusted through AWS_CA_BUNDLE) and
    `proxied.start_proxy(*options)` starting forward proxies that may tunnel to it."""
    upstream = int(aws.emulator.endpoint.rsplit(":", 1)[1])
    tls = TLSProxy(upstream, tmp_path, dns_names=(NAME,))
    aws.tls_port = int(tls.endpoint.rsplit(":", 1)[1])
    aws.env["AWS_ENDPOINT_URL"] = f"https://{NAME}:{aws.tls_port}"
    aws.env["AWS_CA_BUNDLE"] = str(tls.cert)
    started = []

    def proxy(*options: str) -> ConnectProxy:
        started.append(ConnectProxy(tmp_path / f"connect-proxy-{len(started)}", "--allow", NAME, *options))
        return started[-1]

    aws.start_proxy = proxy
    yield aws
    for server in started:
        server.stop()
    tls.stop()


def assume(home, code: str | None = None, **env):
    return home.run("assume", "mfa", "--format", "json", "--mfa-code", code or home.emulator.code(),
                    env=env, timeout=60)


@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"])
def test_assume_through_a_connect_proxy(proxied, variable):
    proxy = proxied.start_proxy()
    code = proxied.emulator.code()
    result = assume(proxied, code, **{variable: proxy.url})
    assert result.returncode == 0, result.stderr
    session = json.loads(result.stdout)
    assert session["AccessKeyId"].startswith("ASIA")
    calls = [r["action"] for r in proxied.emulator.requests()]
    assert calls == ["GetSessionToken", "AssumeRole"]  # the MFA session first, then the role

    # One connection, hence one tunnel, per request: each asked for exactly the endpoint's name
    # and port, which the proxy (not vault) mapped to the TLS proxy on loopback.
    target = f"{NAME}:{proxied.tls_port}"
    requests = proxy.events("request")
    assert [r["line"] for r in requests] == [f"CONNECT {target} HTTP/1.1"] * len(calls)
    for request in requests:
        assert proxy.header(request, "Host") == [target]
        assert proxy.header(request, "Proxy-Authorization") == []
    tunnel = {"event": "tunnel", "target": target, "upstream": f"127.0.0.1:{proxied.tls_port}"}
    assert proxy.events("tunnel") == [tunnel] * len(calls)

    # TLS is end to end: the proxy relayed the whole exchange but saw none of it in clear.
    relayed = proxy.relayed()
    assert NAME.encode() in relayed, "positive control: the ClientHello's server name is in the relayed bytes"
    seen = relayed + proxy.log.read_bytes()
    daily = proxied.emulator.daily
    for name, secret in [("session secret", session["SecretAccessKey"]), ("session token", session["SessionToken"]),
                         ("MFA code", code), ("long-term secret", daily["secret_access_key"]),
                         ("long-term key id", daily["access_key_id"])]:
        assert not any(form in seen for form in secret_forms(secret)), f"the proxy saw the {name}"


@pytest.mark.parametrize("form", ["http://127.0.0.1:{port}/", "127.0.0.1:{port}", "HTTP://127.0.0.1:{port}"])
def test_proxy_url_forms(proxied, form):
    """A trailing slash, no scheme, an upper-case scheme: the same proxy."""
    proxy = proxied.start_proxy()
    result = assume(proxied, https_proxy=form.format(port=proxy.port))
    assert result.returncode == 0, result.stderr
    assert len(proxy.events("tunnel")) == 2


def test_https_proxy_comes_before_all_proxy(proxied):
    proxy, other = proxied.start_proxy(), proxied.start_proxy()
    result = assume(proxied, HTTPS_PROXY=proxy.url, ALL_PROXY=other.url)
    assert result.returncode == 0, result.stderr
    assert len(proxy.events("tunnel")) == 2
    assert other.events() == []


@pytest.mark.parametrize("variable,exceptions", [("NO_PROXY", NAME), ("no_proxy", ".vault.test"),
                                                 ("NO_PROXY", "localhost, VAULT.test")])
def test_no_proxy_connects_directly(proxied, variable, exceptions):
    """Reached directly, the name does not resolve: a clear error, and the proxy sees nothing."""
    proxy = proxied.start_proxy()
    result = assume(proxied, HTTPS_PROXY=proxy.url, **{variable: exceptions})
    assert_clear_error(result, "cannot connect", f"could not resolve {NAME}",
                       f"connected directly, not through the proxy: {variable} lists {NAME}")
    assert proxy.events() == []
    assert proxied.emulator.requests() == []
    assert cached_sessions(proxied) == []


def test_proxy_credentials_from_the_url(proxied):
    proxy = proxied.start_proxy("--auth", "user:p@ss")
    result = assume(proxied, HTTPS_PROXY=f"http://user:p%40ss@127.0.0.1:{proxy.port}")
    assert result.returncode == 0, result.stderr
    expected = "Basic " + base64.b64encode(b"user:p@ss").decode()  # the password percent-decoded
    requests = proxy.events("request")
    assert [proxy.header(r, "Proxy-Authorization") for r in requests] == [[expected]] * 2
    assert len(proxy.events("tunnel")) == 2
    assert proxy.events("refused") == []
    assert len(proxied.emulator.requests("AssumeRole")) == 1


def test_a_proxy_refusing_the_credentials_is_a_clear_error(proxied):
    proxy = proxied.start_proxy("--auth", "user:p@ss")
    result = assume(proxied, HTTPS_PROXY=f"http://user:wr%2Fong-pass@127.0.0.1:{proxy.port}")
    assert_clear_error(result, f"the proxy 127.0.0.1:{proxy.port} (HTTPS_PROXY) refused the tunnel", "HTTP 407",
                       "did not accept the user name and password")
    assert "wr%2Fong-pass" not in result.stderr and "wr/ong-pass" not in result.stderr
    assert "AWS_ENDPOINT_URL" not in result.stderr  # the endpoint is not what failed
    # A refusal is final: asked once (not retried with the same credentials), nothing relayed.
    assert [e["status"] for e in proxy.events("refused")] == [407]
    assert proxy.events("tunnel") == [] and proxy.relayed() == b""
    assert proxied.emulator.requests() == []
    assert cached_sessions(proxied) == []


def test_a_proxy_asking_for_credentials_is_a_clear_error(proxied):
    proxy = proxied.start_proxy("--auth", "user:p@ss")
    result = assume(proxied, ALL_PROXY=proxy.url)
    assert_clear_error(result, f"the proxy 127.0.0.1:{proxy.port} (ALL_PROXY)", "HTTP 407",
                       "asks for a user name and password")
    assert proxied.emulator.requests() == []


def test_a_proxy_that_is_not_listening_is_a_clear_error(proxied):
    with socket.socket() as held:  # bound, never listening: connections to it are refused
        held.bind(("127.0.0.1", 0))
        port = held.getsockname()[1]
        result = assume(proxied, HTTPS_PROXY=f"http://user:hunter2@127.0.0.1:{port}")
    assert_clear_error(result, f"the proxy 127.0.0.1:{port} (HTTPS_PROXY) cannot be reached", "NO_PROXY")
    assert "hunter2" not in result.stderr
    assert proxied.emulator.requests() == []
    assert cached_sessions(proxied) == []


@pytest.mark.parametrize("scheme", ["https", "socks5", "socks5h"])
def test_an_unsupported_proxy_scheme_is_a_clear_error(proxied, scheme):
    proxy = proxied.start_proxy()
    result = assume(proxied, https_proxy=f"{scheme}://user:hunter2@127.0.0.1:{proxy.port}")
    assert_clear_error(result, f"https_proxy names a {scheme}:// proxy", "http:// proxies only")
    assert "hunter2" not in result.stderr
    assert proxy.events() == []
    assert proxied.emulator.requests() == []
    assert cached_sessions(proxied) == []


def test_a_malformed_proxy_setting_is_a_clear_error(proxied):
    result = assume(proxied, HTTPS_PROXY="http://user:hunter2@127.0.0.1:port")
    assert_clear_error(result, "HTTPS_PROXY=http://…@127.0.0.1:port is not http://")
    assert "hunter2" not in result.stderr
    assert proxied.emulator.requests() == []


def test_a_silent_proxy_times_out(proxied):
    """The proxy takes the connection and the CONNECT and never answers: vault gives up at its
    connect limit (the subprocess timeout is only a safety net against a hang)."""
    proxy = proxied.start_proxy("--silent")
    result = assume(proxied, HTTPS_PROXY=proxy.url)
    assert_clear_error(result, f"the proxy 127.0.0.1:{proxy.port} (HTTPS_PROXY) did not open the tunnel: timed out")
    assert [r["line"] for r in proxy.events("request")] == [f"CONNECT {NAME}:{proxied.tls_port} HTTP/1.1"]
    assert proxy.relayed() == b""
    assert proxied.emulator.requests() == []
    assert cached_sessions(proxied) == []
