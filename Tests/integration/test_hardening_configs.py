"""Hostile ~/.aws/config and credentials files (issue 7): over 300 malformed or adversarial pairs.
`vault assume PROFILE --format json`, with the root's key in the vault, must exit 1 (2 for usage)
with a two-line error naming the configuration problem, within a timeout, in bounded memory, and
without any network call: AWS_ENDPOINT_URL points at a closed loopback port, so an attempted call
would end in a different error ("No response from AWS")."""
import concurrent.futures
import random
import time

from hardening import MIB, clean_error_problem, closed_port, record, run
from vault_harness import EXAMPLE_KEY_ID, EXAMPLE_SECRET, Home

ROLE = "arn:aws:iam::123456789012:role/R"
MFA = "arn:aws:iam::123456789012:mfa/u"
NETWORK_ERRORS = ("No response from AWS", "cannot connect", "could not connect", "timed out")


def hop(name, source, extra=""):
    return f"[profile {name}]\nsource_profile = {source}\nrole_arn = {ROLE}\n{extra}\n"


def base_cases() -> list[tuple[str, bytes, bytes, str]]:
    """(label, config, credentials, profile): each invalid for a reason vault must report."""
    cases = []

    def c(label, config, credentials=b"", profile="target"):
        cases.append((label, config if isinstance(config, bytes) else config.encode(),
                      credentials if isinstance(credentials, bytes) else credentials.encode(), profile))

    # source_profile cycles, self-cycles, chains past the hop limit
    c("self-cycle", hop("target", "target"))
    for n in (2, 3, 5, 16, 40):
        c(f"cycle-{n}", "".join(hop(f"p{i}", f"p{(i + 1) % n}") for i in range(n)), profile="p0")
        c(f"cycle-behind-{n}", hop("target", "p0") + "".join(hop(f"p{i}", f"p{(i + 1) % n}") for i in range(n)))
    c("chain-17", "".join(hop(f"p{i}", f"p{i + 1}") for i in range(17)) + "[default]\n", profile="p0")
    c("chain-10000", "".join(hop(f"p{i}", f"p{i + 1}") for i in range(10_000)) + "[default]\n", profile="p0")
    c("cycle-10000", "".join(hop(f"p{i}", f"p{(i + 1) % 10_000}") for i in range(10_000)), profile="p0")
    c("missing-source", hop("target", "nowhere"))
    c("no-source", f"[profile target]\nrole_arn = {ROLE}\n")
    c("unknown-profile", "[default]\n", profile="targte")
    # credential sources vault does not serve
    c("credential-source", f"[profile target]\nrole_arn = {ROLE}\ncredential_source = Ec2InstanceMetadata\n")
    c("web-identity", f"[profile target]\nrole_arn = {ROLE}\nweb_identity_token_file = /tmp/t\nsource_profile = default\n")
    c("sso-root", hop("target", "default") + "[default]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n")
    c("sso-session-root", hop("target", "default") + "[default]\nsso_session = corp\n[sso-session corp]\nsso_region = us-east-1\n")
    c("login-session", hop("target", "default") + "[default]\nlogin_session = x\n")
    # unusable values
    for value in ("abc", "899", "43201", "1e3", "-1", "3600.0", "0x100", "３６００"):
        c(f"duration-{value}", hop("target", "default", f"duration_seconds = {value}"))
    c("empty-role", "[profile target]\nsource_profile = default\nrole_arn =\n")
    c("empty-mfa", hop("target", "default", "mfa_serial ="))
    c("role-continued", f"[profile target]\nsource_profile = default\nrole_arn = {ROLE}\n  more\n")
    c("role-subsection", "[profile target]\nsource_profile = default\nrole_arn =\n  a = b\n")
    c("deep-continuation", "[profile target]\nsource_profile = default\nrole_arn =\n" + "".join(f"  k{i} = v\n" for i in range(20_000)))
    c("continuation-without-equals", "[profile target]\nsource_profile = default\ns3 =\n  nothing here\nrole_arn = x\n")
    c("empty-mfa-process", hop("target", "default", "mfa_process ="))
    # syntax configparser (and so the AWS CLI) refuses
    c("duplicate-section", hop("target", "default") + hop("target", "default"))
    c("duplicate-key", hop("target", "default", f"role_arn = {ROLE}"))
    c("duplicate-key-case", hop("target", "default", f"ROLE_ARN = {ROLE}"))
    c("duplicate-default-key", "[DEFAULT]\nregion = a\nregion = b\n" + hop("target", "default"))
    c("key-before-section", "region = us-east-1\n" + hop("target", "default"))
    c("text-before-section", "hello\n" + hop("target", "default"))
    c("no-delimiter", hop("target", "default", "this line has no delimiter"))
    c("empty-key", hop("target", "default", "= value"))
    c("bom", b"\xef\xbb\xbf" + hop("target", "default").encode())
    c("utf16", hop("target", "default").encode("utf-16"))
    c("invalid-utf8", hop("target", "default", "region = \xff").encode("latin-1"))
    c("overlong-utf8", hop("target", "default").encode() + b"x = \xc0\xaf\n")
    c("surrogate-utf8", hop("target", "default").encode() + b"x = \xed\xa0\x80\n")
    c("truncated-utf8", hop("target", "default").encode() + b"x = \xe2\x80")
    c("nul-in-key", hop("target", "default", "ro\x00le = x\nbad"))
    c("nul-line", hop("target", "default") + "\x00\x00\x00\n")
    c("binary", bytes(random.Random(1).randrange(256) for _ in range(4096)))
    c("binary-after-header", b"[profile target]\n" + bytes(random.Random(2).randrange(1, 256) for _ in range(2048)))
    c("huge-line-no-delimiter", hop("target", "default") + "x" * MIB + "\n")
    c("huge-header", "[" + "p" * MIB + "\n" + hop("target", "default"))
    c("huge-source-name", hop("target", "s" * MIB))
    c("huge-duration", hop("target", "default", "duration_seconds = " + "9" * MIB))
    c("over-4-mib", hop("target", "default") + ("# " + "c" * 1022 + "\n") * (5 * 1024))
    # terminal control sequences and Unicode line breaks in the names and values vault quotes
    c("escape-in-source", hop("target", "\x1b[2J\x1b]0;owned\x07"))
    c("escape-in-duration", hop("target", "default", "duration_seconds = \x1b[31m900"))
    c("escape-in-section", hop("target", "default") + "[profile \x1b[5mx]\n[profile \x1b[5mx]\n")
    c("line-separator-in-source", hop("target", "a\u2028b\u0085c"))
    c("bidi-in-source", hop("target", "\u202egnp.exe"))
    # the same mistakes in the credentials file
    c("credentials-duplicate-section", hop("target", "default"), "[default]\na = 1\n[default]\na = 2\n")
    c("credentials-duplicate-key", hop("target", "default"), "[default]\naws_access_key_id = x\naws_access_key_id = y\n")
    c("credentials-before-section", hop("target", "default"), "aws_access_key_id = x\n")
    c("credentials-invalid-utf8", hop("target", "default"), b"[default]\nx = \xff\xfe\n")
    c("credentials-bom", hop("target", "default"), b"\xef\xbb\xbf[default]\nregion = x\n")
    c("credentials-binary", hop("target", "default"), bytes(random.Random(3).randrange(256) for _ in range(1024)))
    c("credentials-sso", hop("target", "default"), "[default]\nsso_account_id = 123456789012\n")
    return cases


def variants(cases):
    """Each case as written, with CRLF, with bare CR, with trailing blanks, after a comment block,
    and (for text cases) with the profile renamed by case, which must not change the verdict."""
    out = []
    for label, config, credentials, profile in cases:
        out.append((label, config, credentials, profile))
        out.append((label + "+crlf", config.replace(b"\n", b"\r\n"), credentials.replace(b"\n", b"\r\n"), profile))
        out.append((label + "+cr", config.replace(b"\n", b"\r"), credentials.replace(b"\n", b"\r"), profile))
        out.append((label + "+trailing", config.replace(b"\n", b"  \t\n"), credentials, profile))
        if not config.startswith((b"\xef\xbb\xbf", b"\xff\xfe")):
            out.append((label + "+comments", b"# generated\n; by a test\n\n" + config, credentials, profile))
    return out


def test_three_hundred_hostile_configs(tmp_path):
    cases = variants(base_cases())
    assert len(cases) >= 300
    port = closed_port()
    workers = 4
    homes = []
    for i in range(workers):
        home = Home(tmp_path / f"w{i}")
        assert home.add("default").returncode == 0
        (home.path / ".aws").mkdir()
        home.env["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{port}"
        homes.append(home)
    started = time.monotonic()

    def check(index):
        home = homes[index % workers]
        problems, slowest = [], 0.0
        for label, config, credentials, profile in cases[index::workers]:
            (home.path / ".aws" / "config").write_bytes(config)
            (home.path / ".aws" / "credentials").write_bytes(credentials)
            outcome = run(home, "assume", profile, "--format", "json", address_space=512 * MIB, timeout=20)
            slowest = max(slowest, outcome.seconds)
            why = clean_error_problem(outcome, codes=(1, 2))
            if why:
                problems.append(f"{label}: {why}")
            elif len(outcome.stderr) > 1200 or any(ch < " " and ch != "\n" or "\x7f" <= ch < "\xa0" for ch in outcome.stderr):
                problems.append(f"{label}: the error is huge or carries control characters: {outcome.stderr[:300]!r}")
            elif any(e in outcome.stderr for e in NETWORK_ERRORS):
                problems.append(f"{label}: reached for the network: {outcome.stderr!r}")
        return problems, slowest

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(check, range(workers)))
    problems = [p for found, _ in results for p in found]
    record("hostile-configs", cases=len(cases), bases=len(base_cases()), failures=len(problems),
           seconds=round(time.monotonic() - started, 1), slowest_call_s=round(max(s for _, s in results), 2))
    assert problems == [], "\n".join(problems[:40])


def test_quoted_config_text_stays_on_one_bounded_line(home):
    """Regression: a value spanning lines, or 1 MiB long, or holding escape sequences, was copied
    into the error as it was: a 3 MiB, many-line message that could drive the terminal."""
    assert home.add("default").returncode == 0
    (home.path / ".aws").mkdir()
    home.env["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{closed_port()}"
    for label, config, credentials, profile in base_cases():
        if not label.startswith(("role-continued", "deep-continuation", "huge-source-name", "huge-duration", "escape-")):
            continue
        (home.path / ".aws" / "config").write_bytes(config)
        outcome = run(home, "assume", profile, "--format", "json", address_space=512 * MIB)
        assert clean_error_problem(outcome) is None, (label, outcome.stderr[:300])
        assert len(outcome.stderr) < 600 and "\x1b" not in outcome.stderr, (label, outcome.stderr[:300])


def test_profile_names_from_argv_are_escaped_and_bounded(home):
    """Regression: `vault add`/`remove` printed an invalid or unknown profile name as given, so a
    name with escape sequences reached the terminal and a 100 KB name made a 100 KB message."""
    assert home.add("default").returncode == 0
    names = ["\x1b[2J\x1b]0;owned\x07evil", "line\nbreak", "bidi\u202eevil", "x" * 100_000, "nul\x01\x7f\u2028"]
    problems = []
    for name in names:
        for args, stdin in ((["add", name], f"{EXAMPLE_KEY_ID}\n{EXAMPLE_SECRET}\n"), (["remove", name, "--force"], ""),
                            (["assume", name, "--format", "json"], "")):
            outcome = run(home, *args, input=stdin)
            why = clean_error_problem(outcome, codes=(1, 2))
            text = outcome.stderr
            if why:
                problems.append(f"{args[0]} {name[:20]!r}: {why}")
            if any(c in text.replace("\n", "") for c in "\x1b\x07\x01\x7f\u202e\u2028") or len(text) > 1200:
                problems.append(f"{args[0]} {name[:20]!r}: unescaped or unbounded: {text[:200]!r} ({len(text)} bytes)")
    record("profile-names", cases=len(names) * 3, failures=len(problems))
    assert problems == [], "\n".join(problems)
