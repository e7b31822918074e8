// Whether role profiles use an MFA session, and how long one lasts (settings and profile keys).
import AWSConfig

/// `--no-mfa-session` / the `mfa-session` setting, and `mfa_session_duration` / `mfa-session-duration`.
enum MFASessionPolicy {
    /// 8 hours, as aws-vault's default for GetSessionToken.
    static let defaultSeconds = 28_800
    /// AWS's limits for GetSessionToken called by an IAM user.
    static let allowedSeconds = 900...129_600

    /// The request's choice (`--no-mfa-session`), else the `mfa-session` setting (default on).
    static func enabled(_ request: SessionRequest, environment: [String: String]) throws(VaultError) -> Bool {
        if let chosen = request.mfaSession { return chosen }
        switch (try? Settings(environment: environment))?["mfa-session"] {
        case nil, "on": return true
        case "off": return false
        case let other?: throw .mfaSession(.invalidSwitch(value: other))
        }
    }

    /// `mfa_session_duration` of the source profile (the session is its key's), else of the
    /// requested profile, else the `mfa-session-duration` setting, else 8 hours.
    static func seconds(_ chain: ResolvedChain, environment: [String: String]) throws(VaultError) -> Int {
        for profile in [chain.root, chain.profile] {
            if let text = profile.raw["mfa_session_duration"]?.stringValue {
                let section = profile.name == "default" ? "[default]" : "[profile \(profile.name)]"
                return try parse(text, source: "mfa_session_duration in \(section)")
            }
        }
        if let text = (try? Settings(environment: environment))?["mfa-session-duration"] {
            return try parse(text, source: "the vault setting mfa-session-duration")
        }
        return defaultSeconds
    }

    /// Whole seconds, or a number with `s`, `m` or `h`, within AWS's limits.
    static func parse(_ text: String, source: String) throws(VaultError) -> Int {
        var digits = text.trimmingSpaces
        var unit = 1
        if let last = digits.last, let multiplier = ["s": 1, "m": 60, "h": 3600][String(last)] {
            unit = multiplier
            digits.removeLast()
        }
        guard (1...7).contains(digits.utf8.count), digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let number = Int(digits), allowedSeconds.contains(number * unit)
        else { throw .mfaSession(.invalidDuration(value: text, source: source)) }
        return number * unit
    }
}
