#!/usr/bin/env python3
"""A forward HTTP proxy on 127.0.0.1 for the proxy tests: answers CONNECT and relays the tunnel's
bytes unchanged, so TLS stays end to end between vault and the server behind it.

    connect_proxy.py --ready FILE --log FILE --capture FILE [--allow NAME]... [--auth USER:PASSWORD] [--silent]

Listens on a free loopback port and writes the port to --ready. Each connection is logged to --log
as JSON lines: `accepted`, then `request` (the request line and headers as received), then
`tunnel` (the CONNECT target and the loopback address it was mapped to) or `refused` (the status
answered). Every byte relayed through a tunnel, both ways, is appended to --capture.

Only the names given with --allow are tunnelled, and always to 127.0.0.1 on the port asked for:
the proxy never resolves a name or leaves loopback (anything else is answered 502). With --auth,
a CONNECT without `Proxy-Authorization: Basic base64(USER:PASSWORD)` is answered 407. With
--silent, the request is read and never answered (a proxy that hangs). Runs until killed; the
test stops it by PID."""
import argparse
import base64
import json
import socket
import socketserver
import sys
import threading

from loopback_server import serve

HEAD_LIMIT = 16 << 10


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ready", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--capture", required=True)
    parser.add_argument("--allow", action="append", default=[])
    parser.add_argument("--auth")
    parser.add_argument("--silent", action="store_true")
    args = parser.parse_args()
    allowed = {name.lower() for name in args.allow}
    expected = "Basic " + base64.b64encode(args.auth.encode()).decode() if args.auth else None
    lock = threading.Lock()

    def log(**event):
        with lock, open(args.log, "a") as f:
            f.write(json.dumps(event) + "\n")

    def capture(chunk: bytes):
        with lock, open(args.capture, "ab") as f:
            f.write(chunk)

    def pipe(source: socket.socket, sink: socket.socket):
        try:
            while chunk := source.recv(65536):
                capture(chunk)
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    class Handler(socketserver.BaseRequestHandler):
        def read_head(self) -> tuple[bytes, bytes]:
            data = b""
            while b"\r\n\r\n" not in data and len(data) < HEAD_LIMIT:
                chunk = self.request.recv(4096)
                if not chunk:
                    break
                data += chunk
            head, _, rest = data.partition(b"\r\n\r\n")
            return head, rest

        def answer(self, status: str, extra: str = ""):
            log(event="refused", status=int(status.split(" ")[0]))
            self.request.sendall(f"HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n".encode())

        def handle(self):
            log(event="accepted")
            self.request.settimeout(60)
            try:
                head, rest = self.read_head()
                lines = head.decode("latin-1").split("\r\n")
                headers = [line.split(":", 1) for line in lines[1:] if ":" in line]
                log(event="request", line=lines[0], headers=[[name.strip(), value.strip()] for name, value in headers])
                if args.silent:
                    while self.request.recv(4096):  # hold the connection, never answer
                        pass
                    return
                self.tunnel(lines[0], {name.strip().lower(): value.strip() for name, value in headers}, rest)
            except OSError:
                pass

        def tunnel(self, line: str, headers: dict, rest: bytes):
            method, _, target = line.partition(" ")
            target = target.rsplit(" ", 1)[0]
            if method != "CONNECT":
                return self.answer("405 Method Not Allowed")
            if expected is not None and headers.get("proxy-authorization") != expected:
                return self.answer("407 Proxy Authentication Required", 'Proxy-Authenticate: Basic realm="test"\r\n')
            host, _, port = target.rpartition(":")
            if host.lower() not in allowed or not port.isdigit():
                return self.answer("502 Bad Gateway")
            upstream = socket.create_connection(("127.0.0.1", int(port)), timeout=30)
            log(event="tunnel", target=target, upstream=f"127.0.0.1:{port}")
            self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                capture(rest)
                upstream.sendall(rest)
            back = threading.Thread(target=pipe, args=(upstream, self.request), daemon=True)
            back.start()
            pipe(self.request, upstream)
            back.join(30)
            upstream.close()

    serve(Handler, args.ready)


if __name__ == "__main__":
    sys.exit(main())
