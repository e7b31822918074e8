"""What the standalone test servers (hostile_server.py, tls_proxy.py, connect_proxy.py) share: a
threading TCP server on a free loopback port that announces the port through a ready file
(written whole, then renamed, so a reader never sees half of it) and serves until killed."""
import os
import socketserver


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(handler: type, ready: str, host: str = "127.0.0.1") -> None:
    """Serves `handler` on `host` (a loopback address) at a free port, written to `ready`; never
    returns."""
    with Server((host, 0), handler) as server:
        with open(ready + ".part", "w") as f:
            f.write(str(server.server_address[1]))
        os.rename(ready + ".part", ready)
        server.serve_forever()
