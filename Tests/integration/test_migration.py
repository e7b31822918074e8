"""vault add --import [--all] [--remove-plaintext]: plaintext keys from ~/.aws into the vault."""
import json
import os
import stat

from vault_harness import EXAMPLE_KEY_ID, EXAMPLE_SECRET, files_containing

OTHER_KEY_ID = "AKIAI44QH8DHBEXAMPLE"
OTHER_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"
TEMP_KEY_ID = "ASIAIOSFODNN7TEMPKEY"
TEMP_SECRET = "tEmPoRaRy/K7MDENG+bPxRfiCYTEMPORARYKEY1"
TEMP_TOKEN = "FwoGZXIvYXdzEXAMPLETOKENtemporarytokenvalue=="

DEFAULT_KEY_LINES = f"aws_access_key_id = {EXAMPLE_KEY_ID}\naws_secret_access_key = {EXAMPLE_SECRET}\n"
CREDENTIALS = (
    "# keys by hand, since 2019\n"
    "[default]\n"
    "# the daily user\n"
    + DEFAULT_KEY_LINES
    + "region = eu-west-1\n"
    "\n"
    "; the other account\n"
    "[other]\n"
    f"aws_access_key_id={OTHER_KEY_ID}\n"
    f"aws_secret_access_key={OTHER_SECRET}\n"
    "\n"
    "[temp]\n"
    f"aws_access_key_id = {TEMP_KEY_ID}\n"
    f"aws_secret_access_key = {TEMP_SECRET}\n"
    f"aws_session_token = {TEMP_TOKEN}\n"
)


def write_credentials(home, text=CREDENTIALS, mode=0o600):
    aws = home.path / ".aws"
    aws.mkdir(exist_ok=True)
    path = aws / "credentials"
    path.write_bytes(text.encode())
    os.chmod(path, mode)
    return path


def vault_profiles(home):
    listing = home.run("list", "--json")
    if listing.returncode != 0:
        return []
    return [p["profile"] for p in json.loads(listing.stdout)["profiles"]]


def test_import_and_remove_one_profile_keeps_every_other_byte(home):
    credentials = write_credentials(home)
    result = home.run("add", "default", "--import", "--remove-plaintext")
    assert result.returncode == 0, result.stderr
    assert credentials.read_bytes() == CREDENTIALS.replace(DEFAULT_KEY_LINES, "").encode()
    assert "imported 'default' (AKIA…MPLE)" in result.stderr
    assert f"removed aws_access_key_id and aws_secret_access_key of 'default' from {credentials}" in result.stderr
    assert files_containing(home.path, EXAMPLE_SECRET) == []
    assert EXAMPLE_KEY_ID.encode() not in credentials.read_bytes()
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    assert sorted(p.name for p in credentials.parent.iterdir()) == ["credentials"]  # no backup, no temp file
    assert vault_profiles(home) == ["default"]
    assert EXAMPLE_SECRET not in result.stdout + result.stderr


def test_import_all_moves_long_term_keys_and_leaves_temporary_ones(home):
    credentials = write_credentials(home)
    result = home.run("add", "--import", "--all", "--remove-plaintext")
    assert result.returncode == 0, result.stderr
    assert "skipped: profile 'temp'" in result.stderr and "aws_session_token" in result.stderr
    assert sorted(vault_profiles(home)) == ["default", "other"]
    other_key_lines = f"aws_access_key_id={OTHER_KEY_ID}\naws_secret_access_key={OTHER_SECRET}\n"
    # [other] is defined nowhere else, so its section stays, empty: the profile still exists.
    assert credentials.read_text() == CREDENTIALS.replace(DEFAULT_KEY_LINES, "").replace(other_key_lines, "")
    assert "its empty section stays" in result.stderr
    assert files_containing(home.path, EXAMPLE_SECRET) == []
    assert files_containing(home.path, OTHER_SECRET) == []


def test_keys_in_the_config_file_are_migrated_too(home):
    aws = home.path / ".aws"
    aws.mkdir()
    config = aws / "config"
    text = (
        "[default]\nregion = us-east-1\n\n"
        f"[profile cfg]\n# kept\naws_access_key_id = {OTHER_KEY_ID}\naws_secret_access_key = {OTHER_SECRET}\nregion = eu-west-1\n\n"
        "[profile role]\nsource_profile = cfg\nrole_arn = arn:aws:iam::123456789012:role/R\n"
    )
    config.write_text(text)
    os.chmod(config, 0o644)
    result = home.run("add", "cfg", "--import", "--remove-plaintext")
    assert result.returncode == 0, result.stderr
    assert config.read_text() == text.replace(f"aws_access_key_id = {OTHER_KEY_ID}\naws_secret_access_key = {OTHER_SECRET}\n", "")
    assert stat.S_IMODE(config.stat().st_mode) == 0o644  # the original mode is kept
    assert files_containing(home.path, OTHER_SECRET) == []
    assert vault_profiles(home) == ["cfg"]


def test_import_then_remove_later_needs_no_force(home):
    credentials = write_credentials(home)
    first = home.run("add", "other", "--import")
    assert first.returncode == 0, first.stderr
    assert credentials.read_text() == CREDENTIALS
    assert "still in" in first.stderr and "--remove-plaintext" in first.stderr
    second = home.run("add", "other", "--import", "--remove-plaintext")
    assert second.returncode == 0, second.stderr
    assert "already in the vault with the same key" in second.stderr
    assert files_containing(home.path, OTHER_SECRET) == []


def test_a_different_key_already_in_the_vault_needs_force(home):
    credentials = write_credentials(home)
    assert home.add("default", OTHER_KEY_ID, OTHER_SECRET).returncode == 0
    refused = home.run("add", "default", "--import", "--remove-plaintext")
    assert refused.returncode == 1 and "already in the vault" in refused.stderr and "--force" in refused.stderr
    assert credentials.read_text() == CREDENTIALS
    forced = home.run("add", "default", "--import", "--remove-plaintext", "--force")
    assert forced.returncode == 0, forced.stderr
    assert files_containing(home.path, EXAMPLE_SECRET) == []


def test_assume_works_with_imported_keys(aws):
    assert aws.run("remove", "default", "--force").returncode == 0
    daily = aws.emulator.daily
    credentials = write_credentials(
        aws, f"[default]\naws_access_key_id = {daily['access_key_id']}\naws_secret_access_key = {daily['secret_access_key']}\n")
    imported = aws.run("add", "default", "--import", "--remove-plaintext")
    assert imported.returncode == 0, imported.stderr
    assert credentials.read_text() == ""  # [default] lives on in ~/.aws/config
    assert files_containing(aws.path, daily["secret_access_key"]) == []
    result = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["AccessKeyId"].startswith("ASIA")


def test_a_source_profile_defined_only_by_its_keys_keeps_existing(aws):
    """[default] only in ~/.aws/credentials, [profile mfa] sourcing it: after the move an empty
    [default] section stays, so the source_profile still resolves."""
    assert aws.run("remove", "default", "--force").returncode == 0
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text().replace("[default]\nregion = us-east-1\n\n", ""))
    daily = aws.emulator.daily
    credentials = write_credentials(
        aws, f"[default]\naws_access_key_id = {daily['access_key_id']}\naws_secret_access_key = {daily['secret_access_key']}\n")
    imported = aws.run("add", "default", "--import", "--remove-plaintext")
    assert imported.returncode == 0, imported.stderr
    assert credentials.read_text() == "[default]\n"
    result = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code())
    assert result.returncode == 0, result.stderr


def test_wrong_passphrase_changes_nothing(home):
    credentials = write_credentials(home)
    assert home.add("other", OTHER_KEY_ID, OTHER_SECRET).returncode == 0
    vault_before = home.vault_file.read_bytes()
    result = home.run("add", "default", "--import", "--remove-plaintext", env={"VAULT_PASSPHRASE": "not the passphrase"})
    assert result.returncode == 1 and "wrong passphrase" in result.stderr
    assert credentials.read_bytes() == CREDENTIALS.encode()
    assert home.vault_file.read_bytes() == vault_before


def test_no_passphrase_and_no_terminal_fails_before_any_change(home):
    credentials = write_credentials(home)
    fresh = home.run("add", "default", "--import", "--remove-plaintext", env={"VAULT_PASSPHRASE": None})
    assert fresh.returncode == 1 and "--remove-plaintext needs the vault passphrase" in fresh.stderr
    assert "hint:" in fresh.stderr and "VAULT_PASSPHRASE" in fresh.stderr
    assert not home.vault_file.exists()
    assert home.add("other", OTHER_KEY_ID, OTHER_SECRET).returncode == 0
    vault_before = home.vault_file.read_bytes()
    existing = home.run("add", "default", "--import", "--remove-plaintext", env={"VAULT_PASSPHRASE": None})
    assert existing.returncode == 1 and "--remove-plaintext needs the vault passphrase" in existing.stderr
    assert home.vault_file.read_bytes() == vault_before
    assert credentials.read_bytes() == CREDENTIALS.encode()


def test_missing_profile_suggests_close_names(home):
    credentials = write_credentials(home)
    result = home.run("add", "othr", "--import", "--remove-plaintext")
    assert result.returncode == 1
    assert "profile 'othr' is not in" in result.stderr and "did you mean 'other'" in result.stderr
    assert credentials.read_bytes() == CREDENTIALS.encode()
    assert not home.vault_file.exists()


def test_profiles_without_usable_keys_are_refused(home):
    write_credentials(home, CREDENTIALS + "\n[noKeys]\nregion = us-east-1\n\n[half]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n")
    temporary = home.run("add", "temp", "--import")
    assert temporary.returncode == 1 and "temporary credentials" in temporary.stderr
    assert TEMP_SECRET not in temporary.stderr
    no_keys = home.run("add", "noKeys", "--import")
    assert no_keys.returncode == 1 and "has no access keys" in no_keys.stderr
    half = home.run("add", "half", "--import")
    assert half.returncode == 1 and "no aws_secret_access_key" in half.stderr
    assert not home.vault_file.exists()


def test_malformed_file_names_the_line(home):
    credentials = write_credentials(home, "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\nnot a key line\n")
    result = home.run("add", "default", "--import", "--remove-plaintext")
    assert result.returncode == 1
    assert str(credentials) in result.stderr and "line 3" in result.stderr
    assert not home.vault_file.exists()


def test_a_symlinked_credentials_file_is_not_rewritten(home):
    real = home.path / "dotfiles-credentials"
    real.write_text(CREDENTIALS)
    (home.path / ".aws").mkdir()
    (home.path / ".aws" / "credentials").symlink_to(real)
    result = home.run("add", "default", "--import", "--remove-plaintext")
    assert result.returncode == 1 and "symbolic link" in result.stderr and "AWS_SHARED_CREDENTIALS_FILE" in result.stderr
    assert real.read_text() == CREDENTIALS
    assert (home.path / ".aws" / "credentials").is_symlink()


def test_no_credentials_file(home):
    result = home.run("add", "default", "--import")
    assert result.returncode == 1 and "there is no such file" in result.stderr


def test_usage_errors(home):
    assert home.run("add", "--all").returncode == 2
    assert home.run("add", "default", "--remove-plaintext").returncode == 2
    assert home.run("add", "default", "--import", "--env").returncode == 2
    assert home.run("add", "default", "--import", "--all").returncode == 2
    assert home.run("add", "--import").returncode == 2
