"""The TPM protector end to end, against a real swtpm each test starts and stops by PID.

tpm2-tss is loaded only when a TPM is used (the binary does not link it; LD_DEBUG=libs reports
every shared object loaded, dlopen'd ones included). A tpm2 protector without PIN unlocks with
no typing, one with a PIN takes it from VAULT_TPM_PIN; wrong PINs count down to the TPM's
lockout, PCR changes and an absent TPM are explained, and another protector still opens the vault.
"""
import json
import subprocess

import pytest

from swtpm_harness import Swtpm, free_port_pair
from vault_harness import vault_binary

NO_TYPING = {"VAULT_PASSPHRASE": None}
PCR7_CHANGE = "7:sha256=" + "0" * 63 + "1"


def loaded_libraries(result) -> list[str]:
    """The shared objects LD_DEBUG=libs reports as loaded (`calling init: PATH` lines)."""
    return [line.split("calling init:", 1)[1].strip() for line in result.stderr.splitlines() if "calling init:" in line]


@pytest.fixture
def tpm(tmp_path):
    swtpm = Swtpm(tmp_path / "swtpm")
    yield swtpm
    swtpm.stop()


@pytest.fixture
def tpm_home(home, tpm):
    """A passphrase vault with one profile, in a HOME whose VAULT_TPM_TCTI names the swtpm."""
    home.env["VAULT_TPM_TCTI"] = tpm.tcti
    assert home.run("init").returncode == 0
    assert home.add("default").returncode == 0
    return home


def protectors(home) -> list[dict]:
    listed = home.run("protect", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    return json.loads(listed.stdout)


def unlock(home, *args, env=None):
    """`vault unlock --for 1m …`, then `vault lock` when it worked (each test starts locked)."""
    result = home.run("unlock", "--for", "1m", *args, env=env)
    if result.returncode == 0:
        assert home.run("lock").returncode == 0
    return result


def test_the_binary_does_not_link_tss2():
    result = subprocess.run(["ldd", vault_binary()], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    linked = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert linked and not [lib for lib in linked if lib.startswith("libtss2-")], linked


def test_a_vault_without_a_tpm_protector_never_maps_tss2(home):
    assert home.run("init").returncode == 0
    assert home.add("default").returncode == 0
    for args in (("list",), ("unlock", "--for", "1m"), ("lock",)):
        result = home.run(*args, env={"LD_DEBUG": "libs"})
        assert result.returncode == 0, result.stderr[-2000:]
        libraries = loaded_libraries(result)
        assert any("libsodium" in lib for lib in libraries), result.stderr[-2000:]  # LD_DEBUG did report
        assert not [lib for lib in libraries if "libtss2" in lib], (args, libraries)


def test_a_tpm_without_pin_unlocks_with_no_typing(tpm_home, tpm):
    added = tpm_home.run("protect", "add", "tpm2")
    assert added.returncode == 0, added.stderr
    assert protectors(tpm_home) == [{"id": 1, "kind": "passphrase"}, {"id": 2, "kind": "tpm2", "pin": False, "pcrs": []}]
    opened = unlock(tpm_home, env={**NO_TYPING, "LD_DEBUG": "libs"})
    assert opened.returncode == 0, opened.stderr[-2000:]
    assert any("libtss2-esys.so.0" in lib for lib in loaded_libraries(opened))
    # It was the TPM: with the swtpm gone and no passphrase, nothing opens it.
    tpm.stop()
    before = tpm_home.vault_file.read_bytes()
    refused = unlock(tpm_home, env=NO_TYPING)
    assert refused.returncode == 1
    assert f"protector 2 did not unlock the vault: no TPM answers at {tpm.tcti}" in refused.stderr
    assert tpm_home.vault_file.read_bytes() == before
    # The passphrase still does.
    assert unlock(tpm_home).returncode == 0


def test_a_tpm_pin_comes_from_vault_tpm_pin(tpm_home):
    added = tpm_home.run("protect", "add", "tpm2", "--pin", env={"VAULT_TPM_PIN": "2468"})
    assert added.returncode == 0, added.stderr
    assert protectors(tpm_home)[1] == {"id": 2, "kind": "tpm2", "pin": True, "pcrs": []}
    # VAULT_TPM_PIN picks the PIN protector, no passphrase given; so does --protector.
    assert unlock(tpm_home, env={**NO_TYPING, "VAULT_TPM_PIN": "2468"}).returncode == 0
    assert unlock(tpm_home, "--protector", "2", env={**NO_TYPING, "VAULT_TPM_PIN": "2468"}).returncode == 0
    # Without the PIN and without a terminal, nothing is guessed.
    assert unlock(tpm_home, "--protector", "2", env=NO_TYPING).returncode != 0


def test_wrong_pins_count_down_to_an_explained_lockout_that_the_owner_clears(tpm_home, tpm):
    assert tpm_home.run("protect", "add", "tpm2", "--pin", env={"VAULT_TPM_PIN": "2468"}).returncode == 0
    before = tpm_home.vault_file.read_bytes()
    by_tpm = ("--protector", "2")
    for left in ("2 tries left", "1 try left", "no tries left"):
        wrong = unlock(tpm_home, *by_tpm, env={**NO_TYPING, "VAULT_TPM_PIN": "1111"})
        assert wrong.returncode == 1 and "wrong TPM PIN" in wrong.stderr and left in wrong.stderr, wrong.stderr
    locked_out = unlock(tpm_home, *by_tpm, env={**NO_TYPING, "VAULT_TPM_PIN": "2468"})
    assert locked_out.returncode == 1
    assert "dictionary-attack lockout" in locked_out.stderr
    assert "tpm2_dictionarylockout --clear-lockout" in locked_out.stderr
    assert "another protector" in locked_out.stderr
    assert tpm_home.vault_file.read_bytes() == before
    # Another protector opens the vault meanwhile.
    assert unlock(tpm_home, "--protector", "1").returncode == 0
    cleared = tpm.tool("tpm2_dictionarylockout", "-c")
    assert cleared.returncode == 0, cleared.stderr
    assert unlock(tpm_home, *by_tpm, env={**NO_TYPING, "VAULT_TPM_PIN": "2468"}).returncode == 0


@pytest.mark.parametrize("pin", [None, "1357"])
def test_a_pcr_change_is_explained_and_another_protector_opens(tpm_home, tpm, pin):
    pin_env = {"VAULT_TPM_PIN": pin} if pin else {}
    added = tpm_home.run("protect", "add", "tpm2", "--pcrs", "7", *(["--pin"] if pin else []), env=pin_env)
    assert added.returncode == 0, added.stderr
    assert protectors(tpm_home)[1] == {"id": 2, "kind": "tpm2", "pin": bool(pin), "pcrs": [7]}
    by_tpm = ("--protector", "2")
    assert unlock(tpm_home, *by_tpm, env={**NO_TYPING, **pin_env}).returncode == 0
    extended = tpm.tool("tpm2_pcrextend", PCR7_CHANGE)
    assert extended.returncode == 0, extended.stderr
    before = tpm_home.vault_file.read_bytes()
    refused = unlock(tpm_home, *by_tpm, env={**NO_TYPING, **pin_env})
    assert refused.returncode == 1
    assert "PCR values this protector is bound to have changed" in refused.stderr
    assert "re-enrol after a firmware or Secure Boot change" in refused.stderr
    assert tpm_home.vault_file.read_bytes() == before
    assert unlock(tpm_home, "--protector", "1").returncode == 0


def test_an_absent_tpm_is_named_and_nothing_changes(home, tmp_path):
    assert home.run("init").returncode == 0
    before = home.vault_file.read_bytes()
    nobody = f"swtpm:host=127.0.0.1,port={free_port_pair()}"
    for tcti in ("device:/nonexistent", nobody):
        refused = home.run("protect", "add", "tpm2", env={"VAULT_TPM_TCTI": tcti})
        assert refused.returncode == 1
        assert f"no TPM answers at {tcti}" in refused.stderr and "another protector" in refused.stderr
        assert home.vault_file.read_bytes() == before
    empty = home.run("protect", "add", "tpm2", env={"VAULT_TPM_TCTI": ""})
    assert empty.returncode == 1 and "VAULT_TPM_TCTI is empty" in empty.stderr
    assert home.vault_file.read_bytes() == before
    assert protectors(home) == [{"id": 1, "kind": "passphrase"}]


def test_tpm_recovery_and_passphrase_side_by_side(home, tpm):
    home.env["VAULT_TPM_TCTI"] = tpm.tcti
    created = home.run("init", "--protect", "tpm2", env=NO_TYPING)
    assert created.returncode == 0, created.stderr
    assert home.add("default", env=NO_TYPING).returncode == 0
    recovery = home.run("protect", "add", "recovery", env=NO_TYPING)  # unlocked by the TPM: no typing
    assert recovery.returncode == 0, recovery.stderr
    recovery_key = recovery.stdout.strip().splitlines()[-1]
    new_passphrase = {**NO_TYPING, "VAULT_NEW_PASSPHRASE": home.env["VAULT_PASSPHRASE"]}
    assert home.run("protect", "add", "passphrase", env=new_passphrase).returncode == 0
    assert [p["kind"] for p in protectors(home)] == ["tpm2", "recovery", "passphrase"]
    assert unlock(home, env=NO_TYPING).returncode == 0  # the TPM, no typing
    # With the TPM gone: the recovery key, the passphrase.
    tpm.stop()
    assert unlock(home, "--protector", "2", env={**NO_TYPING, "VAULT_RECOVERY_KEY": recovery_key}).returncode == 0
    assert unlock(home, "--protector", "3").returncode == 0
    gone = unlock(home, "--protector", "1", env=NO_TYPING)
    assert gone.returncode == 1 and f"no TPM answers at {tpm.tcti}" in gone.stderr
    # Removing the TPM protector needs no TPM (the file's key is never unsealed for it).
    removed = home.run("protect", "remove", "1")
    assert removed.returncode == 0, removed.stderr
    assert [p["kind"] for p in protectors(home)] == ["recovery", "passphrase"]
