"""GetSessionToken as AWS does it, which moto 5.2.1 does not (see RULES.md, rules 12-15).

moto answers every GetSessionToken with the documentation key AKIAIOSFODNN7EXAMPLE, which it
then refuses itself. The layer issues the session instead (a fresh ASIA key, secret and token,
recorded in State with the user and its MFA context) and teaches moto that requests signed with
it act as that user: its signature check, the user's policies, and the "current user" lookups.
"""
import secrets
import string
import uuid

from moto.iam import access_control
from moto.iam.models import IAMBackend

from strict_state import AwsError, Session, State, iso_ms

SESSION_CREDENTIALS = "Cannot call GetSessionToken with session credentials"
IAM_WITHOUT_MFA = ("Cannot call IAM APIs with session credentials obtained by GetSessionToken "
                   "without MFA authentication")

_state: State | None = None


def _random(alphabet: str, length: int) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def issue(user, duration: int, mfa: bool, state: State) -> bytes:
    """A new session for `user` (a moto User): recorded, and answered in AWS's XML."""
    key = "ASIA" + _random(string.ascii_uppercase + string.digits, 16)
    secret = _random(string.ascii_letters + string.digits + "/+", 40)
    token = "FwoGZXIvYXdzE" + _random(string.ascii_letters + string.digits, 120)
    now = state.now()
    session = Session(key, token, now + duration, mfa, "GetSessionToken", secret=secret, user_name=user.name,
                      user_arn=user.arn, mfa_time=now if mfa else None)
    state.add_session(session)
    return (
        '<GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetSessionTokenResult>'
        f"<Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>{secret}</SecretAccessKey>"
        f"<SessionToken>{token}</SessionToken><Expiration>{iso_ms(session.expires)}</Expiration></Credentials>"
        f"</GetSessionTokenResult><ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata>"
        "</GetSessionTokenResponse>"
    ).encode()


def user_session(key_id: str | None) -> Session | None:
    """The GetSessionToken session of `key_id`, if the layer issued one."""
    if _state is None:
        return None
    session = _state.session(key_id)
    return session if session is not None and session.kind == "GetSessionToken" else None


def check_request(service: str, action: str, key_id: str | None) -> None:
    """What AWS refuses to GetSessionToken credentials (checked before moto)."""
    session = user_session(key_id)
    if session is None:
        return
    if action == "GetSessionToken":
        raise AwsError(403, "AccessDenied", SESSION_CREDENTIALS)
    if service == "iam" and not session.mfa:
        raise AwsError(403, "AccessDenied", IAM_WITHOUT_MFA)


class SessionUserAccessKey(access_control.IAMUserAccessKey):
    """moto's view of a request signed with a GetSessionToken session: the user, with the
    session's secret and token for the signature check."""

    def __init__(self, account_id: str, partition: str, session: Session):
        self.account_id, self.partition = account_id, partition
        self._owner_user_name = session.user_name
        self._access_key_id, self._secret_access_key = session.access_key_id, session.secret
        self._session_token = session.session_token

    def create_credentials(self):
        from botocore.credentials import Credentials
        return Credentials(self._access_key_id, self._secret_access_key, self._session_token)


def install(state: State) -> None:
    """Patch moto (in this process only) so that layer-issued sessions act as their user."""
    global _state
    _state = state
    original_key = access_control.create_access_key

    def create_access_key(account_id, partition, access_key_id, headers):
        session = user_session(access_key_id)
        if session is not None:
            if headers.get("X-Amz-Security-Token") != session.session_token:
                raise access_control.CreateAccessKeyFailure(reason="InvalidToken")
            return SessionUserAccessKey(account_id, partition, session)
        return original_key(account_id, partition, access_key_id, headers)

    original_user = IAMBackend.get_user_from_access_key_id
    original_last_used = IAMBackend.get_access_key_last_used

    def get_user_from_access_key_id(self, access_key_id):
        session = user_session(access_key_id)
        if session is not None:
            return self.users.get(session.user_name)
        return original_user(self, access_key_id)

    def get_access_key_last_used(self, access_key_id):
        session = user_session(access_key_id)
        if session is not None:
            return {"user_name": session.user_name, "last_used": None}
        return original_last_used(self, access_key_id)

    access_control.create_access_key = create_access_key
    IAMBackend.get_user_from_access_key_id = get_user_from_access_key_id
    IAMBackend.get_access_key_last_used = get_access_key_last_used
