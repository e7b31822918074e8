"""The strict STS/IAM emulator (Vault/emulator) for end-to-end tests: started once per test
session on a free loopback port, stopped by PID."""
import json
import os
import pathlib
import subprocess
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
EMULATOR = ROOT / "Vault" / "emulator"


class Emulator:
    def __init__(self, info: dict, pidfile: pathlib.Path):
        self.info = info
        self.pidfile = pidfile
        self.endpoint = info["endpoint"]
        self.daily = info["daily"]

    @classmethod
    def start(cls, scratch: pathlib.Path, plain: bool = False) -> "Emulator":
        pidfile = scratch / "emulator.pid"
        args = [str(EMULATOR / "start"), "--pidfile", str(pidfile)] + (["--plain"] if plain else [])
        result = subprocess.run(args, capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"emulator did not start: {result.stderr}")
        return cls(json.loads(result.stdout), pidfile)

    def stop(self):
        subprocess.run([str(EMULATOR / "stop"), str(self.pidfile)], capture_output=True, timeout=30)

    def api(self, path: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.endpoint + path, data=data, method="GET" if data is None else "POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def code(self) -> str:
        """The device's current code, made usable again (each test may spend it once)."""
        self.api("/strict-api/mfa/forget", {})
        return self.api(f"/strict-api/totp?serial={self.daily['mfa_serial']}")["code"]

    def requests(self, action: str | None = None) -> list[dict]:
        log = self.api("/strict-api/requests")
        return [r for r in log if action is None or r["action"] == action]

    def clear_requests(self):
        self.api("/strict-api/requests/clear", {})

    def set_clock(self, offset_seconds: float):
        self.api("/strict-api/clock", {"offset_seconds": offset_seconds})

    def totp_command(self) -> str:
        """An mfa_process command printing the current code (as an authenticator CLI would)."""
        return f"python3 {EMULATOR / 'totp.py'} {self.daily['mfa_seed']}"

    def reset(self):
        self.set_clock(0)
        self.api("/strict-api/mfa/forget", {})
        self.clear_requests()
