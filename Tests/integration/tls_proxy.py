#!/usr/bin/env python3
"""A TLS-terminating proxy on 127.0.0.1 for the transport tests: HTTPS in front of a plain HTTP
server on loopback (the strict emulator), with a certificate the test made.

    tls_proxy.py --cert PEM --key PEM --upstream PORT --ready FILE

Listens on a free loopback port, writes the port to --ready, and pipes each TLS connection's
bytes to and from 127.0.0.1:UPSTREAM unchanged. Runs until killed; the test stops it by PID."""
import argparse
import select
import socket
import socketserver
import ssl
import sys

from loopback_server import serve


def relay(client: ssl.SSLSocket, upstream: socket.socket):
    """Both directions in one thread, until either side closes or 30 s pass idle. One TLS
    connection must not be read in one thread while another writes it (OpenSSL's SSL objects are
    not thread-safe): with a thread per direction, a write landing during a read now and then made
    the read see a false end of stream, and the answer was cut short (about 1 request in 1000)."""
    try:
        while True:
            readable = [client] if client.pending() else select.select([client, upstream], [], [], 30)[0]
            if not readable:
                return
            for source in readable:
                chunk = source.recv(65536)
                if not chunk:
                    return
                (upstream if source is client else client).sendall(chunk)
    except OSError:
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--upstream", type=int, required=True)
    parser.add_argument("--ready", required=True)
    parser.add_argument("--host", default="127.0.0.1", help="the loopback address to listen on")
    args = parser.parse_args()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(args.cert, args.key)

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.settimeout(30)
            try:
                client = context.wrap_socket(self.request, server_side=True)
            except (ssl.SSLError, OSError):
                return  # a client that does not trust the certificate ends here
            upstream = socket.create_connection(("127.0.0.1", args.upstream), timeout=30)
            relay(client, upstream)
            client.close()
            upstream.close()

    serve(Handler, args.ready, args.host)


if __name__ == "__main__":
    sys.exit(main())
