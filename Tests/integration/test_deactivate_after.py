"""vault exec ADMIN --deactivate-after -- CMD against the strict emulator: keys activated for the
command, inactive again however it ends (status, SIGTERM, SIGHUP), and a vault killed with SIGKILL
leaving a record the next command reports and deactivate-admin-keys finishes."""
import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from test_admin_keys import admin, admin_key_statuses  # noqa: F401 (the fixture)

# The command reads the credentials vault serves it (the SDKs' container provider), prints the key
# id, then exits with 3. (moto does not accept GetSessionToken credentials as signers, so which
# user they belong to is read from the emulator's log of the GetSessionToken call.)
WHO = ("import boto3, os, sys; assert 'AWS_SECRET_ACCESS_KEY' not in os.environ; "
       "print(boto3.Session().get_credentials().get_frozen_credentials().access_key, flush=True); sys.exit(3)")


def session_signed_by_admin(home, key_id):
    calls = home.emulator.requests("GetSessionToken")
    return bool(calls) and calls[-1]["status"] == 200 and calls[-1]["access_key_id"] in {
        k["access_key_id"] for k in home.emulator.info["admin"]["keys"]} and len(key_id) >= 16


def records(home):
    folder = home.path / ".local" / "state" / "vault" / "deactivate-after"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_inactive_keys_are_activated_for_the_command_then_deactivated(admin):  # noqa: F811
    assert admin.run("deactivate-admin-keys").returncode == 0
    result = admin.run("exec", "admin", "--deactivate-after", "--using", "breakglass", "--", sys.executable, "-c", WHO)
    assert result.returncode == 3, result.stderr
    assert session_signed_by_admin(admin, result.stdout.strip())
    assert "activated the admin keys" in result.stderr
    assert set(admin_key_statuses(admin.emulator).values()) == {"Inactive"}
    assert records(admin) == []
    assert "deactivate-after" not in admin.run("status").stderr


def test_active_keys_are_deactivated_after_the_command(admin):  # noqa: F811
    result = admin.run("exec", "admin", "--deactivate-after", "--", sys.executable, "-c", WHO)
    assert result.returncode == 3, result.stderr
    assert session_signed_by_admin(admin, result.stdout.strip())
    assert set(admin_key_statuses(admin.emulator).values()) == {"Inactive"}


def test_inactive_keys_without_using_is_a_clear_error(admin):  # noqa: F811
    assert admin.run("deactivate-admin-keys").returncode == 0
    result = admin.run("exec", "admin", "--deactivate-after", "--", "true")
    assert result.returncode == 1 and "--using" in result.stderr
    assert set(admin_key_statuses(admin.emulator).values()) == {"Inactive"}
    assert records(admin) == []


def start(home, *command):
    return subprocess.Popen([home.binary, "exec", "admin", "--deactivate-after", "--", *command], env=home.env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_to_vault_stops_the_command_and_the_keys_go_inactive(admin, sig):  # noqa: F811
    process = start(admin, sys.executable, "-c", "import time; print('up', flush=True); time.sleep(60)")
    assert process.stdout.readline().strip() == "up"
    process.send_signal(sig)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 128 + sig, err
    assert set(admin_key_statuses(admin.emulator).values()) == {"Inactive"}
    assert records(admin) == []


def test_kill_9_leaves_a_record_that_deactivate_admin_keys_finishes(admin):  # noqa: F811
    process = start(admin, "sh", "-c", "echo up; exec sleep 60")
    assert process.stdout.readline().strip() == "up"
    [record] = records(admin)
    assert stat.S_IMODE(record.stat().st_mode) == 0o600
    assert f"pid={process.pid}\n" in record.read_text() and "profile=admin\n" in record.read_text()
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    os.killpg(process.pid, signal.SIGKILL)  # the orphaned command, by its process group
    assert set(admin_key_statuses(admin.emulator).values()) == {"Active"}
    status = admin.run("status")
    assert "--deactivate-after for 'admin'" in status.stderr and "vault deactivate-admin-keys" in status.stderr
    assert admin.run("deactivate-admin-keys").returncode == 0
    assert set(admin_key_statuses(admin.emulator).values()) == {"Inactive"}
    assert records(admin) == []
    assert "deactivate-after" not in admin.run("status").stderr
