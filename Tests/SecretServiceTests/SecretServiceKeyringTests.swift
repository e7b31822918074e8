import Dispatch
import Glibc
import SecretService
import Testing
import VaultCrypto

/// Against a real Secret Service: CI runs `Vault/scripts/with-keyring -- swift test`, which gives
/// the tests a private bus with a scratch, unlocked gnome-keyring. Without a session bus these
/// tests fail (they never skip): a skipped keyring test would hide a broken CI set-up.
/// The locked, no-keyring and no-bus cases are driven end to end through the `vault` binary.
@Suite struct SecretServiceKeyringTests {
    let keyring = SecretServiceKeyring(schemaName: "io.github.vault.test.VaultKey")

    init() throws {
        try #require(
            getenv("DBUS_SESSION_BUS_ADDRESS") != nil,
            "DBUS_SESSION_BUS_ADDRESS is unset: run the tests under Vault/scripts/with-keyring -- swift test")
    }

    @Test func probeFindsAnUnlockedKeyring() {
        #expect(keyring.probe() == .available(locked: false))
    }

    @Test func roundTripsRandomBytes() throws {
        let attributes = uniqueAttributes()
        defer { _ = try? keyring.remove(attributes: attributes) }
        var entropy = SystemEntropy()
        let secret = try entropy.secureBytes(32)
        try keyring.store(secret, label: "vault test key", attributes: attributes)
        let back = try keyring.lookup(attributes: attributes)
        #expect(back.count == 32)
        let equal = back.isEqual(to: secret)
        #expect(equal)
    }

    @Test func roundTripsEveryByteValue() throws {
        let attributes = uniqueAttributes()
        defer { _ = try? keyring.remove(attributes: attributes) }
        for length in [1, 2, 3, 255, 256] {
            var bytes = (0..<length).map { UInt8(255 - $0 % 256) }
            let secret = try SecureBytes(takingAndWiping: &bytes)
            try keyring.store(secret, label: "vault test key", attributes: attributes)
            let back = try keyring.lookup(attributes: attributes)
            let equal = back.isEqual(to: secret)
            #expect(equal, "length \(length)")
        }
    }

    /// Calls from many threads at once all succeed. libsecret registers its enum types on first
    /// use without a lock; before `LibSecret` registered them at load, threads whose first calls
    /// overlapped failed with "invalid type for attribute" (run alone in a fresh process, as
    /// `swift test --filter manyThreadsAtOnce`, this test is the first caller).
    @Test func manyThreadsAtOnce() {
        let threads = 16
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            let attributes = uniqueAttributes()
            do throws(KeyringError) {
                var entropy = SystemEntropy()
                guard let secret = try? entropy.secureBytes(32) else { return failures.add("entropy") }
                try keyring.store(secret, label: "vault test key", attributes: attributes)
                _ = try keyring.lookup(attributes: attributes)
                _ = try keyring.remove(attributes: attributes)
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
    }

    @Test func storeReplacesTheItem() throws {
        let attributes = uniqueAttributes()
        defer { _ = try? keyring.remove(attributes: attributes) }
        var entropy = SystemEntropy()
        let first = try entropy.secureBytes(32)
        let second = try entropy.secureBytes(32)
        try keyring.store(first, label: "vault test key", attributes: attributes)
        try keyring.store(second, label: "vault test key (replaced)", attributes: attributes)
        let back = try keyring.lookup(attributes: attributes)
        let isSecond = back.isEqual(to: second)
        #expect(isSecond)
        // Replaced, not added: one removal leaves nothing.
        #expect(try keyring.remove(attributes: attributes))
        #expect(try keyring.remove(attributes: attributes) == false)
    }

    @Test func removeThenLookupIsNotFound() throws {
        let attributes = uniqueAttributes()
        var entropy = SystemEntropy()
        try keyring.store(try entropy.secureBytes(32), label: "vault test key", attributes: attributes)
        #expect(try keyring.remove(attributes: attributes))
        #expect(throws: KeyringError.itemNotFound) { _ = try keyring.lookup(attributes: attributes) }
        #expect(try keyring.remove(attributes: attributes) == false)
    }

    @Test func lookupOfAnAbsentItemIsNotFound() {
        #expect(throws: KeyringError.itemNotFound) { _ = try keyring.lookup(attributes: uniqueAttributes()) }
    }

    @Test func itemsOfTwoVaultsStayApart() throws {
        let a = uniqueAttributes()
        let b = uniqueAttributes()
        defer {
            _ = try? keyring.remove(attributes: a)
            _ = try? keyring.remove(attributes: b)
        }
        var entropy = SystemEntropy()
        let secretA = try entropy.secureBytes(32)
        let secretB = try entropy.secureBytes(32)
        try keyring.store(secretA, label: "vault A", attributes: a)
        try keyring.store(secretB, label: "vault B", attributes: b)
        let backA = try keyring.lookup(attributes: a)
        let backB = try keyring.lookup(attributes: b)
        let aIsA = backA.isEqual(to: secretA)
        let bIsB = backB.isEqual(to: secretB)
        #expect(aIsA)
        #expect(bIsB)
        #expect(try keyring.remove(attributes: a))
        let stillB = try keyring.lookup(attributes: b)
        let bIntact = stillB.isEqual(to: secretB)
        #expect(bIntact)
    }

    /// A subset of the attributes does not find an item: a lookup names the vault exactly.
    @Test func extraAttributeIsPartOfTheIdentity() throws {
        var attributes = uniqueAttributes()
        defer { _ = try? keyring.remove(attributes: attributes) }
        attributes["purpose"] = "unlock"
        var entropy = SystemEntropy()
        try keyring.store(try entropy.secureBytes(32), label: "vault test key", attributes: attributes)
        var other = attributes
        other["purpose"] = "other"
        #expect(throws: KeyringError.itemNotFound) { _ = try keyring.lookup(attributes: other) }
    }

    /// Items of another schema name are not matched, even with the same attributes.
    @Test func schemaNameSeparatesItems() throws {
        let attributes = uniqueAttributes()
        defer { _ = try? keyring.remove(attributes: attributes) }
        var entropy = SystemEntropy()
        try keyring.store(try entropy.secureBytes(32), label: "vault test key", attributes: attributes)
        let otherSchema = SecretServiceKeyring(schemaName: "io.github.vault.test.Other")
        #expect(throws: KeyringError.itemNotFound) { _ = try otherSchema.lookup(attributes: attributes) }
        #expect(try otherSchema.remove(attributes: attributes) == false)
    }

    /// An item written by another client is read as base64 text: `secret-tool` (libsecret-tools)
    /// stores text under the same `xdg:schema`; non-base64 text is reported, not misread.
    @Test func readsItemsWrittenByOtherClients() throws {
        let attributes = uniqueAttributes()
        defer { _ = try? keyring.remove(attributes: attributes) }
        try secretTool(store: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", attributes: attributes)
        let back = try keyring.lookup(attributes: attributes)
        let expected = back.isEqual(to: Array(0..<32))
        #expect(expected)

        try secretTool(store: "not base64!", attributes: attributes)
        #expect(throws: KeyringError.undecodableSecret) { _ = try keyring.lookup(attributes: attributes) }
    }

    private func secretTool(store text: String, attributes: [String: String]) throws {
        var arguments = ["secret-tool", "store", "--label=vault test (secret-tool)", "xdg:schema", keyring.schemaName]
        for (name, value) in attributes { arguments += [name, value] }
        let status = try runWithInput(arguments, input: text)
        try #require(status == 0, "secret-tool store exited \(status)")
    }
}

/// Messages collected from concurrent threads.
private final class Failures: @unchecked Sendable {  // every access holds `lock`
    private var lock = pthread_mutex_t()
    private var messages: [String] = []
    init() { pthread_mutex_init(&lock, nil) }
    deinit { pthread_mutex_destroy(&lock) }
    func add(_ message: String) {
        pthread_mutex_lock(&lock)
        messages.append(message)
        pthread_mutex_unlock(&lock)
    }
    var all: [String] {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        return messages
    }
}

private func uniqueAttributes() -> [String: String] {
    ["vault": "test-\(UInt64.random(in: 0...UInt64.max))", "kind": "vault-key"]
}
