"""A vault with COUNT profiles, built by `vault add` one profile at a time (as a person would):
the time of each add, the file size at checkpoints, then `vault list` on the full vault. JSON out.

    VAULT_BIN=... many_profiles.py COUNT RESULTS_DIR
"""
import json
import os
import statistics
import subprocess
import sys
import time

CHECKPOINTS = (1, 10, 100, 250, 500, 1000)


def key_id(i: int) -> str:
    return "AKIA" + f"{i:016d}".translate(str.maketrans("0123456789", "ABCDEFGHIJ"))


def main() -> None:
    count, results = int(sys.argv[1]), sys.argv[2]
    vault = os.environ["VAULT_BIN"]
    private = os.path.join(results, "many-profiles")
    os.makedirs(private, exist_ok=True)
    os.chmod(private, 0o700)  # vault refuses a directory others can read
    path = os.path.join(private, "vault")
    env = dict(os.environ, VAULT_FILE=path)
    adds, sizes = [], {}
    for i in range(1, count + 1):
        run_env = dict(env, AWS_ACCESS_KEY_ID=key_id(i), AWS_SECRET_ACCESS_KEY=f"{i:040d}")
        start = time.perf_counter_ns()
        subprocess.run([vault, "add", f"p{i:04d}", "--env"], env=run_env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        adds.append((time.perf_counter_ns() - start) / 1e6)
        if i in CHECKPOINTS or i == count:
            sizes[i] = os.path.getsize(path)
    lists = []
    for _ in range(20):
        start = time.perf_counter_ns()
        subprocess.run([vault, "list"], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lists.append((time.perf_counter_ns() - start) / 1e6)
    tail = adds[-20:]
    points = sorted(sizes.items())
    slopes = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in zip(points, points[1:])]
    print(json.dumps({"count": count, "add_ms_at_count": statistics.median(tail), "add_ms_first": statistics.median(adds[:20]),
                      "list_ms": statistics.median(lists), "sizes": sizes, "bytes_per_profile": slopes}))


if __name__ == "__main__":
    main()
