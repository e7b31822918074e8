"""Questions before a change, through the real binary: a declined question keeps everything and is
not a failure; a name that cannot be meant is refused at once, before any question."""
import json

from hardening import PtyVault

OTHER_KEY_ID = "AKIAI44QH8DHBEXAMPLE"
OTHER_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"


def profiles(home) -> list[str]:
    return [p["profile"] for p in json.loads(home.run("list", "--json").stdout)["profiles"]]


def test_removing_a_profile_not_in_the_vault_says_so_before_asking(home):
    assert home.add("default").returncode == 0
    result = home.run("remove", "defualt")  # no terminal and no --force: it would have to ask
    assert result.returncode == 1
    assert "profile 'defualt' is not in the vault" in result.stderr
    assert "did you mean 'default'" in result.stderr
    assert "confirmation" not in result.stderr


def test_answering_no_to_remove_keeps_the_profile_and_exits_0(home):
    assert home.add("default").returncode == 0
    assert home.add("other", OTHER_KEY_ID, OTHER_SECRET).returncode == 0
    terminal = PtyVault(home, "remove", "other")
    assert terminal.expect("Remove the key of 'other' from the vault? [y/N]")
    terminal.type("n")
    result = terminal.finish()
    assert result.returncode == 0, result.stderr
    assert "kept 'other'" in result.stderr
    assert profiles(home) == ["default", "other"]


def test_answering_yes_to_remove_removes_it(home):
    assert home.add("default").returncode == 0
    assert home.add("other", OTHER_KEY_ID, OTHER_SECRET).returncode == 0
    terminal = PtyVault(home, "remove", "other")
    assert terminal.expect("[y/N]")
    terminal.type("y")
    result = terminal.finish()
    assert result.returncode == 0, result.stderr
    assert "removed 'other'" in result.stderr
    assert profiles(home) == ["default"]


def test_answering_no_to_replacing_a_key_keeps_it_and_exits_0(home):
    assert home.add("default").returncode == 0
    terminal = PtyVault(home, "add", "default")
    assert terminal.expect("Profile 'default' is already in the vault. Replace its key? [y/N]")
    terminal.type("n")
    result = terminal.finish()
    assert result.returncode == 0, result.stderr
    assert "kept the existing key of 'default'" in result.stderr
    assert json.loads(home.run("list", "--json").stdout)["profiles"][0]["key_hint"] == "AKIA…MPLE"


def test_answering_no_to_accept_file_keeps_the_record_and_exits_0(home):
    assert home.add("default").returncode == 0
    terminal = PtyVault(home, "accept-file")
    assert terminal.expect("as this machine's vault? [y/N]")
    terminal.type("n")
    result = terminal.finish()
    assert result.returncode == 0, result.stderr
    assert "kept this machine's record as it was" in result.stderr


def test_answering_no_to_importing_over_a_key_keeps_it_and_exits_0(home):
    assert home.add("default").returncode == 0
    credentials = home.path / ".aws" / "credentials"
    credentials.parent.mkdir()
    text = f"[default]\naws_access_key_id = {OTHER_KEY_ID}\naws_secret_access_key = {OTHER_SECRET}\n"
    credentials.write_text(text)
    before = home.vault_file.read_bytes()
    terminal = PtyVault(home, "add", "default", "--import")
    assert terminal.expect("Profile 'default' is already in the vault. Replace with the keys from the file? [y/N]")
    terminal.type("n")
    result = terminal.finish()
    assert result.returncode == 0, result.stderr
    assert "kept the vault's keys of 'default'" in result.stderr
    assert home.vault_file.read_bytes() == before
    assert credentials.read_text() == text


def test_clearing_an_unknown_profile_names_it_with_close_matches(home):
    config = home.path / ".aws" / "config"
    config.parent.mkdir()
    config.write_text("[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = default\n")
    typo = home.run("clear", "mfaa")
    assert typo.returncode == 1
    assert f"profile 'mfaa' is neither in {config} nor in the session cache" in typo.stderr
    assert "did you mean 'mfa'?" in typo.stderr
    known = home.run("clear", "mfa")
    assert known.returncode == 0, known.stderr
    assert "removed 0 cached sessions of 'mfa'" in known.stderr
    everything = home.run("clear")
    assert everything.returncode == 0 and "removed 0 cached sessions" in everything.stderr
