"""A damaged vault gives a clear error and is never rewritten."""
import pytest

from vault_harness import EXAMPLE_SECRET

OTHER_KEY_ID = "AKIAI44QH8DHBEXAMPLE"


@pytest.fixture
def vault_bytes(home):
    assert home.add("default").returncode == 0
    return home.vault_file.read_bytes()


def attempt_add_and_list(home):
    add = home.add("other", OTHER_KEY_ID, EXAMPLE_SECRET)
    listing = home.run("list")
    return add, listing


@pytest.mark.parametrize("length", [0, 5, 9, 40, 100, -33, -1])
def test_truncated_vault(home, vault_bytes, length):
    damaged = vault_bytes[:length]
    home.vault_file.write_bytes(damaged)
    add, listing = attempt_add_and_list(home)
    for result in (add, listing):
        assert result.returncode == 1
        assert str(home.vault_file) in result.stderr
        assert "hint:" in result.stderr
    assert "truncated" in listing.stderr or "checksum" in listing.stderr or "not a vault" in listing.stderr
    assert home.vault_file.read_bytes() == damaged


@pytest.mark.parametrize("offset", [12, 40, 70, 100, 150, 200, -40, -5])
def test_bit_flipped_vault(home, vault_bytes, offset):
    damaged = bytearray(vault_bytes)
    damaged[offset] ^= 0x01
    home.vault_file.write_bytes(bytes(damaged))
    add, listing = attempt_add_and_list(home)
    for result in (add, listing):
        assert result.returncode == 1
        assert "damaged" in result.stderr and "checksum" in result.stderr
    assert home.vault_file.read_bytes() == bytes(damaged)


def test_not_a_vault(home):
    home.vault_file.parent.mkdir(parents=True, mode=0o700)
    home.vault_file.write_text("[default]\naws_access_key_id = x\n")
    home.vault_file.chmod(0o600)
    result = home.run("list")
    assert result.returncode == 1 and "is not a vault file" in result.stderr


def test_unknown_version(home, vault_bytes):
    damaged = bytearray(vault_bytes)
    damaged[8] = 9
    home.vault_file.write_bytes(bytes(damaged))
    result = home.run("list")
    assert result.returncode == 1 and "version 9" in result.stderr
