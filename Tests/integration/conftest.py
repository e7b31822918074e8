"""Fixtures for end-to-end tests: the built `vault` binary in a scratch HOME."""
import base64
import os
import pathlib
import subprocess

import pytest

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


@pytest.fixture
def home(tmp_path) -> Home:
    return Home(tmp_path)


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


@pytest.fixture
def keyring(home, tmp_path_factory):
    """Start a private bus + gnome-keyring for `home`: `keyring.start('unlocked'|'locked'|'none')`."""
    from keyring_session import KeyringSession

    session = KeyringSession(home.env, tmp_path_factory.mktemp("bus"))

    def start(mode="unlocked"):
        env = session.start(mode)
        home.env.update({k: env[k] for k in ("DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR")})
        return session

    session.begin = start
    yield session
    session.stop()


@pytest.fixture(scope="session")
def emulator(tmp_path_factory):
    """The strict emulator, shared by the session's tests; each test resets clock, codes, log."""
    from emulator import Emulator

    instance = Emulator.start(tmp_path_factory.mktemp("emulator"))
    yield instance
    instance.stop()


@pytest.fixture
def aws(home, emulator):
    """`home` set up as the article describes: `default` holds the daily user's keys in the vault,
    `[profile mfa]` assumes PowerUserRole with MFA, `[profile chained]` chains to ChainedRole."""
    emulator.reset()
    info = emulator.info
    (home.path / ".aws").mkdir()
    (home.path / ".aws" / "config").write_text(
        "[default]\nregion = us-east-1\n\n"
        f"[profile mfa]\nsource_profile = default\nrole_arn = {info['role_arn']}\n"
        f"mfa_serial = {info['daily']['mfa_serial']}\nduration_seconds = 3600\n\n"
        f"[profile chained]\nsource_profile = mfa\nrole_arn = {info['chained_role_arn']}\nduration_seconds = 3600\n\n"
        f"[profile nomfa]\nsource_profile = default\nrole_arn = {info['role_arn']}\n"
    )
    home.env["AWS_ENDPOINT_URL"] = emulator.endpoint
    result = home.add("default", info["daily"]["access_key_id"], info["daily"]["secret_access_key"])
    assert result.returncode == 0, result.stderr
    home.emulator = emulator
    return home
