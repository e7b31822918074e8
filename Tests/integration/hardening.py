"""Helpers for the hardening tests (issue 7): bounded runs of the vault binary, the clean-error
rule, and a per-test figures log that docs/reliability.md quotes.

Every call runs with RLIMIT_AS (bounded memory: an allocation past it fails, and vault must still
exit 1, not crash), RLIMIT_CORE 0, a timeout (a hang is a failure, reported as returncode None),
and no controlling terminal (vault never prompts)."""
import json
import os
import pathlib
import resource
import signal
import socket
import subprocess
import time
from dataclasses import dataclass

from vault_harness import EXAMPLE_KEY_ID, EXAMPLE_SECRET, Home

MIB = 1 << 20
FIGURES = pathlib.Path(os.environ.get("VAULT_HARDENING_FIGURES", "/tmp/vault-hardening-figures.jsonl"))


def limits(address_space: int):
    """A preexec_fn bounding the child's address space and forbidding core files."""

    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


@dataclass
class Outcome:
    """What one bounded call did. `returncode` is None when it timed out (and was killed)."""
    args: tuple
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float


def run(home: Home, *args, input: str = "", env: dict | None = None, timeout: float = 20,
        address_space: int = 256 * MIB) -> Outcome:
    merged = dict(home.env)
    for key, value in (env or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    started = time.monotonic()
    process = subprocess.Popen([home.binary, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=merged, start_new_session=True,
                               preexec_fn=limits(address_space))
    try:
        out, err = process.communicate(input.encode(), timeout=timeout)
        code = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # our own child's group, by PID
        out, err = process.communicate()
        code = None
    return Outcome(args, code, out.decode(errors="replace"), err.decode(errors="replace"),
                   time.monotonic() - started)


def add(home: Home, profile: str, key_id: str = EXAMPLE_KEY_ID, secret: str = EXAMPLE_SECRET, *extra, **kw) -> Outcome:
    return run(home, "add", profile, *extra, input=f"{key_id}\n{secret}\n", **kw)


def clean_error_problem(outcome: Outcome, codes=(1,)) -> str | None:
    """None when the outcome is a clean failure: an expected exit code (never a signal or a
    timeout) and stderr of exactly `vault: <problem>` then `hint: <what to do>`; else why not."""
    if outcome.returncode is None:
        return f"hung (killed after {outcome.seconds:.1f} s)"
    if outcome.returncode < 0:
        return f"killed by signal {-outcome.returncode}"
    if outcome.returncode not in codes:
        return f"exit {outcome.returncode}, wanted {codes}"
    lines = outcome.stderr.rstrip("\n").split("\n")
    if outcome.returncode == 2:  # usage errors come from the argument parser: `Error: …`
        return None if outcome.stderr.strip() else "usage error without a message"
    if len(lines) != 2 or not lines[0].startswith("vault: ") or not lines[1].startswith("hint: "):
        return f"not a two-line error: {outcome.stderr[:400]!r}"
    if len(lines[0]) < 12 or len(lines[1]) < 10:
        return f"error too terse: {outcome.stderr!r}"
    return None


def record(check: str, **figures):
    """Appends one check's figures for docs/reliability.md (one JSON object a line)."""
    figures = {"check": check, "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **figures}
    with FIGURES.open("a") as f:
        f.write(json.dumps(figures) + "\n")
    print(json.dumps(figures))


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def temp_files(folder: pathlib.Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name) if folder.exists() else []


def profiles(home: Home) -> list[str]:
    result = run(home, "list", "--json")
    assert result.returncode == 0, result.stderr
    return sorted(p["profile"] for p in json.loads(result.stdout)["profiles"])


def key_id(i: int) -> str:
    """A distinct, well-formed example access key id for number i."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    digits = "".join(letters[(i >> (5 * k)) & 31] for k in range(4))
    return "AKIA" + "EXAMPLE" + "Q" * 5 + digits
