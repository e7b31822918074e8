"""vault exec --server: a botocore program gets its credentials from vault's loopback endpoint
(the container-credentials provider), across refreshes, with exit status and signals passed on."""
import json
import signal
import subprocess
import sys
import time

# Runs under `vault exec --server`: calls STS with botocore, probes the endpoint with urllib, and
# prints what it saw as one JSON line. argv: calls, exit status, "fresh" (a botocore session per
# call) or "shared" (one long-lived client, refreshed by botocore itself).
PROGRAM = r'''
import json, os, sys, urllib.error, urllib.parse, urllib.request
import botocore.session

calls, status, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
uri = os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"]
token = os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"]

def get(url, headers, method="GET"):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers, method=method), timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")

out = {"host": urllib.parse.urlparse(uri).hostname, "scheme": urllib.parse.urlparse(uri).scheme,
       "env": sorted(k for k in os.environ if k.startswith("AWS_")), "arns": [], "keys": [], "errors": []}
session = client = None
for _ in range(calls):
    if mode == "fresh" or client is None:
        session = botocore.session.Session()
        client = session.create_client("sts", endpoint_url=os.environ["AWS_ENDPOINT_URL"])
    try:
        out["arns"].append(client.get_caller_identity()["Arn"])
    except Exception as e:
        out["errors"].append(repr(e))
    out["keys"].append(session.get_credentials().get_frozen_credentials().access_key)
out["probe"] = {
    "right": get(uri, {"Authorization": token})[0],
    "wrong": get(uri, {"Authorization": "0" * len(token)})[0],
    "none": get(uri, {})[0],
    "path": get(uri.rsplit("/", 1)[0] + "/" + "0" * 32, {"Authorization": token})[0],
    "post": get(uri, {"Authorization": token}, "POST")[0],
}
print(json.dumps(out))
sys.exit(status)
'''

# An authenticator for refreshes: lets the emulator accept the current code again (it refuses a
# code twice, and refreshes come seconds apart), then prints it, as an authenticator CLI would.
AUTHENTICATOR = r'''
import json, sys, urllib.request
endpoint, serial = sys.argv[1], sys.argv[2]
urllib.request.urlopen(urllib.request.Request(endpoint + "/strict-api/mfa/forget", data=b"{}", method="POST",
                                              headers={"Content-Type": "application/json"}), timeout=10).read()
print(json.load(urllib.request.urlopen(endpoint + "/strict-api/totp?serial=" + serial, timeout=10))["code"])
'''


def program(tmp_path) -> str:
    path = tmp_path / "prog.py"
    path.write_text(PROGRAM)
    return str(path)


def with_mfa_process(aws, tmp_path):
    script = tmp_path / "authenticator.py"
    script.write_text(AUTHENTICATOR)
    command = f"{sys.executable} {script} {aws.emulator.endpoint} {aws.emulator.daily['mfa_serial']}"
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text().replace("mfa_serial =", f"mfa_process = {command}\nmfa_serial =", 1))


def run_program(aws, tmp_path, *vault_args, calls=3, status=0, mode="fresh", env=None):
    result = aws.run("exec", "mfa", "--server", *vault_args, "--", sys.executable, program(tmp_path), str(calls), str(status), mode,
                     env=env, timeout=120)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return result, (json.loads(lines[-1]) if lines else None)


def test_botocore_gets_role_credentials_from_the_server_and_the_status_passes_through(aws, tmp_path):
    result, seen = run_program(aws, tmp_path, "--mfa-code", aws.emulator.code(), status=7,
                               env={"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "x", "AWS_PROFILE": "other"})
    assert result.returncode == 7, result.stderr
    assert seen["errors"] == [] and len(seen["arns"]) == 3
    assert all(":assumed-role/PowerUserRole/" in arn for arn in seen["arns"])
    assert len(set(seen["keys"])) == 1  # no refresh needed: one session, served three times
    assert len(aws.emulator.requests("AssumeRole")) == 1
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CREDENTIAL_EXPIRATION"):
        assert name not in seen["env"]
    assert {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_VAULT", "AWS_REGION"} <= set(seen["env"])
    assert seen["scheme"] == "http" and seen["host"] == "127.0.0.1"


def test_wrong_or_missing_token_is_forbidden_and_other_requests_are_refused(aws, tmp_path):
    result, seen = run_program(aws, tmp_path, "--mfa-code", aws.emulator.code(), calls=0)
    assert result.returncode == 0, result.stderr
    assert seen["probe"] == {"right": 200, "wrong": 403, "none": 403, "path": 404, "post": 405}


def test_long_lived_client_keeps_working_across_refreshes(aws, tmp_path):
    """A 900 s session is inside both botocore's refresh window (15 min) and vault's margin
    (15 min), so every call makes botocore fetch again and vault get a new session — the real
    mechanisms, no test hook. Refreshes take their MFA code from mfa_process (no terminal)."""
    with_mfa_process(aws, tmp_path)
    result, seen = run_program(aws, tmp_path, "--duration", "900", mode="shared")
    assert result.returncode == 0, result.stderr
    assert seen["errors"] == [] and len(seen["arns"]) == 3
    assert all(":assumed-role/PowerUserRole/" in arn for arn in seen["arns"])
    assert len(set(seen["keys"])) == 3
    assert len(aws.emulator.requests("AssumeRole")) >= 4  # the start, then one per fetch


def test_refresh_margin_above_the_session_length_refreshes_every_request(aws, tmp_path):
    with_mfa_process(aws, tmp_path)
    result, seen = run_program(aws, tmp_path, calls=2, env={"VAULT_SESSION_MIN_REMAINING": "3700"})
    assert result.returncode == 0, result.stderr
    assert seen["errors"] == [] and len(set(seen["keys"])) == 2
    # the start, one per botocore session, one for the probe with the right token
    assert len(aws.emulator.requests("AssumeRole")) == 4


def test_failed_refresh_serves_the_current_session_and_says_why_once(aws, tmp_path):
    """No mfa_process and no terminal: the refresh cannot get a code. The session still has most
    of an hour: it is served (issue 19, item 6; it answered 500 before), the failure said once."""
    probe = ("import json,os,urllib.request,urllib.error\n"
             "r=urllib.request.Request(os.environ['AWS_CONTAINER_CREDENTIALS_FULL_URI'],"
             "headers={'Authorization':os.environ['AWS_CONTAINER_AUTHORIZATION_TOKEN']})\n"
             "for _ in range(3):\n"
             "    try: print(urllib.request.urlopen(r,timeout=10).status, end=' ')\n"
             "    except urllib.error.HTTPError as e: print(e.code, json.loads(e.read())['code'])\n")
    result = aws.run("exec", "mfa", "--server", "--mfa-code", aws.emulator.code(), "--", sys.executable, "-c", probe,
                     env={"VAULT_SESSION_MIN_REMAINING": "3700"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["200", "200", "200"]
    lines = [line for line in result.stderr.splitlines() if "cannot refresh" in line]
    assert len(lines) == 1 and "MFA code" in lines[0] and "serving the current one" in lines[0]


def test_signals_are_passed_on_and_a_killed_command_gives_128_plus_signal(aws):
    child = ("import signal,sys,time\n"
             "signal.signal(signal.SIGTERM, lambda *a: sys.exit(42))\n"
             "print('ready', flush=True)\n"
             "time.sleep(60)\n")
    process = subprocess.Popen([aws.binary, "exec", "mfa", "--server", "--mfa-code", aws.emulator.code(), "--", sys.executable, "-c", child],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=aws.env, text=True,
                               start_new_session=True)
    try:
        assert process.stdout.readline().strip() == "ready"
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 42
    finally:
        if process.poll() is None:
            process.kill()
    killed = aws.run("exec", "mfa", "--server", "--", sys.executable, "-c", "import os; os.kill(os.getpid(), 9)")
    assert killed.returncode == 128 + 9, killed.stderr


def test_the_command_gets_a_normal_process_state(aws):
    probe = ("import resource; s=open('/proc/self/status').read(); "
             "print(s.split('SigBlk:')[1].split()[0], s.split('SigIgn:')[1].split()[0])")
    plain = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, start_new_session=True)
    result = aws.run("exec", "mfa", "--server", "--mfa-code", aws.emulator.code(), "--", sys.executable, "-c", probe)
    assert result.returncode == 0, result.stderr
    blocked, ignored = result.stdout.split()
    assert int(blocked, 16) == 0
    assert ignored == plain.stdout.split()[1]


def test_unknown_command_is_reported_like_exec(aws):
    result = aws.run("exec", "mfa", "--server", "--mfa-code", aws.emulator.code(), "--", "no-such-command-xyz")
    assert result.returncode == 127 and "cannot run no-such-command-xyz" in result.stderr


def test_a_stuck_or_oversized_request_cannot_wedge_the_server(aws):
    """A client that connects and says nothing delays no one and is closed at its deadline (1 s);
    a head over 8 KiB is refused with 431; a normal request still gets credentials."""
    probe = r'''
import json, os, socket, time, urllib.parse, urllib.request
uri = os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"]
parsed = urllib.parse.urlparse(uri)
stuck = socket.create_connection((parsed.hostname, parsed.port))
request = urllib.request.Request(uri, headers={"Authorization": os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"]})
with urllib.request.urlopen(request, timeout=20) as response:
    status = response.status
stuck.settimeout(20)
closed = stuck.recv(1) == b""
big = socket.create_connection((parsed.hostname, parsed.port))
big.sendall(f"GET {parsed.path} HTTP/1.1\r\nX-Filler: {'a' * 9000}\r\n\r\n".encode())
big.settimeout(10)
answer = b""
while chunk := big.recv(4096):
    answer += chunk
print(json.dumps({"status": status, "closed": closed, "big": answer.split(b"\r\n")[0].decode()}))
'''
    result = aws.run("exec", "mfa", "--server", "--mfa-code", aws.emulator.code(), "--", sys.executable, "-c", probe)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["status"] == 200 and seen["closed"]
    assert seen["big"] == "HTTP/1.1 431 Request Header Fields Too Large"


def test_a_terminal_ctrl_c_reaches_the_command_once(aws):
    """Ctrl-C goes to the terminal's whole foreground group, vault included; vault must not pass
    on what the command already got (it would see two SIGINTs), and must survive it."""
    import os
    import pty

    child = ("import signal,time\ncount=[0]\nsignal.signal(signal.SIGINT, lambda *a: count.__setitem__(0, count[0]+1))\n"
             "print('ready', flush=True)\ntime.sleep(2)\nprint('sigint', count[0], flush=True)\n")
    argv = [aws.binary, "exec", "mfa", "--server", "--mfa-code", aws.emulator.code(), "--", sys.executable, "-c", child]
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes vault at once
        os.execve(aws.binary, argv, aws.env)
    output = b""
    deadline = time.monotonic() + 30
    while b"ready" not in output and time.monotonic() < deadline:
        output += os.read(fd, 1024)
    os.write(fd, b"\x03")
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output
    assert b"sigint 1" in output, output
