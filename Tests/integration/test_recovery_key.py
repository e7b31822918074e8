"""Recovery keys (Vault/FORMAT.md §10.2) in the independent reader: the same known answers as the
Swift tests (Tests/VaultFormatTests/RecoveryKeyTests.swift), and every single typo caught."""
import independent_reader as ir
import pytest

KNOWN = {bytes(range(16)): "cccbu-cdcef-cfcgl-chcic-cjckf-clcnl-crctc-cucvh",
         bytes([0xFF] * 16): "vvvvf-vvvvd-vvvvc-vvvvu-vvvvr-vvvvl-vvvvj-vvvvh"}


@pytest.mark.parametrize("key", list(KNOWN))
def test_known_answers_round_trip(key):
    assert ir.format_recovery_key(key) == KNOWN[key]
    assert ir.read_recovery_key(KNOWN[key].upper().replace("-", " ")) == key


def test_every_single_typo_names_its_group():
    printed = KNOWN[bytes(range(16))].replace("-", "")
    for position, original in enumerate(printed):
        for replacement in ir.MODHEX.replace(original, ""):
            typo = printed[:position] + replacement + printed[position + 1:]
            with pytest.raises(ir.RecoveryKeyTypo) as caught:
                ir.read_recovery_key(typo)
            assert caught.value.group == position // 5 + 1


def test_wrong_length_and_foreign_characters():
    with pytest.raises(ir.RecoveryKeyTypo) as caught:
        ir.read_recovery_key("cccbu")
    assert caught.value.group is None
    with pytest.raises(ir.RecoveryKeyTypo) as caught:
        ir.read_recovery_key("cccbu-cdce0" + KNOWN[bytes(range(16))][11:])
    assert caught.value.group == 2
