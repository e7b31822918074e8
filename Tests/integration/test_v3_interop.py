"""Format version 3 between the two implementations (Vault/FORMAT.md §10): the independent
reader's version-3 file (Vault/vectors/protectors/v3-file.json) is reproducible and opened by the
Swift vault through each of its protectors; a file the Swift vault writes with a passphrase and a
recovery protector is opened by the independent reader through each."""
import json
import sys
from pathlib import Path

import independent_reader as ir

ROOT = Path(__file__).resolve().parents[2]
VECTOR = ROOT / "Vault" / "vectors" / "protectors" / "v3-file.json"
sys.path.insert(0, str(VECTOR.parent))

import generate  # noqa: E402


def test_the_vector_is_reproducible_and_opens_through_each_protector():
    vector = json.loads(VECTOR.read_text())
    assert generate.build_file() == vector
    r = ir.read_vault(bytes.fromhex(vector["file"]))
    assert r["version"] == 3 and [p["kind"] for p in r["protectors"]["protectors"]] == ["passphrase", "recovery"]
    sk = ir.unlock(r, passphrase=vector["passphrase"])
    assert sk.hex() == vector["secret_key"]
    p = r["protectors"]["protectors"][1]
    w = ir.protector_wrapping_key(p, ir.read_recovery_key(vector["recovery_key"]))
    assert ir.unwrap_protector(p, w, r["vault_id"], r["created"], r["public_key"]) == sk
    e = vector["entries"][0]
    assert ir.open_entry(r, r["entries"][0], sk) == (e["access_key_id"], e["secret_access_key"])


def place(home, data: bytes):
    home.vault_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    home.vault_file.write_bytes(data)
    home.vault_file.chmod(0o600)


def test_swift_opens_the_python_file_through_each_protector(home):
    vector = json.loads(VECTOR.read_text())
    place(home, bytes.fromhex(vector["file"]))
    listed = home.run("protect", "list", "--json")
    assert json.loads(listed.stdout) == [{"id": 1, "kind": "passphrase"}, {"id": 2, "kind": "recovery"}]
    for env in ({"VAULT_PASSPHRASE": vector["passphrase"]},
                {"VAULT_PASSPHRASE": None, "VAULT_RECOVERY_KEY": vector["recovery_key"]}):
        out = home.run("unlock", "--for", "1s", env=env)
        assert out.returncode == 0, out.stderr
        assert home.run("lock").returncode == 0
    wrong = home.run("unlock", env={"VAULT_PASSPHRASE": "not the passphrase"})
    assert wrong.returncode == 1 and "wrong passphrase" in wrong.stderr
    names = [p["profile"] for p in json.loads(home.run("list", "--json").stdout)["profiles"]]
    assert names == ["default"]


def test_python_opens_the_swift_file_through_each_protector(home):
    assert home.add("default").returncode == 0
    added = home.run("protect", "add", "recovery")
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip()
    r = ir.read_vault(home.vault_file.read_bytes())
    assert r["version"] == 3
    sk = ir.unlock(r, passphrase=home.env["VAULT_PASSPHRASE"])  # protector 1, and the seal
    p = r["protectors"]["protectors"][1]
    w = ir.protector_wrapping_key(p, ir.read_recovery_key(key))
    assert ir.unwrap_protector(p, w, r["vault_id"], r["created"], r["public_key"]) == sk
    ir.verify_seal(r, sk)
    entries = ir.usable_entries(r)
    assert [e["profile"] for e in entries] == ["default"]
