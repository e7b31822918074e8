// The checks `ProfileResolver.resolve` makes on the profiles of a chain. botocore passes most
// values to STS unchecked (and silently drops a non-numeric duration_seconds, credentials.py
// `_get_role_config`); vault rejects them before asking for an MFA code.

enum Validation {
    /// Keys naming a credential source that botocore would use for a role hop instead of
    /// `source_profile` (credentials.py `_get_role_config`, `_has_assume_role_config_vars`).
    static let unsupportedForRole = ["credential_source", "web_identity_token_file"]

    static func roleHop(_ profile: Profile) throws(ConfigError) -> RoleHop {
        for key in unsupportedForRole where profile.raw[key] != nil {
            throw .unsupported(profile: profile.name, key: key)
        }
        let roleARN = try required(profile, "role_arn")
        for key in ["source_profile", "mfa_serial", "external_id", "role_session_name", "duration_seconds"] {
            try checkSingleLine(profile, key)
        }
        try checkCommand(profile, "mfa_process")
        var duration: Int? = nil
        if let text = profile.raw["duration_seconds"]?.stringValue {
            guard let seconds = Profile.decimal(text), (900...43200).contains(seconds) else {
                throw .invalidValue(
                    profile: profile.name, key: "duration_seconds", value: text,
                    reason: "it must be a whole number of seconds from 900 to 43200")
            }
            duration = seconds
        }
        return RoleHop(
            profile: profile.name, roleARN: roleARN, mfaSerial: profile.mfaSerial, mfaProcess: profile.mfaProcess,
            durationSeconds: duration, externalID: profile.externalID, roleSessionName: profile.roleSessionName)
    }

    /// The root's keys come from vault, so any key that makes botocore take credentials from
    /// somewhere else first (credentials.py `ProfileProviderBuilder.providers`: web identity,
    /// SSO and login come before keys) is unsupported. vault is stricter than botocore about
    /// SSO: any `sso_*` key counts, where botocore needs `sso_account_id` or `sso_role_name`.
    static func checkRoot(_ profile: Profile) throws(ConfigError) {
        let keys = profile.raw.keys.sorted()
        if profile.raw["web_identity_token_file"] != nil {
            throw .unsupported(profile: profile.name, key: "web_identity_token_file")
        }
        if let sso = keys.first(where: { $0 == "sso_session" }) ?? keys.first(where: { $0.hasPrefix("sso_") }) {
            throw .unsupported(profile: profile.name, key: sso)
        }
        if profile.raw["login_session"] != nil { throw .unsupported(profile: profile.name, key: "login_session") }
        try checkSingleLine(profile, "mfa_serial")
        try checkCommand(profile, "mfa_process")
        try checkCommand(profile, "credential_process")
    }

    static func required(_ profile: Profile, _ key: String) throws(ConfigError) -> String {
        try checkSingleLine(profile, key)
        guard let value = profile.raw[key]?.stringValue else {
            throw .invalidValue(profile: profile.name, key: key, value: "", reason: "it is missing")
        }
        return value
    }

    /// A plain, non-empty, one-line value: an indented line after `key = ...` continues the
    /// value, which is almost always a mistake for an ARN or a name.
    static func checkSingleLine(_ profile: Profile, _ key: String) throws(ConfigError) {
        switch profile.raw[key] {
        case nil:
            return
        case .subsection(let values):
            let shown = values.keys.sorted().map { "\($0) = \(values[$0]!)" }.joined(separator: "; ")
            throw .invalidValue(
                profile: profile.name, key: key, value: shown, reason: "it is empty and followed by indented lines")
        case .string(let value):
            if value.isEmpty {
                throw .invalidValue(profile: profile.name, key: key, value: value, reason: "it is empty")
            }
            if value.unicodeScalars.contains("\n") {
                throw .invalidValue(
                    profile: profile.name, key: key, value: value,
                    reason: "it continues onto an indented line below it")
            }
        }
    }

    /// A command may span continuation lines (botocore splits `credential_process` like a shell
    /// would), but must be a plain, non-empty value.
    static func checkCommand(_ profile: Profile, _ key: String) throws(ConfigError) {
        switch profile.raw[key] {
        case nil:
            return
        case .subsection:
            throw .invalidValue(
                profile: profile.name, key: key, value: "", reason: "it is empty and followed by indented lines")
        case .string(let value):
            if value.isEmpty {
                throw .invalidValue(profile: profile.name, key: key, value: value, reason: "it is empty")
            }
        }
    }
}
