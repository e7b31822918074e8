/// Everything that can go wrong reading or resolving AWS profiles, each with a one-line `problem`
/// and a one-line `hint` for the user.
public enum ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file cannot be parsed; botocore (and so the AWS CLI) rejects it too.
    case malformed(file: ConfigFile.Kind, line: Int, reason: String)
    /// No profile of that name in either file.
    case unknownProfile(name: String, suggestions: [String])
    /// `source_profile` references loop; the list starts and ends with the same profile.
    case sourceProfileCycle([String])
    /// A `source_profile` names a profile that does not exist.
    case missingSourceProfile(profile: String, source: String)
    /// A profile has `role_arn` but neither `source_profile` nor `credential_source`.
    case noSourceProfile(profile: String)
    /// The profile needs a credential source vault does not provide (SSO, web identity, ...).
    case unsupported(profile: String, key: String)
    /// A value vault needs is unusable.
    case invalidValue(profile: String, key: String, value: String, reason: String)
    /// More role hops than `ProfileResolver.maximumHops`; the profiles followed, requested one first.
    case chainTooLong([String])

    // MARK: IAM Identity Center (issue 18)
    /// A profile (or `sso-session NAME`) lacks keys an SSO login needs.
    case ssoIncomplete(profile: String, missing: [String])
    /// `sso_session` names no `[sso-session NAME]` section (profile nil: asked for by name).
    case unknownSSOSession(profile: String?, session: String)
    /// A key is set differently in the profile and its sso-session.
    case ssoInconsistent(profile: String, key: String)
    /// No session named and the config has none or several.
    case ssoSessionNeeded(available: [String])

    public var problem: String {
        switch self {
        case .malformed(let file, let line, let reason):
            return "the AWS \(file.rawValue) file cannot be read at line \(line): \(shown(reason, limit: 240))"
        case .unknownProfile(let name, _):
            return "there is no AWS profile named \(quoted(name))"
        case .sourceProfileCycle(let profiles):
            return "the source_profile settings form a loop: \(profiles.map(quoted).joined(separator: " -> "))"
        case .missingSourceProfile(let profile, let source):
            return
                "profile \(quoted(profile)) has source_profile = \(shown(source)), but there is no profile \(quoted(source))"
        case .noSourceProfile(let profile):
            return "profile \(quoted(profile)) has a role_arn but no source_profile to assume it with"
        case .unsupported(let profile, let key):
            return "profile \(quoted(profile)) uses \(shown(key)), which vault does not support"
        case .invalidValue(let profile, let key, let value, let reason):
            return "profile \(quoted(profile)) has an unusable \(shown(key)) (\(quoted(value))): \(reason)"
        case .chainTooLong(let profiles):
            return
                "profile \(quoted(profiles.first ?? "")) needs more than \(ProfileResolver.maximumHops) role hops, the most vault follows"
        case .ssoIncomplete(let profile, let missing):
            return
                "profile \(quoted(profile)) is configured for IAM Identity Center but lacks \(missing.map { shown($0) }.joined(separator: ", "))"
        case .unknownSSOSession(let profile, let session):
            return profile.map {
                "profile \(quoted($0)) has sso_session = \(shown(session)), but there is no [sso-session \(shown(session))]"
            }
                ?? "there is no [sso-session \(shown(session))] in ~/.aws/config (nor an SSO profile of that name)"
        case .ssoInconsistent(let profile, let key):
            return "profile \(quoted(profile)) sets \(shown(key)) differently from its sso-session"
        case .ssoSessionNeeded(let available):
            return available.isEmpty
                ? "there is no [sso-session NAME] section in ~/.aws/config"
                : "several sso-sessions are configured: \(available.map(quoted).joined(separator: ", "))"
        }
    }

    public var hint: String {
        switch self {
        case .malformed(let file, _, _):
            return "fix that line in the \(file.rawValue) file; the AWS CLI cannot read the file either"
        case .unknownProfile(_, let suggestions):
            if suggestions.isEmpty {
                return "run `vault list` to see the profiles in ~/.aws/config and ~/.aws/credentials"
            }
            return "did you mean \(suggestions.map(quoted).joined(separator: ", "))?"
        case .sourceProfileCycle:
            return "point one of these profiles' source_profile at a profile that holds long-term keys"
        case .missingSourceProfile(_, let source):
            return "add a [profile \(shown(source))] section, or fix the source_profile name"
        case .noSourceProfile:
            return "add source_profile = <profile with long-term keys> to that profile"
        case .unsupported(_, let key):
            return
                "use the AWS CLI for this profile, or remove \(shown(key)) and give it a source_profile with keys in vault"
        case .invalidValue(_, let key, let value, let reason):
            if reason.hasPrefix("it cannot be written") {
                return "use no line breaks and no leading or trailing spaces; a key cannot contain `=` or `:`"
            }
            if key == "duration_seconds" { return "use a whole number of seconds from 900 to 43200" }
            if value.unicodeScalars.contains("\n") || value.isEmpty {
                return "put the whole value on the same line as `\(shown(key)) =`, and do not indent the line after it"
            }
            return "correct \(shown(key)) in ~/.aws/config, or remove it"
        case .chainTooLong:
            return "point a source_profile closer to the profile that holds long-term keys"
        case .ssoIncomplete:
            return "add them to the profile or to its [sso-session NAME] section (see `vault help sso`)"
        case .unknownSSOSession:
            return "add an [sso-session NAME] section with sso_start_url and sso_region, or fix the name"
        case .ssoInconsistent(_, let key):
            return "keep \(shown(key)) in the [sso-session] section only"
        case .ssoSessionNeeded(let available):
            return available.isEmpty
                ? "add [sso-session NAME] with sso_start_url and sso_region, or name an SSO profile"
                : "name one: vault sso login \(shown(available[0]))"
        }
    }

    public var description: String { "\(problem)\n\(hint)" }
}

private func quoted(_ s: String) -> String { "\"\(shown(s))\"" }

/// Text from a config file as it may appear in a one-line message: control characters and
/// Unicode line, paragraph and direction marks escaped, at most `limit` characters (then `…`), so
/// that a hostile file can neither break the two-line error, flood the terminal nor drive it.
func shown(_ text: String, limit: Int = 80) -> String {
    var out = ""
    var count = 0
    for scalar in text.unicodeScalars {
        if count == limit { return out + "…" }
        count += 1
        switch scalar.value {
        case 0x0A: out += "\\n"
        case 0x0D: out += "\\r"
        case 0x09: out += "\\t"
        case 0x00..<0x20, 0x7F..<0xA0, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
            out += "\\u{" + String(scalar.value, radix: 16) + "}"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out
}
