"""vault setup and vault doctor against the strict emulator, starting as the article does: a user
with IAM rights, an MFA device, and a config that holds only [default]."""
import json
import uuid

import boto3
import pytest

ADMIN_RIGHTS = ["iam:*", "sts:*"]


@pytest.fixture
def setup_home(aws):
    """A fresh IAM user with IAM rights and an enabled virtual MFA device; its keys in the vault as
    'default'; ~/.aws/config with only [default] and a comment."""
    emulator = aws.emulator
    key = emulator.info["breakglass"]["keys"][0]
    iam = boto3.client("iam", endpoint_url=emulator.endpoint, region_name="us-east-1",
                       aws_access_key_id=key["access_key_id"], aws_secret_access_key=key["secret_access_key"])
    name = "setup-" + uuid.uuid4().hex[:8]
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="IAMFullAccess", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ADMIN_RIGHTS, "Resource": "*"}]}))
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
    serial = device["SerialNumber"]
    codes = [emulator.api(f"/strict-api/totp?serial={serial}&steps={n}")["code"] for n in (-1, 0)]
    iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1=codes[0], AuthenticationCode2=codes[1])
    access = iam.create_access_key(UserName=name)["AccessKey"]
    (aws.path / ".aws" / "config").write_text("# my settings\n[default]\nregion = us-east-1\noutput = json\n")
    assert aws.add("default", access["AccessKeyId"], access["SecretAccessKey"], "--force").returncode == 0
    aws.setup = {"user": name, "serial": serial, "role": "PowerUserRole-" + name, "iam": iam, "key": access}
    emulator.clear_requests()
    return aws


def code_for(aws, serial):
    aws.emulator.api("/strict-api/mfa/forget", {})
    return aws.emulator.api(f"/strict-api/totp?serial={serial}")["code"]


def setup_args(home, *extra):
    s = home.setup
    return ["setup", "--role-name", s["role"], "--mfa-serial", s["serial"], "--profile", "power", "--max-session-duration", "4h", *extra]


def test_dry_run_shows_the_policies_and_changes_nothing(setup_home):
    before = (setup_home.path / ".aws" / "config").read_text()
    result = setup_home.run(*setup_args(setup_home, "--dry-run"))
    assert result.returncode == 0, result.stderr
    assert "aws:MultiFactorAuthPresent" in result.stdout and "AllowAssumeRolePolicy" in result.stdout
    assert "would:" in result.stdout and "create role" in result.stdout
    assert (setup_home.path / ".aws" / "config").read_text() == before
    mutating = [r for r in setup_home.emulator.requests() if not r["action"].startswith(("Get", "List"))]
    assert mutating == []


def test_setup_creates_everything_then_assume_works_and_a_second_run_changes_nothing(setup_home):
    s = setup_home.setup
    result = setup_home.run(*setup_args(setup_home))
    assert result.returncode == 0, result.stderr
    role = s["iam"].get_role(RoleName=s["role"])["Role"]
    trust = role["AssumeRolePolicyDocument"]
    trust = trust if isinstance(trust, dict) else json.loads(trust)
    statement = trust["Statement"][0]
    assert statement["Condition"]["Bool"]["aws:MultiFactorAuthPresent"] == "true"
    assert statement["Principal"]["AWS"].endswith(f":user/{s['user']}")
    assert role["MaxSessionDuration"] == 14400
    attached = [p["PolicyArn"] for p in s["iam"].list_attached_role_policies(RoleName=s["role"])["AttachedPolicies"]]
    assert attached == ["arn:aws:iam::aws:policy/PowerUserAccess"]
    inline = s["iam"].get_user_policy(UserName=s["user"], PolicyName="AllowAssumeRolePolicy")["PolicyDocument"]
    inline = inline if isinstance(inline, dict) else json.loads(inline)
    assert inline["Statement"][0]["Resource"] == role["Arn"]
    config = (setup_home.path / ".aws" / "config").read_text()
    assert config.startswith("# my settings\n[default]\nregion = us-east-1\noutput = json\n")
    assert f"[profile power]" in config and f"role_arn = {role['Arn']}" in config and f"mfa_serial = {s['serial']}" in config
    assert (setup_home.path / ".aws" / "config.vault-backup").read_text() == "# my settings\n[default]\nregion = us-east-1\noutput = json\n"

    assumed = setup_home.run("assume", "power", "--format", "json", "--mfa-code", code_for(setup_home, s["serial"]))
    assert assumed.returncode == 0, assumed.stderr
    assert json.loads(assumed.stdout)["AccessKeyId"]

    setup_home.emulator.clear_requests()
    again = setup_home.run(*setup_args(setup_home))
    assert again.returncode == 0, again.stderr
    assert "nothing changed" in again.stdout
    assert [r for r in setup_home.emulator.requests() if not r["action"].startswith(("Get", "List"))] == []
    assert (setup_home.path / ".aws" / "config").read_text() == config


def test_a_different_existing_role_is_reported_not_changed(setup_home):
    s = setup_home.setup
    assert setup_home.run(*setup_args(setup_home)).returncode == 0
    s["iam"].update_role(RoleName=s["role"], MaxSessionDuration=3600)
    result = setup_home.run(*setup_args(setup_home))
    assert result.returncode == 1
    assert "MaxSessionDuration is 3600 s" in result.stderr and "--update" in result.stderr
    assert s["iam"].get_role(RoleName=s["role"])["Role"]["MaxSessionDuration"] == 3600
    updated = setup_home.run(*setup_args(setup_home, "--update"))
    assert updated.returncode == 0, updated.stderr
    assert s["iam"].get_role(RoleName=s["role"])["Role"]["MaxSessionDuration"] == 14400


def test_doctor_names_a_missing_mfa_condition(setup_home):
    s = setup_home.setup
    assert setup_home.run(*setup_args(setup_home)).returncode == 0
    healthy = setup_home.run("doctor", "--profile", "power", "--json")
    report = json.loads(healthy.stdout)
    assert {f["check"]: f["level"] for f in report["findings"]}["trust policy"] == "ok", healthy.stdout
    user_arn = f"arn:aws:iam::123456789012:user/{s['user']}"
    s["iam"].update_assume_role_policy(RoleName=s["role"], PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": user_arn}, "Action": "sts:AssumeRole"}]}))
    result = setup_home.run("doctor", "--profile", "power")
    assert result.returncode == 1
    assert "does not require MFA" in result.stdout and "aws:MultiFactorAuthPresent" in result.stdout
    assert "fix:" in result.stdout


def test_doctor_reports_plaintext_keys_and_least_privilege(setup_home):
    assert setup_home.run(*setup_args(setup_home)).returncode == 0
    (setup_home.path / ".aws" / "credentials").write_text(
        "[old]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n")
    result = setup_home.run("doctor", "--profile", "power", "--json")
    assert result.returncode == 1
    findings = {f["check"]: f for f in json.loads(result.stdout)["findings"]}
    assert findings["plaintext keys"]["level"] == "problem" and "--import" in findings["plaintext keys"]["fix"]
    assert findings["least privilege"]["level"] == "warning" and "IAMFullAccess" in findings["least privilege"]["detail"]
    assert findings["clock"]["level"] == "ok"


def test_doctor_never_reports_ok_for_what_it_could_not_check(aws):
    """The daily user may only sts:AssumeRole: it cannot read the role, so that is 'not checked'."""
    result = aws.run("doctor", "--profile", "mfa", "--json")
    findings = {f["check"]: f for f in json.loads(result.stdout)["findings"]}
    assert findings["trust policy"]["level"] == "not checked"
    assert findings["least privilege"]["level"] == "not checked"
    locked = aws.run("doctor", "--profile", "mfa", "--json", env={"VAULT_PASSPHRASE": None})
    levels = {f["check"]: f["level"] for f in json.loads(locked.stdout)["findings"]}
    assert levels["role and user"] == "not checked"


def test_doctor_clock_skew(aws):
    aws.emulator.set_clock(1200)
    try:
        result = aws.run("doctor", "--profile", "mfa", "--json")
    finally:
        aws.emulator.set_clock(0)
    findings = {f["check"]: f for f in json.loads(result.stdout)["findings"]}
    assert findings["clock"]["level"] == "problem" and "behind" in findings["clock"]["detail"]
    assert result.returncode == 1


def test_policy_templates_match_the_binary(home):
    """Vault/policies/*.json are what setup creates: --dry-run prints the same documents."""
    import pathlib
    root = pathlib.Path(__file__).resolve().parents[2] / "Vault" / "policies"
    trust = (root / "trust-policy.json").read_text()
    assume = (root / "assume-role-policy.json").read_text()
    assert "{{PRINCIPALS}}" in trust and "{{ROLE_ARN}}" in assume
    from vault_harness import ROOT
    source = (ROOT / "Sources" / "VaultKit" / "Setup" / "Policies.swift").read_text()
    for template in (trust, assume):
        indented = "".join(("        " + line if line.strip() else line) for line in template.splitlines(keepends=True))
        assert indented in source


def test_using_an_admin_profile_signs_the_iam_calls(setup_home):
    s = setup_home.setup
    admin_key = setup_home.emulator.info["admin"]["keys"][0]
    assert setup_home.add("admin", admin_key["access_key_id"], admin_key["secret_access_key"]).returncode == 0
    setup_home.emulator.clear_requests()
    result = setup_home.run(*setup_args(setup_home, "--using", "admin"))
    assert result.returncode == 0, result.stderr
    mutating = [r for r in setup_home.emulator.requests() if not r["action"].startswith(("Get", "List"))]
    assert mutating and {r["access_key_id"] for r in mutating} == {admin_key["access_key_id"]}
    inline = s["iam"].get_user_policy(UserName=s["user"], PolicyName="AllowAssumeRolePolicy")["PolicyDocument"]
    inline = inline if isinstance(inline, dict) else json.loads(inline)
    assert inline["Statement"][0]["Resource"].endswith(f":role/{s['role']}")  # on the source user, not the admin


def test_a_second_role_keeps_the_first_one_assumable(setup_home):
    s = setup_home.setup
    assert setup_home.run(*setup_args(setup_home)).returncode == 0
    second = setup_home.run("setup", "--role-name", s["role"] + "-ro", "--mfa-serial", s["serial"], "--profile", "readonly",
                            "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert second.returncode == 0, second.stderr
    inline = s["iam"].get_user_policy(UserName=s["user"], PolicyName="AllowAssumeRolePolicy")["PolicyDocument"]
    inline = inline if isinstance(inline, dict) else json.loads(inline)
    resources = inline["Statement"][0]["Resource"]
    assert sorted(r.rsplit("/", 1)[1] for r in resources) == sorted([s["role"], s["role"] + "-ro"])
    config = (setup_home.path / ".aws" / "config").read_text()
    assert "[profile power]" in config and "[profile readonly]" in config


def test_setup_verify_assumes_the_new_role_and_caches_the_session(setup_home):
    s = setup_home.setup
    result = setup_home.run(*setup_args(setup_home, "--mfa-code", code_for(setup_home, s["serial"])))
    assert result.returncode == 0, result.stderr
    assert "verified: power assumes" in result.stderr
    setup_home.emulator.clear_requests()
    hit = setup_home.run("assume", "power", "--format", "json")  # no code: the verification's session is cached
    assert hit.returncode == 0, hit.stderr
    assert setup_home.emulator.requests("AssumeRole") == []
