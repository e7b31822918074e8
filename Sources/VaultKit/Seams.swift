import VaultCrypto

/// Questions vault asks a person: `TerminalPrompter` asks on `/dev/tty`; in tests,
/// `FakePrompter` (Tests/TestSupport) answers from a script and records each question.
public protocol Prompter {
    /// Whether a person can be asked at all (a terminal exists and prompting is allowed).
    var canPrompt: Bool { get }
    /// Asks for a secret with echo off.
    func secret(_ prompt: String) throws(VaultError) -> SecureBytes
    /// Asks for a line of visible text.
    func line(_ prompt: String) throws(VaultError) -> String
    /// Asks a yes/no question; `false` unless the answer starts with y.
    func confirm(_ prompt: String) throws(VaultError) -> Bool
}

/// Where a Secret Service vault keeps its secret key: `SystemKeyring` (the desktop keyring); in
/// tests, `FakeKeyring` (Tests/TestSupport) keeps it in memory and records each call.
public protocol VaultKeyring {
    func store(_ secret: borrowing SecureBytes, label: String, attributes: [String: String]) throws(VaultError)
    func lookup(attributes: [String: String]) throws(VaultError) -> SecureBytes
    func remove(attributes: [String: String]) throws(VaultError) -> Bool
}
