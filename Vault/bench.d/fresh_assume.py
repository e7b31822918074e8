"""A fresh assume (`vault assume mfa --refresh --mfa-code CODE`) against the emulator, RUNS times,
with VAULT_TIMING=1 so vault reports its key derivation (unlock), how long its first HTTPS request
still waited for OpenSSL's load (load_tls: the rest of it overlaps with the passphrase, key
derivation and MFA code) and the STS round trip (the TLS handshake included); prints JSON medians. The harness's own cost (spawning
/bin/true the same way) is measured and subtracted. A phase reported more than once in a run (one
STS call per role of a chain) counts as its sum.

With `--unlocked`, the runs happen inside a `vault unlock` window (locked again at the end): the
key comes from the kernel keyring instead of Argon2id, and `rest_ms` is everything but the STS
round trip (the window's read included).

    fresh_assume.py VAULT_BIN ENDPOINT MFA_SEED RUNS [--unlocked]
"""
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "emulator"))
import totp  # noqa: E402


def fresh_code(endpoint: str, seed: str) -> str:
    request = urllib.request.Request(endpoint + "/strict-api/mfa/forget", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=10).read()
    return totp.code_at_step(seed, totp.step_of(time.time()))


def timed(argv: list[str]) -> tuple[float, str]:
    start = time.perf_counter_ns()
    result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, VAULT_TIMING="1"))
    elapsed = (time.perf_counter_ns() - start) / 1e6
    if result.returncode != 0:
        raise SystemExit(f"fresh_assume.py: {argv} failed: {result.stderr}")
    return elapsed, result.stderr


def main() -> None:
    vault, endpoint, seed, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    unlocked = sys.argv[5:] == ["--unlocked"]
    if unlocked:
        subprocess.run([vault, "unlock", "--for", "30m"], check=True, stderr=subprocess.DEVNULL)
    harness = statistics.median(timed(["/bin/true"])[0] for _ in range(max(runs, 20)))
    totals, unlocks, sts, loads = [], [], [], []
    for _ in range(runs):
        code = fresh_code(endpoint, seed)
        total, stderr = timed([vault, "assume", "mfa", "--format", "json", "--refresh", "--mfa-code", code])
        phases: dict[str, float] = {}
        for name, value in re.findall(r"vault-timing: (\w+)_us=(\d+)", stderr):
            phases[name] = phases.get(name, 0) + int(value) / 1000
        totals.append(total)
        unlocks.append(phases["unlock"])
        sts.append(phases["sts"])
        loads.append(phases.get("load_tls", 0))
    if unlocked:
        subprocess.run([vault, "lock"], check=True, stderr=subprocess.DEVNULL)
    # The TLS library's load is vault's own start-up cost of a call to AWS: it stays in the rest.
    # Unlocked, the unlock phase is the window's read from the kernel keyring: part of the rest.
    rests = [t - (0 if unlocked else u) - s - harness for t, u, s in zip(totals, unlocks, sts)]
    print(json.dumps({"runs": runs, "harness_ms": harness, "total_ms": statistics.median(totals),
                      "unlock_ms": statistics.median(unlocks), "sts_ms": statistics.median(sts),
                      "load_tls_ms": statistics.median(loads), "rest_ms": statistics.median(rests)}))


if __name__ == "__main__":
    main()
