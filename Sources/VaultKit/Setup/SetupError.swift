// Setup, doctor and vault's settings: every error, with its message and hint.

/// Setup, doctor and vault's settings.
public enum SetupError: ErrorMessage {
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
        // MARK: vault config's values (issue 19, items 3 and 23)
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
        // MARK: vault config's values (issue 19, items 3 and 23)
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
        case .invalidStoredSetting: return 1
        case .invalidSettingValue, .unsetWithoutKey, .tooManySettingValues: return 2
        }
    }
}
