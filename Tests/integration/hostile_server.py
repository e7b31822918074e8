#!/usr/bin/env python3
"""A misbehaving HTTP server on 127.0.0.1 for the hardening tests (issue 7, "hostile servers").

    hostile_server.py SCENARIO --ready FILE --log FILE

Listens on a free loopback port, writes the port to --ready, and answers every request according
to SCENARIO (see SCENARIOS), appending one line per request received to --log (so tests count
retries server-side). Runs until killed; the test stops it by PID."""
import argparse
import socket
import socketserver
import struct
import sys
import time

from loopback_server import serve

AWS_ERROR = ("<ErrorResponse><Error><Type>Receiver</Type><Code>{code}</Code><Message>{message}</Message></Error>"
             "<RequestId>0</RequestId></ErrorResponse>")
TRUNCATED = b"<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAXXXXXXXXXXXXXXXX</AccessKeyId><Secre"
PLAUSIBLE = (b"<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials>"
             b"<AccessKeyId>ASIAXXXXXXXXXXXXXXXX</AccessKeyId>")


def response(status: str, body: bytes, content_type: str = "text/xml", extra: str = "") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
            f"Connection: close\r\n{extra}\r\n").encode() + body


def aws_error(status: str, code: str, message: str = "hostile") -> bytes:
    return response(status, AWS_ERROR.format(code=code, message=message).encode())


class Handler(socketserver.BaseRequestHandler):
    scenario = ""
    log = ""

    def read_request(self) -> bytes:
        data = b""
        self.request.settimeout(10)
        while b"\r\n\r\n" not in data:
            chunk = self.request.recv(65536)
            if not chunk:
                return data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = self.request.recv(65536)
            if not chunk:
                break
            body += chunk
        return head

    def handle(self):
        head = self.read_request()
        self.head = head
        with open(self.log, "a") as f:
            f.write(f"{time.time():.3f} {head.split(b' ')[0].decode(errors='replace')} {len(head)}\n")
        try:
            getattr(self, "scenario_" + self.scenario.replace("-", "_"))()
        except (BrokenPipeError, ConnectionResetError, socket.timeout, OSError):
            pass

    def send(self, raw: bytes):
        self.request.sendall(raw)

    # ---- scenarios -------------------------------------------------------------------------
    def scenario_malformed_xml(self):
        self.send(response("200 OK", TRUNCATED))

    def scenario_no_credentials(self):  # well-formed, but not an answer to the question
        self.send(response("200 OK", b"<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>"))

    def scenario_not_xml(self):
        self.send(response("200 OK", b"<html><body>Captive portal: please log in</body></html>", "text/html"))

    def scenario_json_content_type(self):
        self.send(response("200 OK", b'{"Credentials": {"AccessKeyId": "ASIA"}}', "application/json"))

    def scenario_empty_200(self):
        self.send(response("200 OK", b""))

    def scenario_deep_xml(self):
        self.send(response("200 OK", b"<a>" * 200_000 + b"</a>" * 200_000))

    def scenario_entity_bomb(self):
        bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><AssumeRoleResponse>&c;</AssumeRoleResponse>')
        self.send(response("200 OK", bomb))

    def scenario_invalid_utf8(self):
        self.send(response("200 OK", PLAUSIBLE + b"\xff\xfe\xc0\xaf" + b"</Credentials></AssumeRoleResult></AssumeRoleResponse>"))

    def scenario_huge_body(self):  # 50 MiB announced and sent, as fast as the client reads
        size = 50 << 20
        self.request.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {size}\r\n\r\n".encode())
        chunk = b"<a>" * 21845 + b"x"
        sent = 0
        while sent < size:
            self.request.sendall(chunk)
            sent += len(chunk)

    def scenario_huge_chunked(self):  # an endless chunked body
        self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"<a>" * 20000
        for _ in range(10_000):
            self.request.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))

    def scenario_huge_header(self):
        self.send(f"HTTP/1.1 200 OK\r\nX-Junk: {'j' * (4 << 20)}\r\nContent-Length: 0\r\n\r\n".encode())

    def scenario_slow_drip(self):  # a plausible body, one byte a second
        self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n")
        for byte in PLAUSIBLE * 100:
            self.request.sendall(bytes([byte]))
            time.sleep(1)

    def scenario_slow_headers(self):  # the status line itself, one byte a second
        for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n" * 100:
            self.request.sendall(bytes([byte]))
            time.sleep(1)

    def scenario_silent(self):  # reads the request, never answers
        time.sleep(120)

    def scenario_reset(self):  # RST instead of a response
        self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.request.close()

    def scenario_close(self):  # FIN without a response
        self.request.close()

    def scenario_reset_mid_body(self):
        self.request.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5000\r\n\r\n" + PLAUSIBLE)
        self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.request.close()

    def scenario_garbage_status(self):
        self.send(b"HTTZ/9.9 abc\r\n\r\n\x00\x01\x02")

    def scenario_echo_500(self):  # a proxy that echoes the whole request (signature, token) back
        echoed = self.head.decode(errors="replace").replace("&", "&amp;").replace("<", "&lt;")
        self.send(aws_error("500 Internal Server Error", "InternalFailure", echoed))

    def scenario_echo_400(self):  # the same, as a client error whose message vault shows
        echoed = self.head.decode(errors="replace").replace("&", "&amp;").replace("<", "&lt;")
        self.send(aws_error("400 Bad Request", "InvalidParameterValue", echoed))

    def scenario_storm_500(self):
        self.send(aws_error("500 Internal Server Error", "InternalFailure"))

    def scenario_storm_503(self):
        self.send(aws_error("503 Service Unavailable", "ServiceUnavailable"))

    def scenario_502_html(self):
        self.send(response("502 Bad Gateway", b"<html>bad gateway</html>", "text/html"))

    def scenario_throttling(self):  # AWS refuses before the action runs: the one safe retry
        self.send(aws_error("400 Bad Request", "Throttling", "Rate exceeded"))

    def scenario_redirect_302(self):
        self.send(response("302 Found", b"", extra="Location: http://169.254.169.254/latest/meta-data/\r\n"))

    def scenario_redirect_307(self):
        self.send(response("307 Temporary Redirect", b"", extra="Location: https://evil.example/\r\n"))

    def scenario_redirect_loop(self):
        self.send(response("301 Moved Permanently", b"", extra="Location: /\r\n"))

    def scenario_status_1xx_forever(self):
        for _ in range(2000):
            self.request.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        time.sleep(30)


SCENARIOS = sorted(name[len("scenario_"):].replace("_", "-") for name in dir(Handler) if name.startswith("scenario_"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=SCENARIOS)
    parser.add_argument("--ready", required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    Handler.scenario, Handler.log = args.scenario, args.log
    open(args.log, "w").close()
    serve(Handler, args.ready)


if __name__ == "__main__":
    sys.exit(main())
