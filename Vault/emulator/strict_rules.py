"""The strictness rules: what AWS refuses and moto 5.2.1 lets through. See RULES.md.

Each check raises AwsError with AWS's code, status and message. The layer calls:
  pre_auth(req, state)            every AWS request, before moto (skew, inactive key, expiry)
  sts_checks(req, state) -> Plan  AssumeRole / GetSessionToken that moto itself would accept
  after_success(plan, body, state) on HTTP 200: record the session (the MFA code, claimed
                                  by sts_checks, stays spent; after_failure releases it)
"""
import datetime as dt
import json
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase

from moto.iam.models import iam_backends
from moto.sts.models import sts_backends

import totp
from strict_state import AwsError, Session, State, amz, iso_ms

SKEW = dt.timedelta(minutes=15)
INVALID_TOKEN = "The security token included in the request is invalid."
BAD_CODE = "MultiFactorAuthentication failed with invalid MFA one time pass code. "
NO_DEVICE = ("MultiFactorAuthentication failed, unable to validate MFA code.  "
             "Please verify your MFA serial number is valid and associated with this user.")
NOT_BOTH = "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code."
CHAINED = "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
OVER_MAX = "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
DURATIONS = {"AssumeRole": (3600, 900, 43200), "GetSessionToken": (43200, 900, 129600)}


@dataclass
class Req:
    service: str
    action: str
    params: dict
    key_id: str | None
    token: str | None
    amz_date: str | None


@dataclass
class Caller:
    arn: str              # as AWS prints it in "User: ... is not authorized"
    principal_arn: str    # aws:PrincipalArn (a session's role ARN)
    user: object | None   # moto User for long-term keys
    is_role_session: bool


@dataclass
class Plan:
    action: str
    duration: int
    serial: str | None
    step: int | None
    mfa: bool


def _iams():
    for account in list(iam_backends.keys()):
        yield iam_backends[account]["aws"]


def find_caller(key_id: str | None) -> Caller | None:
    for account in list(sts_backends.keys()):
        for role in sts_backends[account]["aws"].assumed_roles:
            if role.access_key_id == key_id:
                return Caller(role.arn, role.role_arn, None, True)
    for iam in _iams():
        user = iam.get_user_from_access_key_id(key_id or "")
        if user:
            return Caller(user.arn, user.arn, user, False)
    return None


# ---- every request ------------------------------------------------------------------
def pre_auth(req: Req, state: State) -> None:
    if req.amz_date:
        try:
            signed = dt.datetime.strptime(req.amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)
        except ValueError:
            signed = None
        now = state.now_dt().replace(microsecond=0)
        if signed and signed < now - SKEW:
            raise AwsError(403, "SignatureDoesNotMatch", f"Signature expired: {amz(signed)} is now earlier "
                           f"than {amz(now - SKEW)} ({amz(now)} - 15 min.)")
        if signed and signed > now + SKEW:
            raise AwsError(403, "SignatureDoesNotMatch", f"Signature not yet current: {amz(signed)} is still "
                           f"later than {amz(now + SKEW)} ({amz(now)} + 15 min.)")
    if req.key_id:
        for iam in _iams():
            for key in list(iam.access_keys.values()) + [k for u in iam.users.values() for k in u.access_keys]:
                if key.access_key_id == req.key_id and key.status == "Inactive":
                    raise AwsError(403, "InvalidClientTokenId", INVALID_TOKEN)
    session = state.session(req.key_id)
    if session and req.token == session.session_token and state.now() >= session.expires:
        raise AwsError(403, "ExpiredToken", "The security token included in the request is expired")


# ---- AssumeRole / GetSessionToken ---------------------------------------------------
def _validation(errors: list[str]) -> AwsError:
    n = len(errors)
    head = f"{n} validation error{'s' if n > 1 else ''} detected: "
    return AwsError(400, "ValidationError", head + "; ".join(errors))


def _validate(req: Req) -> int:
    errors = []
    code = req.params.get("TokenCode")
    if code is not None:
        bad = f"Value '{code}' at 'tokenCode' failed to satisfy constraint: Member must "
        if not re.fullmatch(r"\d*", code):
            errors.append(bad + "satisfy regular expression pattern: [\\d]*")
        if len(code) != 6:
            errors.append(bad + f"have length {'less' if len(code) > 6 else 'greater'} than or equal to 6")
    default, low, high = DURATIONS[req.action]
    raw = req.params.get("DurationSeconds")
    duration = int(raw) if raw and raw.lstrip("-").isdigit() else default
    if raw is not None and not low <= duration <= high:
        limit = f"less than or equal to {high}" if duration > high else f"greater than or equal to {low}"
        errors.append(f"Value '{raw}' at 'durationSeconds' failed to satisfy constraint: "
                      f"Member must have value {limit}")
    if errors:
        raise _validation(errors)
    return duration


def _check_mfa(req: Req, caller: Caller | None, state: State) -> tuple[str | None, int | None]:
    serial, code = req.params.get("SerialNumber"), req.params.get("TokenCode")
    if not serial and not code:
        return None, None
    if not serial or not code:
        raise AwsError(403, "AccessDenied", NOT_BOTH)
    device = None
    if caller and caller.user is not None and serial in caller.user.mfa_devices:
        device = next((i.virtual_mfa_devices.get(serial) for i in _iams() if serial in i.virtual_mfa_devices), None)
    if device is None:
        raise AwsError(403, "AccessDenied", NO_DEVICE)
    now_step = totp.step_of(state.now())
    for step in (now_step, now_step - 1, now_step + 1):
        if totp.code_at_step(device.base32_string_seed, step) == code:
            if not state.claim_code(serial, step):
                break   # AWS refuses a code already used: same message as a wrong one
            return serial, step
    raise AwsError(403, "AccessDenied", BAD_CODE)


INVALID_AUTH_CODE = "Authentication code for device is not valid."


def check_enable_mfa(req: Req, state: State) -> None:
    """EnableMFADevice (moto accepts any codes): AWS wants two consecutive codes of the device's
    seed, the second one current (one step of drift either way), else InvalidAuthenticationCode."""
    serial = req.params.get("SerialNumber", "")
    device = next((i.virtual_mfa_devices.get(serial) for i in _iams() if serial in i.virtual_mfa_devices), None)
    if device is None:
        return   # moto answers for a serial it does not know
    first, second = req.params.get("AuthenticationCode1"), req.params.get("AuthenticationCode2")
    now_step = totp.step_of(state.now())
    for step in (now_step, now_step - 1, now_step + 1):
        if (totp.code_at_step(device.base32_string_seed, step - 1) == first
                and totp.code_at_step(device.base32_string_seed, step) == second):
            return
    raise AwsError(400, "InvalidAuthenticationCode", INVALID_AUTH_CODE)


MODELED_KEYS = ("aws:multifactorauthpresent", "aws:principalarn")


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _condition_holds(operator: str, key: str, expected, context: dict) -> bool:
    key = key.lower()
    if key not in MODELED_KEYS:
        return True                       # not modeled here: moto's verdict stands
    if_exists = operator.endswith("IfExists")
    op = operator.removesuffix("IfExists")
    actual = context.get(key)
    if actual is None:
        return if_exists
    wanted = [str(v).lower() if isinstance(v, bool) else str(v) for v in _as_list(expected)]
    if op == "Bool":
        return actual in [w.lower() for w in wanted]
    if op in ("ArnEquals", "StringEquals"):
        return actual in wanted
    if op in ("ArnLike", "StringLike"):
        return any(fnmatchcase(actual, w) for w in wanted)
    return True


def _statement_applies(st: dict, caller: Caller, account: str) -> bool:
    actions = [a.lower() for a in _as_list(st.get("Action", []))]
    if not any(fnmatchcase("sts:assumerole", a) for a in actions):
        return False
    principal = st.get("Principal", {})
    if principal == "*":
        return True
    aws = _as_list(principal.get("AWS", [])) if isinstance(principal, dict) else []
    accepted = {"*", caller.arn, caller.principal_arn, account, f"arn:aws:iam::{account}:root"}
    return any(p in accepted for p in aws)


def _check_trust(req: Req, caller: Caller, mfa: bool | None) -> None:
    role_arn = req.params.get("RoleArn", "")
    role = next((r for i in _iams() for r in i.roles.values() if r.arn == role_arn), None)
    if role is None:
        return
    document = role.assume_role_policy_document
    policy = json.loads(document) if isinstance(document, str) else document
    if not any(k in json.dumps(policy).lower() for k in MODELED_KEYS):
        return
    account = role_arn.split(":")[4]
    context = {"aws:principalarn": caller.principal_arn}
    if mfa is not None:
        context["aws:multifactorauthpresent"] = "true" if mfa else "false"
    allowed = False
    for st in _as_list(policy.get("Statement", [])):
        if not _statement_applies(st, caller, account):
            continue
        holds = all(_condition_holds(op, k, v, context)
                    for op, pairs in st.get("Condition", {}).items() for k, v in pairs.items())
        if holds and st.get("Effect") == "Deny":
            allowed = False
            break
        allowed = allowed or (holds and st.get("Effect") == "Allow")
    if not allowed:
        raise AwsError(403, "AccessDenied",
                       f"User: {caller.arn} is not authorized to perform: sts:AssumeRole on resource: {role_arn}")


def _check_durations(req: Req, caller: Caller, duration: int) -> None:
    role_arn = req.params.get("RoleArn", "")
    role = next((r for i in _iams() for r in i.roles.values() if r.arn == role_arn), None)
    if caller.is_role_session and duration > 3600:
        raise AwsError(400, "ValidationError", CHAINED)
    if role is not None and duration > int(role.max_session_duration or 3600):
        raise AwsError(400, "ValidationError", OVER_MAX)


def sts_checks(req: Req, state: State) -> Plan:
    """Order: parameter validation, MFA, trust-policy MFA condition, session duration."""
    duration = _validate(req)
    caller = find_caller(req.key_id)
    serial, step = _check_mfa(req, caller, state)
    session = state.session(req.key_id)
    mfa = True if serial else (session.mfa if session else None)   # None: key absent (long-term key)
    try:
        if req.action == "AssumeRole" and caller is not None:
            _check_trust(req, caller, mfa)
            _check_durations(req, caller, duration)
    except AwsError:
        if serial is not None:
            state.release_code(serial, step)
        raise
    return Plan(req.action, duration, serial, step, bool(mfa))


def after_failure(plan: Plan, state: State) -> None:
    """moto refused the call after all: the MFA code stays unspent."""
    if plan.serial is not None:
        state.release_code(plan.serial, plan.step)


def after_success(plan: Plan, body: bytes, state: State) -> bytes:
    """Record the session with its expiry on the emulator clock and report that expiry
    (AWS's millisecond form) instead of moto's wall-clock one. The MFA code stays spent."""
    text = body.decode()
    key = re.search(r"<AccessKeyId>([^<]+)</AccessKeyId>", text)
    token = re.search(r"<SessionToken>([^<]+)</SessionToken>", text)
    if not (key and token):
        return body
    expires = state.now() + plan.duration
    state.add_session(Session(key.group(1), token.group(1), expires, plan.mfa, plan.action))
    return re.sub(r"<Expiration>[^<]*</Expiration>", f"<Expiration>{iso_ms(expires)}</Expiration>", text).encode()
