"""Fixtures for the end-to-end tests (helpers live in vault_harness.py)."""
import pytest

from vault_harness import Home


@pytest.fixture
def home(tmp_path) -> Home:
    return Home(tmp_path)


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
    from aws_emulator import Emulator

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


MAGIC = b"\x89VLT\r\n\x1a\n"


def _vault_ids(root):
    """The ids of the vault files a test left under `root` (header bytes 12–28)."""
    for path in root.rglob("*"):
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_size > 28:
                with open(path, "rb") as f:
                    head = f.read(28)
                if head.startswith(MAGIC):
                    yield head[12:28].hex()
        except OSError:
            continue


@pytest.fixture(autouse=True)
def _forget_session_keys(tmp_path):
    """Each test's vaults put their session-cache keys (and `vault unlock` its window) in the user's
    kernel keyring, which outlives the processes: remove exactly those keys (named by the vault ids)
    when the test ends."""
    yield
    import subprocess
    for vault_id in set(_vault_ids(tmp_path)):
        for prefix in ("vault:session-key:", "vault:unlocked:"):  # the session-cache key, the unlock window
            found = subprocess.run(["keyctl", "search", "@u", "user", prefix + vault_id],
                                   capture_output=True, text=True)
            if found.returncode == 0 and found.stdout.strip():
                subprocess.run(["keyctl", "invalidate", found.stdout.strip()], capture_output=True)
