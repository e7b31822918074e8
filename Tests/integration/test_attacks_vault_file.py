"""Security review 2, findings 1–3 and 6: a writer of the vault file who lacks its key (a synced
or restored folder, a short-lived script) tries to redirect new keys, slip in its own key, or
put back an older file. Each attack is performed for real against the built binary; each test
fails on the code before format version 2 (checked against 378dbfd)."""
import json
import os
import shutil

import pytest
import vault_attacks as attack
from vault_harness import EXAMPLE_KEY_ID, EXAMPLE_SECRET, Home

OTHER_KEY_ID = "AKIAI44QH8DHBEXAMPLE"


def records(home: Home) -> list:
    folder = home.path / ".local" / "state" / "vault" / "records"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_swapped_public_key_is_refused_by_add_and_reported_as_tampering(home):
    assert home.add("default").returncode == 0
    forged, _attacker_sk = attack.swap_public_key(home.vault_file.read_bytes())
    home.vault_file.write_bytes(forged)
    added = home.add("second", OTHER_KEY_ID, EXAMPLE_SECRET, env={"VAULT_PASSPHRASE": None})
    assert added.returncode == 1, "vault add sealed a key to the attacker's public key"
    assert "public key" in added.stderr and "changed" in added.stderr, added.stderr
    assert str(home.vault_file) in added.stderr
    assert home.vault_file.read_bytes() == forged, "a refused add changes nothing"
    # The right passphrase on the altered file: tampering, never "wrong passphrase".
    unlocked = home.run("remove", "default", "--force")
    assert unlocked.returncode == 1
    assert "wrong passphrase" not in unlocked.stderr and "altered" in unlocked.stderr, unlocked.stderr


def test_injected_entry_is_never_used_to_sign(aws):
    attacker = aws.emulator.info["breakglass"]["keys"][0]
    data = aws.vault_file.read_bytes()
    forged = attack.inject(data, attack.entry(attack.public_key(data), "default", attacker["access_key_id"],
                                             attacker["secret_access_key"]))
    aws.vault_file.write_bytes(forged)
    assumed = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code())
    signed_by_attacker = [r for r in aws.emulator.requests() if r["access_key_id"] == attacker["access_key_id"]]
    assert signed_by_attacker == [], "vault signed an STS request with the injected key"
    assert assumed.returncode == 1
    assert "'default'" in assumed.stderr and "not added on this machine" in assumed.stderr, assumed.stderr
    listed = aws.run("list", "--json")
    assert listed.returncode == 0, listed.stderr
    marked = [p for p in json.loads(listed.stdout)["profiles"] if p["key_hint"].endswith(attacker["access_key_id"][-4:])]
    assert marked and marked[0]["trusted"] is False and "untrusted" in marked[0]["state"]
    # Removing it (a sealed write) is the way out; the user's own key works again after adding it.
    assert aws.run("remove", "default", "--force").returncode == 0
    daily = aws.emulator.daily
    assert aws.add("default", daily["access_key_id"], daily["secret_access_key"]).returncode == 0
    again = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code())
    assert again.returncode == 0, again.stderr


def test_entry_injected_into_the_sealed_part_breaks_the_seal(aws):
    attacker = aws.emulator.info["breakglass"]["keys"][0]
    data = aws.vault_file.read_bytes()
    assert attack.version(data) == 3
    forged = attack.inject_into_sealed_part(
        data, attack.entry(attack.public_key(data), "default", attacker["access_key_id"], attacker["secret_access_key"]))
    aws.vault_file.write_bytes(forged)
    assumed = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code())
    assert assumed.returncode == 1
    assert "seal does not match" in assumed.stderr and "wrong passphrase" not in assumed.stderr, assumed.stderr
    assert [r for r in aws.emulator.requests() if r["access_key_id"] == attacker["access_key_id"]] == []


def test_an_older_copy_is_refused_until_accepted(home, tmp_path):
    assert home.add("default").returncode == 0
    older = home.vault_file.read_bytes()
    assert home.add("rotated", OTHER_KEY_ID, EXAMPLE_SECRET).returncode == 0   # a pending write
    assert home.run("remove", "default", "--force").returncode == 0           # a sealed write
    newest = home.vault_file.read_bytes()
    home.vault_file.write_bytes(older)
    for args in (["list"], ["add", "third"], ["remove", "rotated", "--force"]):
        result = home.run(*args, input=f"{EXAMPLE_KEY_ID}\n{EXAMPLE_SECRET}\n")
        assert result.returncode == 1, args
        assert "older copy" in result.stderr and "accept-file" in result.stderr, result.stderr
    assert home.vault_file.read_bytes() == older, "a refused command changes nothing"
    # Restoring a backup is legitimate: an explicit, confirmed acceptance.
    unconfirmed = home.run("accept-file")
    assert unconfirmed.returncode == 1 and "--yes" in unconfirmed.stderr
    accepted = home.run("accept-file", "--yes")
    assert accepted.returncode == 0, accepted.stderr
    assert "older" in accepted.stdout + accepted.stderr
    assert [p["profile"] for p in json.loads(home.run("list", "--json").stdout)["profiles"]] == ["default"]
    assert newest != home.vault_file.read_bytes()


def test_putting_back_the_file_from_before_an_add_without_unlock_is_noticed(home):
    assert home.add("default").returncode == 0
    before = home.vault_file.read_bytes()
    added = home.add("second", OTHER_KEY_ID, EXAMPLE_SECRET, env={"VAULT_PASSPHRASE": None})
    assert added.returncode == 0, added.stderr
    home.vault_file.write_bytes(before)
    listed = home.run("list")
    assert listed.returncode == 1 and "older copy" in listed.stderr, listed.stderr


def test_another_vault_at_the_location_is_not_adopted_by_add(home, tmp_path):
    assert home.add("default").returncode == 0
    other = Home(tmp_path / "other")
    other.env["VAULT_PASSPHRASE"] = "another passphrase entirely"
    assert other.add("theirs", OTHER_KEY_ID, EXAMPLE_SECRET).returncode == 0
    shutil.copyfile(other.vault_file, home.vault_file)
    replaced = home.vault_file.read_bytes()
    added = home.add("second", OTHER_KEY_ID, EXAMPLE_SECRET)
    assert added.returncode == 1 and "another vault" in added.stderr, added.stderr
    assert home.vault_file.read_bytes() == replaced


def test_a_vault_moved_to_a_new_machine_needs_one_unlock_before_add(home, tmp_path):
    assert home.add("default").returncode == 0
    moved = Home(tmp_path / "new-machine")
    moved.vault_file.parent.mkdir(parents=True, mode=0o700)
    shutil.copyfile(home.vault_file, moved.vault_file)
    os.chmod(moved.vault_file, 0o600)
    locked = moved.add("second", OTHER_KEY_ID, EXAMPLE_SECRET, env={"VAULT_PASSPHRASE": None})
    assert locked.returncode == 1
    assert "no record of the vault" in locked.stderr and "VAULT_PASSPHRASE" in locked.stderr, locked.stderr
    assert moved.add("second", OTHER_KEY_ID, EXAMPLE_SECRET).returncode == 0
    assert len(records(moved)) == 1
    assert moved.add("third", EXAMPLE_KEY_ID, EXAMPLE_SECRET, env={"VAULT_PASSPHRASE": None}).returncode == 0


@pytest.mark.parametrize("args", [["init"], ["add", "default"], ["remove", "x", "--force"]])
def test_a_linked_vault_folder_gets_no_lock_file(home, tmp_path, args):
    target = tmp_path / "attacker-folder"
    target.mkdir(mode=0o700)
    (home.path / ".local" / "share").mkdir(parents=True)
    (home.path / ".local" / "share" / "vault").symlink_to(target)
    refused = home.run(*args, input=f"{EXAMPLE_KEY_ID}\n{EXAMPLE_SECRET}\n")
    assert refused.returncode == 1 and "not a regular file" in refused.stderr, refused.stderr
    assert list(target.iterdir()) == [], "vault created a file through the link before refusing it"


def test_secret_service_vaults_get_the_same_protection(home, keyring):
    """The seal, the record and the journal with the keyring backend (no passphrase anywhere)."""
    keyring.begin("unlocked")
    env = {"VAULT_BACKEND": "secret-service", "VAULT_PASSPHRASE": None}
    assert home.add("default", env=env).returncode == 0
    assert home.add("second", OTHER_KEY_ID, EXAMPLE_SECRET, env=env).returncode == 0
    data = home.vault_file.read_bytes()
    # An injected entry stays untrusted, and a sealed write (remove) keeps it out of the seal.
    home.vault_file.write_bytes(attack.inject(data, attack.entry(attack.public_key(data), "third", OTHER_KEY_ID, EXAMPLE_SECRET)))
    listed = json.loads(home.run("list", "--json", env=env).stdout)["profiles"]
    assert [(p["profile"], p["trusted"]) for p in listed] == [("default", True), ("second", True), ("third", False)]
    assert home.run("remove", "second", "--force", env=env).returncode == 0
    listed = json.loads(home.run("list", "--json", env=env).stdout)["profiles"]
    assert [(p["profile"], p["trusted"]) for p in listed] == [("default", True), ("third", False)]
    # A swapped public key: add refuses; the keyring's key no longer matches the file.
    forged, _ = attack.swap_public_key(home.vault_file.read_bytes())
    home.vault_file.write_bytes(forged)
    added = home.add("fourth", env=env)
    assert added.returncode == 1 and "public key" in added.stderr, added.stderr
    removed = home.run("remove", "default", "--force", env=env)
    assert removed.returncode == 1 and "altered" in removed.stderr, removed.stderr


def test_a_changed_key_protection_is_not_reported_as_a_wrong_passphrase(home):
    """Salt changed, checksum recomputed: the right passphrase no longer opens the wrap, and vault
    says the header changed since this machine opened it rather than blaming the passphrase."""
    assert home.add("default").returncode == 0
    data = bytearray(home.vault_file.read_bytes())
    salt = 68 + 1 + 4 + 8  # after the public key: kdf, opslimit, memlimit
    data[salt] ^= 0x01
    home.vault_file.write_bytes(attack.checksummed(bytes(data[:-32])))
    removed = home.run("remove", "default", "--force")
    assert removed.returncode == 1
    assert "wrong passphrase" not in removed.stderr and "changed since this machine" in removed.stderr, removed.stderr
