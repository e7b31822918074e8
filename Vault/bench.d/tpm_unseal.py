"""TPM seal and unseal times against a real software TPM, for Vault/bench.

Starts swtpm on a free loopback port pair (P for commands, P+1 for control, as the swtpm TCTI
expects) with a fresh state folder, runs `vault-bench tpm swtpm:host=127.0.0.1,port=P ROUNDS`
(in-process medians: TPM2Sealer, salted sessions, ECC primary re-derived each call), stops swtpm
by its PID and prints vault-bench's JSON line with the CPU time per operation of both processes
added (`cpu_ms_per_op`: vault-bench's and swtpm's user + system time over the 1 + 4 × ROUNDS
seals and unseals; steadier than wall time on a loaded machine).

    tpm_unseal.py VAULT_BENCH ROUNDS
"""
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time


def free_port_pair() -> int:
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
        if port < 65535:
            with socket.socket() as second:
                try:
                    second.bind(("127.0.0.1", port + 1))
                    return port
                except OSError:
                    continue
    raise SystemExit("tpm_unseal: no two consecutive free loopback ports")


def main() -> None:
    bench, rounds = sys.argv[1], sys.argv[2]
    port = free_port_pair()
    state = tempfile.mkdtemp(prefix="bench-swtpm-")
    swtpm = subprocess.Popen(
        ["swtpm", "socket", "--tpm2", "--server", f"type=tcp,port={port},bindaddr=127.0.0.1",
         "--ctrl", f"type=tcp,port={port + 1},bindaddr=127.0.0.1", "--tpmstate", f"dir={state}",
         "--flags", "startup-clear"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:  # ready once the control channel accepts (the command port takes one client)
            try:
                socket.create_connection(("127.0.0.1", port + 1), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or swtpm.poll() is not None:
                    raise SystemExit("tpm_unseal: swtpm did not start")
                time.sleep(0.01)
        result = subprocess.run([bench, "tpm", f"swtpm:host=127.0.0.1,port={port}", rounds],
                                capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise SystemExit(f"tpm_unseal: vault-bench tpm failed: {result.stderr}")
        timings = json.loads(result.stdout)
        ticks = os.sysconf("SC_CLK_TCK")
        with open(f"/proc/{swtpm.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        swtpm_cpu = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        operations = 1 + 4 * int(rounds)
        timings["cpu_ms_per_op"] = {
            "vault_bench": (children.ru_utime + children.ru_stime) * 1000 / operations,
            "swtpm": swtpm_cpu * 1000 / operations,
        }
        print(json.dumps(timings))
    finally:
        os.kill(swtpm.pid, signal.SIGTERM)
        swtpm.wait(timeout=10)
        shutil.rmtree(state, ignore_errors=True)


if __name__ == "__main__":
    main()
