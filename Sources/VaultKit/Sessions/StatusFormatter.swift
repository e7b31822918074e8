import VaultBase

/// `vault status` output: lines for people, JSON for scripts (shape in docs/commands.md).
public enum StatusFormatter {
    /// The vault and its lock, the session cache with each session's time left, admin keys.
    public static func text(_ status: VaultStatus) -> String {
        var lines: [String] = []
        if let backend = status.backend, let lock = status.lock {
            let count = "\(status.profileCount) profile\(status.profileCount == 1 ? "" : "s")"
            lines.append("vault:      \(status.path) (backend: \(backend.rawValue), \(count))")
            let open = status.unlockedSecondsLeft != nil
            lines.append("locked:     \(open ? "no: unlocked for a while (vault lock ends it)" : lock.explanation)")
            lines.append("unlock:     \(unlockWindow(status.unlockedSecondsLeft))")
        } else if let problem = status.problem {
            lines.append("vault:      \(status.path): \(problem.problem)")
        } else {
            lines.append("vault:      none at \(status.path) (vault add PROFILE creates it)")
        }
        lines.append(
            "cache:      \(status.cacheBackend.name)"
                + (status.cacheBackend == .none ? "" : ", in \(status.cacheDirectory)"))
        if status.sessions.isEmpty {
            lines.append("sessions:   none cached")
        } else {
            lines.append("sessions:")
            let width = max(7, status.sessions.map(\.profile.count).max() ?? 0) + 2
            for session in status.sessions {
                lines.append("  " + session.profile.padding(width) + describe(session))
            }
        }
        if !status.mfaSessions.isEmpty {
            lines.append("mfa sessions:")
            for mfa in status.mfaSessions {
                let session = CachedSessionStatus(
                    profile: mfa.sourceProfile, state: mfa.state, expiration: mfa.expiration,
                    secondsLeft: mfa.secondsLeft, reason: mfa.reason)
                lines.append(
                    "  " + mfa.sourceProfile + (mfa.mfaSerial.map { " (\($0))" } ?? "") + ": " + describe(session))
            }
        }
        if !status.adminKeys.isEmpty {
            lines.append("admin keys:")
            let width = max(7, status.adminKeys.map(\.profile.count).max() ?? 0) + 2
            for admin in status.adminKeys {
                let user = admin.user.map { " (user \($0))" } ?? ""
                let since = admin.since.map { " since \($0)" } ?? ""
                let state =
                    admin.state == "deactivating"
                    ? "deactivation unfinished: run vault deactivate-admin-keys" : admin.state
                lines.append("  " + admin.profile.padding(width) + state + since + user)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// "unlocked, 12 min left" or "locked" (`vault unlock` opens the window).
    static func unlockWindow(_ secondsLeft: Int64?) -> String {
        guard let secondsLeft else { return "locked" }
        return secondsLeft >= 60 ? "unlocked, \(secondsLeft / 60) min left" : "unlocked, \(secondsLeft) s left"
    }

    static func describe(_ session: CachedSessionStatus) -> String {
        switch session.state {
        case .valid:
            return
                "valid, \(Text.age(session.secondsLeft ?? 0)) left (until \(ISO8601.format(session.expiration ?? 0)))"
        case .expired:
            return "expired \(Text.age(-(session.secondsLeft ?? 0))) ago"
        case .unreadable:
            return "unreadable: \(session.reason)"
        }
    }

    /// `{"vault":{…},"session_cache":{…},"sessions":[…],"admin_keys":[…]}`; see docs/commands.md.
    public static func json(_ status: VaultStatus) -> String {
        func string(_ s: String?) -> String { s.map(JSONValue.quoted) ?? "null" }
        func number(_ n: Int64?) -> String { n.map { String($0) } ?? "null" }
        let vault =
            "{\"path\":\(string(status.path)),\"exists\":\(status.exists),\"backend\":\(string(status.backend?.rawValue)),"
            + "\"profiles\":\(status.profileCount),\"locked\":\(status.lock.map { String($0.isLocked && status.unlockedSecondsLeft == nil) } ?? "null"),"
            + "\"lock\":\(string(status.lock?.rawValue)),\"unlocked\":\(status.exists ? String(status.unlockedSecondsLeft != nil) : "null"),"
            + "\"unlocked_seconds_left\":\(number(status.unlockedSecondsLeft)),\"problem\":\(string(status.problem?.problem))}"
        let cache =
            "{\"backend\":\(string(status.cacheBackend.setting)),\"directory\":\(string(status.cacheDirectory))}"
        let sessions = status.sessions.map { s in
            "{\"profile\":\(string(s.profile)),\"state\":\(string(s.state.rawValue)),"
                + "\"expiration\":\(string(s.expiration.map(ISO8601.format))),\"seconds_left\":\(number(s.secondsLeft)),"
                + "\"reason\":\(string(s.reason.isEmpty ? nil : s.reason))}"
        }
        let admin = status.adminKeys.map { a in
            "{\"profile\":\(string(a.profile)),\"state\":\(string(a.state)),\"since\":\(string(a.since)),\"user\":\(string(a.user))}"
        }
        let mfa = status.mfaSessions.map { m in
            "{\"source_profile\":\(string(m.sourceProfile)),\"mfa_serial\":\(string(m.mfaSerial)),"
                + "\"state\":\(string(m.state.rawValue)),\"expiration\":\(string(m.expiration.map(ISO8601.format))),"
                + "\"seconds_left\":\(number(m.secondsLeft)),\"reason\":\(string(m.reason.isEmpty ? nil : m.reason))}"
        }
        return "{\"vault\":\(vault),\"session_cache\":\(cache),\"sessions\":[\(sessions.joined(separator: ","))],"
            + "\"admin_keys\":[\(admin.joined(separator: ","))],\"mfa_sessions\":[\(mfa.joined(separator: ","))]}"
    }
}
