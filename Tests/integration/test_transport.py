"""The HTTPS transport end to end: libcurl loaded only when vault talks to AWS, TLS through a
loopback proxy with AWS_CA_BUNDLE, clear errors for an untrusted certificate or a missing libcurl.

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


def self_signed(directory: pathlib.Path, name: str, dns_names: tuple[str, ...] = ()) -> tuple[pathlib.Path, pathlib.Path]:
    """A throwaway certificate for IP 127.0.0.1 and `dns_names` (its own CA), and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
                                                       + [x509.DNSName(n) for n in dns_names]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / f"{name}.pem", directory / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class TLSProxy:
    def __init__(self, upstream: int, scratch: pathlib.Path, dns_names: tuple[str, ...] = ()):
        self.cert, key = self_signed(scratch, "proxy", dns_names)
        ready = scratch / "proxy.port"
        self.process = subprocess.Popen([sys.executable, str(HERE / "tls_proxy.py"), "--cert", str(self.cert),
                                         "--key", str(key), "--upstream", str(upstream), "--ready", str(ready)],
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
    # SSLKEYLOGFILE exported for debugging something else must not make libcurl log the TLS keys
    # of the AssumeRole exchange, whose response holds the session's secret.
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


def test_the_cached_path_never_loads_libcurl(aws):
    """The dynamic loader's own log (LD_DEBUG=libs): a fresh assume opens libcurl, a cache hit does
    not; and the executable does not link it at all."""
    linked = subprocess.run(["ldd", aws.binary], capture_output=True, text=True, check=True).stdout
    assert "curl" not in linked and "FoundationNetworking" not in linked, linked

    fresh = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), env={"LD_DEBUG": "libs"})
    assert fresh.returncode == 0, fresh.stderr[-2000:]
    assert "libcurl.so.4" in fresh.stderr  # the control: LD_DEBUG does show a dlopen'd libcurl

    cached = aws.run("assume", "mfa", "--format", "json", env={"LD_DEBUG": "libs", "VAULT_PASSPHRASE": None})
    assert cached.returncode == 0, cached.stderr[-2000:]
    assert json.loads(cached.stdout) == json.loads(fresh.stdout)
    assert "curl" not in cached.stderr


def test_libcurl_load_is_timed_apart_from_the_round_trip(aws):
    result = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), env={"VAULT_TIMING": "1"})
    assert result.returncode == 0, result.stderr
    phases = [line.split(": ", 1)[1].split("_us=")[0] for line in result.stderr.splitlines()
              if line.startswith("vault-timing: ")]
    assert phases.index("load_libcurl") < phases.index("sts"), phases
    assert "unlock" in phases


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare(1)")
def test_a_missing_libcurl_is_a_clear_error(aws):
    """libcurl.so.4 made unloadable in a private mount namespace of this one vault process (root
    only: CI and the test machine run as root)."""
    library = subprocess.run(["sh", "-c", "ldconfig -p | awk '/libcurl\\.so\\.4 .*x86-64/ {print $NF; exit}'"],
                             capture_output=True, text=True).stdout.strip()
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
    if not library or probe.returncode != 0:
        pytest.skip("cannot make a private mount namespace here (not root?)")
    script = 'mount --bind /dev/null "$0" && exec "$@"'
    result = subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script, library, aws.binary,
         "assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code()],
        capture_output=True, text=True, env=aws.env, timeout=60, start_new_session=True)
    assert_clear_error(result, "vault needs libcurl", "libcurl.so.4", "apt install libcurl4")
    assert cached_sessions(aws) == []
    assert aws.emulator.requests("AssumeRole") == []


def test_https_leaves_no_copy_of_the_session_secret(https):
    """Over TLS the answer also passes through OpenSSL's record buffers. vault asks OpenSSL 3 to
    wipe its plaintext copies (SSL_OP_CLEANSE_PLAINTEXT) and libcurl's heap is wiped when freed,
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


def test_an_error_before_the_first_send_waits_for_the_background_load(aws):
    """On a cache miss libcurl loads on a background thread while vault waits for the passphrase,
    the key derivation and the MFA code. An error before any request (here: an MFA code is needed
    and prompts are off) must still end cleanly — never exit in the middle of that load — and
    send nothing. 20 runs, since the race, if there were one, depends on timing."""
    for _ in range(20):
        result = aws.run("assume", "mfa", "--format", "json", "--refresh", "--no-prompt")
        assert result.returncode == 1, result.stderr
        lines = result.stderr.strip().split("\n")
        assert len(lines) == 2 and lines[0].startswith("vault: ") and "MFA code" in lines[0], result.stderr
    assert aws.emulator.requests("AssumeRole") == []
