"""Secret hygiene: a vault process holding secrets cannot be made to dump core (the other
hygiene checks are in test_hardening_hygiene.py and test_hardening_memory.py)."""
import os
import pathlib
import resource
import signal
import subprocess
import sys
import time

import pytest
from hardening import random_secret, wait_stopped


def core_files(directory: pathlib.Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name == "core" or p.name.startswith("core."))


def unlimited_cores():
    resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


def test_a_crash_while_holding_secrets_writes_no_core(aws, tmp_path):
    """vault is started with core dumps allowed, then crashed (SIGSEGV) while it waits for the
    MFA code — after unlocking the vault. Its own limit must be 0 and no core file may appear,
    while a control process crashed the same way does write one (where cores go to a file)."""
    marker = tmp_path / "waiting"
    slow = f"sh -c 'touch {marker}; sleep 30'"
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text().replace("mfa_serial =", f"mfa_process = {slow}\nmfa_serial ="))
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    vault = subprocess.Popen([aws.binary, "assume", "mfa", "--format", "json", "--refresh"], cwd=workdir, env=aws.env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=unlimited_cores, start_new_session=True)
    deadline = time.monotonic() + 20
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "vault never reached the MFA step"
    limits = pathlib.Path(f"/proc/{vault.pid}/limits").read_text()
    core_line = next(line for line in limits.splitlines() if line.startswith("Max core file size"))
    assert core_line.split()[4] == "0", core_line  # soft limit lowered by vault itself
    os.kill(vault.pid, signal.SIGSEGV)
    vault.wait(timeout=10)  # dies at once: no crash handler keeps it alive
    try:
        os.killpg(vault.pid, signal.SIGKILL)  # its mfa_process child, which holds stderr open
    except ProcessLookupError:
        pass
    assert vault.returncode == -signal.SIGSEGV
    assert core_files(workdir) == []
    assert "Backtracing" not in vault.stderr.read().decode()  # no crash report of memory or registers

    pattern = pathlib.Path("/proc/sys/kernel/core_pattern").read_text().strip()
    control_dir = tmp_path / "control"
    control_dir.mkdir()
    control = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], cwd=control_dir,
                               preexec_fn=unlimited_cores)
    time.sleep(0.3)
    control.send_signal(signal.SIGSEGV)
    control.wait(timeout=10)
    if not pattern.startswith("|") and "/" not in pattern:
        # Cores go to a file in the working directory here: the control proves the check above
        # would have seen one.
        assert core_files(control_dir), f"control wrote no core with core_pattern {pattern!r}"
        for name in core_files(control_dir):
            (control_dir / name).unlink()


@pytest.mark.parametrize("command,point", [("add", "vault-update.loaded"), ("assume", "sts.signing"),
                                           ("exec", "exec.before-exec")])
def test_a_crash_at_a_pause_point_writes_no_core(aws, tmp_path, command, point):
    """The same for add, assume and exec, each crashed (SIGSEGV) while stopped at a point where it
    holds a secret (VAULT_TEST_PAUSE_AT): the entered key, the long-term key while signing, the
    session secret about to be exported."""
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    args = {"add": ["add", "other"], "assume": ["assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code()],
            "exec": ["exec", "mfa", "--mfa-code", aws.emulator.code(), "--", "true"]}[command]
    vault = subprocess.Popen([aws.binary, *args], cwd=workdir, env={**aws.env, "VAULT_TEST_PAUSE_AT": point},
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             preexec_fn=unlimited_cores, start_new_session=True)
    vault.stdin.write(f"AKIAIOSFODNN7EXAMPL4\n{random_secret()}\n".encode())
    vault.stdin.close()
    assert wait_stopped(vault), f"vault never stopped at {point}: {vault.stderr.read().decode()}"
    os.kill(vault.pid, signal.SIGSEGV)
    os.kill(vault.pid, signal.SIGCONT)
    vault.wait(timeout=10)
    assert vault.returncode == -signal.SIGSEGV
    assert core_files(workdir) == []
    assert "Backtracing" not in vault.stderr.read().decode()
