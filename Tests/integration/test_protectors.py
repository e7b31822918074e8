"""The vault key's first protector: `vault passwd`, `vault protect list`,
`vault init --protect`, with crash points in the passphrase change (kill -9 at each step: the
vault opens with the old passphrase or the new one, never neither)."""
import json
import signal

import independent_reader as ir
import pytest
from hardening import key_id, run
from vault_harness import EXAMPLE_KEY_ID, EXAMPLE_SECRET

OLD = "correct horse battery staple"
NEW = "a different horse entirely"
# vault-update.loaded: before anything is written; atomic-write.*: the file's own write (renamed =
# the new file is in place); sealed-write.written: the file is new, this machine's record not yet.
POINTS = ["vault-update.loaded", "atomic-write.created", "atomic-write.written", "atomic-write.synced",
          "atomic-write.renamed", "sealed-write.written"]
DURABLE = {"atomic-write.renamed", "sealed-write.written"}


def opens_with(home, passphrase: str) -> bool:
    """Whether `passphrase` unlocks the vault (a one-second window, closed at once)."""
    unlocked = home.run("unlock", "--for", "1s", env={"VAULT_PASSPHRASE": passphrase})
    if unlocked.returncode == 0:
        assert home.run("lock").returncode == 0
        return True
    assert "wrong passphrase" in unlocked.stderr or "passphrase does not open" in unlocked.stderr, unlocked.stderr
    return False


def passwd(home, new=NEW, old=OLD, **env):
    return home.run("passwd", env={"VAULT_PASSPHRASE": old, "VAULT_NEW_PASSPHRASE": new, **env})


@pytest.fixture
def seeded(home):
    assert home.add("default").returncode == 0
    assert home.add("other", key_id(1)).returncode == 0
    assert opens_with(home, OLD)  # seals the pending entry in: the file is settled before each test
    return home


def test_passwd_changes_the_passphrase_and_keeps_every_key(seeded):
    home = seeded
    before = ir.read_vault(home.vault_file.read_bytes())
    changed = passwd(home)
    assert changed.returncode == 0, changed.stderr
    after = ir.read_vault(home.vault_file.read_bytes())
    assert after["salt"] != before["salt"] and after["generation"] == before["generation"] + 1
    assert [e["sealed"] for e in after["entries"]] == [e["sealed"] for e in before["entries"]]
    assert not opens_with(home, OLD) and opens_with(home, NEW)
    # The independent reader agrees: the new passphrase opens the wrap, the seal and every entry.
    sk = ir.unlock(after, NEW.encode())
    assert ir.open_entry(after, ir.current_entry(after, "default"), sk) == (EXAMPLE_KEY_ID, EXAMPLE_SECRET)
    with pytest.raises(ir.WrongPassphrase):
        ir.unlock(after, OLD.encode())


def test_passwd_refusals_change_nothing(seeded):
    home = seeded
    before = home.vault_file.read_bytes()
    wrong = passwd(home, old="not the passphrase at all")
    assert wrong.returncode == 1 and "wrong passphrase" in wrong.stderr
    short = passwd(home, new="short")
    assert short.returncode == 1 and "VAULT_NEW_PASSPHRASE is too short" in short.stderr
    empty = passwd(home, new="")
    assert empty.returncode == 2 and "VAULT_NEW_PASSPHRASE is set but empty" in empty.stderr
    no_terminal = home.run("passwd")  # the current passphrase given, the new one cannot be asked
    assert no_terminal.returncode == 1 and "no terminal" in no_terminal.stderr
    # An open unlock window is not enough to change the passphrase: the person must give it.
    assert home.run("unlock").returncode == 0
    windowed = home.run("passwd", env={"VAULT_PASSPHRASE": None, "VAULT_NEW_PASSPHRASE": NEW})
    assert windowed.returncode == 1 and "no terminal" in windowed.stderr
    assert home.vault_file.read_bytes() == before and opens_with(home, OLD)


@pytest.mark.parametrize("point", POINTS)
def test_kill_at_each_step_of_passwd(seeded, point):
    home = seeded
    before = home.vault_file.read_bytes()
    killed = run(home, "passwd", env={"VAULT_PASSPHRASE": OLD, "VAULT_NEW_PASSPHRASE": NEW,
                                      "VAULT_TEST_CRASH_AT": point})
    assert killed.returncode == -signal.SIGKILL, killed
    if point in DURABLE:
        assert opens_with(home, NEW) and not opens_with(home, OLD)
    else:
        assert home.vault_file.read_bytes() == before
        assert opens_with(home, OLD) and not opens_with(home, NEW)
    # Either way the vault works on: its keys are there and a new entry can be added.
    assert home.add("third", key_id(2), env={"VAULT_PASSPHRASE": None}).returncode == 0
    listed = json.loads(home.run("list", "--json").stdout)
    assert sorted(p["profile"] for p in listed["profiles"]) == ["default", "other", "third"]


def test_protect_list_and_init_protect(home, tmp_path):
    assert home.run("protect", "list").returncode == 1  # no vault yet
    created = home.run("init", "--protect", "passphrase")
    assert created.returncode == 0, created.stderr
    assert home.run("protect", "list").stdout == "1  passphrase\n"
    assert json.loads(home.run("protect", "list", "--json").stdout) == [{"id": 1, "kind": "passphrase"}]
    other = {"VAULT_FILE": str(tmp_path / "second" / "vault")}
    no_tpm = {**other, "VAULT_TPM_TCTI": "device:/nonexistent"}  # test_protector_tpm.py has a real one
    refused = home.run("init", "--protect", "tpm2", env=no_tpm)
    assert refused.returncode == 1 and "no TPM answers at device:/nonexistent" in refused.stderr
    misplaced = home.run("init", "--protect", "recovery", "--pin", env=other)
    assert misplaced.returncode == 2 and "tpm2" in misplaced.stderr
    disagree = home.run("init", "--protect", "secret-service", "--backend", "file", env=other)
    assert disagree.returncode == 2 and "disagree" in disagree.stderr
    assert not (tmp_path / "second" / "vault").exists()


def test_secret_service_protector(home, keyring):
    keyring.begin("unlocked")
    created = home.run("init", "--protect", "secret-service", env={"VAULT_PASSPHRASE": None})
    assert created.returncode == 0, created.stderr
    assert json.loads(home.run("protect", "list", "--json").stdout) == [{"id": 1, "kind": "secret-service"}]
    assert home.add("default", env={"VAULT_PASSPHRASE": None}).returncode == 0
    refused = home.run("passwd")
    assert refused.returncode == 1 and "not protected by a passphrase" in refused.stderr
    # The keyring opens the window without a passphrase; while it is open the keyring is not asked.
    assert home.run("unlock", env={"VAULT_PASSPHRASE": None}).returncode == 0
    keyring.stop()
    removed = home.run("remove", "default", "--force", env={"VAULT_PASSPHRASE": None})
    assert removed.returncode == 0, removed.stderr
    assert home.run("lock").returncode == 0
