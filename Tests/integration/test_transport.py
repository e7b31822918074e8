"""The HTTPS transport end to end: OpenSSL loaded only when vault talks to AWS over HTTPS, TLS
through a loopback proxy with AWS_CA_BUNDLE, the certificate's name checked, clear errors for an
untrusted certificate or a missing OpenSSL.

A TLS-terminating proxy (tls_proxy.py, certificate made here) sits in front of the strict
emulator on 127.0.0.1; every server is started by the test and stopped by PID."""
import datetime
import ipaddress
import json
import pathlib
import shutil
import signal
import subprocess
import sys
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HERE = pathlib.Path(__file__).resolve().parent


def cached_sessions(home) -> list[str]:
    sessions = home.path / ".cache" / "vault" / "sessions"
    return sorted(p.name for p in sessions.glob("s-*") if not p.name.endswith(".lock")) if sessions.exists() else []


def self_signed(directory: pathlib.Path, name: str, dns_names: tuple[str, ...] = (),
                ip: str = "127.0.0.1") -> tuple[pathlib.Path, pathlib.Path]:
    """A throwaway certificate for IP `ip` and `dns_names` (its own CA), and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(ip))]
                                                       + [x509.DNSName(n) for n in dns_names]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / f"{name}.pem", directory / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class TLSProxy:
    def __init__(self, upstream: int, scratch: pathlib.Path, dns_names: tuple[str, ...] = (), ip: str = "127.0.0.1",
                 listen: str = "127.0.0.1"):
        self.cert, key = self_signed(scratch, "proxy", dns_names, ip)
        ready = scratch / "proxy.port"
        self.process = subprocess.Popen([sys.executable, str(HERE / "tls_proxy.py"), "--cert", str(self.cert),
                                         "--key", str(key), "--upstream", str(upstream), "--ready", str(ready),
                                         "--host", listen],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not ready.exists():
            assert time.monotonic() < deadline and self.process.poll() is None, "TLS proxy did not start"
            time.sleep(0.02)
        self.endpoint = f"https://127.0.0.1:{int(ready.read_text())}"

    def stop(self):
        self.process.send_signal(signal.SIGKILL)  # by PID: only the process this test started
        self.process.wait()


@pytest.fixture
def https(aws, tmp_path):
    """`aws` with AWS_ENDPOINT_URL pointing at a TLS proxy in front of the emulator."""
    upstream = int(aws.emulator.endpoint.rsplit(":", 1)[1])
    proxy = TLSProxy(upstream, tmp_path)
    aws.env["AWS_ENDPOINT_URL"] = proxy.endpoint
    aws.proxy = proxy
    yield aws
    proxy.stop()


def assert_clear_error(result, *phrases):
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 2 and lines[0].startswith("vault: ") and lines[1].startswith("hint: "), result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, (phrase, result.stderr)


def test_assume_over_https_trusting_aws_ca_bundle(https, tmp_path):
    # SSLKEYLOGFILE exported for debugging something else must not make the TLS library log the
    # keys of the AssumeRole exchange, whose response holds the session's secret.
    key_log = tmp_path / "tls-keys.log"
    result = https.run("assume", "mfa", "--format", "json", "--mfa-code", https.emulator.code(),
                       env={"AWS_CA_BUNDLE": str(https.proxy.cert), "SSLKEYLOGFILE": str(key_log)})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["AccessKeyId"].startswith("ASIA")
    assert len(https.emulator.requests("AssumeRole")) == 1
    assert not key_log.exists()


def test_an_untrusted_certificate_is_a_clear_tls_error(https, tmp_path):
    other, _ = self_signed(tmp_path, "other")
    cases = {
        "system store": None,  # the proxy's certificate is in no system store
        "another CA": str(other),
        "missing bundle": str(tmp_path / "no-such-bundle.pem"),
    }
    for case, bundle in cases.items():
        result = https.run("assume", "mfa", "--format", "json", "--mfa-code", https.emulator.code(),
                           env={"AWS_CA_BUNDLE": bundle})
        assert_clear_error(result, "TLS failure", "AWS_CA_BUNDLE")
        assert "1 attempt(s)" in result.stderr, (case, result.stderr)  # a TLS failure is never retried
        assert cached_sessions(https) == [], case
    assert https.emulator.requests("AssumeRole") == []


def test_a_certificate_for_another_address_is_refused(aws, tmp_path):
    """The attack: a certificate the client trusts, for another host. The chain verifies (it is in
    AWS_CA_BUNDLE) but it names 127.0.0.2, not the 127.0.0.1 vault dialled, so the handshake fails
    and nothing is sent."""
    upstream = int(aws.emulator.endpoint.rsplit(":", 1)[1])
    proxy = TLSProxy(upstream, tmp_path, ip="127.0.0.2")
    try:
        result = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(),
                         env={"AWS_ENDPOINT_URL": proxy.endpoint, "AWS_CA_BUNDLE": str(proxy.cert)})
    finally:
        proxy.stop()
    assert_clear_error(result, "TLS failure", "certificate", "AWS_CA_BUNDLE")
    assert aws.emulator.requests("AssumeRole") == []
    assert cached_sessions(aws) == []


def test_a_certificate_without_the_host_name_is_refused(https):
    """The same for a name: `localhost` reaches the proxy, whose certificate names only the
    address 127.0.0.1, so the name check (not only the chain) refuses it."""
    port = https.proxy.endpoint.rsplit(":", 1)[1]
    result = https.run("assume", "mfa", "--format", "json", "--mfa-code", https.emulator.code(),
                       env={"AWS_ENDPOINT_URL": f"https://localhost:{port}", "AWS_CA_BUNDLE": str(https.proxy.cert)})
    assert_clear_error(result, "TLS failure", "certificate")
    assert https.emulator.requests("AssumeRole") == []


def test_the_cached_path_never_loads_openssl(https):
    """The dynamic loader's own log (LD_DEBUG=libs): a fresh assume over HTTPS opens libssl, a
    cache hit does not; the executable links neither OpenSSL nor libcurl."""
    linked = subprocess.run(["ldd", https.binary], capture_output=True, text=True, check=True).stdout
    for library in ("curl", "libssl", "libcrypto", "FoundationNetworking"):
        assert library not in linked, linked

    bundle = {"AWS_CA_BUNDLE": str(https.proxy.cert)}
    fresh = https.run("assume", "mfa", "--format", "json", "--mfa-code", https.emulator.code(),
                      env={**bundle, "LD_DEBUG": "libs"})
    assert fresh.returncode == 0, fresh.stderr[-2000:]
    assert "libssl.so.3" in fresh.stderr  # the control: LD_DEBUG does show a dlopen'd libssl
    assert "curl" not in fresh.stderr

    cached = https.run("assume", "mfa", "--format", "json", env={**bundle, "LD_DEBUG": "libs", "VAULT_PASSPHRASE": None})
    assert cached.returncode == 0, cached.stderr[-2000:]
    assert json.loads(cached.stdout) == json.loads(fresh.stdout)
    assert "libssl" not in cached.stderr and "libcrypto" not in cached.stderr


def test_plain_http_to_loopback_loads_no_tls_library(aws):
    result = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), env={"LD_DEBUG": "libs"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert "libssl" not in result.stderr and "curl" not in result.stderr


def test_the_tls_load_is_timed_apart_from_the_round_trip(https):
    result = https.run("assume", "mfa", "--format", "json", "--mfa-code", https.emulator.code(),
                       env={"VAULT_TIMING": "1", "AWS_CA_BUNDLE": str(https.proxy.cert)})
    assert result.returncode == 0, result.stderr
    phases = [line.split(": ", 1)[1].split("_us=")[0] for line in result.stderr.splitlines()
              if line.startswith("vault-timing: ")]
    assert phases.index("load_tls") < phases.index("sts"), phases
    assert "unlock" in phases


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare(1)")
def test_a_missing_openssl_is_a_clear_error(https):
    """libssl.so.3 made unloadable in a private mount namespace of this one vault process (root
    only: CI and the test machine run as root)."""
    library = subprocess.run(["sh", "-c", "ldconfig -p | awk '/libssl\\.so\\.3 .*x86-64/ {print $NF; exit}'"],
                             capture_output=True, text=True).stdout.strip()
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
    if not library or probe.returncode != 0:
        pytest.skip("cannot make a private mount namespace here (not root?)")
    script = 'mount --bind /dev/null "$0" && exec "$@"'
    result = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script, library, https.binary,
         "assume", "mfa", "--format", "json", "--mfa-code", https.emulator.code()],
        capture_output=True, text=True, env={**https.env, "AWS_CA_BUNDLE": str(https.proxy.cert)},
        timeout=60, start_new_session=True)
    assert_clear_error(result, "vault needs OpenSSL", "libssl.so.3", "apt install libssl3")
    assert cached_sessions(https) == []
    assert https.emulator.requests("AssumeRole") == []


def test_https_leaves_no_copy_of_the_session_secret(https):
    """Over TLS the answer also passes through OpenSSL's record buffers. vault asks OpenSSL 3 to
    wipe its plaintext copies (SSL_OP_CLEANSE_PLAINTEXT), OpenSSL's heap is wiped when freed, and
    vault's own receive buffer is wiped after the response is read,
    so at exit no copy of the new session's secret is left in vault's memory, response bodies
    included. (Reads /proc/PID/mem: needs root, like test_hardening_memory.py.)"""
    from hardening import PtyVault, count_kept, where_kept
    from test_hardening_memory import through_points
    points = ["sts.returned", "exit"]
    vault = PtyVault(https, "assume", "mfa", "--format", "json", "--mfa-code", https.emulator.code(),
                     env={"AWS_CA_BUNDLE": str(https.proxy.cert), "VAULT_TEST_PAUSE_AT": ",".join(points)})
    _, kept = through_points(vault, points, {}, keep=tuple(points))
    outcome = vault.finish()
    assert outcome.returncode == 0, outcome.stderr
    session = json.loads(outcome.stdout)["SecretAccessKey"]
    assert count_kept(kept["sts.returned"], session)["vault"] >= 1, "positive control: the held session secret"
    assert count_kept(kept["exit"], session) == {"vault": 0, "response-body": 0}, where_kept(kept["exit"], session)


def test_an_error_before_the_first_send_waits_for_the_background_load(https):
    """On a cache miss OpenSSL loads on a background thread while vault waits for the passphrase,
    the key derivation and the MFA code. An error before any request (here: an MFA code is needed
    and prompts are off) must still end cleanly — never exit in the middle of that load — and
    send nothing. 20 runs, since the race, if there were one, depends on timing."""
    for _ in range(20):
        result = https.run("assume", "mfa", "--format", "json", "--refresh", "--no-prompt",
                           env={"AWS_CA_BUNDLE": str(https.proxy.cert)})
        assert result.returncode == 1, result.stderr
        lines = result.stderr.strip().split("\n")
        assert len(lines) == 2 and lines[0].startswith("vault: ") and "MFA code" in lines[0], result.stderr
    assert https.emulator.requests("AssumeRole") == []


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare(1)")
def test_a_resolver_that_never_answers_ends_at_the_connect_limit(aws, tmp_path):
    """getaddrinfo has no deadline of its own: with a name server that swallows every query (and
    resolv.conf asking it to wait 30 s), vault still gives up at its 5 s connection limit with a
    timeout, sends nothing and caches nothing. The resolv.conf is swapped in a private mount
    namespace of this one vault process (root only, like the missing-OpenSSL test)."""
    import socket
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot make a private mount namespace here (not root?)")
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.77", 53))  # receives the queries, never answers
    resolv = tmp_path / "resolv.conf"
    resolv.write_text("nameserver 127.0.0.77\noptions timeout:30 attempts:1\n")
    script = 'mount --bind "$0" /etc/resolv.conf && exec "$@"'
    try:
        result = subprocess.run(
            ["unshare", "-m", "--propagation", "private", "sh", "-c", script, str(resolv), aws.binary,
             "assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code()],
            capture_output=True, text=True, env={**aws.env, "AWS_ENDPOINT_URL": "https://sts.never-answers.test"},
            timeout=60, start_new_session=True)
        silent.settimeout(0)
        queried = silent.recv(512)  # the control: vault did ask this name server
    finally:
        silent.close()
    assert b"never-answers" in queried
    assert_clear_error(result, "timed out")
    assert cached_sessions(aws) == []
    assert aws.emulator.requests("AssumeRole") == []


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare(1)")
def test_an_address_that_never_answers_leaves_time_for_the_next(aws, tmp_path):
    """A name with two addresses, the first of which drops every connection attempt (a listener
    whose backlog is full: SYNs go unanswered, as on a broken IPv6 route): vault gives each
    address a share of its 5 s connect limit, so the second address still serves the call. The
    name is added to /etc/hosts in a private mount namespace of this one vault process (root
    only, like the tests above); the first address, 127.0.0.1, sorts before 127.0.0.2."""
    import socket
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot make a private mount namespace here (not root?)")
    upstream = int(aws.emulator.endpoint.rsplit(":", 1)[1])
    proxy = TLSProxy(upstream, tmp_path, dns_names=("sts.twice.test",), listen="127.0.0.2")
    port = int(proxy.endpoint.rsplit(":", 1)[1])
    full = socket.socket()
    full.bind(("127.0.0.1", port))
    full.listen(0)
    fillers = []
    try:
        for _ in range(4):  # fill the accept queue: later SYNs are dropped
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
            fillers.append(filler)
        time.sleep(0.2)
        control = socket.socket()
        control.settimeout(0.5)
        with pytest.raises(OSError):  # the control: 127.0.0.1 does not answer now
            control.connect(("127.0.0.1", port))
        control.close()
        hosts = tmp_path / "hosts"
        hosts.write_text("127.0.0.1 localhost\n127.0.0.1 sts.twice.test\n127.0.0.2 sts.twice.test\n")
        script = 'mount --bind "$0" /etc/hosts && exec "$@"'
        result = subprocess.run(
            ["unshare", "-m", "--propagation", "private", "sh", "-c", script, str(hosts), aws.binary,
             "assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code()],
            capture_output=True, text=True, timeout=60, start_new_session=True,
            env={**aws.env, "AWS_ENDPOINT_URL": f"https://sts.twice.test:{port}", "AWS_CA_BUNDLE": str(proxy.cert)})
    finally:
        for s in fillers + [full]:
            s.close()
        proxy.stop()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["AccessKeyId"].startswith("ASIA")
