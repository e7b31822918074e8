"""The secret-service backend against a real gnome-keyring on a private D-Bus session."""
import json
import subprocess

from vault_harness import EXAMPLE_SECRET, files_containing

OTHER_KEY_ID = "AKIAI44QH8DHBEXAMPLE"


def keyring_items(session) -> str:
    result = subprocess.run(["secret-tool", "search", "--all", "xdg:schema", "io.github.vault.VaultKey"],
                            capture_output=True, text=True, env=session.env, timeout=10)
    return result.stdout + result.stderr


def test_add_list_with_the_keyring_and_no_passphrase(home, keyring):
    session = keyring.begin("unlocked")
    result = home.add("default", env={"VAULT_BACKEND": "secret-service", "VAULT_PASSPHRASE": None})
    assert result.returncode == 0, result.stderr
    listing = json.loads(home.run("list", "--json").stdout)
    assert listing["backend"] == "secret-service"
    assert [p["profile"] for p in listing["profiles"]] == ["default"]
    assert "vault-id" in keyring_items(session)
    assert files_containing(home.path, EXAMPLE_SECRET) == []


def test_init_with_backend_flag(home, keyring):
    keyring.begin("unlocked")
    result = home.run("init", "--backend", "secret-service", env={"VAULT_PASSPHRASE": None})
    assert result.returncode == 0, result.stderr
    again = home.run("init", "--backend", "secret-service")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_locked_keyring_is_named_as_locked(home, keyring):
    keyring.begin("locked")
    result = home.run("init", "--backend", "secret-service")
    assert result.returncode == 1
    assert "keyring is locked" in result.stderr and "unlock" in result.stderr
    assert not home.vault_file.exists()


def test_no_secret_service_on_the_bus(home, keyring):
    keyring.begin("none")
    result = home.run("init", "--backend", "secret-service")
    assert result.returncode == 1
    assert "no Secret Service" in result.stderr
    assert "--backend file" in result.stderr  # the headless fallback is offered
    assert not home.vault_file.exists()


def test_no_session_bus_at_all(home):
    result = home.run("init", "--backend", "secret-service", env={"DBUS_SESSION_BUS_ADDRESS": None, "DISPLAY": None})
    assert result.returncode == 1
    assert "no Secret Service" in result.stderr


def test_adding_to_an_existing_keyring_vault_needs_no_keyring(home, keyring):
    keyring.begin("unlocked")
    assert home.run("init", "--backend", "secret-service").returncode == 0
    keyring.stop()  # the keyring and the bus are gone
    result = home.add("other", OTHER_KEY_ID, EXAMPLE_SECRET, env={"DBUS_SESSION_BUS_ADDRESS": None})
    assert result.returncode == 0, result.stderr
