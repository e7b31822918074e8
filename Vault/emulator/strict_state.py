"""Shared state of the strictness layer: the emulator clock, the request log, the
throttle switch, the MFA codes already spent, and the temporary sessions it issued.
Also the AWS XML error shape. Everything is guarded by one lock (the server is threaded)."""
import datetime as dt
import threading
import time
import uuid
from dataclasses import dataclass
from email.utils import formatdate
from xml.sax.saxutils import escape

NAMESPACES = {
    "sts": "https://sts.amazonaws.com/doc/2011-06-15/",
    "iam": "https://iam.amazonaws.com/doc/2010-05-08/",
}


class AwsError(Exception):
    """A refusal in AWS's Query-protocol XML shape."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message

    def body(self, service: str) -> bytes:
        ns = NAMESPACES.get(service, NAMESPACES["sts"])
        return (
            f'<ErrorResponse xmlns="{ns}"><Error><Type>Sender</Type>'
            f"<Code>{escape(self.code)}</Code><Message>{escape(self.message)}</Message>"
            f"</Error><RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>"
        ).encode()


@dataclass
class Session:
    """Temporary credentials issued through the layer (AssumeRole / GetSessionToken)."""
    access_key_id: str
    session_token: str
    expires: float          # unix time on the emulator clock
    mfa: bool               # aws:MultiFactorAuthPresent for requests signed with it
    kind: str               # "AssumeRole" or "GetSessionToken"
    mfa_time: float | None = None   # when its MFA code was checked (aws:MultiFactorAuthAge)
    secret: str = ""        # GetSessionToken sessions the layer issues: for moto's signature check
    user_name: str = ""     # ... and the IAM user they act as
    user_arn: str = ""


class State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.offset = 0.0
        self.requests: list[dict] = []
        self.throttle_left = 0
        self.spent_codes: set[tuple[str, int]] = set()   # (serial, TOTP step) used successfully
        self.sessions: dict[str, Session] = {}           # by access key id

    # -- clock -------------------------------------------------------------------------
    def now(self) -> float:
        return time.time() + self.offset

    def now_dt(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.now(), dt.timezone.utc)

    def http_date(self) -> str:
        return formatdate(self.now(), usegmt=True)

    def set_offset(self, seconds: float) -> None:
        with self.lock:
            self.offset = float(seconds)

    # -- request log and throttle -------------------------------------------------------
    # Non-secret request parameters kept in the log, so tests can check what a call targeted.
    LOGGED_PARAMETERS = ("AccessKeyId", "UserName", "Status", "RoleArn", "DurationSeconds")

    def log(self, service: str, action: str, key: str | None, status: int, params: dict | None = None) -> None:
        with self.lock:
            entry = {"service": service, "action": action, "access_key_id": key, "status": status}
            entry["params"] = {k: v for k, v in (params or {}).items() if k in self.LOGGED_PARAMETERS}
            self.requests.append(entry)

    def clear_log(self) -> None:
        with self.lock:
            self.requests.clear()

    def take_throttle(self) -> bool:
        with self.lock:
            if self.throttle_left > 0:
                self.throttle_left -= 1
                return True
            return False

    # -- MFA codes and sessions ---------------------------------------------------------
    def claim_code(self, serial: str, step: int) -> bool:
        """Atomically mark (serial, step) as used; False if it already was. Released again
        if the request then fails, so only successful calls spend a code."""
        with self.lock:
            if (serial, step) in self.spent_codes:
                return False
            self.spent_codes.add((serial, step))
            return True

    def release_code(self, serial: str, step: int) -> None:
        with self.lock:
            self.spent_codes.discard((serial, step))

    def add_session(self, session: Session) -> None:
        with self.lock:
            self.sessions[session.access_key_id] = session

    def session(self, access_key_id: str | None) -> Session | None:
        with self.lock:
            return self.sessions.get(access_key_id or "")


def iso_ms(unix_time: float) -> str:
    """AWS's timestamp form: 2026-11-25T20:38:03.123Z"""
    t = dt.datetime.fromtimestamp(unix_time, dt.timezone.utc)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def amz(t: dt.datetime) -> str:
    return t.strftime("%Y%m%dT%H%M%SZ")
