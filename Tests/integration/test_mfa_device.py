"""vault create-mfa-device against the strict emulator: the printed half-block QR code decoded by a
real QR decoder (zbarimg), the seed enrolled with pyotp, EnableMFADevice's code check (rule 12),
no half-made device after wrong or expired codes, mfa_serial written into ~/.aws/config."""
import json
import shutil
import struct
import subprocess
import time
import urllib.parse
import uuid
import zlib

import boto3
import pyotp
import pytest

FULL, UPPER, LOWER = "\u2588", "\u2580", "\u2584"
CONFIG = "# my settings\n[default]\nregion = us-east-1\noutput = json\n\n[profile other]\nregion = eu-west-1\n"


@pytest.fixture
def enrol_home(aws):
    """A fresh IAM user with IAM rights and no MFA device, its keys in the vault as 'default'."""
    emulator = aws.emulator
    key = emulator.info["breakglass"]["keys"][0]
    iam = boto3.client("iam", endpoint_url=emulator.endpoint, region_name="us-east-1",
                       aws_access_key_id=key["access_key_id"], aws_secret_access_key=key["secret_access_key"])
    name = "enrol-" + uuid.uuid4().hex[:8]
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="self", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:*", "sts:*"], "Resource": "*"}]}))
    access = iam.create_access_key(UserName=name)["AccessKey"]
    (aws.path / ".aws" / "config").write_text(CONFIG)
    assert aws.add("default", access["AccessKeyId"], access["SecretAccessKey"], "--force").returncode == 0
    aws.enrol = {"user": name, "iam": iam, "key": access}
    return aws


def png(rows: list[list[int]], scale: int = 6) -> bytes:
    """A grayscale PNG of `rows` (0 black, 255 white), each module scale×scale pixels."""
    raw = b"".join(b"\x00" + bytes(v for v in row for _ in range(scale)) for row in rows for _ in range(scale))
    width, height = len(rows[0]) * scale, len(rows) * scale

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def modules_of(lines: list[str]) -> list[list[int]]:
    """The half-block text back to module rows: a painted half is a light module (qrencode -t UTF8)."""
    rows = []
    for line in lines:
        top = [255 if c in (FULL, UPPER) else 0 for c in line]
        bottom = [255 if c in (FULL, LOWER) else 0 for c in line]
        rows += [top, bottom]
    return rows


def decode_qr(lines: list[str], tmp_path) -> str:
    zbarimg = shutil.which("zbarimg")
    assert zbarimg, "zbarimg is missing: run Vault/scripts/bootstrap (zbar-tools)"
    path = tmp_path / "qr.png"
    path.write_bytes(png(modules_of(lines)))
    result = subprocess.run([zbarimg, "-q", "--raw", str(path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def start(home, *args):
    env = dict(home.env)
    return subprocess.Popen([home.binary, "create-mfa-device", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8", start_new_session=True)


def read_qr(process) -> list[str]:
    first = process.stdout.readline().rstrip("\n")
    assert first and set(first) <= {FULL, UPPER, LOWER, " "}, first
    count = (len(first) + 1) // 2
    return [first] + [process.stdout.readline().rstrip("\n") for _ in range(count - 1)]


def consecutive_codes(secret: str, steps_back: int = 0) -> str:
    otp, now = pyotp.TOTP(secret), time.time() - 30 * steps_back
    return f"{otp.at(now - 30)}\n{otp.at(now)}\n"


def devices_of(home) -> list[str]:
    return [d["SerialNumber"] for d in home.enrol["iam"].list_mfa_devices(UserName=home.enrol["user"])["MFADevices"]]


def virtual_devices(home) -> list[str]:
    return [d["SerialNumber"] for d in home.enrol["iam"].list_virtual_mfa_devices()["VirtualMFADevices"]
            if d["SerialNumber"].endswith(":mfa/" + home.enrol["user"])]


def test_the_qr_code_decodes_and_enrols_with_pyotp(enrol_home, tmp_path):
    home = enrol_home
    process = start(home)
    uri = decode_qr(read_qr(process), tmp_path)
    parsed = urllib.parse.urlparse(uri)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    assert urllib.parse.unquote(parsed.path) == f"/AWS:{home.enrol['user']}@123456789012"
    query = dict(urllib.parse.parse_qsl(parsed.query))
    assert query["issuer"] == "AWS"
    secret = pyotp.parse_uri(uri).secret
    out, err = process.communicate(consecutive_codes(secret), timeout=60)
    assert process.returncode == 0, err
    assert secret not in out + err  # the seed only ever travelled inside the QR code
    serial = f"arn:aws:iam::123456789012:mfa/{home.enrol['user']}"
    assert devices_of(home) == [serial]
    config = (home.path / ".aws" / "config").read_text()
    assert config == CONFIG.replace("output = json\n", f"output = json\nmfa_serial = {serial}\n")
    # The device works: GetSessionToken with mfa_serial and the app's current code, through vault
    # (the strict layer checks the code against the caller's device).
    home.emulator.api("/strict-api/mfa/forget", {})
    assume = home.run("assume", "default", "--format", "json", "--mfa-code", pyotp.TOTP(secret).now())
    assert assume.returncode == 0, assume.stderr
    requests = home.emulator.requests("GetSessionToken")
    assert requests and requests[-1]["status"] == 200


def test_show_secret_prints_the_seed_for_a_headless_machine(enrol_home):
    home = enrol_home
    process = start(home, "--show-secret", "--config-profile", "other")
    assert "Base32 seed" in process.stdout.readline()
    secret = process.stdout.readline().strip()
    out, err = process.communicate(consecutive_codes(secret), timeout=60)
    assert process.returncode == 0, err
    assert secret not in err
    assert len(devices_of(home)) == 1
    assert "[profile other]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::" in (home.path / ".aws" / "config").read_text()


@pytest.mark.parametrize("codes", ["wrong", "expired", "malformed", "missing"])
def test_bad_codes_leave_no_device_and_no_config_change(enrol_home, tmp_path, codes):
    home = enrol_home
    process = start(home, "--show-secret")
    process.stdout.readline()
    secret = process.stdout.readline().strip()
    typed = {"wrong": "000000\n000001\n", "expired": consecutive_codes(secret, steps_back=10),
             "malformed": "12345\n", "missing": consecutive_codes(secret).split("\n")[0] + "\n"}[codes]
    out, err = process.communicate(typed, timeout=60)
    assert process.returncode == 1, err
    message = {"wrong": "did not accept the two codes", "expired": "did not accept the two codes",
               "malformed": "six digits", "missing": "fewer came"}[codes]
    assert message in err and "hint:" in err and secret not in err
    assert devices_of(home) == [] and virtual_devices(home) == []
    assert (home.path / ".aws" / "config").read_text() == CONFIG


def test_an_existing_device_name_is_a_clear_error(enrol_home):
    home = enrol_home
    home.enrol["iam"].create_virtual_mfa_device(VirtualMFADeviceName=home.enrol["user"])
    result = home.run("create-mfa-device")
    assert result.returncode == 1 and "exists already" in result.stderr and "--device-name" in result.stderr


def test_setup_create_mfa_links_a_device_then_writes_the_role_profile(enrol_home):
    home = enrol_home
    process = subprocess.Popen(
        [home.binary, "setup", "--role-name", "Role-" + home.enrol["user"], "--profile", "power", "--create-mfa",
         "--show-secret"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=home.env,
        text=True, start_new_session=True)
    process.stdout.readline()
    secret = process.stdout.readline().strip()
    out, err = process.communicate(consecutive_codes(secret), timeout=120)
    assert process.returncode == 0, err
    serial = f"arn:aws:iam::123456789012:mfa/{home.enrol['user']}"
    assert devices_of(home) == [serial]
    assert f"mfa_serial = {serial}" in (home.path / ".aws" / "config").read_text().split("[profile power]")[1]


def test_libqrencode_is_mapped_only_to_draw_a_qr_code(enrol_home, tmp_path):
    home = enrol_home
    linked = subprocess.run(["ldd", home.binary], capture_output=True, text=True, check=True).stdout
    assert "qrencode" not in linked, linked
    status = home.run("status", env={"LD_DEBUG": "libs"})
    assert status.returncode == 0 and "libqrencode" not in status.stderr
    process = subprocess.Popen([home.binary, "create-mfa-device"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={**home.env, "LD_DEBUG": "libs"}, text=True,
                               start_new_session=True)
    secret = pyotp.parse_uri(decode_qr(read_qr(process), tmp_path)).secret
    out, err = process.communicate(consecutive_codes(secret), timeout=60)
    assert process.returncode == 0 and "libqrencode.so.4" in err
