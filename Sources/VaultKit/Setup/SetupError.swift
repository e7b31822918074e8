// Setup, doctor and settings: every error, with its message and hint.

// To add an error: (1) a case here, carrying its data; (2) its words in the `problem` and `hint`
// switches (and `exitCode` if not 1); (3) the compiler then asks for its `Kind` and for an
// example in `examples(of:)` (below); (4) UPDATE_SNAPSHOTS=1 swift test --filter
// ErrorCatalogueTests adds it to docs/commands.md. Never a message outside these switches.

/// Setup, doctor and settings.
public enum SetupError: ErrorMessage {
    case badMaxSessionDuration
    case notAnIAMUser(profile: String, arn: String)
    case roleDiffers(role: String, differences: [String])
    case roleNotVerified(profile: String)
    case cannotWriteConfig(path: String, detail: String)
    /// `vault config KEY VALUE` with a key that is not a setting; `known` lists the settings.
    case unknownSetting(String, known: [String])
    /// `vault config KEY` with a key that is not a setting.
    case unknownSettingToShow(String)
    case cannotWriteSettings(path: String, detail: String)

    // MARK: vault config's values (issue 19, items 3 and 23)
    /// `vault config KEY VALUE` with a value outside the key's rule (`rule` says what is valid).
    case invalidSettingValue(key: String, value: String, rule: String)
    /// A value in the settings file that is outside its key's rule (found when read).
    case invalidStoredSetting(key: String, value: String, rule: String, path: String)
    /// `vault config --unset` without a setting to unset.
    case unsetWithoutKey
    /// `vault config KEY VALUE EXTRA…`.
    case tooManySettingValues(key: String)

    public var problem: String {
        switch self {
        case .badMaxSessionDuration: return "a role's maximum session must be 1–12 hours"
        case .notAnIAMUser(let profile, let arn): return "'\(escaped(profile))' is not an IAM user (\(escaped(arn)))"
        case .roleDiffers(let role, let differences):
            return "role \(role) exists but differs: " + differences.joined(separator: "; ")
        case .roleNotVerified: return "the role could not be verified"
        case .cannotWriteConfig(let path, let detail), .cannotWriteSettings(let path, let detail):
            return "cannot write \(path): \(detail)"
        case .unknownSetting(let key, _), .unknownSettingToShow(let key): return "'\(key)' is not a vault setting"
        case .invalidSettingValue(let key, let value, let rule):
            return "'\(escaped(value))' is not a valid \(key): \(rule)"
        case .invalidStoredSetting(let key, let value, let rule, let path):
            return "\(path) has an invalid \(key) '\(escaped(value))' (\(rule))"
        case .unsetWithoutKey:
            return "--unset needs the setting to remove"
        case .tooManySettingValues(let key):
            return "\(key) takes one value"
        }
    }

    public var hint: String {
        switch self {
        case .badMaxSessionDuration: return "use --max-session-duration between 1h and 12h"
        case .notAnIAMUser: return "setup needs the long-term keys of the user who will assume the role"
        case .roleDiffers:
            return "nothing was changed; run again with --update to apply vault's settings (--dry-run shows them)"
        case .roleNotVerified(let profile): return "run vault assume \(profile)"
        case .cannotWriteConfig(let path, _): return "check the folder's permissions; \(path) was left as it was"
        case .unknownSetting(_, let known): return "settings: \(known.joined(separator: ", "))"
        case .unknownSettingToShow: return "run vault config to list them"
        case .cannotWriteSettings: return "check the folder's permissions"
        case .invalidSettingValue(let key, _, _):
            return "nothing was written; run vault config to see the settings, e.g. vault config \(key) VALUE"
        case .invalidStoredSetting(let key, _, _, _):
            return "set a valid value with vault config \(key) VALUE, or remove it with vault config --unset \(key)"
        case .unsetWithoutKey:
            return "vault config --unset KEY (vault config lists the settings)"
        case .tooManySettingValues(let key):
            return "quote a value with spaces: vault config \(key) 'VALUE'"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .badMaxSessionDuration, .unknownSetting, .unknownSettingToShow: return 2
        case .invalidSettingValue, .unsetWithoutKey, .tooManySettingValues: return 2
        default: return 1
        }
    }
}

extension SetupError {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case badMaxSessionDuration, notAnIAMUser, roleDiffers, roleNotVerified, cannotWriteConfig,
            unknownSetting, unknownSettingToShow, cannotWriteSettings,
            invalidSettingValue, invalidStoredSetting, unsetWithoutKey, tooManySettingValues
    }

    public var kind: Kind {
        switch self {
        case .badMaxSessionDuration: return .badMaxSessionDuration
        case .notAnIAMUser: return .notAnIAMUser
        case .roleDiffers: return .roleDiffers
        case .roleNotVerified: return .roleNotVerified
        case .cannotWriteConfig: return .cannotWriteConfig
        case .unknownSetting: return .unknownSetting
        case .unknownSettingToShow: return .unknownSettingToShow
        case .cannotWriteSettings: return .cannotWriteSettings
        case .invalidSettingValue: return .invalidSettingValue
        case .invalidStoredSetting: return .invalidStoredSetting
        case .unsetWithoutKey: return .unsetWithoutKey
        case .tooManySettingValues: return .tooManySettingValues
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .badMaxSessionDuration: return [.badMaxSessionDuration]
        case .notAnIAMUser:
            return [.notAnIAMUser(profile: "default", arn: "arn:aws:sts::123456789012:assumed-role/R/s")]
        case .roleDiffers:
            return [
                .roleDiffers(
                    role: "PowerUserRole",
                    differences: ["MaxSessionDuration is 3600, not 43200", "the trust policy differs"])
            ]
        case .roleNotVerified: return [.roleNotVerified(profile: "mfa")]
        case .cannotWriteConfig:
            return [
                .cannotWriteConfig(
                    path: "/home/me/.aws/config", detail: "rename /home/me/.aws/config: Permission denied")
            ]
        case .unknownSetting: return [.unknownSetting("max-age", known: ["key-max-age-days"])]
        case .unknownSettingToShow: return [.unknownSettingToShow("max-age")]
        case .cannotWriteSettings:
            return [.cannotWriteSettings(path: "/home/me/.config/vault/settings", detail: "rename: Permission denied")]
        case .invalidSettingValue:
            return [
                .invalidSettingValue(key: "key-max-age-days", value: "abc", rule: "a whole number of days, 1–36500")
            ]
        case .invalidStoredSetting:
            return [
                .invalidStoredSetting(
                    key: "key-max-age-days", value: "0", rule: "a whole number of days, 1–36500",
                    path: "/home/me/.config/vault/settings")
            ]
        case .unsetWithoutKey:
            return [.unsetWithoutKey]
        case .tooManySettingValues:
            return [.tooManySettingValues(key: "admin-profile")]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
