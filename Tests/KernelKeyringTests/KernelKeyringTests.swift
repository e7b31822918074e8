import Foundation
import KernelKeyring
import Testing
import VaultCrypto

/// Against the real user keyring (@u) of the test's uid. Each test uses its own description and
/// removes its key, so parallel runs and a developer's own keys are left alone.
@Suite struct KernelKeyringTests {
    let keyring = KernelKeyring()

    @Test func availableHere() {
        #expect(keyring.isAvailable(), "the kernel keyring is needed by these tests (a container may forbid keyctl)")
    }

    @Test func storeReadReplaceRemove() throws {
        let description = uniqueDescription()
        defer { _ = try? keyring.remove(description: description) }
        var entropy = SystemEntropy()
        let first = try entropy.secureBytes(32)
        try keyring.store(description: description, payload: first, timeoutSeconds: 0)
        let read = try present(keyring.read(description: description))
        #expect(read.count == 32)
        let matches1 = read.isEqual(to: first)
        #expect(matches1)

        let second = try entropy.secureBytes(32)
        try keyring.store(description: description, payload: second, timeoutSeconds: 0)
        let replaced = try present(keyring.read(description: description))
        let matches2 = replaced.isEqual(to: second)
        #expect(matches2)
        let matches3 = !replaced.isEqual(to: first)
        #expect(matches3)

        #expect(try keyring.remove(description: description))
        #expect(try !keyring.has(description))
        #expect(try keyring.remove(description: description) == false)
    }

    @Test func allByteValuesAndSizes() throws {
        let description = uniqueDescription()
        defer { _ = try? keyring.remove(description: description) }
        for size in [1, 32, 256, 4096] {
            var bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0) }
            let payload = try SecureBytes(takingAndWiping: &bytes)
            try keyring.store(description: description, payload: payload, timeoutSeconds: 0)
            let read = try present(keyring.read(description: description))
            let matches4 = read.isEqual(to: payload)
            #expect(matches4, "size \(size)")
        }
    }

    @Test func absentKeyReadsNil() throws {
        #expect(try !keyring.has(uniqueDescription()))
        #expect(try keyring.remove(description: uniqueDescription()) == false)
    }

    @Test func keyExpiresAfterTimeout() async throws {
        let description = uniqueDescription()
        defer { _ = try? keyring.remove(description: description) }
        let payload = try SystemEntropy().secureBytesCopy(32)
        try keyring.store(description: description, payload: payload, timeoutSeconds: 1)
        #expect(try keyring.has(description))
        try await Task.sleep(for: .milliseconds(1500))  // not a timing assertion: well past 1 s
        #expect(try !keyring.has(description))
    }

    @Test func replacingClearsAnEarlierTimeout() async throws {
        let description = uniqueDescription()
        defer { _ = try? keyring.remove(description: description) }
        let payload = try SystemEntropy().secureBytesCopy(32)
        try keyring.store(description: description, payload: payload, timeoutSeconds: 1)
        try keyring.store(description: description, payload: payload, timeoutSeconds: 0)
        try await Task.sleep(for: .milliseconds(1500))  // not a timing assertion: well past 1 s
        #expect(try keyring.has(description))
    }

    /// The `keyctl` command (package keyutils) in another process finds the key in @u and reads
    /// it — also from a fresh session keyring that does not link @u, as in a container or a
    /// `pam_keyinit` login, where the key is not "possessed" and only the user bits let it be read.
    @Test func visibleToAnotherProcess() throws {
        let description = uniqueDescription()
        defer { _ = try? keyring.remove(description: description) }
        var text = Array("cross-process-payload".utf8)
        let payload = try SecureBytes(takingAndWiping: &text)
        try keyring.store(description: description, payload: payload, timeoutSeconds: 60)

        let found = try run("/usr/bin/keyctl", ["search", "@u", "user", description])
        #expect(found.status == 0, "keyctl search: \(found.error)")
        #expect(Int32(found.output.trimmingCharacters(in: .whitespacesAndNewlines)) != nil)

        let sameSession = try run("/usr/bin/keyctl", ["pipe", "%user:\(description)"])
        #expect(sameSession.output == "cross-process-payload", "keyctl pipe: \(sameSession.error)")

        let otherSession = try run(
            "/usr/bin/keyctl", ["session", "-", "sh", "-c", "keyctl pipe $(keyctl search @u user \"$0\")", description])
        #expect(otherSession.output == "cross-process-payload", "from a new session keyring: \(otherSession.error)")
    }

    /// A key another process stored the way `store` does (built in a keyring of its own, given
    /// the user read/search bits, then linked into @u) is read and removed here, whichever
    /// session keyring the test runs in. (A plain `keyctl add … @u` key keeps the default
    /// "user: view" bits and cannot be read from a session that does not link @u.)
    @Test func readsAndRemovesAKeyFromAnotherProcess() throws {
        let description = uniqueDescription()
        defer { _ = try? keyring.remove(description: description) }
        let script =
            "id=$(keyctl add user \"$0\" from-keyctl @s) && keyctl setperm $id 0x3f0b0000 && keyctl link $id @u"
        let added = try run("/usr/bin/keyctl", ["session", "-", "sh", "-c", script, description])
        #expect(added.status == 0, "keyctl: \(added.error)")
        let read = try present(keyring.read(description: description))
        let matches5 = read.isEqual(to: Array("from-keyctl".utf8))
        #expect(matches5)
        #expect(try keyring.remove(description: description))
        #expect(try !keyring.has(description))
    }

    /// Stored keys carry exactly: possessor all; user view, read, search (see `KernelKeyring`).
    @Test func storedKeyPermissions() throws {
        let description = uniqueDescription()
        defer { _ = try? keyring.remove(description: description) }
        let payload = try SystemEntropy().secureBytesCopy(32)
        try keyring.store(description: description, payload: payload, timeoutSeconds: 60)
        let described = try run("/usr/bin/keyctl", ["rdescribe", "%user:\(description)"])
        #expect(described.output.hasPrefix("user;"), "keyctl rdescribe: \(described.error)")
        #expect(described.output.split(separator: ";").dropFirst(3).first == "3f0b0000")
    }
}

extension KernelKeyring {
    /// Whether a live key has that description.
    fileprivate func has(_ description: String) throws -> Bool { try read(description: description) != nil }
}

extension SystemEntropy {
    fileprivate func secureBytesCopy(_ count: Int) throws -> SecureBytes {
        var entropy = self
        return try entropy.secureBytes(count)
    }
}

/// The secret, or a recorded failure (`#require` does not take noncopyable values).
private func present(
    _ value: consuming SecureBytes?, sourceLocation: SourceLocation = #_sourceLocation
) throws -> SecureBytes {
    switch consume value {
    case .some(let secret): return secret
    case .none:
        Issue.record("no key under that description", sourceLocation: sourceLocation)
        throw Absent()
    }
}

private struct Absent: Error {}

private func uniqueDescription() -> String {
    "vault-test:\(UInt64.random(in: 0...UInt64.max))"
}

private struct Ran {
    var status: Int32
    var output: String
    var error: String
}

private func run(_ executable: String, _ arguments: [String]) throws -> Ran {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let output = out.fileHandleForReading.readDataToEndOfFile()
    let error = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Ran(
        status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
        error: String(decoding: error, as: UTF8.self))
}
