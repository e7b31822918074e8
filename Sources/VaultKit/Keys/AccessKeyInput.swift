#if canImport(Glibc)
import Glibc
#endif
import VaultCrypto
import VaultFormat

/// Where `vault add` reads a key from.
public enum AccessKeyInput {
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (`--env`).
    case environment
    /// Asked on the terminal, the secret with echo off.
    case terminal
    /// Two lines on standard input: the key id, then the secret.
    case standardInput

    /// The terminal when stdin is one, else standard input.
    public static var automatic: AccessKeyInput { isatty(0) == 1 ? .terminal : .standardInput }

    /// Reads and validates the key. The secret goes straight into locked memory.
    public func read(context: VaultContext) throws(VaultError) -> AccessKey {
        switch self {
        case .environment:
            guard let id = context.environment["AWS_ACCESS_KEY_ID"],
                let secret = context.environment["AWS_SECRET_ACCESS_KEY"]
            else {
                throw VaultError.keys(.envKeysMissing)
            }
            var bytes = Array(secret.utf8)
            return try Self.validated(id: id, secret: Self.lock(&bytes))
        case .terminal:
            let id = try context.prompter.line("Access key ID: ")
            let secret = try context.prompter.secret("Secret access key: ")
            return try Self.validated(id: id, secret: secret)
        case .standardInput:
            let idBytes = try LineReader.readSecretLine(fd: 0, limit: 256)
            let id = idBytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            guard !id.trimmingSpaces.isEmpty else { throw .keys(.noKeyInput) }
            let secret = try LineReader.readSecretLine(fd: 0, limit: 256)
            return try Self.validated(id: id, secret: secret)
        }
    }

    static func validated(id: String, secret: consuming SecureBytes) throws(VaultError) -> AccessKey {
        let trimmed = id.trimmingSpaces
        do {
            return try AccessKey(accessKeyID: trimmed, secretAccessKey: secret)
        } catch {
            throw describe(error)
        }
    }

    static func describe(_ error: AccessKeyError) -> VaultError {
        switch error {
        case .malformedAccessKeyID:
            return VaultError.keys(.notAnAccessKeyID)
        case .malformedSecret(let length):
            return VaultError.keys(.notASecretKey(length: length))
        }
    }

    static func lock(_ bytes: inout [UInt8]) throws(VaultError) -> SecureBytes {
        do { return try SecureBytes(takingAndWiping: &bytes) } catch {
            throw VaultError.system(.lockedMemory)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
