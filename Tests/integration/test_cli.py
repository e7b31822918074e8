"""The command line itself: help and completion snapshots, the command list against the docs and
man page, exit codes, no colour when piped or with NO_COLOR, unknown profiles named.

Snapshots are files under Snapshots/, compared byte for byte; after an intended change, rewrite
them with `UPDATE_SNAPSHOTS=1 python3 -m pytest Tests/integration/test_cli.py` and review the diff."""
import os
import pathlib
import re
import subprocess

import pytest

from vault_harness import ROOT

SNAPSHOTS = pathlib.Path(__file__).parent / "Snapshots"
# Help is wrapped to the terminal; snapshots are taken at 80 columns.
FIXED = {"COLUMNS": "80", "LINES": "24"}


def check_snapshot(name: str, text: str):
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text)
        return
    assert path.exists(), f"no snapshot {path}: run with UPDATE_SNAPSHOTS=1 to create it"
    assert text == path.read_text(), f"{name} differs from {path} (UPDATE_SNAPSHOTS=1 rewrites it; review the diff)"


def commands(home) -> list[str]:
    """The subcommands `vault --help` lists, in order, from its `… SUBCOMMANDS:` sections."""
    result = home.run("--help", env=FIXED)
    assert result.returncode == 0, result.stderr
    names, inside = [], False
    for line in result.stdout.splitlines():
        if line.endswith("SUBCOMMANDS:"):
            inside = True
        elif inside and re.match(r"^  [a-z]", line):
            names.append(line.split()[0])
        elif not line.strip():
            inside = False
    return names


EXPECTED_GROUPS = {
    "KEYS": ["add", "list", "remove", "rotate", "accept-file"],
    "UNLOCK": ["unlock", "lock", "protect", "passwd"],
    "SESSIONS": ["assume", "exec", "clear", "status"],
    "ADMIN": ["deactivate-admin-keys", "activate-admin-keys"],
    "SETUP": ["init", "setup", "create-mfa-device", "doctor", "config"],
    "CONSOLE": ["console", "login"],
    "IAM IDENTITY CENTER": ["sso"],
}
ALL_COMMANDS = [name for group in EXPECTED_GROUPS.values() for name in group]


def test_help_lists_every_command_grouped_by_task(home):
    text = home.run("--help", env=FIXED).stdout
    for group, names in EXPECTED_GROUPS.items():
        section = text.split(f"{group} SUBCOMMANDS:\n", 1)[1].split("\n\n", 1)[0]
        assert [line.split()[0] for line in section.splitlines() if re.match(r"^  [a-z]", line)] == names
    assert commands(home) == ALL_COMMANDS


def test_root_help_snapshot(home):
    check_snapshot("help-vault.txt", home.run("--help", env=FIXED).stdout)


@pytest.mark.parametrize("command", ALL_COMMANDS)
def test_command_help_snapshot_with_an_example(home, command):
    result = home.run(command, "--help", env=FIXED)
    assert result.returncode == 0, result.stderr
    assert re.search(r"^Examples?:\n  vault ", result.stdout, re.M) or re.search(r"^Examples?:\n  (eval|printf)", result.stdout, re.M), \
        f"vault {command} --help has no example"
    assert result.stdout == home.run("help", command, env=FIXED).stdout
    check_snapshot(f"help-{command}.txt", result.stdout)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_snapshot(home, shell):
    result = home.run("--generate-completion-script", shell)
    assert result.returncode == 0 and result.stdout, result.stderr
    check_snapshot(f"completion.{shell}", result.stdout)


def test_version(home):
    result = home.run("--version")
    assert result.returncode == 0 and re.fullmatch(r"\d+\.\d+\.\d+\n", result.stdout)


def bash_complete(home, line: str) -> list[str]:
    """What bash offers for `line` (ending where the cursor is), using the generated script."""
    script = home.path / "vault.bash"
    script.write_text(home.run("--generate-completion-script", "bash").stdout)
    binary = pathlib.Path(home.binary)
    words = line.split(" ")
    program = f"""
        vault() {{ "{binary}" "$@"; }}
        source "{script}"
        COMP_WORDS=({' '.join(repr(w) if w else "''" for w in words)})
        COMP_CWORD={len(words) - 1}
        COMP_LINE={line!r}
        COMP_POINT={len(line)}
        _vault vault "{words[-1]}" "{words[-2]}"
        printf '%s\\n' "${{COMPREPLY[@]}}"
    """
    result = subprocess.run(["bash", "-c", program], capture_output=True, text=True, env=home.env, timeout=30)
    assert result.returncode == 0, result.stderr
    return [w for w in result.stdout.splitlines() if w]


def test_bash_completes_profiles_from_config_and_vault_without_unlocking(home):
    (home.path / ".aws").mkdir()
    (home.path / ".aws" / "config").write_text("[default]\nregion = us-east-1\n[profile mfa]\nsource_profile = default\n"
                                               "role_arn = arn:aws:iam::123456789012:role/R\n")
    assert home.add("vault-only").returncode == 0
    home.env.pop("VAULT_PASSPHRASE")  # completion never unlocks
    for line in ("vault assume ", "vault exec ", "vault login ", "vault console ", "vault remove ", "vault rotate ",
                 "vault add ", "vault clear "):
        assert bash_complete(home, line) == ["default", "mfa", "vault-only"], line
    assert bash_complete(home, "vault assume m") == ["mfa"]
    assert bash_complete(home, "vault deactivate-admin-keys --profile v") == ["vault-only"]
    assert bash_complete(home, "vault activate-admin-keys --using d") == ["default"]


def test_completion_without_any_files_offers_nothing(home):
    assert bash_complete(home, "vault assume ") == []


def test_docs_list_every_command(home):
    reference = (ROOT / "docs" / "commands.md").read_text()
    documented = re.findall(r"^### `vault ([a-z-]+)", reference, re.M)
    assert sorted(documented) == sorted(commands(home)), "docs/commands.md and vault --help disagree"
    assert (ROOT / "docs" / "faq.md").exists()


def man_sections() -> dict[str, str]:
    """docs/vault.1 split at each command's `.It Em NAME` (mdoc, from generate-manual)."""
    manual = (ROOT / "docs" / "vault.1").read_text()
    parts = re.split(r"^\.It Em ([a-z-]+)$", manual, flags=re.M)
    sections: dict[str, str] = {}
    for name, body in zip(parts[1::2], parts[2::2]):
        sections.setdefault(name, body)  # a subcommand (`protect list`) never replaces a command (`list`)
    return sections


def test_man_page_matches_the_commands_and_their_options(home):
    sections = man_sections()
    assert set(commands(home)) <= set(sections), "docs/vault.1 is missing commands: run Vault/scripts/man"
    for name in commands(home):
        usage = home.run(name, "--help", env={"COLUMNS": "500"}).stdout
        options = set(re.findall(r"^  (?:-\w, )?--([a-z-]+)", usage, re.M)) - {"help", "version"}
        in_man = set(re.findall(r"^\.It Fl (?:\w , )?-([a-z-]+)", sections[name], re.M))
        assert options <= in_man, f"docs/vault.1 lacks {options - in_man} of vault {name}: run Vault/scripts/man"
        assert sections[name].split("\n", 2)[1].rstrip(".") in usage, f"docs/vault.1 has an old summary of {name}"


def test_documented_exit_codes(home):
    reference = (ROOT / "docs" / "commands.md").read_text()
    section = reference.split("## Exit status", 1)[1].split("\n## ", 1)[0]
    for code in ("0", "1", "2"):
        assert re.search(rf"^\| `{code}` \|", section, re.M), f"exit status {code} is not documented"
    assert "exec" in section


def test_exit_codes(home):
    assert home.run("list").returncode == 1  # no vault yet: a failure the user can fix
    assert home.add("default").returncode == 0
    assert home.run("list").returncode == 0
    assert home.run("remove", "nosuch", "--force").returncode == 1
    for usage in (["assume"], ["assume", "mfa", "--duration", "5"], ["--bogus"], ["nosuchcommand"], ["config", "bogus"],
                  ["exec", "default", "--server"]):
        result = home.run(*usage)
        assert result.returncode == 2, (usage, result.stderr)
        assert result.stderr.strip(), usage


def test_exec_exits_with_the_commands_status(aws):
    result = aws.run("exec", "mfa", "--mfa-code", aws.emulator.code(), "--", "sh", "-c", "exit 7")
    assert result.returncode == 7, result.stderr


ESCAPE = re.compile(r"\x1b|\x9b")


@pytest.mark.parametrize("no_color", ["1", None])
def test_no_escape_codes_when_piped_or_with_no_color(aws, no_color):
    env = {"NO_COLOR": no_color}
    runs = [["--help"], ["assume", "--help"], ["list"], ["list", "--json"], ["status"], ["status", "--json"],
            ["doctor"], ["assume", "mfq"], ["remove", "nosuch", "--force"], ["assume"],
            ["assume", "mfa", "--mfa-code", aws.emulator.code()]]
    for args in runs:
        result = aws.run(*args, env=env)
        assert not ESCAPE.search(result.stdout + result.stderr), (args, result.stdout + result.stderr)


def test_errors_are_a_problem_line_and_a_hint_line(home):
    (home.path / ".aws").mkdir()
    (home.path / ".aws" / "config").write_text("[profile mfa]\nsource_profile = default\n"
                                               "role_arn = arn:aws:iam::123456789012:role/R\n")
    assert home.add("default").returncode == 0
    result = home.run("assume", "mfq")
    assert result.returncode == 1
    problem, hint = result.stderr.splitlines()
    assert problem.startswith("vault: ") and "'mfq'" in problem
    assert hint == "hint: did you mean 'mfa'?"
    removed = home.run("remove", "defualt", "--force")
    assert removed.returncode == 1 and "'defualt'" in removed.stderr and "did you mean 'default'" in removed.stderr
    unknown = home.run("assume", "zzz").stderr
    assert "'zzz'" in unknown and "known profiles: default, mfa" in unknown
