"""IAM Identity Center for the strict emulator: the SSO OIDC service (RegisterClient,
StartDeviceAuthorization, CreateToken) and the SSO portal (GetRoleCredentials, ListAccounts,
ListAccountRoles, Logout), which moto 5.2.1 lacks. See RULES.md, "IAM Identity Center".

Strict where AWS is: client secrets and bearer tokens are checked, device codes expire,
CreateToken answers authorization_pending until a test approves the user code (or denies it),
slow_down when polled faster than the interval, refresh tokens rotate (the old one is refused),
and role credentials are minted by moto's own STS (an AssumeRole of the assigned role), so moto
accepts them as signers and the layer expires them on its clock.
"""
import json
import secrets
import threading
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from moto.sts.models import sts_backends

from strict_state import Session, State

ACCOUNT = "123456789012"
# Permission sets: account -> role names this login may use (each an IAM role of the account).
ASSIGNMENTS = {ACCOUNT: {"name": "vault-demo", "email": "ops@example.com",
                         "roles": ["PowerUserRole", "ChainedRole"]}}
DEVICE_CODE_SECONDS = 600
INTERVAL = 1
ACCESS_TOKEN_SECONDS = 3600
ROLE_SECONDS = 3600
CLIENT_SECONDS = 90 * 86400
OIDC_PATHS = ("/client/register", "/device_authorization", "/token")
PORTAL_PATHS = ("/federation/credentials", "/assignment/accounts", "/assignment/roles", "/logout")


class SSOError(Exception):
    def __init__(self, status: int, kind: str, error: str, description: str):
        super().__init__(description)
        self.status, self.kind, self.error, self.description = status, kind, error, description

    def response(self, portal: bool) -> tuple[int, list, bytes]:
        if portal:
            body = {"message": self.description}
        else:
            body = {"error": self.error, "error_description": self.description}
        return self.status, [("x-amzn-ErrorType", self.kind)], json.dumps(body).encode()


@dataclass
class Client:
    secret: str
    expires: float
    scopes: list


@dataclass
class Device:
    client_id: str
    user_code: str
    start_url: str
    expires: float
    interval: int
    state: str = "pending"          # pending, approved, denied, used
    last_poll: float = 0.0


@dataclass
class Token:
    client_id: str
    start_url: str
    expires: float


@dataclass
class SSOState:
    lock: threading.Lock = field(default_factory=threading.Lock)
    clients: dict = field(default_factory=dict)          # client id -> Client
    devices: dict = field(default_factory=dict)          # device code -> Device
    access: dict = field(default_factory=dict)           # access token -> Token
    refresh: dict = field(default_factory=dict)          # refresh token -> Token (current ones only)
    counts: dict = field(default_factory=dict)           # operation -> calls that succeeded
    slow_downs_forced: int = 0                           # next polls answered slow_down (service under load)
    too_fast: int = 0                                    # polls that came sooner than the interval
    token_seconds: int = ACCESS_TOKEN_SECONDS            # lifetime of the access tokens issued


def handles(path: str) -> bool:
    return path in OIDC_PATHS or path in PORTAL_PATHS


def _bad(kind: str, error: str, description: str, status: int = 400) -> SSOError:
    return SSOError(status, kind, error, description)


class SSOService:
    def __init__(self, state: State):
        self.clock, self.s = state, SSOState()

    # ---- dispatch ---------------------------------------------------------------------
    def handle(self, environ) -> tuple[int, list, bytes, str]:
        path, method = environ.get("PATH_INFO", ""), environ["REQUEST_METHOD"]
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        portal = path in PORTAL_PATHS
        action = {"/client/register": "RegisterClient", "/device_authorization": "StartDeviceAuthorization",
                  "/token": "CreateToken", "/federation/credentials": "GetRoleCredentials",
                  "/assignment/accounts": "ListAccounts", "/assignment/roles": "ListAccountRoles",
                  "/logout": "Logout"}[path]
        try:
            if environ.get("HTTP_AUTHORIZATION"):
                # The SSO APIs are unsigned (botocore sends no Authorization header).
                raise _bad("InvalidRequestException", "invalid_request", "SigV4 is not accepted by this API")
            if portal:
                expected = "POST" if path == "/logout" else "GET"
                if method != expected:
                    raise _bad("InvalidRequestException", "invalid_request", f"{path} takes {expected}")
                result = getattr(self, action)(self._bearer(environ), query)
            else:
                if method != "POST":
                    raise _bad("InvalidRequestException", "invalid_request", f"{path} takes POST")
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    raise _bad("InvalidRequestException", "invalid_request", "the body is not JSON") from None
                if not isinstance(body, dict):
                    raise _bad("InvalidRequestException", "invalid_request", "the body is not a JSON object")
                result = getattr(self, action)(body)
        except SSOError as error:
            status, headers, payload = error.response(portal)
            return status, headers, payload, action
        with self.s.lock:
            self.s.counts[action] = self.s.counts.get(action, 0) + 1
        return 200, [], json.dumps(result).encode() if result is not None else b"", action

    def _bearer(self, environ) -> Token:
        token = environ.get("HTTP_X_AMZ_SSO_BEARER_TOKEN", "")
        with self.s.lock:
            found = self.s.access.get(token)
        if not token or found is None:
            raise _bad("UnauthorizedException", "", "Session token not found or invalid", 401)
        if self.clock.now() >= found.expires:
            raise _bad("UnauthorizedException", "", "Session token not found or invalid", 401)
        return found

    def _client(self, body: dict) -> Client:
        for key in ("clientId", "clientSecret"):
            if not isinstance(body.get(key), str) or not body[key]:
                raise _bad("InvalidRequestException", "invalid_request", f"{key} is required")
        with self.s.lock:
            client = self.s.clients.get(body["clientId"])
        if client is None or not secrets.compare_digest(client.secret, body["clientSecret"]):
            raise _bad("InvalidClientException", "invalid_client", "Invalid client credentials", 401)
        if self.clock.now() >= client.expires:
            raise _bad("InvalidClientException", "invalid_client", "Client registration has expired", 401)
        return client

    # ---- SSO OIDC -----------------------------------------------------------------------
    def RegisterClient(self, body: dict) -> dict:
        name, kind = body.get("clientName"), body.get("clientType")
        if not isinstance(name, str) or not name or kind != "public":
            raise _bad("InvalidClientMetadataException", "invalid_client_metadata",
                       "clientName is required and clientType must be public")
        now = int(self.clock.now())
        client_id, secret = "cid-" + secrets.token_hex(8), "csec-" + secrets.token_urlsafe(32)
        with self.s.lock:
            self.s.clients[client_id] = Client(secret, now + CLIENT_SECONDS, list(body.get("scopes") or []))
        return {"clientId": client_id, "clientSecret": secret, "clientIdIssuedAt": now,
                "clientSecretExpiresAt": now + CLIENT_SECONDS}

    def StartDeviceAuthorization(self, body: dict) -> dict:
        self._client(body)
        start_url = body.get("startUrl")
        if not isinstance(start_url, str) or not start_url.startswith("https://"):
            raise _bad("InvalidRequestException", "invalid_request", "startUrl must be an https URL")
        device_code = "dc-" + secrets.token_urlsafe(24)
        user_code = "-".join(secrets.token_hex(2).upper() for _ in range(2))
        with self.s.lock:
            self.s.devices[device_code] = Device(body["clientId"], user_code, start_url,
                                                 self.clock.now() + DEVICE_CODE_SECONDS, INTERVAL)
        uri = "https://device.sso.us-east-1.amazonaws.com/"
        return {"deviceCode": device_code, "userCode": user_code, "verificationUri": uri,
                "verificationUriComplete": f"{uri}?user_code={user_code}",
                "expiresIn": DEVICE_CODE_SECONDS, "interval": INTERVAL}

    def CreateToken(self, body: dict) -> dict:
        self._client(body)
        grant = body.get("grantType")
        if grant == "urn:ietf:params:oauth:grant-type:device_code":
            start_url = self._device_grant(body)
        elif grant == "refresh_token":
            start_url = self._refresh_grant(body)
        else:
            raise _bad("UnsupportedGrantTypeException", "unsupported_grant_type", f"grant type {grant!r}")
        return self._issue(body["clientId"], start_url)

    def _device_grant(self, body: dict) -> str:
        now = self.clock.now()
        with self.s.lock:
            device = self.s.devices.get(body.get("deviceCode") or "")
            if device is None or device.client_id != body["clientId"] or device.state == "used":
                raise _bad("InvalidGrantException", "invalid_grant", "Invalid device code provided")
            if now >= device.expires:
                raise _bad("ExpiredTokenException", "expired_token", "Device code has expired")
            if device.state == "denied":
                raise _bad("AccessDeniedException", "access_denied", "The user denied the authorization request")
            too_fast = device.last_poll and now - device.last_poll < device.interval
            device.last_poll = now
            if too_fast:
                self.s.too_fast += 1
            if too_fast or self.s.slow_downs_forced > 0:
                self.s.slow_downs_forced = max(0, self.s.slow_downs_forced - (0 if too_fast else 1))
                device.interval += 5          # RFC 8628 3.5: slow_down adds 5 s to the interval
                raise _bad("SlowDownException", "slow_down", "Client is polling too fast")
            if device.state == "pending":
                raise _bad("AuthorizationPendingException", "authorization_pending", "Authorization is still pending")
            device.state = "used"
            return device.start_url

    def _refresh_grant(self, body: dict) -> str:
        with self.s.lock:
            token = self.s.refresh.pop(body.get("refreshToken") or "", None)   # rotation: single use
            if token is None or token.client_id != body["clientId"]:
                raise _bad("InvalidGrantException", "invalid_grant", "Invalid refresh token provided")
            return token.start_url

    def _issue(self, client_id: str, start_url: str) -> dict:
        access, refresh = "at-" + secrets.token_urlsafe(32), "rt-" + secrets.token_urlsafe(32)
        with self.s.lock:
            seconds = self.s.token_seconds
            expires = self.clock.now() + seconds
            self.s.access[access] = Token(client_id, start_url, expires)
            self.s.refresh[refresh] = Token(client_id, start_url, expires + 86400)
        return {"accessToken": access, "tokenType": "Bearer", "expiresIn": seconds,
                "refreshToken": refresh}

    # ---- SSO portal ---------------------------------------------------------------------
    def GetRoleCredentials(self, token: Token, query: dict) -> dict:
        account, role = query.get("account_id", ""), query.get("role_name", "")
        if not account or not role:
            raise _bad("InvalidRequestException", "", "account_id and role_name are required")
        if role not in ASSIGNMENTS.get(account, {}).get("roles", []):
            raise _bad("ForbiddenException", "", "No access", 403)
        assumed = sts_backends[account]["aws"].assume_role(
            region_name="us-east-1", role_session_name="sso-" + token.client_id[-8:],
            role_arn=f"arn:aws:iam::{account}:role/{role}", policy=None, duration=ROLE_SECONDS, external_id=None)
        expires = self.clock.now() + ROLE_SECONDS
        self.clock.add_session(Session(assumed.access_key_id, assumed.session_token, expires, False,
                                       "GetRoleCredentials"))
        return {"roleCredentials": {"accessKeyId": assumed.access_key_id,
                                    "secretAccessKey": assumed.secret_access_key,
                                    "sessionToken": assumed.session_token, "expiration": int(expires * 1000)}}

    def ListAccounts(self, token: Token, query: dict) -> dict:
        del token, query
        return {"accountList": [{"accountId": a, "accountName": v["name"], "emailAddress": v["email"]}
                                for a, v in sorted(ASSIGNMENTS.items())]}

    def ListAccountRoles(self, token: Token, query: dict) -> dict:
        del token
        account = query.get("account_id", "")
        if account not in ASSIGNMENTS:
            raise _bad("ResourceNotFoundException", "", "Account not found", 404)
        return {"roleList": [{"roleName": r, "accountId": account} for r in ASSIGNMENTS[account]["roles"]]}

    def Logout(self, token: Token, query: dict) -> None:
        del query
        with self.s.lock:
            for store in (self.s.access, self.s.refresh):
                for key in [k for k, t in store.items() if t.client_id == token.client_id
                            and t.start_url == token.start_url]:
                    del store[key]
        return None

    # ---- control (TEST-ONLY) ------------------------------------------------------------
    def control(self, path: str, data: dict) -> tuple[str, dict]:
        with self.s.lock:
            if path in ("/strict-api/sso/approve", "/strict-api/sso/deny"):
                device = next((d for d in self.s.devices.values() if d.user_code == data.get("user_code")), None)
                if device is None or device.state != "pending":
                    return "404 Not Found", {"error": "no pending device authorization with that user_code"}
                device.state = "approved" if path.endswith("approve") else "denied"
                return "200 OK", {"state": device.state}
            if path == "/strict-api/sso/pending":
                return "200 OK", {"user_codes": [d.user_code for d in self.s.devices.values()
                                                 if d.state == "pending"]}
            if path == "/strict-api/sso/counts":
                return "200 OK", {**self.s.counts, "too_fast": self.s.too_fast}
            if path == "/strict-api/sso/secrets":
                return "200 OK", {"access_tokens": list(self.s.access), "refresh_tokens": list(self.s.refresh),
                                  "client_secrets": [c.secret for c in self.s.clients.values()]}
            if path == "/strict-api/sso/slow-down":
                self.s.slow_downs_forced = int(data.get("count", 1))
                return "200 OK", {"count": self.s.slow_downs_forced}
            if path == "/strict-api/sso/token-seconds":
                self.s.token_seconds = int(data.get("seconds", ACCESS_TOKEN_SECONDS))
                return "200 OK", {"seconds": self.s.token_seconds}
            if path == "/strict-api/sso/reset":
                self.s.counts.clear()
                self.s.devices.clear()
                self.s.too_fast = self.s.slow_downs_forced = 0
                self.s.token_seconds = ACCESS_TOKEN_SECONDS
                return "200 OK", {"reset": True}
            if path == "/strict-api/sso/expire-tokens":
                for t in self.s.access.values():
                    t.expires = self.clock.now() - 1
                return "200 OK", {"expired": len(self.s.access)}
            if path == "/strict-api/sso/revoke":
                count = len(self.s.access) + len(self.s.refresh)
                self.s.access.clear()
                self.s.refresh.clear()
                return "200 OK", {"revoked": count}
            if path == "/strict-api/sso/login":
                # Issue a token without the device flow, as the AWS CLI's own login would have.
                client_id = "cid-" + secrets.token_hex(8)
                secret = "csec-" + secrets.token_urlsafe(32)
                self.s.clients[client_id] = Client(secret, self.clock.now() + CLIENT_SECONDS, [])
        if path == "/strict-api/sso/login":
            issued = self._issue(client_id, data.get("start_url", "https://example.awsapps.com/start"))
            return "200 OK", {**issued, "clientId": client_id, "clientSecret": secret,
                              "clientSecretExpiresAt": int(self.clock.now()) + CLIENT_SECONDS}
        return "404 Not Found", {"error": f"unknown {path}"}

