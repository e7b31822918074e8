"""The TPM protector end to end: tpm2-tss is loaded only when a TPM is used.

The binary does not link libtss2; a vault without a TPM protector never maps it (LD_DEBUG=libs
reports every shared object loaded, dlopen'd ones included).
"""
import subprocess

from vault_harness import vault_binary

TSS2_LIBRARIES = ("libtss2-",)


def loaded_libraries(result) -> list[str]:
    """The shared objects LD_DEBUG=libs reports as loaded (`calling init: PATH` lines)."""
    return [line.split("calling init:", 1)[1].strip() for line in result.stderr.splitlines() if "calling init:" in line]


def test_the_binary_does_not_link_tss2():
    result = subprocess.run(["ldd", vault_binary()], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    linked = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert linked and not [lib for lib in linked if lib.startswith(TSS2_LIBRARIES)], linked


def test_a_vault_without_a_tpm_protector_never_maps_tss2(home):
    assert home.run("init").returncode == 0
    assert home.add("default").returncode == 0
    listed = home.run("list", env={"LD_DEBUG": "libs"})
    assert listed.returncode == 0, listed.stderr[-2000:]
    libraries = loaded_libraries(listed)
    assert any("libsodium" in lib for lib in libraries), listed.stderr[-2000:]  # LD_DEBUG did report
    assert not [lib for lib in libraries if "libtss2" in lib], libraries
