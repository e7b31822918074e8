"""`vault protect add|remove` on format version 3 (Vault/FORMAT.md §10): enrol each non-TPM
protector and mixes of them, unlock by each, remove, the last-protector and machine-bound-only
refusals, a recovery key with a typo caught by its check character, the migration of a version-2
file, and kill -9 at each step of a protector change (the vault opens with the old protector set
or the new one, never neither)."""
import json
import signal
from pathlib import Path

import independent_reader as ir
import pytest
from hardening import key_id
from test_protectors import DURABLE, NEW, OLD, POINTS

VECTORS = Path(__file__).resolve().parents[2] / "Vault" / "vectors"
RECOVERY_LINE = 8 * 5 + 7  # 8 groups of 5 characters and 7 dashes


def kinds(home) -> list:
    listed = home.run("protect", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return [(p["id"], p["kind"]) for p in json.loads(listed.stdout)]


def add_recovery(home, **env) -> str:
    added = home.run("protect", "add", "recovery", env=env)
    assert added.returncode == 0, added.stderr
    lines = added.stdout.splitlines()
    assert len(lines) == 1 and len(lines[0]) == RECOVERY_LINE  # the key, on stdout, once
    return lines[0]


def opens(home, protector=None, **env) -> bool:
    """Whether the vault unlocks with the secrets in `env` only (no VAULT_PASSPHRASE unless given)."""
    env = {"VAULT_PASSPHRASE": None, **env}
    args = ["unlock", "--for", "1s"] + (["--protector", str(protector)] if protector else [])
    unlocked = home.run(*args, env=env)
    if unlocked.returncode == 0:
        assert home.run("lock").returncode == 0
    return unlocked.returncode == 0


@pytest.fixture
def seeded(home):
    assert home.add("default").returncode == 0
    assert home.add("other", key_id(1)).returncode == 0
    assert opens(home, VAULT_PASSPHRASE=OLD)  # seals the pending entry in
    assert ir.read_vault(home.vault_file.read_bytes())["version"] == 3
    return home


def test_recovery_key_enrol_unlock_remove(seeded):
    home = seeded
    before = ir.read_vault(home.vault_file.read_bytes())
    key = add_recovery(home)
    after = ir.read_vault(home.vault_file.read_bytes())
    assert kinds(home) == [(1, "passphrase"), (2, "recovery")]
    # Only the header changed: every entry is the same bytes (never opened), the generation +1.
    assert [e["raw"] for e in after["entries"]] == [e["raw"] for e in before["entries"]]
    assert after["generation"] == before["generation"] + 1
    # The independent reader opens the recovery protector with the key as printed.
    p = after["protectors"]["protectors"][1]
    w = ir.protector_wrapping_key(p, ir.read_recovery_key(key))
    sk = ir.unwrap_protector(p, w, after["vault_id"], after["created"], after["public_key"])
    ir.verify_seal(after, sk)
    assert opens(home, VAULT_RECOVERY_KEY=key) and opens(home, VAULT_RECOVERY_KEY=key.upper().replace("-", " "))
    assert opens(home, 1, VAULT_PASSPHRASE=OLD) and opens(home, 2, VAULT_RECOVERY_KEY=key)
    assert not opens(home, 2, VAULT_PASSPHRASE=OLD)  # --protector 2 does not fall back to the passphrase
    # Remove the passphrase: the recovery key alone opens it, and cannot be removed in turn.
    removed = home.run("protect", "remove", "1", env={"VAULT_PASSPHRASE": None, "VAULT_RECOVERY_KEY": key})
    assert removed.returncode == 0, removed.stderr
    assert kinds(home) == [(2, "recovery")]
    assert not opens(home, VAULT_PASSPHRASE=OLD) and opens(home, VAULT_RECOVERY_KEY=key)
    snapshot = home.vault_file.read_bytes()
    last = home.run("protect", "remove", "2", env={"VAULT_RECOVERY_KEY": key})
    assert last.returncode == 1 and "only protector" in last.stderr
    assert home.vault_file.read_bytes() == snapshot
    # Ids are never reused: a new passphrase is protector 3.
    again = home.run("protect", "add", "passphrase",
                     env={"VAULT_PASSPHRASE": None, "VAULT_RECOVERY_KEY": key, "VAULT_NEW_PASSPHRASE": NEW})
    assert again.returncode == 0, again.stderr
    assert kinds(home) == [(2, "recovery"), (3, "passphrase")]
    assert opens(home, VAULT_PASSPHRASE=NEW)
    # The keys are still there and usable.
    listed = json.loads(home.run("list", "--json").stdout)
    assert sorted(p["profile"] for p in listed["profiles"]) == ["default", "other"]


def test_a_mistyped_recovery_key_is_caught_before_any_work(seeded):
    home = seeded
    key = add_recovery(home)
    groups = key.split("-")
    # One wrong character in group 3: its check character catches it (FORMAT.md §10.2).
    wrong = groups[2][0]
    groups[2] = ("b" if wrong != "b" else "c") + groups[2][1:]
    typo = "-".join(groups)
    out = home.run("unlock", env={"VAULT_PASSPHRASE": None, "VAULT_RECOVERY_KEY": typo})
    assert out.returncode == 1 and "group 3 of the recovery key" in out.stderr and "mistyped" in out.stderr
    # Two whole groups swapped: the position in each check catches it too.
    g = key.split("-")
    g[0], g[1] = g[1], g[0]
    swapped = home.run("unlock", env={"VAULT_PASSPHRASE": None, "VAULT_RECOVERY_KEY": "-".join(g)})
    assert swapped.returncode == 1 and "mistyped" in swapped.stderr
    # A well-formed key of another vault: the wrap refuses it.
    other = ir.format_recovery_key(bytes(16))
    refused = home.run("unlock", env={"VAULT_PASSPHRASE": None, "VAULT_RECOVERY_KEY": other})
    assert refused.returncode == 1 and "recovery key does not open" in refused.stderr


def test_a_second_passphrase_and_the_refusals(seeded):
    home = seeded
    added = home.run("protect", "add", "passphrase", env={"VAULT_NEW_PASSPHRASE": NEW})
    assert added.returncode == 0, added.stderr
    assert kinds(home) == [(1, "passphrase"), (2, "passphrase")]
    assert opens(home, 1, VAULT_PASSPHRASE=OLD) and opens(home, 2, VAULT_PASSPHRASE=NEW)
    assert not opens(home, 1, VAULT_PASSPHRASE=NEW)
    before = home.vault_file.read_bytes()
    for args, code, text in [
        (("protect", "remove", "9"), 2, "no protector 9"),
        (("protect", "add", "recovery", "--pin"), 2, "tpm2 only"),
        (("protect", "add", "tpm2"), 1, "no TPM answers at device:/nonexistent"),  # the TPM named, absent
        (("protect", "add", "passphrase"), 1, "no terminal"),  # no new passphrase given
    ]:
        out = home.run(*args, env={"VAULT_PASSPHRASE": OLD, "VAULT_TPM_TCTI": "device:/nonexistent"})
        assert out.returncode == code and text in out.stderr, (args, out.stderr)
    wrong = home.run("protect", "add", "recovery", env={"VAULT_PASSPHRASE": "not the passphrase at all"})
    assert wrong.returncode == 1 and "wrong passphrase" in wrong.stderr and wrong.stdout == ""
    assert home.vault_file.read_bytes() == before


def test_secret_service_mix_and_machine_bound_warning(seeded, keyring):
    home = seeded
    keyring.begin("unlocked")
    added = home.run("protect", "add", "secret-service")
    assert added.returncode == 0, added.stderr
    assert kinds(home) == [(1, "passphrase"), (2, "secret-service")]
    twice = home.run("protect", "add", "secret-service")
    assert twice.returncode == 1 and "already has a secret-service" in twice.stderr
    # No typing needed: the unlocked keyring is tried first.
    assert opens(home)
    assert opens(home, 1, VAULT_PASSPHRASE=OLD)
    # Only the keyring would remain: refused without --force, nothing changed.
    before = home.vault_file.read_bytes()
    refused = home.run("protect", "remove", "1")
    assert refused.returncode == 1 and "survive the loss of this machine" in refused.stderr
    assert home.vault_file.read_bytes() == before
    forced = home.run("protect", "remove", "1", "--force")
    assert forced.returncode == 0, forced.stderr
    assert kinds(home) == [(2, "secret-service")] and opens(home)
    # Add a passphrase back (unlocked by the keyring), then remove the keyring protector: its item goes.
    back = home.run("protect", "add", "passphrase", env={"VAULT_PASSPHRASE": None, "VAULT_NEW_PASSPHRASE": NEW})
    assert back.returncode == 0, back.stderr
    gone = home.run("protect", "remove", "2", env={"VAULT_PASSPHRASE": NEW})
    assert gone.returncode == 0, gone.stderr
    assert kinds(home) == [(3, "passphrase")]
    assert opens(home, VAULT_PASSPHRASE=NEW) and not opens(home)


def test_init_protect_recovery(home):
    created = home.run("init", "--protect", "recovery", env={"VAULT_PASSPHRASE": None})
    assert created.returncode == 0, created.stderr
    (key,) = created.stdout.splitlines()
    assert kinds(home) == [(1, "recovery")]
    assert home.add("default", env={"VAULT_PASSPHRASE": None}).returncode == 0  # sealing needs no secret
    assert opens(home, VAULT_RECOVERY_KEY=key)


def test_a_version_2_file_moves_to_version_3_at_its_first_unlock(home):
    vector = json.loads((VECTORS / "v2-passphrase-two-entries.json").read_text())
    home.vault_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    home.vault_file.write_bytes(bytes.fromhex(vector["file"]))
    home.vault_file.chmod(0o600)
    before = ir.read_vault(home.vault_file.read_bytes())
    assert kinds(home) == [(1, "passphrase")]
    # Killed after the new file is in place, before this machine's record follows (FORMAT.md §6).
    killed = home.run("unlock", env={"VAULT_PASSPHRASE": vector["passphrase"], "VAULT_TEST_CRASH_AT": "settle.written"})
    assert killed.returncode == -signal.SIGKILL
    after = ir.read_vault(home.vault_file.read_bytes())
    assert after["version"] == 3 and [e["raw"] for e in after["entries"]] == [e["raw"] for e in before["entries"]]
    assert opens(home, VAULT_PASSPHRASE=vector["passphrase"])
    assert ir.read_vault(home.vault_file.read_bytes())["protectors"]["next_id"] == 2


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("change", ["add", "remove"])
def test_kill_at_each_step_of_a_protector_change(seeded, change, point):
    home = seeded
    key = add_recovery(home)
    old = kinds(home)
    if change == "add":
        args, new = ("protect", "add", "passphrase"), old + [(3, "passphrase")]
    else:
        args, new = ("protect", "remove", "2"), [(1, "passphrase")]
    killed = home.run(*args, env={"VAULT_NEW_PASSPHRASE": NEW, "VAULT_TEST_CRASH_AT": point})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    now = kinds(home)
    assert now == (new if point in DURABLE else old)
    # Whatever the set, each of its protectors opens the vault, and the strict reader accepts it.
    ir.read_vault(home.vault_file.read_bytes())
    assert opens(home, 1, VAULT_PASSPHRASE=OLD)
    if (2, "recovery") in now:
        assert opens(home, 2, VAULT_RECOVERY_KEY=key)
    if (3, "passphrase") in now:
        assert opens(home, 3, VAULT_PASSPHRASE=NEW)
    # And the change can be made again.
    again = home.run(*args, env={"VAULT_NEW_PASSPHRASE": NEW})
    assert again.returncode == 0 or (change == "remove" and "no protector 2" in again.stderr), again.stderr
