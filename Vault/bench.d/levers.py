"""Builds of vault side by side (docs/performance.md, "Levers"): for each LABEL=BINARY, in the
same run and in shuffled turns so that the load of a shared machine falls on all of them alike,
the cached call (`assume mfa --format json`) against the static no-op (wall and CPU time),
`exec mfa -- /bin/true` against `/bin/true`, minor page faults, and instructions (callgrind, one cached call of a copy
with its debug sections stripped). Optional: the fresh assume's rest (as fresh_assume.py).
Expects the scratch HOME and emulator Vault/bench sets up. Prints JSON; timings never gate.

    levers.py NOOP ROUNDS [--fresh RUNS ENDPOINT SEED] LABEL=BINARY...
"""
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fresh_assume  # noqa: E402


def spawn(argv: list[str]) -> tuple[float, float, int]:
    """(wall ms, CPU ms, minor page faults) of one run, output discarded; a failed run stops the
    script. CPU time (user + system) does not count the time spent waiting for a busy core."""
    devnull = os.open(os.devnull, os.O_RDWR)
    start = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=[
        (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status, usage = os.wait4(pid, 0)
    elapsed = (time.perf_counter_ns() - start) / 1e6
    os.close(devnull)
    if status != 0:
        raise SystemExit(f"levers.py: {argv} failed ({status})")
    return elapsed, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_minflt


def interleaved(commands: dict[str, list[str]], rounds: int) -> dict[str, dict]:
    """Each round runs every command once, in a new random order; medians per command."""
    seen = {name: ([], [], []) for name in commands}
    for _ in range(3):  # warm-up
        for argv in commands.values():
            spawn(argv)
    order = list(commands)
    for _ in range(rounds):
        random.shuffle(order)
        for name in order:
            for values, value in zip(seen[name], spawn(commands[name])):
                values.append(value)
    return {name: {"ms": statistics.median(t), "min_ms": min(t), "cpu_ms": statistics.median(c),
                   "minflt": statistics.median(f)} for name, (t, c, f) in seen.items()}


def instructions(binary: str, args: list[str], scratch: str) -> int:
    """Instructions of one run under callgrind (valgrind cannot read the static runtime's DWARF)."""
    copy = os.path.join(scratch, os.path.basename(binary) + "-" + str(random.getrandbits(32)))
    shutil.copyfile(binary, copy)
    os.chmod(copy, 0o755)
    subprocess.run(["strip", "--strip-debug", copy], check=True)
    out = copy + ".callgrind"
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", copy, *args],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    with open(out) as f:
        return int(re.search(r"^summary: (\d+)", f.read(), re.M).group(1))


def main() -> None:
    argv = sys.argv[1:]
    noop, rounds = argv[0], int(argv[1])
    argv = argv[2:]
    fresh = None
    if argv and argv[0] == "--fresh":
        fresh = (int(argv[1]), argv[2], argv[3])
        argv = argv[4:]
    builds = dict(item.split("=", 1) for item in argv)
    cached = interleaved({"noop": [noop], **{k: [v, "assume", "mfa", "--format", "json"] for k, v in builds.items()}},
                         rounds)
    execs = interleaved({"true": ["/bin/true"], **{k: [v, "exec", "mfa", "--", "/bin/true"] for k, v in builds.items()}},
                        rounds)
    result = {"rounds": rounds, "noop": cached["noop"], "true": execs["true"], "builds": {}}
    with tempfile.TemporaryDirectory() as scratch:
        result["noop"]["instructions"] = instructions(noop, [], scratch)
        for label, binary in builds.items():
            result["builds"][label] = {
                "binary": binary, "size": os.path.getsize(binary), "cached": cached[label],
                "cached_vs_noop": cached[label]["ms"] / cached["noop"]["ms"],
                "cached_cpu_vs_noop": cached[label]["cpu_ms"] / cached["noop"]["cpu_ms"],
                "exec_overhead_ms": execs[label]["ms"] - execs["true"]["ms"],
                "instructions": instructions(binary, ["assume", "mfa", "--format", "json"], scratch)}
    if fresh:
        runs, endpoint, seed = fresh
        harness = statistics.median(fresh_assume.timed(["/bin/true"])[0] for _ in range(20))
        rests = {label: [] for label in builds}
        for _ in range(runs):
            for label in random.sample(list(builds), len(builds)):
                code = fresh_assume.fresh_code(endpoint, seed)
                total, stderr = fresh_assume.timed(
                    [builds[label], "assume", "mfa", "--format", "json", "--refresh", "--mfa-code", code])
                phases: dict[str, float] = {}
                for name, value in re.findall(r"vault-timing: (\w+)_us=(\d+)", stderr):
                    phases[name] = phases.get(name, 0) + int(value) / 1000
                rests[label].append(total - phases["unlock"] - phases["sts"] - harness)
        for label, values in rests.items():
            result["builds"][label]["fresh_rest_ms"] = statistics.median(values)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
