#if canImport(Glibc)
import Glibc
#endif
import VaultStore

/// vault's own settings, `$XDG_CONFIG_HOME/vault/config`: `key = value` lines.
public struct Settings {
    public let path: String
    public private(set) var values: [String: String] = [:]

    /// The known keys and what they mean.
    public static let keys: [String: String] = [
        "admin-profile": "the profile deactivate-admin-keys / activate-admin-keys use by default (else 'admin')",
        "key-max-age-days": "vault list warns about keys older than this (default 90)",
    ]

    public init(environment: [String: String]) throws(VaultError) {
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? Paths.home(environment: environment)
            + "/.config"
        path = base + "/vault/config"
        guard let bytes = try AWSFiles.read(path) else { return }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let text = line.trimmingSpacesOfSubstring
            guard !text.isEmpty, !text.hasPrefix("#"), let eq = text.firstIndex(of: "=") else { continue }
            values[String(text[..<eq]).trimmingSpaces] = String(text[text.index(after: eq)...]).trimmingSpaces
        }
    }

    public subscript(key: String) -> String? { values[key] }

    /// Sets (or with nil removes) a key and writes the file atomically.
    public mutating func set(_ key: String, _ value: String?) throws(VaultError) {
        guard Self.keys[key] != nil else {
            throw VaultError.setup(.unknownSetting(key, known: Self.keys.keys.sorted()))
        }
        values[key] = value
        let text = values.keys.sorted().map { "\($0) = \(values[$0]!)\n" }.joined()
        do {
            try PrivateFile.prepareDirectory(Paths.directory(of: path))
            try AtomicFile.write(Array(text.utf8), to: path)
        } catch let error as VaultStoreError {
            throw .from(error)
        } catch {
            throw .cannotWrite(path, error) { .setup(.cannotWriteSettings(path: path, detail: $0)) }
        }
    }
}

extension Substring {
    var trimmingSpacesOfSubstring: String { String(self).trimmingSpaces }
}
