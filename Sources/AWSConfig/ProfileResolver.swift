/// Profiles from both files, merged as botocore merges them, and the role chain behind each.
public struct ProfileResolver: Sendable {
    /// The most role hops `resolve` follows (botocore has no limit beyond cycle detection).
    public static let maximumHops = 16

    private let profiles: [String: Profile]
    /// `[sso-session NAME]` sections of the config file.
    let ssoSessions: [String: [String: ConfigValue]]

    /// Either file may be missing. A profile in both files gets the config values with the
    /// credentials values laid over them key by key (session.py `full_config`).
    public init(config: ConfigFile?, credentials: ConfigFile?) {
        let fromConfig = config?.profiles ?? [:]
        let fromCredentials = credentials?.profiles ?? [:]
        var profiles: [String: Profile] = [:]
        for name in Set(fromConfig.keys).union(fromCredentials.keys) {
            let merged = (fromConfig[name] ?? [:]).merging(fromCredentials[name] ?? [:]) { _, credential in credential }
            profiles[name] = Profile(
                name: name, raw: merged,
                hasStaticKeysInConfig: Profile.hasStaticKeys(fromConfig[name]),
                hasStaticKeysInCredentialsFile: Profile.hasStaticKeys(fromCredentials[name]))
        }
        self.profiles = profiles
        ssoSessions = config?.ssoSessions ?? [:]
    }

    /// Every profile name, sorted.
    public var profileNames: [String] { profiles.keys.sorted() }

    /// The merged profile, without validation.
    public func profile(_ name: String) -> Profile? { profiles[name] }

    /// Close names for a mistyped one: edit distance at most 2, a prefix either way, or a
    /// case-insensitive match; best first, at most five.
    public func suggestions(for name: String) -> [String] {
        Suggestions.closeNames(to: name, among: profiles.keys)
    }

    /// The chain for `name`, following botocore's `AssumeRoleProvider` (credentials.py):
    /// - the requested profile is a role hop when it has `role_arn` (its own keys are then used
    ///   only when `source_profile` names itself);
    /// - a source profile with `aws_access_key_id` or `aws_secret_access_key` is the root even if
    ///   it also has `role_arn`; one without keys but with `role_arn` is another hop;
    /// - revisiting a profile is a cycle, except a profile that sources itself and has keys.
    public func resolve(_ name: String) throws(ConfigError) -> ResolvedChain {
        guard let requested = profiles[name] else {
            throw .unknownProfile(name: name, suggestions: suggestions(for: name))
        }
        var hops: [RoleHop] = []
        var issues: [ChainIssue] = []
        var visited = [name]
        var current = requested
        var isRequested = true
        while true {
            let hasRole = current.raw["role_arn"] != nil
            if !isRequested && hasRole && current.hasStaticKeys && hops.last?.profile != current.name {
                issues.append(.sourceRoleIgnored(profile: current.name, roleARN: current.roleARN ?? ""))
            }
            guard hasRole && (isRequested || !current.hasStaticKeys) else { break }
            hops.append(try Validation.roleHop(current))
            if hops.count > Self.maximumHops { throw .chainTooLong(visited) }

            guard let sourceName = current.sourceProfile else { throw .noSourceProfile(profile: current.name) }
            guard let source = profiles[sourceName] else {
                throw .missingSourceProfile(profile: current.name, source: sourceName)
            }
            // credentials.py `_validate_source_profile`: only a self-reference with keys may repeat.
            if let first = visited.firstIndex(of: sourceName), sourceName != current.name || !source.hasStaticKeys {
                throw .sourceProfileCycle(Array(visited[first...]) + [sourceName])
            }
            visited.append(sourceName)
            current = source
            isRequested = false
        }
        let sso = try ssoSource(current)
        if sso == nil { try Validation.checkRoot(current) }
        hops.reverse()
        for hop in sso == nil ? hops.dropFirst() : hops[...] {
            if let seconds = hop.durationSeconds, seconds > 3600 {
                issues.append(.chainedDurationTooLong(profile: hop.profile, durationSeconds: seconds))
            }
        }
        return ResolvedChain(profile: requested, root: current, hops: hops, issues: issues, sso: sso)
    }
}
