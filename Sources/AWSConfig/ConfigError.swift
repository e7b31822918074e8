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

    public var problem: String {
        switch self {
        case .malformed(let file, let line, let reason):
            return "The AWS \(file.rawValue) file cannot be read at line \(line): \(reason)."
        case .unknownProfile(let name, _):
            return "There is no AWS profile named \(quoted(name))."
        case .sourceProfileCycle(let profiles):
            return "The source_profile settings form a loop: \(profiles.map(quoted).joined(separator: " -> "))."
        case .missingSourceProfile(let profile, let source):
            return
                "Profile \(quoted(profile)) has source_profile = \(source), but there is no profile \(quoted(source))."
        case .noSourceProfile(let profile):
            return "Profile \(quoted(profile)) has a role_arn but no source_profile to assume it with."
        case .unsupported(let profile, let key):
            return "Profile \(quoted(profile)) uses \(key), which vault does not support."
        case .invalidValue(let profile, let key, let value, let reason):
            return "Profile \(quoted(profile)) has an unusable \(key) (\(quoted(value))): \(reason)."
        case .chainTooLong(let profiles):
            return
                "Profile \(quoted(profiles.first ?? "")) needs more than \(ProfileResolver.maximumHops) role hops, the most vault follows."
        }
    }

    public var hint: String {
        switch self {
        case .malformed(let file, _, _):
            return "Fix that line in the \(file.rawValue) file; the AWS CLI cannot read the file either."
        case .unknownProfile(_, let suggestions):
            if suggestions.isEmpty {
                return "Run `vault list` to see the profiles in ~/.aws/config and ~/.aws/credentials."
            }
            return "Did you mean \(suggestions.map(quoted).joined(separator: ", "))?"
        case .sourceProfileCycle:
            return "Point one of these profiles' source_profile at a profile that holds long-term keys."
        case .missingSourceProfile(_, let source):
            return "Add a [profile \(source)] section, or fix the source_profile name."
        case .noSourceProfile:
            return "Add source_profile = <profile with long-term keys> to that profile."
        case .unsupported(_, let key):
            return "Use the AWS CLI for this profile, or remove \(key) and give it a source_profile with keys in vault."
        case .invalidValue(_, let key, let value, let reason):
            if reason.hasPrefix("it cannot be written") {
                return "Use no line breaks and no leading or trailing spaces; a key cannot contain `=` or `:`."
            }
            if key == "duration_seconds" { return "Use a whole number of seconds from 900 to 43200." }
            if value.unicodeScalars.contains("\n") || value.isEmpty {
                return "Put the whole value on the same line as `\(key) =`, and do not indent the line after it."
            }
            return "Correct \(key) in ~/.aws/config, or remove it."
        case .chainTooLong:
            return "Point a source_profile closer to the profile that holds long-term keys."
        }
    }

    public var description: String { "\(problem)\n\(hint)" }
}

private func quoted(_ s: String) -> String { "\"\(s)\"" }
