// What `vault setup` is asked to create, and what it reports.
/// What `vault setup` is asked to create (the article's setup).
public struct SetupRequest {
    public var roleName: String
    public var mfaSerial: String
    public var profile: String
    public var sourceProfile: String
    /// The profile whose keys sign the IAM calls (an admin); nil: the source profile itself.
    public var usingProfile: String?
    public var policyARNs: [String]
    public var maxSessionDuration: Int
    public var trust: [String]
    public var region: String?
    public var dryRun: Bool
    public var update: Bool
    /// Prove the profile works by assuming the role (with this MFA code, or one asked for).
    public var verifyWithMFACode: String?
    public var verify: Bool = false

    public init(
        roleName: String, mfaSerial: String, profile: String, sourceProfile: String = "default",
        usingProfile: String? = nil,
        policyARNs: [String] = [],
        maxSessionDuration: Int = 3600, trust: [String] = [], region: String? = nil, dryRun: Bool = false,
        update: Bool = false
    ) {
        self.roleName = roleName
        self.mfaSerial = mfaSerial
        self.profile = profile
        self.sourceProfile = sourceProfile
        self.usingProfile = usingProfile
        self.policyARNs = policyARNs.isEmpty ? [Policies.powerUserAccess] : policyARNs
        self.maxSessionDuration = maxSessionDuration
        self.trust = trust
        self.region = region
        self.dryRun = dryRun
        self.update = update
    }
}

/// What setup did, found or would do; `changes` empty means "already set up".
public struct SetupReport {
    public var roleARN = ""
    public var changes: [String] = []
    public var differences: [String] = []
    public var notes: [String] = []
    public var documents: [(title: String, text: String)] = []
}
