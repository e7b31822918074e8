"""mfa_process under a time limit: a hanging command is stopped with its whole process group (at
VAULT_MFA_PROCESS_TIMEOUT, or when vault is told to stop), and its stderr reaches the terminal
even while vault's own stderr is a pipe, as under credential_process."""
import fcntl
import json
import os
import pty
import select
import signal
import subprocess
import termios
import time

import pytest

# No session is cached: these tests leave no key in the kernel keyring.
NO_CACHE = {"VAULT_SESSION_CACHE": "none"}


def use_mfa_process(aws, command: str):
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text().replace("mfa_serial =", f"mfa_process = {command}\nmfa_serial =", 1))


def hanging_command(pidfile) -> str:
    """Writes its own PID and a background child's, then waits for that child for ever."""
    return f"echo $$ > {pidfile}; sleep 1000 & echo $! >> {pidfile}; wait"


def written_pids(pidfile, count=2, timeout=20.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pidfile.exists():
            pids = pidfile.read_text().split()
            if len(pids) >= count:
                return [int(p) for p in pids]
        time.sleep(0.05)
    raise AssertionError("mfa_process never wrote its PIDs")


def is_gone(pid: int) -> bool:
    """No such process, or only a zombie waiting for its new parent (init) to reap it."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def all_gone(pids, timeout=5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(is_gone(p) for p in pids):
            return True
        time.sleep(0.05)
    return all(is_gone(p) for p in pids)


def kill_leftovers(pidfile, vault=None):
    """Cleanup by PID whatever the outcome (the old code leaves the whole group running)."""
    if vault is not None and vault.poll() is None:
        os.killpg(vault.pid, signal.SIGKILL)  # vault is a session (and group) leader
        vault.wait()
    if pidfile.exists():
        for pid in pidfile.read_text().split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass


def start_vault(aws, env=None, **popen):
    merged = {**aws.env, **NO_CACHE, **(env or {})}
    return subprocess.Popen(
        [aws.binary, "assume", "mfa", "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=merged, text=True, start_new_session=True, **popen)


def default_signals():
    # A test run in the background of a shell may inherit SIGINT ignored; vault keeps an ignored one.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_hanging_mfa_process_is_stopped_at_the_timeout_with_its_children(aws, tmp_path):
    pidfile = tmp_path / "pids"
    command = hanging_command(pidfile)
    use_mfa_process(aws, command)
    vault = start_vault(aws, {"VAULT_MFA_PROCESS_TIMEOUT": "1"}, stdin=subprocess.DEVNULL)
    try:
        started = time.monotonic()
        _, err = vault.communicate(timeout=30)  # the old code waits for ever: this fails it
        elapsed = time.monotonic() - started
        assert vault.returncode == 1, err
        assert f"mfa_process did not finish within 1 s: {command[:40]}" in err, err
        assert "VAULT_MFA_PROCESS_TIMEOUT" in err, err
        assert elapsed < 10, elapsed
        pids = written_pids(pidfile)
        assert all_gone(pids), [p for p in pids if not is_gone(p)]
        assert aws.emulator.requests("AssumeRole") == []
    finally:
        kill_leftovers(pidfile, vault)


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_signal_while_waiting_stops_vault_and_the_mfa_process_group(aws, tmp_path, sent):
    pidfile = tmp_path / "pids"
    use_mfa_process(aws, hanging_command(pidfile))
    vault = start_vault(aws, stdin=subprocess.DEVNULL, preexec_fn=default_signals)
    try:
        pids = written_pids(pidfile)
        os.kill(vault.pid, sent)
        vault.wait(timeout=30)  # not communicate: with the old code the group still holds vault's pipes
        assert vault.returncode == -sent, vault.returncode  # ended by the signal, as without the wait
        assert all_gone(pids), [p for p in pids if not is_gone(p)]
    finally:
        kill_leftovers(pidfile, vault)


def test_ctrl_c_on_the_terminal_stops_vault_and_the_mfa_process_group(aws, tmp_path):
    """The mfa_process group is not the terminal's foreground group, so only vault gets the
    terminal's Ctrl-C: vault must stop the group itself."""
    pidfile = tmp_path / "pids"
    use_mfa_process(aws, hanging_command(pidfile))
    master, slave = pty.openpty()

    def take_terminal():
        default_signals()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    vault = None
    try:
        vault = start_vault(aws, stdin=slave, preexec_fn=take_terminal)
        pids = written_pids(pidfile)
        os.write(master, b"\x03")  # Ctrl-C: the kernel sends SIGINT to the foreground group
        vault.wait(timeout=30)
        assert vault.returncode == -signal.SIGINT, vault.returncode
        assert all_gone(pids), [p for p in pids if not is_gone(p)]
    finally:
        kill_leftovers(pidfile, vault)
        os.close(master)
        os.close(slave)


def test_code_is_used_when_the_command_leaves_a_process_holding_its_stdout(aws, tmp_path):
    """The command prints the code and exits; a background process it started keeps the pipe open
    (its stderr goes elsewhere, or it would hold this test's stderr pipe open too)."""
    pidfile = tmp_path / "pids"
    use_mfa_process(aws, f"sleep 1000 2>/dev/null & echo $! > {pidfile}; {aws.emulator.totp_command()}")
    aws.emulator.code()
    vault = start_vault(aws, stdin=subprocess.DEVNULL)
    try:
        out, err = vault.communicate(timeout=30)  # the old code reads until end of file: for ever
        assert vault.returncode == 0, err
        assert json.loads(out)["AccessKeyId"].startswith("ASIA")
    finally:
        kill_leftovers(pidfile, vault)


def test_mfa_process_stderr_reaches_the_terminal_while_vault_stderr_is_a_pipe(aws):
    """As under credential_process: vault's stdout and stderr are pipes, the terminal is still the
    user's, and a security key's "touch your key" must show there."""
    use_mfa_process(aws, f"echo 'touch your key' >&2; {aws.emulator.totp_command()}")
    aws.emulator.code()
    master, slave = pty.openpty()

    def take_terminal():  # after setsid: the pty becomes vault's controlling terminal
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    try:
        vault = start_vault(aws, stdin=slave, preexec_fn=take_terminal)
        out, err = vault.communicate(timeout=30)
        screen = b""
        while select.select([master], [], [], 0.2)[0]:
            chunk = os.read(master, 4096)
            if not chunk:
                break
            screen += chunk
        assert vault.returncode == 0, err
        assert json.loads(out)["AccessKeyId"].startswith("ASIA")
        assert b"touch your key" in screen, (screen, err)
        assert "touch your key" not in err
    finally:
        os.close(master)
        os.close(slave)


@pytest.mark.parametrize("value", ["0", "3601", "soon", "1.5", "-5", " 30"])
def test_invalid_timeout_is_a_usage_error(aws, value):
    use_mfa_process(aws, aws.emulator.totp_command())
    aws.emulator.code()
    result = aws.run("assume", "mfa", "--format", "json", env={**NO_CACHE, "VAULT_MFA_PROCESS_TIMEOUT": value})
    assert result.returncode == 2, result.stderr
    assert "VAULT_MFA_PROCESS_TIMEOUT" in result.stderr and "1 to 3600" in result.stderr, result.stderr
    assert aws.emulator.requests("AssumeRole") == []


def test_valid_timeout_is_accepted(aws):
    use_mfa_process(aws, aws.emulator.totp_command())
    aws.emulator.code()
    result = aws.run("assume", "mfa", "--format", "json", env={**NO_CACHE, "VAULT_MFA_PROCESS_TIMEOUT": "3600"})
    assert result.returncode == 0, result.stderr
