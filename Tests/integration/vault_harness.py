"""Helpers for the end-to-end tests: the built `vault` binary in a scratch HOME, secret scans."""
import base64
import os
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]

# AWS's documentation example key: safe to print, never a real credential.
EXAMPLE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"


def vault_binary() -> str:
    path = os.environ.get("VAULT_BIN") or str(ROOT / ".build" / "debug" / "vault")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"vault binary not found at {path}: run `swift build` first (or set VAULT_BIN)")
    return path


class Home:
    """A scratch HOME with its own environment; runs the vault binary in it."""

    def __init__(self, path: pathlib.Path):
        self.path = path
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(path),
            "XDG_DATA_HOME": str(path / ".local" / "share"),
            "XDG_CACHE_HOME": str(path / ".cache"),
            "XDG_CONFIG_HOME": str(path / ".config"),
            "VAULT_PASSPHRASE": "correct horse battery staple",
            "VAULT_KDF": "minimum",
            "LANG": "C.UTF-8",
        }
        self.binary = vault_binary()

    @property
    def vault_file(self) -> pathlib.Path:
        return self.path / ".local" / "share" / "vault" / "vault"

    def run(self, *args, input: str | None = None, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        merged = dict(self.env)
        for key, value in (env or {}).items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        return subprocess.run(
            [self.binary, *args], input=input if input is not None else "", capture_output=True, text=True,
            env=merged, timeout=timeout, start_new_session=True,  # no controlling terminal: never prompts
        )

    def add(self, profile: str, key_id: str = EXAMPLE_KEY_ID, secret: str = EXAMPLE_SECRET, *extra, env=None):
        return self.run("add", profile, *extra, input=f"{key_id}\n{secret}\n", env=env)


def secret_forms(secret: str) -> list[bytes]:
    """Every encoding of a secret a careless program might write: raw, base64, hex."""
    raw = secret.encode()
    forms = [raw, base64.b64encode(raw), base64.urlsafe_b64encode(raw), raw.hex().encode(), raw.hex().upper().encode()]
    return forms


def files_containing(root: pathlib.Path, secret: str) -> list[str]:
    """Files under root that hold the secret in any of its forms."""
    hits = []
    forms = secret_forms(secret)
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            if any(form in data for form in forms):
                hits.append(str(path))
    return hits
