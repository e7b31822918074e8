"""Hostile vault files (issue 7): over 1,000 mutations of valid vaults, made by the binary and by
the independent writer. Every one the independent reader refuses must make `vault list` and
`vault add` exit 1 with a two-line error, without a crash, a hang, unbounded memory (RLIMIT_AS
256 MiB) or a change to the file. Mutations the independent reader accepts (a field set to a
value that happens to be valid) must be listed alike: a differential check of the two readers."""
import concurrent.futures
import json
import os
import time

import independent_reader as ir
from hardening import MIB, add, clean_error_problem, record, run, temp_files
from vault_harness import EXAMPLE_SECRET, Home
from vault_mutations import mutations

OTHER_KEY_ID = "AKIAI44QH8DHBEXAMPLE"
PASSPHRASE = "correct horse battery staple"
WORKERS = 4


def binary_vaults(tmp_path) -> list[bytes]:
    one = Home(tmp_path / "one")
    assert one.add("default").returncode == 0
    three = Home(tmp_path / "three")
    for profile, key in [("default", "AKIAIOSFODNN7EXAMPLE"), ("other", OTHER_KEY_ID), ("third", "AKIAJJJJKKKKLLLLMMMM")]:
        assert three.add(profile, key, EXAMPLE_SECRET).returncode == 0
    assert three.add("other", "AKIAZZZZYYYYXXXXWWWW", EXAMPLE_SECRET, "--force").returncode == 0
    return [one.vault_file.read_bytes(), three.vault_file.read_bytes()]


def independent_vaults() -> list[bytes]:
    entries = [
        {"profile": "default", "access_key_id": "AKIAIOSFODNN7EXAMPLE", "secret_access_key": EXAMPLE_SECRET,
         "added": 1_700_000_001, "metadata": [["key-created", "2023-11-14T22:13:21Z"], ["rotation", "old"]]},
        {"profile": "a.b_c-d+e=f@g,h", "access_key_id": OTHER_KEY_ID, "secret_access_key": EXAMPLE_SECRET,
         "added": 1_700_000_002, "metadata": []},
        {"profile": "default", "access_key_id": "AKIAJJJJKKKKLLLLMMMM", "secret_access_key": EXAMPLE_SECRET,
         "added": 1_700_000_003, "metadata": [["rotation", "pending"]]},
    ]
    passphrase, _ = ir.write_vault("passphrase", 1_700_000_000, None, entries, passphrase=PASSPHRASE,
                                   opslimit=1, memlimit=8192)
    keyring, _ = ir.write_vault("secret-service", 1_700_000_000, None, entries[:2])
    empty, _ = ir.write_vault("passphrase", 1_700_000_000, None, [], passphrase=PASSPHRASE, opslimit=1, memlimit=8192)
    return [passphrase, keyring, empty]


def oracle(data: bytes):
    """The independent reader's verdict: the sorted profile names (sealed and pending: `vault list`
    shows both), or None when it refuses."""
    try:
        return sorted({e["profile"] for e in ir.all_entries(ir.read_vault(data))})
    except ir.VaultFormatError:
        return None


def place(home: Home, data: bytes):
    home.vault_file.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
    fd = os.open(home.vault_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def check(home: Home, kind: str, data: bytes) -> list[str]:
    """Runs list and add on one mutation; returns the problems found (none is a pass)."""
    place(home, data)
    expected = oracle(data)
    listing = run(home, "list", "--json", address_space=256 * MIB, timeout=20)
    problems = []
    if expected is not None:  # still a valid vault: both readers must agree
        if listing.returncode != 0:
            problems.append(f"{kind}: independent reader accepts {expected}, vault says {listing.stderr!r}")
        elif sorted({p["profile"] for p in json.loads(listing.stdout)["profiles"]}) != expected:
            problems.append(f"{kind}: profiles differ from the independent reader's {expected}")
        return problems
    adding = add(home, "zz-new", OTHER_KEY_ID, EXAMPLE_SECRET, address_space=256 * MIB, timeout=20)
    for outcome in (listing, adding):
        why = clean_error_problem(outcome)
        if why:
            problems.append(f"{kind} ({' '.join(outcome.args)}): {why}")
        elif str(home.vault_file) not in outcome.stderr:
            problems.append(f"{kind} ({' '.join(outcome.args)}): the error does not name the file: {outcome.stderr!r}")
    if home.vault_file.read_bytes() != data:
        problems.append(f"{kind}: the file was rewritten")
    if temp_files(home.vault_file.parent):
        problems.append(f"{kind}: temp files left: {temp_files(home.vault_file.parent)}")
    return problems


def test_a_thousand_hostile_vault_files(tmp_path):
    bases = binary_vaults(tmp_path) + independent_vaults()
    cases = mutations(bases)
    refused = [c for c in cases if oracle(c[1]) is None]
    assert len(refused) >= 1000, f"only {len(refused)} of {len(cases)} mutations are invalid"
    homes = [Home(tmp_path / f"worker{i}") for i in range(WORKERS)]
    started = time.monotonic()

    def work(index):
        worker = homes[index % WORKERS]
        chunk = cases[index::WORKERS]
        return [p for kind, data in chunk for p in check(worker, kind, data)]

    with concurrent.futures.ThreadPoolExecutor(max_workers=WORKERS) as pool:
        problems = [p for found in pool.map(work, range(WORKERS)) for p in found]
    elapsed = time.monotonic() - started
    kinds = sorted({k.split(":")[0] for k, _ in cases})
    record("hostile-vault-files", cases=len(cases), refused=len(refused), accepted_alike=len(cases) - len(refused),
           calls=2 * len(refused) + (len(cases) - len(refused)), failures=len(problems), seconds=round(elapsed, 1),
           kinds=kinds)
    assert problems == [], "\n".join(problems[:40])


def test_an_oversized_vault_is_refused_without_reading_it_all(tmp_path):
    home = Home(tmp_path / "big")
    assert home.add("default").returncode == 0
    valid = home.vault_file.read_bytes()
    for size in (16 * MIB + 1, 64 * MIB):
        data = valid + b"\x00" * (size - len(valid))
        place(home, data)
        for outcome in (run(home, "list", address_space=256 * MIB), add(home, "zz", OTHER_KEY_ID, address_space=256 * MIB)):
            assert clean_error_problem(outcome) is None, outcome
            assert "too large" in outcome.stderr
        assert home.vault_file.stat().st_size == size


def test_absurd_kdf_parameters_are_refused_before_unlocking(tmp_path):
    """A vault claiming 2^40 bytes of Argon2 memory must be refused by the parser, so even a
    command that unlocks (with the passphrase given) never runs the KDF."""
    import struct
    from vault_mutations import patch
    home = Home(tmp_path / "kdf")
    assert home.add("default").returncode == 0
    # Version 3 (FORMAT.md §10.1): 68 header bytes, next_id, count, protector 1's id, kind,
    # body length, kdf and opslimit; then memlimit.
    data = patch(home.vault_file.read_bytes(), 68 + 2 + 1 + 2 + 1 + 2 + 1 + 4, struct.pack("<Q", 1 << 40))
    place(home, data)
    outcome = run(home, "assume", "default", "--format", "json", address_space=256 * MIB, timeout=20,
                  env={"AWS_ENDPOINT_URL": "http://127.0.0.1:9"})
    assert clean_error_problem(outcome) is None, outcome
    assert "memlimit" in outcome.stderr and outcome.seconds < 5
    assert home.vault_file.read_bytes() == data


def test_a_damaged_vault_is_reported_by_assume_and_exec(tmp_path):
    """Regression: for a profile only in the vault, `assume`/`exec` read a damaged vault as one
    without the profile and said "profile 'default' is neither in ~/.aws/config nor in the vault"."""
    home = Home(tmp_path / "damaged")
    assert home.add("default").returncode == 0
    data = bytearray(home.vault_file.read_bytes())
    data[100] ^= 1
    place(home, bytes(data))
    offline = {"AWS_ENDPOINT_URL": "http://127.0.0.1:9"}
    for args in (("assume", "default", "--format", "json"), ("exec", "default", "--", "true")):
        outcome = run(home, *args, env=offline, address_space=1024 * MIB)
        assert clean_error_problem(outcome) is None, outcome
        assert "damaged" in outcome.stderr and str(home.vault_file) in outcome.stderr, outcome.stderr
    assert home.vault_file.read_bytes() == bytes(data)
