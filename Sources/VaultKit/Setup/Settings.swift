// vault's own settings file (`vault config`): reading, validating and writing it.
#if canImport(Glibc)
import Glibc
#endif
import VaultFormat
import VaultStore

/// vault's own settings, `$XDG_CONFIG_HOME/vault/config`: `key = value` lines.
public struct Settings {
    public let path: String
    public private(set) var values: [String: String] = [:]

    /// The known keys and what they mean.
    public static let keys: [String: String] = [
        "admin-profile": "the profile deactivate-admin-keys / activate-admin-keys use by default (else 'admin')",
        "key-max-age-days": "vault list warns about keys older than this (default 90)",
        "mfa-session":
            "on (default): one MFA code signs every role of a source profile for a while; off: a code per role",
        "mfa-session-duration": "how long an MFA session lasts: seconds, or 90m, 8h (default 8h, at most 36h)",
        "unlock-duration": "how long vault unlock keeps the vault open by default (15m; at most 12h)",
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

    /// What a valid value of `key` is, in words; nil for a value that follows it.
    static func violation(_ key: String, _ value: String) -> String? {
        switch key {
        case "key-max-age-days":
            guard let days = Int(value), (1...36500).contains(days) else {
                return "a whole number of days from 1 to 36500"
            }
            return nil
        case "admin-profile":
            return VaultEntry.isValidProfileName(value) ? nil : "not a valid profile name (the rule vault add uses)"
        case "mfa-session":
            return value == "on" || value == "off" ? nil : "on or off"
        case "mfa-session-duration":
            let valid = (try? MFASessionPolicy.parse(value, source: "mfa-session-duration")) != nil
            return valid ? nil : "seconds, or like 90m, 8h, from 15m to 36h (AWS's limits for GetSessionToken)"
        default:
            return nil
        }
    }

    /// The stored value of `key` if it is valid; an invalid one is reported through `notice` and
    /// ignored (the default applies).
    public func valid(_ key: String, notice: (String) -> Void) -> String? {
        guard let value = values[key] else { return nil }
        guard let rule = Self.violation(key, value) else { return value }
        let error = SetupError.invalidStoredSetting(key: key, value: value, rule: rule, path: path)
        notice("warning: \(error.problem); it is ignored\nhint: \(error.hint)")
        return nil
    }

    /// The `key-max-age-days` setting, when valid.
    public func keyMaxAgeDays(notice: (String) -> Void) -> Int? {
        valid("key-max-age-days", notice: notice).flatMap { Int($0) }
    }

    /// Sets (or with nil removes) a key and writes the file atomically.
    public mutating func set(_ key: String, _ value: String?) throws(VaultError) {
        guard Self.keys[key] != nil else {
            throw VaultError.setup(.unknownSetting(key, known: Self.keys.keys.sorted()))
        }
        if let value, let rule = Self.violation(key, value) {
            throw .setup(.invalidSettingValue(key: key, value: value, rule: rule))
        }
        if key == UnlockDuration.settingKey, let value { _ = try UnlockDuration.seconds(value, setting: true) }
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
