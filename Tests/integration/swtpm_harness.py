"""A real software TPM for the end-to-end tests: swtpm on a free loopback port pair (P for
commands, P+1 for control, as the swtpm TCTI expects), a fresh state folder, stopped by PID."""
import os
import signal
import socket
import subprocess
import time


def free_port_pair() -> int:
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = first.getsockname()[1]
        if port >= 65535:
            continue
        with socket.socket() as second:
            try:
                second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no two consecutive free loopback ports")


class Swtpm:
    """One swtpm process; serves one client at a time (vault closes its connection on exit)."""

    def __init__(self, state):
        self.state = state
        self.state.mkdir(mode=0o700)
        self.process = None
        for _ in range(5):  # another program may take the pair before swtpm binds it: try another
            self.port = free_port_pair()
            try:
                self.start()
                return
            except RuntimeError:
                continue
        raise RuntimeError("swtpm did not start on any of 5 free loopback port pairs")

    @property
    def tcti(self) -> str:
        return f"swtpm:host=127.0.0.1,port={self.port}"

    def start(self):
        self.process = subprocess.Popen(
            ["swtpm", "socket", "--tpm2", "--server", f"type=tcp,port={self.port},bindaddr=127.0.0.1",
             "--ctrl", f"type=tcp,port={self.port + 1},bindaddr=127.0.0.1", "--tpmstate", f"dir={self.state}",
             "--flags", "startup-clear", "--pid", f"file={self.state}/swtpm.pid"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:  # ready once the control channel accepts (the command port serves one client)
            try:
                socket.create_connection(("127.0.0.1", self.port + 1), timeout=1).close()
                time.sleep(0.02)
                if self.process.poll() is None:  # what accepted was this swtpm, not another one
                    return
                raise OSError("swtpm exited")
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError("swtpm did not start")
                time.sleep(0.01)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        self.process = None

    def tool(self, *args) -> subprocess.CompletedProcess:
        """A tpm2-tools command against this swtpm (run it only while vault is not connected)."""
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TPM2TOOLS_TCTI": self.tcti}
        return subprocess.run(list(args), capture_output=True, text=True, env=env, timeout=60)
