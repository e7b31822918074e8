"""Which writes wait for the disk (docs/performance.md, "Levers"). A session cached under the
kernel keyring's key is written and renamed without fsync: a power cut takes that key with it,
so no such file is readable afterwards, and a killed process still leaves the old file or the
new one (test_hardening_crash.py). Under the Secret Service's key, which outlives a reboot, both
fsyncs stay; so do the vault file's."""
import re
import subprocess


def synced(home, *args, env=None, input="") -> list[str]:
    """The files and folders one vault call fsyncs (strace -y names each descriptor's path)."""
    log = home.path / "fsync.log"
    merged = {**home.env, **(env or {})}
    result = subprocess.run(["strace", "-f", "-qq", "-y", "-e", "trace=fsync,fdatasync", "-o", str(log), home.binary,
                             *args], input=input, capture_output=True, text=True, env=merged, timeout=120,
                            start_new_session=True)
    assert result.returncode == 0, result.stderr
    return re.findall(r"f(?:data)?sync\(\d+<([^>]*)>\)", log.read_text())


def test_a_session_under_the_kernel_keyring_is_cached_without_fsync(aws):
    sessions = str(aws.path / ".cache" / "vault" / "sessions")
    env = {"VAULT_SESSION_CACHE": "kernel"}
    paths = synced(aws, "assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), env=env)
    assert [p for p in paths if p.startswith(sessions)] == [], paths
    hit = aws.run("assume", "mfa", "--format", "json", env={**env, "AWS_ENDPOINT_URL": "http://127.0.0.1:9"})
    assert hit.returncode == 0, hit.stderr
    # The vault file's writes still wait for the disk: the new file, then its folder.
    vault_folder = str(aws.vault_file.parent)
    paths = synced(aws, "add", "second", input="AKIAI44QH8DHBEXAMPLE\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
    assert any(p.startswith(vault_folder + "/.vault.tmp-") for p in paths), paths
    assert vault_folder in paths, paths


def test_a_session_under_the_secret_service_key_is_fsynced(aws, keyring):
    keyring.begin("unlocked")
    sessions = str(aws.path / ".cache" / "vault" / "sessions")
    paths = synced(aws, "assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(),
                   env={"VAULT_SESSION_CACHE": "secret-service"})
    assert any(p.startswith(sessions + "/.s-") for p in paths), paths  # the temporary file
    assert sessions in paths, paths  # the folder, after the rename
