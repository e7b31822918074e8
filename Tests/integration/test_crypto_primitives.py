"""Security round 2, finding 8: vault has no cryptographic primitive of its own. SHA-256 and
HMAC-SHA-256 (the signer's) come from libsodium: no C source of ours anywhere in Sources (C is
reached only through system headers and shims), and the binary imports libsodium's functions and
defines no SHA-256 routine of its own. Both checks fail on the code before the fix (Sources/CSHA256
with its sha256.c; a binary defining vault_sha256_* and importing no crypto_hash_sha256_*)."""
import re
import subprocess

from vault_harness import ROOT, vault_binary


def test_no_c_source_of_ours_in_sources():
    c_files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "Sources").rglob("*") if p.suffix in (".c", ".cc", ".S", ".s"))
    assert c_files == [], f"hand-written C (crypto?) in Sources: {c_files}"


def test_the_signer_uses_libsodiums_sha256_and_hmac():
    imported = subprocess.run(["nm", "-D", "--undefined-only", vault_binary()], capture_output=True, text=True, check=True).stdout
    for symbol in ("crypto_hash_sha256_init", "crypto_hash_sha256_update", "crypto_hash_sha256_final",
                   "crypto_auth_hmacsha256_init", "crypto_auth_hmacsha256_update", "crypto_auth_hmacsha256_final"):
        assert f" {symbol}\n" in imported + "\n", f"vault does not import {symbol} from libsodium"
    defined = subprocess.run(["nm", "--defined-only", vault_binary()], capture_output=True, text=True, check=True).stdout
    # C identifiers only: Swift's wrappers and metadata have mangled names ($s…, "symbolic …").
    names = [line.split(" ", 2)[2] for line in defined.splitlines() if line.count(" ") >= 2]
    # A hash implementation's entry points (vault_sha256_init, sha256_transform, hmac_sha256_final…);
    # not a shim that only names the TPM's sha256 PCR bank (ctss2_sha256_selection).
    routine = re.compile(r"(sha256|hmac).*(init|update|final|transform|compress|block|digest)", re.I)
    own = [name for name in names if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) and routine.search(name)]
    assert own == [], f"vault defines SHA-256 routines of its own: {own[:5]}"
