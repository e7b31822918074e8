"""Vault/scripts/install into a scratch prefix: binary, completions where each shell looks, man page.
Reuses a release build when one exists (.build or .build-cli); otherwise the script builds one,
which takes a few minutes the first time."""
import os
import subprocess

from vault_harness import ROOT

INSTALL = ROOT / "Vault" / "scripts" / "install"


def existing_release_build():
    for scratch in (ROOT / ".build", ROOT / ".build-cli"):
        if os.access(scratch / "release" / "vault", os.X_OK):
            return scratch
    return None


def test_install_into_a_prefix(tmp_path):
    prefix = tmp_path / "prefix"
    args = ["bash", str(INSTALL), "--prefix", str(prefix)]
    scratch = existing_release_build()
    if scratch:
        args += ["--scratch-path", str(scratch), "--skip-build"]
    result = subprocess.run(args, capture_output=True, text=True, timeout=1800, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    binary = prefix / "bin" / "vault"
    assert os.access(binary, os.X_OK)
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30)
    assert version.returncode == 0 and version.stdout.strip() in result.stderr
    for shell, path in [("bash", "share/bash-completion/completions/vault"), ("zsh", "share/zsh/site-functions/_vault"),
                        ("fish", "share/fish/vendor_completions.d/vault.fish")]:
        expected = subprocess.run([str(binary), "--generate-completion-script", shell], capture_output=True, text=True,
                                  timeout=30).stdout
        assert expected and (prefix / path).read_text() == expected, path
    assert (prefix / "share/man/man1/vault.1").read_bytes() == (ROOT / "docs" / "vault.1").read_bytes()
    loaded = subprocess.run(["bash", "-c", f"source {prefix}/share/bash-completion/completions/vault && complete -p vault"],
                            capture_output=True, text=True, timeout=30)
    assert loaded.returncode == 0 and "_vault" in loaded.stdout


def test_install_refuses_unknown_arguments_and_a_missing_build(tmp_path):
    bad = subprocess.run(["bash", str(INSTALL), "--prefx", str(tmp_path)], capture_output=True, text=True, timeout=30)
    assert bad.returncode == 2 and "--prefx" in bad.stderr
    missing = subprocess.run(["bash", str(INSTALL), "--prefix", str(tmp_path / "p"), "--skip-build",
                              "--scratch-path", str(tmp_path / "nothing")], capture_output=True, text=True, timeout=30)
    assert missing.returncode == 1 and "no release build" in missing.stderr
    assert not (tmp_path / "p" / "bin" / "vault").exists()
