"""vault add / list / remove through the real binary, file backend."""
import concurrent.futures
import json
import os
import stat

from vault_harness import EXAMPLE_KEY_ID, EXAMPLE_SECRET, files_containing

OTHER_KEY_ID = "AKIAI44QH8DHBEXAMPLE"
OTHER_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"


def test_add_creates_a_private_vault_and_list_shows_it(home):
    result = home.add("default")
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(home.vault_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(home.vault_file.parent.stat().st_mode) == 0o700
    listing = home.run("list")
    assert listing.returncode == 0
    assert "default" in listing.stdout and "AKIA…MPLE" in listing.stdout
    assert EXAMPLE_KEY_ID not in listing.stdout + listing.stderr


def test_list_json_and_no_unlock_needed(home):
    assert home.add("default").returncode == 0
    listing = home.run("list", "--json", env={"VAULT_PASSPHRASE": None})
    assert listing.returncode == 0, listing.stderr
    data = json.loads(listing.stdout)
    assert data["backend"] == "file"
    assert [p["profile"] for p in data["profiles"]] == ["default"]
    assert data["profiles"][0]["key_hint"] == "AKIA…MPLE"


def test_no_form_of_the_secret_exists_under_home(home):
    assert home.add("default").returncode == 0
    assert home.add("other", OTHER_KEY_ID, OTHER_SECRET).returncode == 0
    assert home.run("list").returncode == 0
    assert files_containing(home.path, EXAMPLE_SECRET) == []
    assert files_containing(home.path, OTHER_SECRET) == []
    assert files_containing(home.path, "correct horse battery staple") == []


def test_adding_needs_no_passphrase_once_the_vault_exists(home):
    assert home.add("default").returncode == 0
    second = home.add("other", OTHER_KEY_ID, OTHER_SECRET, env={"VAULT_PASSPHRASE": None})
    assert second.returncode == 0, second.stderr


def test_creating_without_a_passphrase_or_terminal_fails_fast(home):
    result = home.add("default", env={"VAULT_PASSPHRASE": None})
    assert result.returncode == 1
    assert "passphrase" in result.stderr and "hint:" in result.stderr
    assert not home.vault_file.exists()


def test_existing_profile_needs_force(home):
    assert home.add("default").returncode == 0
    again = home.add("default", OTHER_KEY_ID, OTHER_SECRET)
    assert again.returncode == 1
    assert "--force" in again.stderr
    forced = home.add("default", OTHER_KEY_ID, OTHER_SECRET, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "AKIA…MPLE" in home.run("list").stdout  # both example ids end in MPLE; check count instead
    assert len(json.loads(home.run("list", "--json").stdout)["profiles"]) == 1


def test_env_input(home):
    result = home.run("add", "envprofile", "--env", env={"AWS_ACCESS_KEY_ID": EXAMPLE_KEY_ID, "AWS_SECRET_ACCESS_KEY": EXAMPLE_SECRET})
    assert result.returncode == 0, result.stderr
    missing = home.run("add", "p2", "--env")
    assert missing.returncode == 1 and "AWS_ACCESS_KEY_ID" in missing.stderr


def test_malformed_keys_are_rejected_and_nothing_is_written(home):
    bad_id = home.add("default", "AKIAshort", EXAMPLE_SECRET)
    assert bad_id.returncode == 1 and "access key ID" in bad_id.stderr
    bad_secret = home.add("default", EXAMPLE_KEY_ID, "tooshort")
    assert bad_secret.returncode == 1 and "secret access key" in bad_secret.stderr
    assert "tooshort" not in bad_secret.stderr
    temporary = home.add("default", "ASIAIOSFODNN7EXAMPLE", EXAMPLE_SECRET)
    assert temporary.returncode == 1
    assert not home.vault_file.exists()


def test_invalid_profile_name_is_a_usage_error(home):
    result = home.add("bad name")
    assert result.returncode == 2
    assert "not a valid profile name" in result.stderr


def test_remove(home):
    assert home.add("default").returncode == 0
    assert home.add("other", OTHER_KEY_ID, OTHER_SECRET).returncode == 0
    unconfirmed = home.run("remove", "other")
    assert unconfirmed.returncode == 1 and "--force" in unconfirmed.stderr
    assert home.run("remove", "other", "--force").returncode == 0
    profiles = [p["profile"] for p in json.loads(home.run("list", "--json").stdout)["profiles"]]
    assert profiles == ["default"]
    unknown = home.run("remove", "defualt", "--force")
    assert unknown.returncode == 1
    assert "'defualt'" in unknown.stderr and "did you mean 'default'" in unknown.stderr


def test_usage_errors_exit_2(home):
    assert home.run("add").returncode == 2
    assert home.run("no-such-command").returncode == 2
    assert home.run("--help").returncode == 0


def test_list_without_a_vault(home):
    result = home.run("list")
    assert result.returncode == 1
    assert "no vault" in result.stderr and "vault add" in result.stderr


def test_refuses_a_vault_others_can_read(home):
    assert home.add("default").returncode == 0
    os.chmod(home.vault_file, 0o644)
    result = home.run("list")
    assert result.returncode == 1 and "chmod" in result.stderr
    before = home.vault_file.read_bytes()
    assert home.add("x", OTHER_KEY_ID, OTHER_SECRET).returncode == 1
    assert home.vault_file.read_bytes() == before


def test_vault_file_variable(home, tmp_path):
    target = tmp_path / "elsewhere" / "my.vault"
    result = home.add("default", env={"VAULT_FILE": str(target)})
    assert result.returncode == 0, result.stderr
    assert target.exists() and not home.vault_file.exists()


def test_twenty_concurrent_adds_all_land(home):
    assert home.add("seed").returncode == 0
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

    def add(i):
        key_id = "AKIA" + "".join(letters[(i * 7 + j) % 32] for j in range(16))
        return home.add(f"p{i:02d}", key_id, EXAMPLE_SECRET)

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(add, range(20)))
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results if r.returncode]
    profiles = {p["profile"] for p in json.loads(home.run("list", "--json").stdout)["profiles"]}
    assert profiles == {"seed"} | {f"p{i:02d}" for i in range(20)}
    leftovers = [p.name for p in home.vault_file.parent.iterdir() if p.name not in ("vault", "vault.lock")]
    assert leftovers == []
