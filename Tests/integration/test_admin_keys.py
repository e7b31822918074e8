"""deactivate-admin-keys, activate-admin-keys and rotate through IAM, against the strict emulator
(moto with signature checks; inactive keys refused)."""
import json
import uuid

import boto3
import pytest


def iam_as(emulator, key_id, secret):
    return boto3.client("iam", endpoint_url=emulator.endpoint, region_name="us-east-1",
                        aws_access_key_id=key_id, aws_secret_access_key=secret)


def breakglass_iam(emulator):
    key = emulator.info["breakglass"]["keys"][0]
    return iam_as(emulator, key["access_key_id"], key["secret_access_key"])


@pytest.fixture
def admin(aws):
    """`aws` plus the admin's first key and the break-glass user's key in the vault; the admin's
    keys are set Active again afterwards, whatever the test did."""
    info = aws.emulator.info
    admin_key, breakglass_key = info["admin"]["keys"][0], info["breakglass"]["keys"][0]
    assert aws.add("admin", admin_key["access_key_id"], admin_key["secret_access_key"]).returncode == 0
    assert aws.add("breakglass", breakglass_key["access_key_id"], breakglass_key["secret_access_key"]).returncode == 0
    aws.emulator.clear_requests()
    yield aws
    iam = breakglass_iam(aws.emulator)
    for key in info["admin"]["keys"]:
        iam.update_access_key(UserName="admin", AccessKeyId=key["access_key_id"], Status="Active")


def admin_key_statuses(emulator):
    keys = breakglass_iam(emulator).list_access_keys(UserName="admin")["AccessKeyMetadata"]
    return {k["AccessKeyId"]: k["Status"] for k in keys}


def test_deactivate_sets_every_key_inactive_signing_key_last(admin):
    result = admin.run("deactivate-admin-keys")
    assert result.returncode == 0, result.stderr
    info = admin.emulator.info["admin"]
    assert set(admin_key_statuses(admin.emulator).values()) == {"Inactive"}
    updates = admin.emulator.requests("UpdateAccessKey")
    assert [u["params"]["AccessKeyId"] for u in updates] == [info["keys"][1]["access_key_id"], info["keys"][0]["access_key_id"]]
    assert all(u["params"]["Status"] == "Inactive" and u["status"] == 200 for u in updates)
    assert "Active → Inactive" in result.stdout and "signing key, changed last" in result.stdout
    assert info["keys"][0]["access_key_id"] not in result.stdout  # masked
    state = json.loads(admin.run("list", "--json").stdout)
    assert next(p for p in state["profiles"] if p["profile"] == "admin")["state"].startswith("admin keys inactive since")


def test_deactivate_again_is_harmless(admin):
    assert admin.run("deactivate-admin-keys", "--profile", "admin").returncode == 0
    again = admin.run("deactivate-admin-keys", "--profile", "admin")
    assert again.returncode == 0, again.stderr
    assert "already inactive" in again.stdout


def test_dry_run_changes_nothing(admin):
    result = admin.run("deactivate-admin-keys", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "dry run" in result.stdout
    assert set(admin_key_statuses(admin.emulator).values()) == {"Active"}
    mutating = {"UpdateAccessKey", "CreateAccessKey", "DeleteAccessKey"}
    assert [r for r in admin.emulator.requests() if r["action"] in mutating] == []


def test_activate_with_breakglass_restores_both(admin):
    assert admin.run("deactivate-admin-keys").returncode == 0
    result = admin.run("activate-admin-keys", "--profile", "admin", "--using", "breakglass")
    assert result.returncode == 0, result.stderr
    calls = admin.emulator.requests()
    assert set(admin_key_statuses(admin.emulator).values()) == {"Active"}
    breakglass = admin.emulator.info["breakglass"]["keys"][0]["access_key_id"]
    assert [c["access_key_id"] for c in calls if c["action"] == "UpdateAccessKey" and c["params"]["Status"] == "Active"] == [breakglass] * 2
    assert calls[-1]["action"] == "GetCallerIdentity" and calls[-1]["status"] == 200  # the admin key proven


def test_activate_with_the_admin_keys_themselves_is_refused(admin):
    assert admin.run("deactivate-admin-keys").returncode == 0
    result = admin.run("activate-admin-keys", "--using", "admin")
    assert result.returncode == 1
    assert "inactive" in result.stderr and "break-glass" in result.stderr


def test_activate_needs_using(admin):
    result = admin.run("activate-admin-keys")
    assert result.returncode == 2 and "--using" in result.stderr


def test_admin_profile_setting(admin):
    assert admin.run("config", "admin-profile", "admin").returncode == 0
    assert admin.run("config", "admin-profile").stdout.strip() == "admin"
    assert admin.run("deactivate-admin-keys").returncode == 0
    bad = admin.run("config", "no-such-setting", "x")
    assert bad.returncode == 2


def test_deactivating_a_key_vault_did_not_deactivate_explains(admin):
    key = admin.emulator.info["admin"]["keys"][0]["access_key_id"]
    breakglass_iam(admin.emulator).update_access_key(UserName="admin", AccessKeyId=key, Status="Inactive")
    result = admin.run("deactivate-admin-keys")
    assert result.returncode == 1
    assert "vault did not deactivate it" in result.stderr and "activate-admin-keys" in result.stderr


# --- rotation -------------------------------------------------------------------------------

SELF_SERVICE = ["iam:GetUser", "iam:ListAccessKeys", "iam:CreateAccessKey", "iam:UpdateAccessKey",
                "iam:DeleteAccessKey", "iam:GetAccessKeyLastUsed", "sts:GetCallerIdentity"]


@pytest.fixture
def rotator(aws):
    """A fresh IAM user allowed to manage its own keys, with its one key in the vault as 'rot'."""
    iam = breakglass_iam(aws.emulator)
    name = "rotator-" + uuid.uuid4().hex[:8]
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="self-service", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": SELF_SERVICE, "Resource": "*"}]}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    assert aws.add("rot", key["AccessKeyId"], key["SecretAccessKey"]).returncode == 0
    aws.rotator = {"name": name, "key": key["AccessKeyId"], "iam": iam}
    return aws


def iam_keys(home):
    keys = home.rotator["iam"].list_access_keys(UserName=home.rotator["name"])["AccessKeyMetadata"]
    return {k["AccessKeyId"]: k["Status"] for k in keys}


def vault_entries(home, profile="rot"):
    return [p for p in json.loads(home.run("list", "--json").stdout)["profiles"] if p["profile"] == profile]


def test_rotate_replaces_the_key(rotator):
    old = rotator.rotator["key"]
    result = rotator.run("rotate", "rot")
    assert result.returncode == 0, result.stderr
    keys = iam_keys(rotator)
    assert old not in keys and list(keys.values()) == ["Active"]
    new = next(iter(keys))
    entries = vault_entries(rotator)
    assert len(entries) == 1 and entries[0]["key_hint"] == new[:4] + "…" + new[-4:]
    assert "deleted" in result.stdout
    # the new key was proven by a GetCallerIdentity signed with it, before the old one was touched
    calls = rotator.emulator.requests()
    proof = max(i for i, c in enumerate(calls) if c["action"] == "GetCallerIdentity" and c["access_key_id"] == new and c["status"] == 200)
    first_change = min(i for i, c in enumerate(calls) if c["action"] in ("UpdateAccessKey", "DeleteAccessKey"))
    assert proof < first_change


def test_rotate_keep_old_inactive(rotator):
    old = rotator.rotator["key"]
    result = rotator.run("rotate", "rot", "--keep-old-inactive")
    assert result.returncode == 0, result.stderr
    keys = iam_keys(rotator)
    assert keys[old] == "Inactive" and sorted(keys.values()) == ["Active", "Inactive"]
    states = [e["state"] for e in vault_entries(rotator)]
    assert states == ["previous key, inactive", "ok"]


def test_rotate_refuses_when_a_second_key_exists(rotator):
    other = rotator.rotator["iam"].create_access_key(UserName=rotator.rotator["name"])["AccessKey"]["AccessKeyId"]
    result = rotator.run("rotate", "rot")
    assert result.returncode == 1
    assert other[:4] + "…" + other[-4:] in result.stderr and "delete" in result.stderr
    assert len(iam_keys(rotator)) == 2


@pytest.mark.parametrize("crash_point", ["rotate.stored", "rotate.proven", "rotate.deactivated", "rotate.deleted"])
def test_rotate_finishes_after_a_kill(rotator, crash_point):
    old = rotator.rotator["key"]
    killed = rotator.run("rotate", "rot", env={"VAULT_TEST_CRASH_AT": crash_point})
    assert killed.returncode == -9, (killed.returncode, killed.stderr)
    listing = rotator.run("list")
    assert listing.returncode == 0
    if crash_point != "rotate.deleted":
        assert "rotation of 'rot' was interrupted" in listing.stdout
    resumed = rotator.run("rotate", "rot")
    assert resumed.returncode == 0, resumed.stderr
    keys = iam_keys(rotator)
    assert old not in keys and list(keys.values()) == ["Active"]
    entries = vault_entries(rotator)
    assert len(entries) == 1 and entries[0]["state"] == "ok"
    new = next(iter(keys))
    assert entries[0]["key_hint"] == new[:4] + "…" + new[-4:]


def test_rotate_after_a_kill_that_lost_the_new_secret(rotator):
    """Killed right after CreateAccessKey, before the vault write: the new secret is gone for good;
    the next rotate recognises that key as its own, deletes it, and completes."""
    old = rotator.rotator["key"]
    killed = rotator.run("rotate", "rot", env={"VAULT_TEST_CRASH_AT": "rotate.created"})
    assert killed.returncode == -9
    assert len(iam_keys(rotator)) == 2
    resumed = rotator.run("rotate", "rot")
    assert resumed.returncode == 0, resumed.stderr
    assert "interrupted rotation" in resumed.stderr
    keys = iam_keys(rotator)
    assert old not in keys and len(keys) == 1


def test_list_reads_the_key_age_setting(aws):
    # A fresh key is never over the limit (1 day at least): ListingFormatterTests covers old keys.
    assert aws.run("config", "key-max-age-days", "1").returncode == 0
    listing = aws.run("list")
    assert listing.returncode == 0 and "warning" not in listing.stdout + listing.stderr, listing
