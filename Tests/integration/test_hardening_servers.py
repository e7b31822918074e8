"""Hostile servers (issue 7): `vault assume mfa --mfa-code … --refresh` against a misbehaving
loopback server (hostile_server.py, one process per scenario, stopped by PID). Every scenario must
end in bounded time (< 60 s; the per-attempt timeout is 10 s) and memory (RLIMIT_AS 1 GiB), with a
two-line error and exit 1, nothing cached, and bounded retries counted server-side: an AssumeRole
carrying an MFA code is sent once, unless AWS said it throttled it (then at most 3 sends)."""
import concurrent.futures
import os
import re
import pathlib
import signal
import subprocess
import sys
import time

from hardening import MIB, clean_error_problem, record, run
from hostile_server import SCENARIOS
from vault_harness import Home

HERE = pathlib.Path(__file__).resolve().parent
ROLE = "arn:aws:iam::123456789012:role/PowerUserRole"
MFA = "arn:aws:iam::123456789012:mfa/daily"
BOUND_SECONDS = 60


class HostileServer:
    def __init__(self, scenario: str, scratch: pathlib.Path):
        self.ready, self.log = scratch / f"{scenario}.port", scratch / f"{scenario}.log"
        self.process = subprocess.Popen([sys.executable, str(HERE / "hostile_server.py"), scenario,
                                         "--ready", str(self.ready), "--log", str(self.log)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not self.ready.exists():
            assert time.monotonic() < deadline and self.process.poll() is None, f"{scenario} server did not start"
            time.sleep(0.02)
        self.port = int(self.ready.read_text())

    def requests(self) -> int:
        return len(self.log.read_text().splitlines())

    def stop(self):
        self.process.send_signal(signal.SIGKILL)  # by PID: only the process this test started
        self.process.wait()


def mfa_home(path: pathlib.Path) -> Home:
    """A home of its own per scenario: they share no session lock, so each is timed alone."""
    home = Home(path)
    assert home.add("default").returncode == 0
    (home.path / ".aws").mkdir()
    (home.path / ".aws" / "config").write_text(
        f"[default]\nregion = us-east-1\n\n[profile mfa]\nsource_profile = default\nrole_arn = {ROLE}\n"
        f"mfa_serial = {MFA}\nduration_seconds = 3600\n")
    return home


def cached_sessions(home: Home) -> list[str]:
    sessions = home.path / ".cache" / "vault" / "sessions"
    if not sessions.exists():
        return []
    return [p.name for p in sessions.iterdir() if p.name.startswith("s-") and not p.name.endswith(".lock")]


def attempt(scenario: str, scratch: pathlib.Path) -> dict:
    home = mfa_home(scratch / f"home-{scenario}")
    server = HostileServer(scenario, scratch)
    try:
        outcome = run(home, "assume", "mfa", "--format", "json", "--mfa-code", "123456", "--refresh",
                      env={"AWS_ENDPOINT_URL": f"http://127.0.0.1:{server.port}"}, address_space=1024 * MIB,
                      timeout=BOUND_SECONDS + 30)
        time.sleep(0.2)  # let the server log a request that raced the client's exit
        sent = server.requests()
    finally:
        server.stop()
    return {"scenario": scenario, "outcome": outcome, "requests": sent, "cached": cached_sessions(home)}


def test_hostile_servers(tmp_path):
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda s: attempt(s, tmp_path), SCENARIOS))
    problems, figures = [], {}
    for r in results:
        scenario, outcome, sent = r["scenario"], r["outcome"], r["requests"]
        figures[scenario] = {"s": round(outcome.seconds, 1), "requests": sent}
        why = clean_error_problem(outcome)
        if why:
            problems.append(f"{scenario}: {why}")
        if outcome.seconds > BOUND_SECONDS:
            problems.append(f"{scenario}: took {outcome.seconds:.0f} s")
        wanted = 3 if scenario == "throttling" else 1
        if sent != wanted:
            problems.append(f"{scenario}: the server got {sent} requests, wanted {wanted}")
        if "Traceback" in outcome.stderr or len(outcome.stderr) > 2000:
            problems.append(f"{scenario}: unbounded error text ({len(outcome.stderr)} bytes)")
        if r["cached"]:
            problems.append(f"{scenario}: a session was cached from a hostile answer")
    record("hostile-servers", scenarios=len(SCENARIOS), failures=len(problems),
           seconds=round(time.monotonic() - started, 1),
           slowest_s=max(v["s"] for v in figures.values()), per_scenario=figures,
           errors={r["scenario"]: r["outcome"].stderr.split("\n")[0][:160] for r in results})
    assert problems == [], "\n".join(problems)


def test_replayable_calls_are_retried_a_bounded_number_of_times(tmp_path):
    """Without an MFA code AssumeRole may be replayed: a 5xx storm, a reset or a silent server gets
    exactly 3 sends (the standard policy), with backoff, and still a bounded end."""
    for scenario in ("storm-500", "storm-503", "reset", "close"):
        home = mfa_home(tmp_path / f"nomfa-{scenario}")
        with (home.path / ".aws" / "config").open("a") as f:
            f.write(f"\n[profile nomfa]\nsource_profile = default\nrole_arn = {ROLE}\n")
        server = HostileServer(scenario, tmp_path)
        try:
            outcome = run(home, "assume", "nomfa", "--format", "json", address_space=1024 * MIB, timeout=BOUND_SECONDS,
                          env={"AWS_ENDPOINT_URL": f"http://127.0.0.1:{server.port}"})
            time.sleep(0.2)
            sent = server.requests()
        finally:
            server.stop()
        assert clean_error_problem(outcome) is None, (scenario, outcome)
        assert sent == 3 and outcome.seconds < 10, (scenario, sent, outcome.seconds)


# Swift's debug text of a value: `malformed(offset: 0, reason: "…")`, `Optional(…)`, `Error(…)`.
DEBUG_TEXT = re.compile(r"\b\w+\(\w+: |Optional\(|\\\"|\b\w+Error\(")


def test_malformed_answers_are_reported_in_plain_words(tmp_path):
    """Regression: a malformed STS or IAM answer was reported with Swift's debug description of the
    parser's error (`malformed(offset: 0, reason: "no root element")`)."""
    problems, shown = [], {}
    for scenario in ("malformed-xml", "not-xml", "empty-200", "deep-xml", "invalid-utf8", "no-credentials",
                     "entity-bomb"):
        home = mfa_home(tmp_path / f"plain-{scenario}")
        server = HostileServer(scenario, tmp_path)
        try:
            env = {"AWS_ENDPOINT_URL": f"http://127.0.0.1:{server.port}"}
            for name, args in (("sts", ("assume", "mfa", "--format", "json", "--mfa-code", "123456")),
                               ("iam", ("rotate", "default"))):
                outcome = run(home, *args, env=env, address_space=1024 * MIB, timeout=60)
                shown[f"{scenario} ({name})"] = outcome.stderr.split("\n")[0]
                why = clean_error_problem(outcome)
                if why or DEBUG_TEXT.search(outcome.stderr):
                    problems.append(f"{scenario} ({name}): {why or 'debug text'}: {outcome.stderr!r}")
        finally:
            server.stop()
    record("plain-words", cases=len(shown), failures=len(problems), errors=shown)
    assert problems == [], "\n".join(problems)
