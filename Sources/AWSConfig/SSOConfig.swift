// IAM Identity Center settings: `[sso-session NAME]` sections and the sso_* keys of a profile,
// resolved as botocore's SSOProvider resolves them (credentials.py `_load_sso_config`).

/// An IAM Identity Center login: the start URL and region to sign in at.
public struct SSOLogin: Hashable, Sendable {
    /// The `[sso-session NAME]` name; nil for the legacy form (start URL in the profile).
    public let session: String?
    public let startURL: String
    public let region: String
    /// `sso_registration_scopes`, comma separated in the file.
    public let scopes: [String]

    public init(session: String?, startURL: String, region: String, scopes: [String] = []) {
        self.session = session
        self.startURL = startURL
        self.region = region
        self.scopes = scopes
    }

    /// The AWS CLI token cache key (`~/.aws/sso/cache/<sha1(key)>.json`): the session name, or the
    /// start URL for the legacy form.
    public var cacheKey: String { session ?? startURL }

    /// What the user calls it: the session name, or the start URL.
    public var displayName: String { session ?? startURL }
}

/// Where an SSO profile's credentials come from: a login, an account and a role in it.
public struct SSOSource: Hashable, Sendable {
    public let login: SSOLogin
    public let accountID: String
    public let roleName: String

    public init(login: SSOLogin, accountID: String, roleName: String) {
        self.login = login
        self.accountID = accountID
        self.roleName = roleName
    }
}

extension ProfileResolver {
    /// botocore's SSOProvider applies when the profile has `sso_account_id` or `sso_role_name`.
    public static func isSSOProfile(_ profile: Profile) -> Bool {
        profile.raw["sso_account_id"] != nil || profile.raw["sso_role_name"] != nil
    }

    /// The profile's SSO source, or nil when it is not an SSO profile. A profile naming an
    /// `sso_session` takes the session's keys (a key in both must agree); the legacy form keeps
    /// `sso_start_url` and `sso_region` in the profile.
    public func ssoSource(_ profile: Profile) throws(ConfigError) -> SSOSource? {
        guard Self.isSSOProfile(profile) else { return nil }
        var values = profile.raw
        var required = ["sso_start_url", "sso_region", "sso_role_name", "sso_account_id"]
        let sessionName = profile.raw["sso_session"]?.stringValue
        if let sessionName {
            guard let session = ssoSessions[sessionName] else {
                throw .unknownSSOSession(profile: profile.name, session: sessionName)
            }
            for (key, value) in session {
                if let own = values[key], own != value { throw .ssoInconsistent(profile: profile.name, key: key) }
                values[key] = value
            }
            required.append("sso_session")
        }
        let missing = required.filter { values[$0] == nil }
        if !missing.isEmpty { throw .ssoIncomplete(profile: profile.name, missing: missing) }
        let merged = Profile(name: profile.name, raw: values)
        for key in required { try Validation.checkSingleLine(merged, key) }
        let login = SSOLogin(
            session: sessionName, startURL: values["sso_start_url"]!.stringValue!,
            region: values["sso_region"]!.stringValue!,
            scopes: Self.scopes(values["sso_registration_scopes"]?.stringValue))
        return SSOSource(
            login: login, accountID: values["sso_account_id"]!.stringValue!,
            roleName: values["sso_role_name"]!.stringValue!)
    }

    /// The login `name` names: an `[sso-session NAME]`, else a legacy SSO profile's start URL.
    /// With no name, the only sso-session of the file (or the only legacy start URL).
    public func ssoLogin(_ name: String?) throws(ConfigError) -> SSOLogin {
        if let name, let session = ssoSessions[name] {
            return try Self.login(session: name, session)
        }
        if let name, let profile = profile(name) {
            if let sessionName = profile.raw["sso_session"]?.stringValue { return try ssoLogin(sessionName) }
            if let url = profile.raw["sso_start_url"]?.stringValue, let region = profile.raw["sso_region"]?.stringValue
            {
                return SSOLogin(session: nil, startURL: url, region: region)
            }
        }
        if let name { throw .unknownSSOSession(profile: nil, session: name) }
        let sessions = ssoSessions.keys.sorted()
        guard sessions.count == 1 else { throw .ssoSessionNeeded(available: sessions) }
        return try ssoLogin(sessions[0])
    }

    /// The names of the `[sso-session NAME]` sections, sorted.
    public var ssoSessionNames: [String] { ssoSessions.keys.sorted() }

    static func login(session name: String, _ values: [String: ConfigValue]) throws(ConfigError) -> SSOLogin {
        let missing = ["sso_start_url", "sso_region"].filter { values[$0]?.stringValue == nil }
        if !missing.isEmpty { throw .ssoIncomplete(profile: "sso-session " + name, missing: missing) }
        return SSOLogin(
            session: name, startURL: values["sso_start_url"]!.stringValue!,
            region: values["sso_region"]!.stringValue!, scopes: scopes(values["sso_registration_scopes"]?.stringValue))
    }

    static func scopes(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop(while: { set.contains($0) }).reversed().drop(while: { set.contains($0) }).reversed())
    }
}
