"""vault console (Switch Role link) and vault login (federated console sign-in URL), end to end."""
import http.server
import json
import threading
import urllib.parse

import pytest

DESTINATION = "https%3A%2F%2Fconsole.aws.amazon.com%2F"


class FederationServer:
    """A stand-in for AWS's federation endpoint on 127.0.0.1: records each getSigninToken request
    and answers with `self.status` / `self.body`."""

    def __init__(self):
        self.requests: list[str] = []
        self.status = 200
        self.body = json.dumps({"SigninToken": "tok+/=en-_~"}).encode()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(server.body)))
                self.end_headers()
                self.wfile.write(server.body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/federation"

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def federation():
    server = FederationServer()
    yield server
    server.stop()


def fake_xdg_open(tmp_path, name="bin"):
    """A directory holding an xdg-open that records its arguments (JSON) in argv.json."""
    bin_dir = tmp_path / name
    bin_dir.mkdir()
    record = tmp_path / "argv.json"
    script = bin_dir / "xdg-open"
    script.write_text(f"#!/usr/bin/env python3\nimport json, sys\nopen({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n")
    script.chmod(0o755)
    return bin_dir, record


def role_parts(aws):
    arn = aws.emulator.info["role_arn"]
    account = arn.split(":")[4]
    name = arn.split(":role/", 1)[1]
    return account, name


# --- vault console -------------------------------------------------------------------------------

def test_console_prints_the_switch_role_url(aws):
    account, name = role_parts(aws)
    result = aws.run("console", "mfa")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"https://signin.aws.amazon.com/switchrole?roleName={urllib.parse.quote(name, safe='')}"
                             f"&account={account}&displayName=mfa\n")


def test_console_encodes_display_name_and_takes_a_colour(aws):
    account, name = role_parts(aws)
    result = aws.run("console", "mfa", "--display-name", "Prod & Co = ☃", "--color", "#F2B0A9")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"https://signin.aws.amazon.com/switchrole?roleName={name}&account={account}"
                             "&displayName=Prod%20%26%20Co%20%3D%20%E2%98%83&color=F2B0A9\n")


def test_console_keeps_the_role_path(aws):
    config = aws.path / ".aws" / "config"
    config.write_text(config.read_text() + "\n[profile pathed]\nsource_profile = default\n"
                      "role_arn = arn:aws:iam::210987654321:role/division_abc/subdivision_efg/role_XYZ\n")
    result = aws.run("console", "pathed")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("https://signin.aws.amazon.com/switchrole?roleName=division_abc%2Fsubdivision_efg%2Frole_XYZ"
                             "&account=210987654321&displayName=pathed\n")


def test_console_needs_no_unlock_and_no_network(aws):
    result = aws.run("console", "mfa", env={"VAULT_PASSPHRASE": None, "AWS_ENDPOINT_URL": "http://127.0.0.1:9"})
    assert result.returncode == 0, result.stderr
    assert aws.emulator.requests() == []


def test_console_for_a_profile_without_role_arn_is_an_error(aws):
    result = aws.run("console", "default")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "'default' has no role_arn" in result.stderr and "hint:" in result.stderr


def test_console_rejects_a_bad_colour(aws):
    result = aws.run("console", "mfa", "--color", "red")
    assert result.returncode == 2 and "6 hex digits" in result.stderr


def test_console_open_hands_exactly_the_url_to_xdg_open(aws, tmp_path):
    bin_dir, record = fake_xdg_open(tmp_path)
    result = aws.run("console", "mfa", "--open", env={"PATH": f"{bin_dir}:{aws.env['PATH']}"})
    assert result.returncode == 0, result.stderr
    assert json.loads(record.read_text()) == [result.stdout.strip()]


def test_console_open_without_xdg_open_says_so_and_prints(aws, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = aws.run("console", "mfa", "--open", env={"PATH": str(empty)})
    assert result.returncode == 0, result.stderr
    assert "xdg-open is not installed" in result.stderr
    assert result.stdout.startswith("https://signin.aws.amazon.com/switchrole?")


# --- vault login ---------------------------------------------------------------------------------

def token_request(server) -> list[tuple[str, str]]:
    assert len(server.requests) == 1, server.requests
    path, _, query = server.requests[0].partition("?")
    assert path == "/federation"
    return urllib.parse.parse_qsl(query, keep_blank_values=True, strict_parsing=True)


def test_login_exchanges_the_role_session_for_a_sign_in_url(aws, federation):
    login = aws.run("login", "mfa", "--duration", "7200", "--mfa-code", aws.emulator.code(),
                    env={"VAULT_FEDERATION_ENDPOINT": federation.endpoint})
    assert login.returncode == 0, login.stderr
    # The session login used is the one vault assume now serves from the cache.
    assume = aws.run("assume", "mfa", "--format", "json")
    assert assume.returncode == 0, assume.stderr
    creds = json.loads(assume.stdout)
    assert len(aws.emulator.requests("AssumeRole")) == 1

    params = token_request(federation)
    assert [k for k, _ in params] == ["Action", "SessionDuration", "Session"]
    assert params[0][1] == "getSigninToken" and params[1][1] == "7200"
    session = json.loads(params[2][1])
    assert session == {"sessionId": creds["AccessKeyId"], "sessionKey": creds["SecretAccessKey"],
                       "sessionToken": creds["SessionToken"]}
    # The raw query is strictly percent-encoded (no '+' for spaces, no raw '/').
    raw_session = federation.requests[0].split("&Session=", 1)[1]
    assert raw_session == urllib.parse.quote(params[2][1], safe="-._~")

    assert login.stdout == (f"{federation.endpoint}?Action=login&Issuer=vault&Destination={DESTINATION}"
                            "&SigninToken=tok%2B%2F%3Den-_~\n")
    assert "15 minutes" in login.stderr and "do not share" in login.stderr
    assert creds["SecretAccessKey"] not in login.stdout + login.stderr


def test_login_defaults_to_the_profiles_duration(aws, federation):
    assert aws.run("assume", "mfa", "--mfa-code", aws.emulator.code()).returncode == 0
    login = aws.run("login", "mfa", env={"VAULT_FEDERATION_ENDPOINT": federation.endpoint})
    assert login.returncode == 0, login.stderr
    assert dict(token_request(federation))["SessionDuration"] == "3600"  # duration_seconds = 3600


def test_login_caps_role_chaining_at_one_hour(aws, federation):
    login = aws.run("login", "chained", "--duration", "43200", "--mfa-code", aws.emulator.code(),
                    env={"VAULT_FEDERATION_ENDPOINT": federation.endpoint})
    assert login.returncode == 0, login.stderr
    assert dict(token_request(federation))["SessionDuration"] == "3600"
    assert "role chaining" in login.stderr


def test_login_open_hands_exactly_the_url_to_xdg_open(aws, federation, tmp_path):
    bin_dir, record = fake_xdg_open(tmp_path)
    login = aws.run("login", "mfa", "--open", "--mfa-code", aws.emulator.code(),
                    env={"VAULT_FEDERATION_ENDPOINT": federation.endpoint, "PATH": f"{bin_dir}:{aws.env['PATH']}"})
    assert login.returncode == 0, login.stderr
    assert login.stdout == ""  # the bearer URL went to the browser only
    assert json.loads(record.read_text()) == [
        f"{federation.endpoint}?Action=login&Issuer=vault&Destination={DESTINATION}&SigninToken=tok%2B%2F%3Den-_~"]


@pytest.mark.parametrize("status, body, message", [
    (200, b'{"Error":"nope"}', "without a sign-in token (no SigninToken)"),
    (200, b"<html>maintenance</html>", "without a sign-in token (not a JSON object)"),
    (200, b'{"SigninToken":""}', "without a sign-in token"),
    (400, b'{"SigninToken":"x"}', "answered HTTP 400"),
])
def test_login_reports_a_bad_token_response(aws, federation, status, body, message):
    federation.status, federation.body = status, body
    login = aws.run("login", "mfa", "--mfa-code", aws.emulator.code(), env={"VAULT_FEDERATION_ENDPOINT": federation.endpoint})
    assert login.returncode == 1
    assert login.stdout == ""
    assert message in login.stderr and "hint:" in login.stderr


def test_login_refuses_plain_http_to_a_remote_host(aws):
    login = aws.run("login", "mfa", "--mfa-code", aws.emulator.code(),
                    env={"VAULT_FEDERATION_ENDPOINT": "http://signin.example.com/federation"})
    assert login.returncode == 1
    assert "Refusing plain http://" in login.stderr and "VAULT_FEDERATION_ENDPOINT" in login.stderr
    assert aws.emulator.requests() == []  # refused before any MFA code was spent


def test_login_for_a_profile_without_role_arn_is_an_error(aws, federation):
    login = aws.run("login", "default", "--mfa-code", aws.emulator.code(), env={"VAULT_FEDERATION_ENDPOINT": federation.endpoint})
    assert login.returncode == 1
    assert "'default' has no role_arn" in login.stderr
    assert aws.emulator.requests() == [] and federation.requests == []


def test_login_unreachable_endpoint_names_only_the_host(aws):
    login = aws.run("login", "mfa", "--mfa-code", aws.emulator.code(), env={"VAULT_FEDERATION_ENDPOINT": "http://127.0.0.1:9/federation"})
    assert login.returncode == 1
    assert "cannot get a sign-in token from 127.0.0.1:9" in login.stderr
    assert "Session" not in login.stderr


# --- --path and --region (console parity) ---------------------------------------------------------

def test_login_lands_on_the_path_and_region(aws, federation):
    login = aws.run("login", "mfa", "--path", "/s3/home", "--region", "eu-west-1", "--mfa-code", aws.emulator.code(),
                    env={"VAULT_FEDERATION_ENDPOINT": federation.endpoint})
    assert login.returncode == 0, login.stderr
    query = dict(urllib.parse.parse_qsl(login.stdout.strip().split("?", 1)[1]))
    assert query["Destination"] == "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1"
    assert dict(token_request(federation))["Action"] == "getSigninToken"  # the token request is unchanged


def test_console_link_redirects_to_the_path(aws):
    result = aws.run("console", "mfa", "--path", "ec2/home#Instances", "--region", "us-west-2")
    assert result.returncode == 0, result.stderr
    query = dict(urllib.parse.parse_qsl(result.stdout.strip().split("?", 1)[1]))
    assert query["redirect_uri"] == "https://us-west-2.console.aws.amazon.com/ec2/home?region=us-west-2#Instances"
    plain = aws.run("console", "mfa")
    assert "redirect_uri" not in plain.stdout


@pytest.mark.parametrize("args, message", [
    (["--path", "https://evil.example/"], "--path must be a console page"),
    (["--path", "s3/../../x"], "--path must be a console page"),
    (["--path", "s3 home"], "--path must be a console page"),
    (["--region", "evil.example/x"], "--region must be an AWS region"),
    (["--region", "EU-WEST-1"], "--region must be an AWS region"),
])
@pytest.mark.parametrize("command", ["console", "login"])
def test_bad_path_or_region_is_refused_before_anything_runs(aws, command, args, message):
    result = aws.run(command, "mfa", *args)
    assert result.returncode == 2 and message in result.stderr and result.stdout == ""
    assert aws.emulator.requests() == []
