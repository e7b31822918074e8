"""docs/architecture.md matches the package: every target it names exists and every target is
named; the tree keeps the sizes the architecture issue set (folders of at most 12 Swift files,
source files of at most 300 lines)."""
import re

from vault_harness import ROOT

TARGET = re.compile(r'\.(?:target|executableTarget|systemLibrary|testTarget)\(\s*name:\s*"([A-Za-z0-9]+)"')


def package_targets() -> set[str]:
    return set(TARGET.findall((ROOT / "Package.swift").read_text()))


def documented_targets() -> set[str]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    section = text.split("## Targets", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names |= set(re.findall(r"`([A-Za-z0-9]+)`", first_cell))
    return names


def test_the_architecture_page_names_exactly_the_packages_targets():
    targets, documented = package_targets(), documented_targets()
    assert len(targets) > 20, "the Package.swift pattern found too few targets"
    assert documented - targets == set(), "docs/architecture.md names targets that do not exist"
    assert targets - documented == set(), "targets missing from docs/architecture.md"


def test_the_vaultkit_folders_it_describes_exist():
    text = (ROOT / "docs" / "architecture.md").read_text()
    folders = set(re.findall(r"^\| [a-z ]+ \| `([A-Za-z/]+)/` \|", text, re.M))
    assert len(folders) >= 8
    for folder in folders:
        assert (ROOT / "Sources" / "VaultKit" / folder).is_dir(), folder


def test_no_source_folder_holds_more_than_twelve_swift_files():
    crowded = {str(d.relative_to(ROOT)): n for d in (ROOT / "Sources").rglob("*") if d.is_dir()
               if (n := len(list(d.glob("*.swift")))) > 12}
    assert crowded == {}


def test_no_source_file_is_over_300_lines():
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / "Sources").rglob("*") if p.suffix in (".swift", ".c", ".h")
            if (n := len(p.read_text().splitlines())) > 300}
    assert long == {}
