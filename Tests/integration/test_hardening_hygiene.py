"""Secret hygiene across every path (issue 7): no secret in any file under HOME or /tmp, in the
live process's argv or environment, or in the output of any error.

The secrets are this run's: the daily user's long-term key (moto makes a new one per emulator
start), a random passphrase typed on a pseudo-terminal, the session secret and token STS hands
out, a rotated key; any match, in raw, base64 or hex form, is a leak. Files are searched under
HOME and all of /tmp, limited to those changed since the operation began (an older file cannot
hold this run's secrets; the emulator's own folder is AWS's side and left out). The process is
looked at while it is alive: blocked at the MFA prompt, and stopped at pause points
(VAULT_TEST_PAUSE_AT) while it signs, after STS answered, before exec and before exit."""
import base64
import json
import os
import pathlib
import signal
import subprocess
import sys
import time

import boto3
import pytest
from hardening import (MIB, PtyVault, clean_error_problem, closed_port, files_leaking, proc_leaks, random_secret,
                       record, run, wait_stopped)
from test_admin_keys import iam_keys, rotator  # noqa: F401  (rotator is a fixture)
from test_hardening_memory import PASSPHRASE, prompted, stored_secret  # noqa: F401  (prompted is a fixture)
from test_hardening_servers import HostileServer

TMP = pathlib.Path("/tmp")
NET_AS = 1024 * MIB


def emulator_folder(aws) -> pathlib.Path:
    return aws.emulator.pidfile.parent


def scan_files(aws, named: dict, since: float) -> dict:
    return files_leaking([aws.path, TMP], named, since, skip=(emulator_folder(aws),))


def live_checks(vault: PtyVault, points: list[str], home, named: dict, since: float) -> list[str]:
    """At each pause point: argv, environment and files must hold no secret. Returns problems."""
    problems = []
    for point in points:
        if not wait_stopped(vault.process):
            problems.append(f"never stopped at {point}")
            break
        for part, found in proc_leaks(vault.pid, named).items():
            if found:
                problems.append(f"{point}: /proc/PID/{part} holds {found}")
        for path, found in scan_files(home, named, since).items():
            problems.append(f"{point}: {path} holds {found}")
        vault.read_stdout()
        vault.resume()
    return problems


def test_no_secret_in_files_argv_or_environment_during_and_after_each_command(prompted, rotator):  # noqa: F811
    aws = prompted
    named = {"long-term": aws.emulator.info["daily"]["secret_access_key"], "passphrase": PASSPHRASE}
    problems, cases = [], 0

    # add: a new random key typed on the terminal
    added = random_secret()
    named["added"] = added
    since = time.time()
    vault = PtyVault(aws, "add", "extra", env={"VAULT_TEST_PAUSE_AT": "vault-update.loaded,atomic-write.written,exit"})
    assert vault.expect("Access key ID:") and not proc_leaks(vault.pid, named)["environ"]
    vault.type("AKIAIOSFODNN7EXAMPL3")
    assert vault.expect("Secret access key:")
    vault.type(added)
    problems += live_checks(vault, ["vault-update.loaded", "atomic-write.written", "exit"], aws, named, since)
    assert vault.finish().returncode == 0
    cases += 3

    # assume with MFA (cold): at the MFA prompt, while signing GetSessionToken, the MFA session's
    # cache write, while signing AssumeRole with it, after STS, the role session's write, before exit
    since = time.time()
    points = ["sts.signing", "atomic-write.written", "sts.signing-with-mfa-session", "sts.returned",
              "atomic-write.written", "exit"]
    vault = PtyVault(aws, "assume", "mfa", "--format", "json",
                     env={"VAULT_TEST_PAUSE_AT": ",".join(sorted(set(points)))})
    assert vault.expect("Vault passphrase:")
    vault.type(PASSPHRASE)
    assert vault.expect("MFA code")
    problems += [f"mfa-prompt: /proc/PID/{p} holds {f}" for p, f in proc_leaks(vault.pid, named).items() if f]
    problems += [f"mfa-prompt: {p} holds {f}" for p, f in scan_files(aws, named, since).items()]
    vault.type(aws.emulator.code())
    problems += live_checks(vault, points, aws, named, since)
    outcome = vault.finish()
    assert outcome.returncode == 0, outcome.stderr
    session = json.loads(outcome.stdout)
    named |= {"session-secret": session["SecretAccessKey"], "session-token": session["SessionToken"]}
    cases += 7

    # exec: the child's environment holds the session (the user asked); vault's own must not
    since = time.time()
    child = "printf '%s' \"$AWS_SECRET_ACCESS_KEY\" > /dev/null; sleep 0.5"
    vault = PtyVault(aws, "exec", "chained", "--", "sh", "-c", child,
                     env={"VAULT_TEST_PAUSE_AT": "sts.signing,sts.returned,exec.before-exec"})
    problems += live_checks(vault, ["sts.signing", "sts.returned", "exec.before-exec"], aws, named, since)
    outcome = vault.finish()
    assert outcome.returncode == 0, outcome.stderr
    cases += 3

    # rotate: the old key, then the new one IAM makes
    named["rot-old"] = stored_secret(rotator, "rot")
    since = time.time()
    points = ["rotate.created", "rotate.stored", "rotate.proven", "exit"]
    vault = PtyVault(rotator, "rotate", "rot", env={"VAULT_TEST_PAUSE_AT": ",".join(points)})
    assert vault.expect("Vault passphrase:")
    vault.type(PASSPHRASE)
    problems += live_checks(vault, points, rotator, named, since)
    assert vault.finish().returncode == 0
    named["rot-new"] = stored_secret(rotator, "rot")
    cases += 4

    # After all of them, with every secret now known (the session's and the rotated key's too):
    # no file changed by this test holds any of them.
    for path, found in scan_files(aws, named, start_of(aws)).items():
        problems.append(f"after: {path} holds {found}")
    cases += 1
    record("secret-hygiene-files-proc", cases=cases, secrets=sorted(named), failures=len(problems))
    assert problems == [], "\n".join(problems)


def start_of(home) -> float:
    """When the test's HOME was made: every file this test caused is newer."""
    return home.path.stat().st_ctime - 1


# ---- error paths --------------------------------------------------------------------------------

def fragments(secret: str, size: int = 24) -> list[bytes]:
    """Every `size`-character piece of a secret: a message cut short must not show part of one."""
    return [secret[i:i + size].encode() for i in range(0, max(1, len(secret) - size + 1))]


def output_leaks(text: str, named: dict) -> list[str]:
    data = text.encode()
    found = []
    for name, secret in named.items():
        forms = [secret.encode(), base64.b64encode(secret.encode()), secret.encode().hex().encode()]
        if any(f in data for f in forms) or any(f in data for f in fragments(secret)):
            found.append(name)
    return found


@pytest.fixture
def daily_iam(aws):
    key = aws.emulator.info["breakglass"]["keys"][0]
    iam = boto3.client("iam", endpoint_url=aws.emulator.endpoint, region_name="us-east-1",
                       aws_access_key_id=key["access_key_id"], aws_secret_access_key=key["secret_access_key"])
    yield iam
    iam.update_access_key(UserName="daily", AccessKeyId=aws.emulator.info["daily"]["access_key_id"], Status="Active")


def test_no_secret_in_the_output_of_any_error(aws, rotator, daily_iam, tmp_path):  # noqa: F811
    info = aws.emulator.info
    first = run(aws, "assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), address_space=NET_AS)
    assert first.returncode == 0, first.stderr
    session = json.loads(first.stdout)
    named = {"long-term": info["daily"]["secret_access_key"], "passphrase": aws.env["VAULT_PASSPHRASE"],
             "session-secret": session["SecretAccessKey"], "session-token": session["SessionToken"],
             "rot": stored_secret(rotator, "rot")}
    config = aws.path / ".aws" / "config"
    good_config, good_vault = config.read_text(), aws.vault_file.read_bytes()
    outcomes = {}

    def attempt(name, *args, env=None, home=aws, codes=(1,), before=None, after=None):
        if before:
            before()
        try:
            outcomes[name] = (run(home, *args, env=env, address_space=NET_AS, timeout=60), codes)
        finally:
            if after:
                after()

    refresh = ("assume", "mfa", "--format", "json", "--refresh")
    attempt("wrong passphrase", *refresh, "--mfa-code", "123456", env={"VAULT_PASSPHRASE": "not the passphrase at all"})
    attempt("no passphrase, no terminal", *refresh, "--mfa-code", "123456", env={"VAULT_PASSPHRASE": None})
    flipped = bytearray(good_vault)
    flipped[len(flipped) // 2] ^= 1
    restore_vault = lambda: aws.vault_file.write_bytes(good_vault)  # noqa: E731
    attempt("tampered vault", *refresh, "--mfa-code", "123456",
            before=lambda: aws.vault_file.write_bytes(bytes(flipped)), after=restore_vault)
    attempt("truncated vault", *refresh, "--mfa-code", "123456",
            before=lambda: aws.vault_file.write_bytes(good_vault[:len(good_vault) * 2 // 3]), after=restore_vault)
    attempt("malformed config", *refresh, "--mfa-code", "123456",
            before=lambda: config.write_text(good_config + "[profile broken\nrole_arn\n"),
            after=lambda: config.write_text(good_config))
    attempt("unknown profile", "assume", "nosuch", "--format", "json")
    attempt("wrong MFA code", *refresh, "--mfa-code", "000000")
    attempt("inactive key", *refresh, "--mfa-code", aws.emulator.code(),
            before=lambda: daily_iam.update_access_key(UserName="daily", AccessKeyId=info["daily"]["access_key_id"],
                                                       Status="Inactive"),
            after=lambda: daily_iam.update_access_key(UserName="daily", AccessKeyId=info["daily"]["access_key_id"],
                                                      Status="Active"))
    attempt("throttling", *refresh, "--mfa-code", aws.emulator.code(),
            before=lambda: aws.emulator.api("/strict-api/throttle", {"count": 5}),
            after=lambda: aws.emulator.api("/strict-api/throttle", {"count": 0}))
    attempt("clock skew", *refresh, "--mfa-code", aws.emulator.code(),
            before=lambda: aws.emulator.set_clock(3600), after=lambda: aws.emulator.set_clock(0))
    attempt("duration above the role's maximum", *refresh, "--mfa-code", aws.emulator.code(), "--duration", "7200")
    attempt("emulator down", *refresh, "--mfa-code", "123456",
            env={"AWS_ENDPOINT_URL": f"http://127.0.0.1:{closed_port()}"})
    forget_chained = lambda: run(aws, "clear", "chained")  # noqa: E731  (the parent stays cached)
    attempt("chained, parent session expired at AWS", "assume", "chained", "--format", "json",
            before=lambda: (forget_chained(), aws.emulator.api("/strict-api/sessions/expire", {})))
    # A proxy echoing the request back: the chained call carries the parent session's token.
    assert run(aws, "assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), "--refresh",
               address_space=NET_AS).returncode == 0
    parent = json.loads(run(aws, "assume", "mfa", "--format", "json", address_space=NET_AS).stdout)
    named |= {"parent-secret": parent["SecretAccessKey"], "parent-token": parent["SessionToken"]}
    for scenario in ("echo-500", "echo-400", "malformed-xml"):
        server = HostileServer(scenario, tmp_path)
        try:
            attempt(f"server {scenario} (chained)", "assume", "chained", "--format", "json", before=forget_chained,
                    env={"AWS_ENDPOINT_URL": f"http://127.0.0.1:{server.port}"})
            attempt(f"server {scenario} (rotate)", "rotate", "rot", home=rotator,
                    env={"AWS_ENDPOINT_URL": f"http://127.0.0.1:{server.port}"})
        finally:
            server.stop()
    # rotate failing midway: IAM made the new key, then the vault cannot grow (RLIMIT_FSIZE just
    # above its size; SIGXFSZ ignored, so the write fails with EFBIG).
    size = rotator.vault_file.stat().st_size
    outcomes["rotate failing midway"] = (rotate_with_file_limit(rotator, size + 96), (1,))
    named["rot-after"] = stored_secret(rotator, "rot")
    keys_after = iam_keys(rotator)

    problems = []
    for name, (outcome, codes) in outcomes.items():
        why = clean_error_problem(outcome, codes=codes)
        if why:
            problems.append(f"{name}: {why}")
        for stream in ("stdout", "stderr"):
            found = output_leaks(getattr(outcome, stream), named)
            if found:
                problems.append(f"{name}: {stream} shows {found}: {getattr(outcome, stream)[:300]!r}")
    record("secret-hygiene-errors", cases=len(outcomes), failures=len(problems),
           errors={name: o.stderr.split("\n")[0][:140] for name, (o, _) in outcomes.items()})
    assert problems == [], "\n".join(problems)
    assert len(keys_after) >= 1


def rotate_with_file_limit(home, limit: int):
    import resource

    def bounded():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    from hardening import Outcome
    started = time.monotonic()
    done = subprocess.run([home.binary, "rotate", "rot"], capture_output=True, text=True, env=home.env, timeout=60,
                          preexec_fn=bounded, start_new_session=True, stdin=subprocess.DEVNULL)
    return Outcome(("rotate", "rot"), done.returncode, done.stdout, done.stderr, time.monotonic() - started)


# ---- IAM Identity Center (issue 18) -------------------------------------------------------------

def test_no_plaintext_sso_token_under_home_or_tmp_without_share(home, emulator):
    """Login, role credentials, refresh, list and logout: no access token, refresh token or client
    secret of this run in any file under HOME or /tmp (the emulator's folder is AWS's side)."""
    from test_sso import credentials, forget_sso_key, login, sso_home
    setup = sso_home(home, emulator)
    since = start_of(setup)
    emulator.api("/strict-api/sso/token-seconds", {"seconds": 600})   # so the next use refreshes too
    login(setup)
    named = {}
    for kind, values in emulator.api("/strict-api/sso/secrets").items():
        named.update({f"{kind}[{i}]": v for i, v in enumerate(values)})
    creds = credentials(setup, "dev")
    named["role secret"] = creds["SecretAccessKey"]
    assert setup.run("sso", "list", "corp").returncode == 0
    for kind, values in emulator.api("/strict-api/sso/secrets").items():
        named.update({f"{kind}[{i}] after refresh": v for i, v in enumerate(values)})
    leaks = files_leaking([setup.path, TMP], named, since, skip=(emulator.pidfile.parent,))
    assert not (setup.path / ".aws" / "sso").exists()
    assert leaks == {}, leaks
    assert setup.run("sso", "logout", "corp").returncode == 0
    forget_sso_key()
