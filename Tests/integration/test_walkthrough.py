"""A person at a real terminal: the built binary driven in a tmux pane (a pseudo-terminal), checking
what the screen shows — hidden input stays hidden, the MFA prompt reaches the terminal while
stdout is piped, and a wrong passphrase reads as one. tmux comes from Vault/scripts/bootstrap."""
import json
import os
import pathlib
import shlex
import shutil
import signal
import subprocess
import time

import pytest

from vault_harness import EXAMPLE_SECRET

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (Vault/scripts/bootstrap)")

TYPED_KEY_ID = "AKIAI44QH8DHBEXAMPLE"
TYPED_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"


class Pane:
    """One tmux server on a private socket, one pane running a clean shell with `env`."""

    def __init__(self, scratch: pathlib.Path, env: dict):
        self.socket = str(scratch / "tmux.sock")
        shell_env = ["env", "-i", *[f"{k}={v}" for k, v in env.items()], "TERM=xterm", "PS1=$ ",
                     "bash", "--norc", "--noprofile"]
        subprocess.run(["tmux", "-S", self.socket, "-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "50",
                        shlex.join(shell_env)], check=True, timeout=10, env={"PATH": env["PATH"]})
        self.server_pid = int(self.tmux("display-message", "-p", "#{pid}").strip())

    def tmux(self, *args) -> str:
        return subprocess.run(["tmux", "-S", self.socket, *args], capture_output=True, text=True, check=True,
                              timeout=10).stdout

    def type(self, text: str, enter: bool = True):
        self.tmux("send-keys", "-t", "0", "-l", text)
        if enter:
            self.tmux("send-keys", "-t", "0", "Enter")

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "0", "-S", "-200")

    def wait_for(self, text: str, timeout: float = 30) -> str:
        text = text.rstrip()  # capture-pane drops trailing blanks, so a prompt ends at its colon
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear on the screen:\n{self.screen()}")

    def close(self):
        try:
            os.kill(self.server_pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


@pytest.fixture
def pane(aws, tmp_path):
    """A terminal in the `aws` home whose environment has no VAULT_PASSPHRASE: vault must ask."""
    env = {k: v for k, v in aws.env.items() if k != "VAULT_PASSPHRASE"}
    env["PATH"] = f"{pathlib.Path(aws.binary).parent}:{env['PATH']}"
    instance = Pane(tmp_path, env)
    instance.wait_for("$")
    yield instance
    instance.close()


def test_add_hides_the_secret(pane, aws):
    pane.type("vault add typed")
    pane.wait_for("Access key ID: ")
    pane.type(TYPED_KEY_ID)
    pane.wait_for("Secret access key: ")
    pane.type(TYPED_SECRET)
    screen = pane.wait_for("added 'typed'")
    assert TYPED_KEY_ID in screen  # the key ID is echoed, as the prompt says
    assert TYPED_SECRET not in screen and TYPED_SECRET[:12] not in screen
    listing = json.loads(aws.run("list", "--json").stdout)
    assert [p["profile"] for p in listing["profiles"]] == ["default", "typed"]


def test_assume_asks_on_the_terminal_while_stdout_is_piped(pane, aws, tmp_path):
    out = tmp_path / "out.json"
    pane.type(f"vault assume mfa --format json | cat > {out}; echo exit-$?")
    pane.wait_for("Vault passphrase: ")
    pane.type(aws.env["VAULT_PASSPHRASE"])
    pane.wait_for("Enter MFA code for arn:aws:iam::")
    pane.type(aws.emulator.code())
    screen = pane.wait_for("exit-0")
    creds = json.loads(out.read_text())
    assert creds["Version"] == 1 and creds["AccessKeyId"]
    # Prompts on the screen, credentials only in the pipe; nothing secret echoed.
    assert aws.env["VAULT_PASSPHRASE"] not in screen
    assert creds["SecretAccessKey"] not in screen and creds["SessionToken"] not in screen
    assert EXAMPLE_SECRET not in screen
    assert len(aws.emulator.requests("AssumeRole")) == 1


def test_wrong_passphrase_costs_no_mfa_code(pane, aws):
    pane.type("vault assume mfa --format json > /dev/null; echo exit-$?")
    pane.wait_for("Vault passphrase: ")
    pane.type("not the passphrase")
    screen = pane.wait_for("exit-1")  # the command line shows `exit-$?`, the result `exit-1`
    assert "vault: wrong passphrase for" in screen and "hint: " in screen
    assert "not the passphrase" not in screen
    assert "Enter MFA code" not in screen
    assert aws.emulator.requests("AssumeRole") == []
