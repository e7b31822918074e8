"""Helpers for the hardening tests (issue 7): bounded runs of the vault binary, the clean-error
rule, and a per-test figures log that docs/reliability.md quotes.

Every call runs with RLIMIT_AS (bounded memory: an allocation past it fails, and vault must still
exit 1, not crash), RLIMIT_CORE 0, a timeout (a hang is a failure, reported as returncode None),
and no controlling terminal (vault never prompts)."""
import fcntl
import json
import os
import pathlib
import pty
import resource
import secrets
import select
import signal
import socket
import string
import subprocess
import termios
import time
from dataclasses import dataclass

from vault_harness import EXAMPLE_KEY_ID, EXAMPLE_SECRET, Home, secret_forms

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


def with_overrides(base: dict, env: dict | None) -> dict:
    """`base` with `env` applied: a value of None removes the variable."""
    merged = dict(base)
    for key, value in (env or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def run(home: Home, *args, input: str = "", env: dict | None = None, timeout: float = 20,
        address_space: int = 256 * MIB) -> Outcome:
    merged = with_overrides(home.env, env)
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


# ---- secret hygiene: files, /proc and memory of a live vault process ----------------------------

def random_secret() -> str:
    """A well-formed secret access key, new each run: any match anywhere is a leak."""
    alphabet = string.ascii_letters + string.digits + "+/"
    return "".join(secrets.choice(alphabet) for _ in range(40))


def leaked(data: bytes, named: dict[str, str]) -> list[str]:
    """The names of the secrets whose raw, base64 or hex form is in `data`."""
    return [name for name, secret in named.items() if secret and any(form in data for form in secret_forms(secret))]


def files_leaking(roots: list[pathlib.Path], named: dict[str, str], since: float,
                  skip: tuple[pathlib.Path, ...] = ()) -> dict[str, list[str]]:
    """Readable regular files under `roots` changed at or after `since` (a leak written by this
    run is such a file; everything older cannot hold this run's random secrets), each with the
    secrets it holds. Symbolic links are not followed; `skip` folders (the emulator's) are left out."""
    hits = {}
    for root in roots:
        for folder, dirs, names in os.walk(root, followlinks=False):
            if any(pathlib.Path(folder).is_relative_to(s) for s in skip):
                dirs[:] = []
                continue
            for name in names:
                path = os.path.join(folder, name)
                try:
                    info = os.lstat(path)
                    if not (info.st_mode & 0o170000 == 0o100000) or max(info.st_mtime, info.st_ctime) < since - 1:
                        continue
                    with open(path, "rb") as f:
                        found = leaked(f.read(), named)
                except OSError:
                    continue  # unreadable, or gone meanwhile
                if found:
                    hits[path] = found
    return hits


def proc_leaks(pid: int, named: dict[str, str]) -> dict[str, list[str]]:
    """Secrets in the live process's argv and environment (`/proc/PID/cmdline`, `environ`)."""
    found = {}
    for part in ("cmdline", "environ"):
        data = pathlib.Path(f"/proc/{pid}/{part}").read_bytes()
        assert data, f"/proc/{pid}/{part} is empty: the process is gone or unreadable"
        found[part] = leaked(data, named)
    return found


def wait_stopped(process: subprocess.Popen, timeout: float = 30) -> bool:
    """Waits until our child stopped itself (VAULT_TEST_PAUSE_AT raises SIGSTOP); False if it
    exited or the time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        stat = pathlib.Path(f"/proc/{process.pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] in ("T", "t"):
            return True
        time.sleep(0.01)
    return False


# A copy of a secret right after `<SecretAccessKey>` is part of an STS/IAM response body as it
# came off the wire. vault's receive buffer and its copy of the body (XMLDocument) are wiped when
# parsed, and OpenSSL's record buffers when read; a copy left in a response body is counted apart
# and reported.
RESPONSE_TAG = b"<SecretAccessKey>"


def memory_regions(pid: int):
    """(maps line, bytes) of every readable region of the stopped process. vault is non-dumpable,
    so only root (CAP_SYS_PTRACE) may read its memory: anyone else gets a clear failure, never a
    silent pass."""
    try:
        mem = open(f"/proc/{pid}/mem", "rb", buffering=0)
    except PermissionError as e:
        raise AssertionError(f"cannot read /proc/{pid}/mem ({e}): the memory checks need root "
                             "(vault sets PR_SET_DUMPABLE 0, which only CAP_SYS_PTRACE overrides)") from e
    with mem, open(f"/proc/{pid}/maps") as maps:
        for line in maps:
            fields = line.split()
            low, high = (int(x, 16) for x in fields[0].split("-"))
            if "r" not in fields[1] or line.rstrip().endswith("[vvar]"):
                continue
            try:
                mem.seek(low)
                data = mem.read(high - low)
            except OSError:
                continue  # e.g. a guard page, or [vsyscall]
            yield line.strip(), data


def count_copies(data: bytes, secret: bytes, counts: dict):
    start = data.find(secret)
    while start != -1:
        in_body = data[max(0, start - len(RESPONSE_TAG)):start] == RESPONSE_TAG
        counts["response-body" if in_body else "vault"] += 1
        start = data.find(secret, start + 1)


def memory_counts(pid: int, named: dict[str, str], keep: bool = False):
    """Occurrences of each secret (raw bytes) in the process memory: `vault` (anywhere but a
    response body) and `response-body`. With `keep`, also returns the writable regions, to search
    later for a secret known only after the process ends."""
    counts = {name: {"vault": 0, "response-body": 0} for name in named}
    kept = []
    total = 0
    for line, data in memory_regions(pid):
        total += len(data)
        for name, secret in named.items():
            count_copies(data, secret.encode(), counts[name])
        if keep and "w" in line.split()[1]:
            kept.append((line, data))
    assert total > 1 * MIB, f"only {total} bytes of memory read: the scanner is broken"
    return (counts, kept) if keep else counts


def count_kept(kept, secret: str) -> dict[str, int]:
    counts = {"vault": 0, "response-body": 0}
    for _, data in kept:
        count_copies(data, secret.encode(), counts)
    return counts


def where_kept(kept, secret: str) -> list[str]:
    """Each copy of `secret` with its region (maps line), offset and surroundings: for the report."""
    found = []
    for line, data in kept:
        start = data.find(secret.encode())
        while start != -1:
            found.append(f"{line} +{start:#x}: {data[max(0, start - 60):start]!r} SECRET {data[start + len(secret):start + len(secret) + 40]!r}")
            start = data.find(secret.encode(), start + 1)
    return found


class PtyVault:
    """vault with a pseudo-terminal as its controlling terminal (so it asks for the passphrase
    and the MFA code on /dev/tty, as for a person), stdout and stderr on pipes."""

    def __init__(self, home: Home, *args, env: dict | None = None, address_space: int = 1024 * MIB):
        merged = with_overrides(home.env, env)
        self.master, slave = pty.openpty()

        def controlling_terminal():
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            limits(address_space)()

        self.process = subprocess.Popen([home.binary, *args], stdin=slave, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=merged, preexec_fn=controlling_terminal)
        os.close(slave)
        self.screen = b""
        self.out = b""
        os.set_blocking(self.process.stdout.fileno(), False)

    @property
    def pid(self) -> int:
        return self.process.pid

    def expect(self, text: str, timeout: float = 30) -> bool:
        """Reads the terminal until `text` shows (True) or the process ends or time runs out."""
        deadline = time.monotonic() + timeout
        while text.encode() not in self.screen and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.screen += os.read(self.master, 4096)
                except OSError:
                    break
            elif self.process.poll() is not None:
                break
        return text.encode() in self.screen

    def type(self, line: str):
        os.write(self.master, line.encode() + b"\n")

    def read_stdout(self) -> bytes:
        """What vault wrote to stdout so far (readable while it is stopped)."""
        try:
            while chunk := os.read(self.process.stdout.fileno(), 65536):
                self.out += chunk
        except BlockingIOError:
            pass
        return self.out

    def resume(self):
        os.kill(self.pid, signal.SIGCONT)  # our own child, by PID

    def finish(self, timeout: float = 60) -> Outcome:
        started = time.monotonic()
        os.set_blocking(self.process.stdout.fileno(), True)
        try:
            out, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        os.close(self.master)
        self.out += out
        return Outcome((), self.process.returncode, self.out.decode(errors="replace"), err.decode(errors="replace"),
                       time.monotonic() - started)
