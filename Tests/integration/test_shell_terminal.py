"""At a real terminal (a tmux pane, as test_walkthrough.py): the create-mfa-device QR code on the
screen decodes and enrols, the `vault exec` subshell starts and exits with its status, and Ctrl-C
during `exec --deactivate-after` leaves the admin keys Inactive."""
import pathlib
import shutil
import time
import urllib.parse

import pyotp
import pytest

from test_admin_keys import admin, admin_key_statuses  # noqa: F401 (the fixture)
from test_mfa_device import FULL, LOWER, UPPER, decode_qr, enrol_home  # noqa: F401 (the fixture)
from test_walkthrough import Pane

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (Vault/scripts/bootstrap)")


def open_pane(home, tmp_path, **extra):
    env = {**home.env, "PATH": f"{pathlib.Path(home.binary).parent}:{home.env['PATH']}", **extra}
    pane = Pane(tmp_path, env)
    pane.wait_for("$")
    return pane


def test_the_qr_code_on_the_terminal_decodes_and_enrols(enrol_home, tmp_path):  # noqa: F811
    pane = open_pane(enrol_home, tmp_path)
    try:
        pane.type("vault create-mfa-device")
        screen = pane.wait_for("MFA code: ")
        lines = [line for line in screen.splitlines() if line and set(line) <= {FULL, UPPER, LOWER, " "}]
        assert len(lines) >= 15, screen
        width = max(len(line) for line in lines)
        uri = decode_qr([line.ljust(width) for line in lines], tmp_path)
        assert urllib.parse.urlparse(uri).scheme == "otpauth"
        otp = pyotp.TOTP(pyotp.parse_uri(uri).secret)
        now = time.time()
        pane.type(otp.at(now - 30))
        pane.wait_for("Next MFA code (wait for the app to show a new one): ")
        pane.type(otp.at(now))
        pane.wait_for("mfa_serial written to [default]")
    finally:
        pane.close()
    assert "mfa_serial = arn:aws:iam::" in (enrol_home.path / ".aws" / "config").read_text()


def test_the_subshell_starts_in_the_session_and_exits_with_its_status(aws, tmp_path):
    pane = open_pane(aws, tmp_path, SHELL="/bin/bash")
    try:
        pane.type(f"vault exec mfa --mfa-code {aws.emulator.code()}")
        pane.type("echo inside=$AWS_VAULT keylen=${#AWS_SECRET_ACCESS_KEY}")
        pane.wait_for("inside=mfa keylen=40")
        pane.type("exit 7")
        pane.type("echo outside=${AWS_VAULT:-none} status=$?")
        pane.wait_for("outside=none status=7")
    finally:
        pane.close()


def test_ctrl_c_during_deactivate_after_leaves_the_keys_inactive(admin, tmp_path):  # noqa: F811
    pane = open_pane(admin, tmp_path)
    try:
        # The marker is computed, so the typed command line itself cannot match it.
        pane.type("vault exec admin --deactivate-after -- sh -c 'echo started-$((40+2)); sleep 60'; "
                  "echo vault-status=$?")
        pane.wait_for("started-42")
        assert set(admin_key_statuses(admin.emulator).values()) == {"Active"}
        pane.tmux("send-keys", "-t", "0", "C-c")
        pane.wait_for("vault-status=130")
    finally:
        pane.close()
    assert set(admin_key_statuses(admin.emulator).values()) == {"Inactive"}
