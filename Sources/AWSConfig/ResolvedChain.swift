/// How to get credentials for a profile: long-term keys of `root`, then each role in `hops`.
public struct ResolvedChain: Hashable, Sendable {
    /// The profile that was asked for (its `region` is the one to use).
    public let profile: Profile
    /// The profile whose long-term keys start the chain; `profile` itself when it has no role.
    public let root: Profile
    /// Roles to assume in order: `hops[0]` with the root's keys, each later one with the previous
    /// role's credentials. The last one is `profile`'s role.
    public let hops: [RoleHop]
    /// Things the user should hear about before any call is made.
    public let issues: [ChainIssue]
    /// Set when the root is an IAM Identity Center profile: its role credentials start the chain
    /// instead of long-term keys (every hop is then role chaining, limited to one hour).
    public let sso: SSOSource?

    /// More than one role hop: AWS caps every chained session at one hour.
    public var isRoleChaining: Bool { hops.count > (sso == nil ? 1 : 0) }

    /// A chain from its parts.
    public init(profile: Profile, root: Profile, hops: [RoleHop], issues: [ChainIssue] = [], sso: SSOSource? = nil) {
        self.profile = profile
        self.root = root
        self.hops = hops
        self.issues = issues
        self.sso = sso
    }

    /// A profile with long-term keys and nothing else (e.g. one that exists only in the vault).
    public static func plain(_ name: String) -> ResolvedChain {
        let profile = Profile(name: name, raw: [:])
        return ResolvedChain(profile: profile, root: profile, hops: [])
    }
}

/// One `AssumeRole` call.
public struct RoleHop: Hashable, Sendable {
    /// The profile whose `role_arn` this is.
    public let profile: String
    public let roleARN: String
    public let mfaSerial: String?
    public let mfaProcess: String?
    public let durationSeconds: Int?
    public let externalID: String?
    public let roleSessionName: String?

    public init(
        profile: String, roleARN: String, mfaSerial: String? = nil, mfaProcess: String? = nil,
        durationSeconds: Int? = nil, externalID: String? = nil, roleSessionName: String? = nil
    ) {
        self.profile = profile
        self.roleARN = roleARN
        self.mfaSerial = mfaSerial
        self.mfaProcess = mfaProcess
        self.durationSeconds = durationSeconds
        self.externalID = externalID
        self.roleSessionName = roleSessionName
    }
}

/// A warning about a chain that resolved.
public enum ChainIssue: Hashable, Sendable {
    /// A chained hop asks for more than 3600 s; AWS rejects that (role chaining limit).
    case chainedDurationTooLong(profile: String, durationSeconds: Int)
    /// A source profile has long-term keys and a role_arn: its keys are used and its role is not
    /// assumed (botocore `_resolve_credentials_from_profile`).
    case sourceRoleIgnored(profile: String, roleARN: String)

    /// One line; names and values from the config are escaped and cut like `ConfigError`'s.
    public var problem: String {
        switch self {
        case .chainedDurationTooLong(let profile, let seconds):
            return
                "Profile \"\(shown(profile))\" asks for duration_seconds = \(seconds), but it is reached by role chaining, which AWS limits to 3600 seconds."
        case .sourceRoleIgnored(let profile, let role):
            return
                "Profile \"\(shown(profile))\" is used as a source_profile and has keys, so its role_arn (\(shown(role))) is not assumed."
        }
    }

    public var hint: String {
        switch self {
        case .chainedDurationTooLong:
            return
                "Set duration_seconds to 3600 or less on that profile, or source it from a profile with long-term keys."
        case .sourceRoleIgnored:
            return "This matches the AWS CLI; to assume that role too, source from a profile without keys that has it."
        }
    }
}
