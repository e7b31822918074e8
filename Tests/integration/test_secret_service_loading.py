"""libsecret is loaded with dlopen, only when vault talks to the Secret Service.

The binary does not link it; a cached credential_process call never loads it; a vault that needs
it while it cannot be loaded says so with a hint, and everything else keeps working.
"""
import json
import subprocess

import pytest

from vault_harness import ROOT, vault_binary

SECRET_LIBRARIES = ("libsecret-1", "libglib-2.0", "libgobject-2.0", "libgio-2.0")


def loaded_libraries(result) -> list[str]:
    """The shared objects LD_DEBUG=libs reports as loaded (`calling init: PATH` lines)."""
    return [line.split("calling init:", 1)[1].strip() for line in result.stderr.splitlines() if "calling init:" in line]


@pytest.fixture
def broken_libsecret(tmp_path):
    """An LD_LIBRARY_PATH where libsecret-1.so.0 is an empty file: dlopen finds it first and fails."""
    directory = tmp_path / "broken-lib"
    directory.mkdir()
    (directory / "libsecret-1.so.0").write_bytes(b"")
    return {"LD_LIBRARY_PATH": str(directory)}


def test_the_binary_does_not_link_libsecret_or_glib():
    result = subprocess.run(["ldd", vault_binary()], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    linked = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert linked and not [lib for lib in linked if lib.startswith(SECRET_LIBRARIES)], linked


def test_shim_declarations_match_the_libsecret_headers():
    """Sources/CSecret/shim.h copies libsecret's and GLib's declarations; they must match."""
    flags = subprocess.run(["pkg-config", "--cflags", "libsecret-1"], capture_output=True, text=True, check=True).stdout
    result = subprocess.run(
        ["cc", "-fsyntax-only", "-Wall", "-Werror", *flags.split(), "-I", str(ROOT / "Sources" / "CSecret"),
         str(ROOT / "Tests" / "integration" / "csecret_abi_check.c")],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_cached_assume_never_loads_libsecret(aws):
    first = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code())
    assert first.returncode == 0, first.stderr
    cached = aws.run("assume", "mfa", "--format", "json", env={"LD_DEBUG": "libs"})
    assert cached.returncode == 0, cached.stderr
    assert json.loads(cached.stdout) == json.loads(first.stdout)
    assert len(aws.emulator.requests("AssumeRole")) == 1
    libraries = loaded_libraries(cached)
    assert any("libsodium" in lib for lib in libraries), cached.stderr[-2000:]  # LD_DEBUG did report
    assert not [lib for lib in libraries if any(name in lib for name in SECRET_LIBRARIES)], libraries


def test_a_secret_service_call_loads_libsecret(home, keyring):
    """The other side of the test above: LD_DEBUG does show libsecret when vault uses it."""
    keyring.begin("unlocked")
    result = home.run("init", "--backend", "secret-service", env={"LD_DEBUG": "libs", "VAULT_PASSPHRASE": None})
    assert result.returncode == 0, result.stderr[-2000:]
    assert any("libsecret-1.so.0" in lib for lib in loaded_libraries(result))


def test_a_secret_service_vault_without_libsecret_says_what_to_install(home, keyring, broken_libsecret):
    keyring.begin("unlocked")
    assert home.run("init", "--backend", "secret-service", env={"VAULT_PASSPHRASE": None}).returncode == 0
    # Adding seals to the vault's public key: no keyring, so no libsecret, is needed.
    assert home.add("default", env={**broken_libsecret, "VAULT_PASSPHRASE": None}).returncode == 0
    # Using the key unlocks the vault through the keyring (before any AWS call).
    unreachable = {"AWS_ENDPOINT_URL": "http://127.0.0.1:9", "VAULT_PASSPHRASE": None}
    used = home.run("assume", "default", "--format", "json", env={**broken_libsecret, **unreachable})
    assert used.returncode == 1
    assert "Secret Service support is unavailable" in used.stderr and "file too short" in used.stderr
    assert "apt install libsecret-1-0" in used.stderr and "--backend file" in used.stderr
    # With libsecret loadable again the same call gets past the unlock (to the unreachable endpoint).
    again = home.run("assume", "default", "--format", "json", env=unreachable)
    assert again.returncode == 1 and "No response from AWS" in again.stderr, again.stderr


def test_creating_a_secret_service_vault_without_libsecret(home, keyring, broken_libsecret):
    keyring.begin("unlocked")
    result = home.run("init", "--backend", "secret-service", env={**broken_libsecret, "VAULT_PASSPHRASE": None})
    assert result.returncode == 1
    assert "Secret Service support is unavailable" in result.stderr and "apt install libsecret-1-0" in result.stderr
    assert not home.vault_file.exists()


def test_without_libsecret_a_passphrase_vault_and_the_kernel_cache_work(aws, broken_libsecret):
    first = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), env=broken_libsecret)
    assert first.returncode == 0, first.stderr
    cached = aws.run("assume", "mfa", "--format", "json", env={**broken_libsecret, "VAULT_PASSPHRASE": None})
    assert cached.returncode == 0, cached.stderr
    assert json.loads(cached.stdout) == json.loads(first.stdout)
    assert len(aws.emulator.requests("AssumeRole")) == 1
    status = json.loads(aws.run("status", "--json", env=broken_libsecret).stdout)
    assert status["session_cache"]["backend"] == "kernel"
    assert [s["state"] for s in status["sessions"]] == ["valid"]


def test_doctor_names_the_missing_library(home, broken_libsecret):
    assert home.add("default").returncode == 0
    result = home.run("doctor", env=broken_libsecret)
    assert "Secret Service support is unavailable" in result.stdout + result.stderr
    assert "apt install libsecret-1-0" in result.stdout + result.stderr


@pytest.fixture
def no_kernel_keyring(tmp_path):
    """An LD_PRELOAD library that makes libkeyutils' keyring lookup fail with ENOSYS, as it does
    where keyctl is filtered out (containers) or not built into the kernel."""
    source = tmp_path / "no_keyring.c"
    source.write_text("#include <errno.h>\n"
                      "int keyctl_get_keyring_ID(int id, int create) { (void)id; (void)create; errno = ENOSYS; return -1; }\n")
    library = tmp_path / "no_keyring.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(library), str(source)], check=True, timeout=60)
    return {"LD_PRELOAD": str(library)}


def test_cache_key_falls_back_to_the_secret_service_then_to_none(aws, keyring, broken_libsecret, no_kernel_keyring):
    """auto: the kernel keyring, else an unlocked Secret Service (libsecret loaded on demand),
    else no cache at all."""
    keyring.begin("unlocked")
    with_service = json.loads(aws.run("status", "--json", env=no_kernel_keyring).stdout)
    assert with_service["session_cache"]["backend"] == "secret-service"

    without_either = {**no_kernel_keyring, **broken_libsecret}
    status = aws.run("status", "--json", env=without_either)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["session_cache"]["backend"] == "none"
    for _ in range(2):
        result = aws.run("assume", "mfa", "--format", "json", "--mfa-code", aws.emulator.code(), env=without_either)
        assert result.returncode == 0, result.stderr
    assert len(aws.emulator.requests("AssumeRole")) == 2  # no cache: every call goes to STS
