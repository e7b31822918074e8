"""Rule 16: IAM calls judged by the caller's inline policies where those use
aws:MultiFactorAuthPresent or ${aws:username} (AWS's self-management pattern). moto matches IAM
statements only against the resource "*" and ignores their conditions, so it refuses a statement
scoped to arn:aws:iam::*:user/${aws:username} and would allow one gated on MFA without MFA.

The layer allows a request when one inline Allow statement matches (action, resource with the
policy variable filled in, conditions), and refuses it when a matching Deny holds; then moto
serves it without its own permission check. Otherwise moto's verdict stands (managed policies).
"""
import json
import threading
from fnmatch import fnmatchcase

from moto.iam import access_control

import strict_rules as rules
import strict_sessions as sessions
from strict_state import AwsError

# Actions whose resource is an IAM user (the UserName parameter, else the caller).
USER_ACTIONS = {"CreateAccessKey", "DeleteAccessKey", "UpdateAccessKey", "ListAccessKeys", "GetAccessKeyLastUsed",
                "GetUser", "ListMFADevices", "ListUserPolicies", "GetUserPolicy", "ListAttachedUserPolicies"}
_verdict = threading.local()


def reset() -> None:
    """Every request starts without the layer's verdict (threads are reused)."""
    _verdict.allowed = False


def _policies(user) -> list[dict]:
    return [json.loads(doc) if isinstance(doc, str) else doc for doc in user.policies.values()]


def check(req: rules.Req) -> None:
    """Judges an IAM request signed by a user's key or GetSessionToken session (see above)."""
    if req.service != "iam":
        return
    caller = rules.find_caller(req.key_id)
    if caller is None or caller.user is None:
        return
    user, policies = caller.user, _policies(caller.user)
    text = json.dumps(policies).lower()
    if "aws:multifactorauthpresent" not in text and "${aws:username}" not in text:
        return
    context = {"aws:principalarn": user.arn}
    session = sessions.user_session(req.key_id)
    if session is not None:                  # long-term keys carry no aws:MultiFactorAuthPresent
        context["aws:multifactorauthpresent"] = "true" if session.mfa else "false"
    action = "iam:" + req.action
    account = user.arn.split(":")[4]
    target = (f"arn:aws:iam::{account}:user/{req.params.get('UserName') or user.name}"
              if req.action in USER_ACTIONS else "*")
    allowed = False
    for policy in policies:
        for st in rules._as_list(policy.get("Statement", [])):
            if not any(fnmatchcase(action.lower(), a.lower()) for a in rules._as_list(st.get("Action", []))):
                continue
            resources = [r.replace("${aws:username}", user.name) for r in rules._as_list(st.get("Resource", []))]
            if not any(fnmatchcase(target, r) for r in resources):
                continue
            if not all(rules._condition_holds(op, key, value, context)
                       for op, pairs in st.get("Condition", {}).items() for key, value in pairs.items()):
                continue
            if st.get("Effect") == "Deny":
                raise AwsError(403, "AccessDenied", f"User: {user.arn} is not authorized to perform: {action} "
                               f"on resource: {target} with an explicit deny in an identity-based policy")
            allowed = allowed or st.get("Effect") == "Allow"
    _verdict.allowed = allowed


def install() -> None:
    """moto skips its permission check for requests the layer has allowed (signature still checked)."""
    original = access_control.IAMRequest.check_action_permitted

    def check_action_permitted(self, resource):
        if getattr(_verdict, "allowed", False):
            return None
        return original(self, resource)

    access_control.IAMRequest.check_action_permitted = check_action_permitted
