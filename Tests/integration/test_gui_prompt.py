"""The GUI prompt driver (issue 19, item 26): `VAULT_PROMPT=zenity` asks in a real zenity dialog
on a headless X server (Xvfb) started and stopped here by PID; xdotool types the answer."""
import json
import os
import shutil
import subprocess
import time

import pytest

# Never skipped: Vault/scripts/bootstrap installs xvfb, zenity and xdotool, and a missing one fails here.
assert all(shutil.which(p) for p in ("Xvfb", "zenity", "xdotool")), "run Vault/scripts/bootstrap (xvfb zenity xdotool)"


@pytest.fixture
def display():
    """A private Xvfb on a free display number; yields the DISPLAY value."""
    number = next(n for n in range(90, 190) if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"))
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "800x600x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(100):
            if os.path.exists(f"/tmp/.X11-unix/X{number}"):
                break
            time.sleep(0.05)
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def answer_dialog(display, text):
    """Waits for vault's dialog (window title 'vault'), focuses it and types `text` + Return."""
    env = {**os.environ, "DISPLAY": display}
    for _ in range(200):
        found = subprocess.run(["xdotool", "search", "--name", "^vault$"], capture_output=True, text=True, env=env)
        windows = found.stdout.split()
        if windows:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("no vault dialog appeared")
    time.sleep(0.5)  # let the entry take the focus
    subprocess.run(["xdotool", "windowfocus", "--sync", windows[-1]], env=env, check=False)
    subprocess.run(["xdotool", "type", "--delay", "20", text], env=env, check=True)
    subprocess.run(["xdotool", "key", "Return"], env=env, check=True)


def start(home, *args, env):
    merged = {k: v for k, v in {**home.env, **env}.items() if v is not None}
    return subprocess.Popen([home.binary, *args], env=merged, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def test_mfa_code_asked_in_a_zenity_dialog(aws, display):
    vault = start(aws, "assume", "mfa", "--format", "json", env={"DISPLAY": display, "VAULT_PROMPT": "zenity"})
    try:
        code = aws.emulator.code()
        answer_dialog(display, code)
        out, err = vault.communicate(timeout=60)
    finally:
        if vault.poll() is None:
            vault.kill()
    assert vault.returncode == 0, err
    assert json.loads(out)["AccessKeyId"].startswith("ASIA")
    # The strict emulator accepts AssumeRole only with the current code: the typed answer arrived.
    assert len(aws.emulator.requests("AssumeRole")) == 1


def test_passphrase_asked_in_a_zenity_dialog(aws, display):
    vault = start(aws, "assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(),
                  env={"DISPLAY": display, "VAULT_PROMPT": "zenity", "VAULT_SESSION_CACHE": "none",
                       "VAULT_PASSPHRASE": None})
    try:
        answer_dialog(display, aws.env["VAULT_PASSPHRASE"])
        out, err = vault.communicate(timeout=60)
    finally:
        if vault.poll() is None:
            vault.kill()
    assert vault.returncode == 0, err
    assert json.loads(out)["AccessKeyId"].startswith("ASIA")


def test_an_unanswered_dialog_times_out(aws, display):
    result = aws.run("assume", "mfa", "--format", "json", "--refresh",
                     env={"DISPLAY": display, "VAULT_PROMPT": "zenity", "VAULT_PROMPT_TIMEOUT": "2"})
    assert result.returncode == 1, result.stderr
    assert "nobody answered the zenity dialog within 2 s" in result.stderr


def test_an_invalid_prompt_setting_is_a_usage_error(home):
    result = home.run("list", env={"VAULT_PROMPT": "gtk"})
    assert result.returncode == 2 and "VAULT_PROMPT=gtk" in result.stderr, result.stderr
