"""A private D-Bus session bus with (or without) a real gnome-keyring, for one test.

Every process is started here and stopped here by PID. The bus has no service directories, so
nothing is activated behind the test's back: the keyring exists only when the test starts it.
"""
import os
import pathlib
import signal
import subprocess
import time

KEYRING_PASSWORD = "vault-test-keyring"  # the scratch login keyring's password (tests only)

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={runtime}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


class KeyringSession:
    """Starts dbus-daemon, then optionally gnome-keyring-daemon; `env` points a client at them."""

    def __init__(self, home_env: dict, scratch: pathlib.Path):
        self.base_env = dict(home_env)
        self.scratch = scratch
        self.processes: list[subprocess.Popen] = []
        self.address = ""

    def start(self, keyring: str = "unlocked") -> dict:
        """keyring: 'unlocked', 'locked' (started, login collection locked) or 'none'."""
        runtime = self.scratch / "runtime"
        runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        config = self.scratch / "bus.conf"
        config.write_text(BUS_CONFIG.format(runtime=runtime))
        env = {**self.base_env, "XDG_RUNTIME_DIR": str(runtime)}
        env.pop("DISPLAY", None)
        bus = subprocess.Popen(
            ["dbus-daemon", "--nofork", "--print-address=1", f"--config-file={config}"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
        self.processes.append(bus)
        self.address = bus.stdout.readline().strip()
        if not self.address:
            raise RuntimeError("dbus-daemon did not print its address")
        env["DBUS_SESSION_BUS_ADDRESS"] = self.address
        self.env = env
        if keyring != "none":
            daemon = subprocess.Popen(
                ["gnome-keyring-daemon", "--foreground", "--unlock", "--components=secrets"],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            daemon.stdin.write(KEYRING_PASSWORD.encode())
            daemon.stdin.close()
            self.processes.append(daemon)
            self._wait_for_name("org.freedesktop.secrets")
            if keyring == "locked":
                self.lock()
        return env

    def lock(self):
        """Locks the login collection, as a screen lock or timeout would."""
        self._send("/org/freedesktop/secrets", "org.freedesktop.Secret.Service.Lock",
                   "array:objpath:/org/freedesktop/secrets/collection/login", dest="org.freedesktop.secrets")

    def _wait_for_name(self, name: str, timeout: float = 10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            out = self._send("/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", f"string:{name}",
                             dest="org.freedesktop.DBus", check=False)
            if "boolean true" in out:
                return
            time.sleep(0.05)
        raise RuntimeError(f"{name} did not appear on the test bus")

    def _send(self, path, method, *args, dest, check=True) -> str:
        result = subprocess.run(["dbus-send", "--session", "--print-reply", f"--dest={dest}", path, method, *args],
                                capture_output=True, text=True, env=self.env, timeout=10)
        if check and result.returncode != 0:
            raise RuntimeError(f"dbus-send {method} failed: {result.stderr}")
        return result.stdout

    def stop(self):
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.processes.clear()
