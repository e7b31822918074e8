// Setup, doctor and settings: every error, with its message and hint.

// To add an error: add a case (carrying its data) and its lines in `problem` and `hint` (and
// `exitCode` if not 1).

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
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .badMaxSessionDuration, .unknownSetting, .unknownSettingToShow: return 2
        default: return 1
        }
    }
}
