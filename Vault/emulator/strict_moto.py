#!/usr/bin/env python3
"""moto 5.2.1's server app, in process, behind the strictness layer (see RULES.md).

    strict_moto.py [--host 127.0.0.1] [--port 0] [--plain]

Binds (port 0 = a free one), prints the bound port on one stdout line, then serves.
moto's own signature/IAM checking starts OFF; switch it on with POST /moto-api/reset-auth
body `0` (the start script does, after creating the account). --plain: no layer, pure moto.
"""
import argparse
import io
import json
import os
import sys
from urllib.parse import parse_qs

os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")   # PowerUserAccess & co.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from werkzeug.datastructures import EnvironHeaders  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

from moto import settings  # noqa: E402
from moto.core import DEFAULT_ACCOUNT_ID  # noqa: E402
from moto.core.authorization import ActionAuthenticatorMixin  # noqa: E402
from moto.iam.access_control import IAMRequest  # noqa: E402
from moto.server import DomainDispatcherApplication, create_backend_app  # noqa: E402

import strict_rules as rules  # noqa: E402
import strict_iam as iam_rules  # noqa: E402
import strict_sessions as sessions  # noqa: E402
import strict_sso  # noqa: E402
import totp  # noqa: E402
from strict_state import AwsError, State  # noqa: E402

LOOPBACK = ("127.0.0.1", "::1")
STS_CHECKED = ("AssumeRole", "GetSessionToken")
STS_ACTIONS = STS_CHECKED + ("GetCallerIdentity", "GetAccessKeyInfo", "GetFederationToken", "AssumeRoleWithSAML",
                             "AssumeRoleWithWebIdentity", "DecodeAuthorizationMessage")


def _field(authorization: str, name: str) -> str:
    return authorization.partition(name + "=")[2].partition(",")[0].strip()


def moto_would_accept(environ: dict, req: rules.Req, body: bytes, permission: bool = True) -> bool:
    """Run moto's own signature + IAM allow check first, so that the layer only refuses
    requests moto would accept (AWS checks the signature before MFA, trust and durations).
    permission=False: the signature only (GetSessionToken needs no IAM permission at AWS)."""
    if ActionAuthenticatorMixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
        return True                                           # moto's auth is off
    path = environ.get("PATH_INFO", "/")
    if environ.get("QUERY_STRING"):
        path += "?" + environ["QUERY_STRING"]
    try:
        check = IAMRequest(account_id=DEFAULT_ACCOUNT_ID, method=environ["REQUEST_METHOD"], path=path,
                           data=req.params, body=body, headers=EnvironHeaders(environ), action=req.action)
        check.check_signature()
        if permission:
            check.check_action_permitted(req.params.get("RoleArn", "*") if req.action == "AssumeRole" else "*")
        return True
    except Exception:
        return False                                          # moto will answer with its own error


class StrictLayer:
    def __init__(self, app, state: State):
        self.app, self.state = app, state
        self.sso = strict_sso.SSOService(state)

    def __call__(self, environ, start_response):
        iam_rules.reset()
        path = environ.get("PATH_INFO", "")
        if path.startswith("/strict-api/"):
            return self._control(environ, start_response, path)
        if path.startswith("/moto-api/"):
            return self._forward(environ, start_response, None, None)
        if strict_sso.handles(path):
            return self._sso(environ, start_response)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
        req = self._parse(environ, body)
        try:
            if not environ.get("HTTP_AUTHORIZATION") and "X-Amz-Signature" not in environ.get("QUERY_STRING", ""):
                # AWS answers an unsigned request with 403 MissingAuthenticationToken (and a Date,
                # which clients such as `vault doctor` use to measure clock skew).
                raise AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token")
            if self.state.take_throttle():
                raise AwsError(400, "Throttling", "Rate exceeded")
            rules.pre_auth(req, self.state)
            sessions.check_request(req.service, req.action, req.key_id)
            iam_rules.check(req)
            if req.service == "sts" and req.action == "GetSessionToken" and moto_would_accept(
                    environ, req, body, permission=False):
                return self._get_session_token(req, start_response)
            plan = None
            if req.service == "sts" and req.action in STS_CHECKED and moto_would_accept(environ, req, body):
                plan = rules.sts_checks(req, self.state)
            if req.service == "iam" and req.action == "EnableMFADevice" and moto_would_accept(environ, req, body):
                rules.check_enable_mfa(req, self.state)
        except AwsError as error:
            self.state.log(req.service, req.action, req.key_id, error.status, req.params)
            headers = [("Content-Type", "text/xml"), ("Date", self.state.http_date())]
            start_response(f"{error.status} Error", headers)
            return [error.body(req.service)]
        return self._forward(environ, start_response, req, plan)

    def _get_session_token(self, req: rules.Req, start_response):
        """The layer answers GetSessionToken itself (moto's answer is a key nobody can use)."""
        caller = rules.find_caller(req.key_id)
        if caller is None or caller.user is None:
            raise AwsError(403, "AccessDenied", sessions.SESSION_CREDENTIALS)
        plan = rules.sts_checks(req, self.state)
        body = sessions.issue(caller.user, plan.duration, plan.mfa, self.state)
        self.state.log(req.service, req.action, req.key_id, 200, req.params)
        start_response("200 OK", [("Content-Type", "text/xml"), ("Date", self.state.http_date()),
                                  ("Content-Length", str(len(body)))])
        return [body]

    def _sso(self, environ, start_response):
        status, headers, body, action = self.sso.handle(environ)
        service = "sso" if action in ("GetRoleCredentials", "ListAccounts", "ListAccountRoles", "Logout") else "sso-oidc"
        self.state.log(service, action, None, status)
        headers = headers + [("Content-Type", "application/json"), ("Date", self.state.http_date()),
                             ("Content-Length", str(len(body)))]
        start_response(f"{status} {'OK' if status == 200 else 'Error'}", headers)
        return [body]

    @staticmethod
    def _parse(environ, body: bytes) -> rules.Req:
        params = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if "x-www-form-urlencoded" in environ.get("CONTENT_TYPE", ""):
            params.update({k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()})
        auth = environ.get("HTTP_AUTHORIZATION", "")
        scope = _field(auth, "Credential").split("/")
        key_id = scope[0] if scope[0] else None
        service = scope[3] if len(scope) > 3 else ("sts" if params.get("Action") in STS_ACTIONS else "iam")
        return rules.Req(service, params.get("Action", ""), params, key_id,
                         environ.get("HTTP_X_AMZ_SECURITY_TOKEN"), environ.get("HTTP_X_AMZ_DATE"))

    def _forward(self, environ, start_response, req, plan):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        code = int(captured["status"].split()[0])
        if plan is not None:
            if code == 200:
                body = rules.after_success(plan, body, self.state)
            else:
                rules.after_failure(plan, self.state)
        if req is not None:
            self.state.log(req.service, req.action, req.key_id, code, req.params)
        headers = [(k, v) for k, v in captured["headers"] if k.lower() not in ("date", "content-length")]
        headers += [("Date", self.state.http_date()), ("Content-Length", str(len(body)))]
        start_response(captured["status"], headers)
        return [body]

    def _control(self, environ, start_response, path):
        method = environ["REQUEST_METHOD"]
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        data = json.loads(raw) if raw.strip() else {}
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        status, result = "200 OK", None
        if path == "/strict-api/clock":
            if method == "POST":
                self.state.set_offset(data["offset_seconds"])
            result = {"offset_seconds": self.state.offset, "now": self.state.now_dt().isoformat()}
        elif path == "/strict-api/requests" and method == "GET":
            with self.state.lock:
                result = list(self.state.requests)
        elif path == "/strict-api/requests/clear" and method == "POST":
            self.state.clear_log()
            result = {"cleared": True}
        elif path == "/strict-api/throttle" and method == "POST":
            with self.state.lock:
                self.state.throttle_left = int(data["count"])
            result = {"count": self.state.throttle_left}
        elif path == "/strict-api/sessions/expire" and method == "POST":  # TEST-ONLY: end sessions early
            with self.state.lock:
                wanted = data.get("access_key_id")
                ended = [key for key in self.state.sessions if wanted in (None, key)]
                for key in ended:
                    self.state.sessions[key].expires = self.state.now() - 1
            result = {"expired": ended}
        elif path == "/strict-api/mfa/forget" and method == "POST":  # TEST-ONLY: let tests reuse codes
            with self.state.lock:
                forgotten = len(self.state.spent_codes)
                self.state.spent_codes.clear()
            result = {"forgotten": forgotten}
        elif path == "/strict-api/totp" and method == "GET":       # TEST-ONLY convenience
            device = next((i.virtual_mfa_devices.get(query.get("serial", "")) for i in rules._iams()
                           if query.get("serial", "") in i.virtual_mfa_devices), None)
            if device is None:
                status, result = "404 Not Found", {"error": "no such virtual MFA device"}
            else:
                step = totp.step_of(self.state.now()) + int(query.get("steps", 0))
                result = {"code": totp.code_at_step(device.base32_string_seed, step)}
        elif path.startswith("/strict-api/sso/") and method in ("GET", "POST"):    # TEST-ONLY: see RULES.md
            status, result = self.sso.control(path, data)
        else:
            status, result = "404 Not Found", {"error": f"unknown {method} {path}"}
        body = json.dumps(result).encode()
        start_response(status, [("Content-Type", "application/json"), ("Date", self.state.http_date()),
                                ("Content-Length", str(len(body)))])
        return [body]


def warm_up(app) -> None:
    """moto builds each service's app and loads its botocore model on the first request
    (~0.9 s for IAM): do it before reporting ready. Auth is still off; nothing is created."""
    from werkzeug.test import Client
    for service, action in (("iam", "ListUsers"), ("sts", "GetCallerIdentity")):
        auth = f"AWS4-HMAC-SHA256 Credential=AKIAWARMUP/20260101/us-east-1/{service}/aws4_request, " \
               "SignedHeaders=host, Signature=0"
        Client(app).post("/", data=f"Action={action}&Version=2010-05-08", headers={
            "Authorization": auth, "Content-Type": "application/x-www-form-urlencoded"})
    if isinstance(app, StrictLayer):
        app.state.clear_log()


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass

    def make_environ(self):
        # werkzeug drops header names with "_"; the SSO portal's bearer header has one.
        environ = super().make_environ()
        token = self.headers.get("x-amz-sso_bearer_token")
        if token is not None:
            environ["HTTP_X_AMZ_SSO_BEARER_TOKEN"] = token
        return environ

    def send_response(self, code, message=None):
        # http.server would add its own (wall-clock) Date header here; werkzeug adds one
        # only if the app sent none, so the strict layer's Date is the only one.
        self.send_response_only(code, message)
        self.send_header("Server", self.version_string())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--plain", action="store_true", help="no strictness layer: pure moto")
    args = parser.parse_args()
    if args.host not in LOOPBACK:
        parser.error(f"refusing to bind to {args.host}: loopback only (127.0.0.1 or ::1)")
    app = DomainDispatcherApplication(create_backend_app)
    if not args.plain:
        app = StrictLayer(app, State())
        sessions.install(app.state)
        iam_rules.install()
    warm_up(app)
    server = make_server(args.host, args.port, app, threaded=True, request_handler=QuietHandler)
    print(server.server_port, flush=True)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)                  # the start script stops reading after the port line
    server.serve_forever()


if __name__ == "__main__":
    main()
