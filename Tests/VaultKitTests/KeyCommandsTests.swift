// The decisions `vault add`, `remove`, `accept-file`, `list` and `clear` make, driven with a
// scripted prompter: what they ask, when they refuse, and that a no changes nothing.
import Foundation
import TestSupport
import Testing

@testable import VaultKit

@Suite("Key commands")
struct KeyCommandsTests {
    @Test func replacingAKeyAsksAndANoKeepsIt() throws {
        let world = try VaultFixture()
        defer { world.cleanup() }
        try world.addKey(profile: "work")
        world.prompter.answerConfirms(false)
        let outcome = try world.vault.addKey(profile: "work", input: .terminal, force: false)
        #expect(outcome == ChangeOutcome(changed: false, message: "kept the existing key of 'work'"))
        #expect(world.prompter.asked == [.confirm("Profile 'work' is already in the vault. Replace its key?")])
        #expect(try world.entries("work").count == 1)
    }

    @Test func replacingAKeyAfterAYesReadsTheNewKey() throws {
        let world = try VaultFixture()
        defer { world.cleanup() }
        try world.addKey(profile: "work")
        world.prompter.answerConfirms(true)
        world.prompter.answerLines("AKIAFAKEFAKEFAKE0002")
        world.prompter.answerSecrets(String(repeating: "b", count: 40))
        let outcome = try world.vault.addKey(profile: "work", input: .terminal, force: false)
        #expect(outcome.changed)
        #expect(try world.accessKeyID("work") == "AKIAFAKEFAKEFAKE0002")
    }

    @Test func anExistingKeyWithoutATerminalOrWithEnvIsRefusedWithoutAsking() throws {
        let world = try VaultFixture()
        defer { world.cleanup() }
        try world.addKey(profile: "work")
        #expect(throws: VaultError.keys(.alreadyInVault(profile: "work"))) {
            _ = try world.vault.addKey(profile: "work", input: .environment, force: false)
        }
        world.prompter.canPrompt = false
        #expect(throws: VaultError.keys(.alreadyInVault(profile: "work"))) {
            _ = try world.vault.addKey(profile: "work", input: .terminal, force: false)
        }
        #expect(world.prompter.asked.isEmpty)
    }

    @Test func removingAnUnknownProfileRefusesBeforeAsking() throws {
        let world = try VaultFixture()
        defer { world.cleanup() }
        try world.addKey(profile: "work")
        #expect(throws: VaultError.keys(.unknownProfile("wrok", known: ["work"]))) {
            _ = try world.vault.removeKey(profile: "wrok", force: false)
        }
        #expect(world.prompter.asked.isEmpty)
    }

    @Test func removingAsksAndANoKeepsTheProfile() throws {
        let world = try VaultFixture()
        defer { world.cleanup() }
        try world.addKey(profile: "work")
        world.prompter.answerConfirms(false, true)
        #expect(try world.vault.removeKey(profile: "work", force: false).changed == false)
        #expect(world.prompter.asked == [.confirm("Remove the key of 'work' from the vault?")])
        #expect(try world.vault.contains(profile: "work"))
        #expect(try world.vault.removeKey(profile: "work", force: false).changed)
        #expect(try world.vault.contains(profile: "work") == false)
    }

    @Test func removingWithoutATerminalNeedsForce() throws {
        let world = try VaultFixture()
        defer { world.cleanup() }
        try world.addKey(profile: "work")
        world.prompter.canPrompt = false
        #expect(throws: VaultError.keys(.removalNeedsConfirmation(profile: "work"))) {
            _ = try world.vault.removeKey(profile: "work", force: false)
        }
        #expect(try world.vault.removeKey(profile: "work", force: true).changed)
    }

    @Test func acceptingTheFileAsksAndANoKeepsTheRecord() throws {
        let world = try VaultFixture()
        defer { world.cleanup() }
        try world.addKey(profile: "work")
        world.prompter.answerConfirms(false)
        let outcome = try world.vault.acceptAsItIs(confirmed: false)
        #expect(outcome == ChangeOutcome(changed: false, message: "kept this machine's record as it was"))
        #expect(world.prompter.asked.count == 1)
        world.prompter.canPrompt = false
        #expect(throws: VaultError.self) { _ = try world.vault.acceptAsItIs(confirmed: false) }
        #expect(try world.vault.acceptAsItIs(confirmed: true).changed)
    }

    @Test func listFlagsKeysOlderThanTheSettingDefault90Days() throws {
        let world = try VaultFixture()
        defer { world.cleanup() }
        try world.addKey(profile: "work")
        world.clock.advance(by: 100 * 86_400)
        #expect(try world.vault.listing(json: false).contains("days old (over 90)"))
        #expect(try world.vault.listing(json: true).contains("\"profile\""))
    }

    @Test func clearingAProfileNeitherConfiguredNorCachedIsATypo() throws {
        let world = try VaultFixture()
        defer { world.cleanup() }
        try world.writeConfig("[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = work\n")
        #expect(throws: VaultError.self) { _ = try SessionCache.clear(profile: "mfaa", context: world.context) }
        do {
            _ = try SessionCache.clear(profile: "mfaa", context: world.context)
        } catch {
            guard case .sessions(.unknownCachedProfile(let name, _, let close, let cached)) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(name == "mfaa" && close == ["mfa"] && cached.isEmpty)
            #expect(error.hint == "did you mean 'mfa'?")
        }
        #expect(try SessionCache.clear(profile: "mfa", context: world.context) == "removed 0 cached sessions of 'mfa'")
    }
}
