import AWSConfig

#if canImport(Glibc)
import Glibc
#endif

/// A role ARN taken apart: `arn:PARTITION:iam::ACCOUNT:role[/PATH]/NAME`.
public struct RoleARN: Equatable, Sendable {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    public let partition: String
    /// The 12-digit account id.
    public let account: String
    /// Path and name without the leading slash (`division_abc/role_XYZ`): what Switch Role calls
    /// the role name. AWS: "provide the complete path and role name".
    public let pathAndName: String

    /// Parses `arn`; throws when it is not an IAM role ARN.
    public init(parsing arn: String, profile: String) throws(VaultError) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let bad = VaultError.console(.badRoleARN(profile: profile, arn: String(arn.prefix(120))))
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, parts[2] == "iam", parts[3].isEmpty,
            parts[4].count == 12, parts[4].allSatisfy({ $0.isASCII && $0.isNumber }), parts[5].hasPrefix("role/")
        else { throw bad }
        let resource = parts[5].dropFirst("role/".count)
        guard let name = resource.split(separator: "/", omittingEmptySubsequences: false).last, !name.isEmpty,
            !resource.contains("//")
        else { throw bad }
        partition = String(parts[1])
        account = String(parts[4])
        pathAndName = String(resource)
    }
}

/// Where people sign in to the console in one AWS partition.
public struct SignInSite: Equatable, Sendable {
    /// The sign-in host (switch role and federation).
    public let host: String
    /// The console's home page, where a federated sign-in lands.
    public let console: String

    /// The partition's site (AWS Sign-In endpoints: the global one of each partition).
    public static func of(partition: String) throws(VaultError) -> SignInSite {
        switch partition {
        case "aws": return SignInSite(host: "signin.aws.amazon.com", console: "https://console.aws.amazon.com/")
        case "aws-cn": return SignInSite(host: "signin.amazonaws.cn", console: "https://console.amazonaws.cn/")
        case "aws-us-gov":
            return SignInSite(host: "signin.amazonaws-us-gov.com", console: "https://console.amazonaws-us-gov.com/")
        default:
            throw VaultError.console(.unknownPartition(partition))
        }
    }
}

/// The Switch Role link, and what the person should know about it.
public struct SwitchRoleLink: Equatable, Sendable {
    public let url: String
    /// Things that will stop the link from working, for stderr.
    public let notes: [String]
}

/// `vault console`: the web console's Switch Role link for a role profile. Reads ~/.aws/config
/// only: no unlock, no network.
public enum SwitchRole {
    /// The link for `profile`, whose `role_arn` names the role; `displayName` defaults to the profile.
    /// After the switch the console opens `page` when one is given.
    public static func link(
        profile: String, displayName: String?, color: String?, page: ConsolePage? = nil, context: VaultContext
    ) throws(VaultError) -> SwitchRoleLink {
        let chain = try SessionBroker(context: context).resolve(profile)
        guard let hop = chain.hops.last else { throw noRole(profile) }
        let role = try RoleARN(parsing: hop.roleARN, profile: hop.profile)
        let url = try self.url(role: role, displayName: displayName ?? profile, color: color, page: page)
        var notes: [String] = []
        // AWS: the combined path and role name may not exceed 64 characters for Switch Role.
        if role.pathAndName.count > 64 {
            notes.append(
                "note: the console's Switch Role accepts path + role name up to 64 characters; '\(role.pathAndName)' has \(role.pathAndName.count)"
            )
        }
        // AWS: "You cannot switch roles in the AWS Management Console to a role that requires an ExternalId".
        if hop.externalID != nil {
            notes.append(
                "note: '\(hop.profile)' sets external_id; the console cannot switch to a role that requires one (vault login \(profile) can)"
            )
        }
        // The console authorizes every switch with the signed-in user, never with another role.
        if chain.isRoleChaining {
            notes.append(
                "note: '\(profile)' is reached by role chaining; in the console the role must trust your signed-in user directly"
            )
        }
        return SwitchRoleLink(url: url, notes: notes)
    }

    /// `https://SITE/switchrole?roleName=…&account=…&displayName=…[&color=…][&redirect_uri=…]`,
    /// every value percent-encoded (RFC 3986 unreserved characters kept).
    public static func url(role: RoleARN, displayName: String, color: String?, page: ConsolePage? = nil)
        throws(VaultError) -> String
    {
        let site = try SignInSite.of(partition: role.partition)
        var parameters = [("roleName", role.pathAndName), ("account", role.account), ("displayName", displayName)]
        if let color { parameters.append(("color", color)) }
        if let page { parameters.append(("redirect_uri", page.url(on: site))) }
        return "https://\(site.host)/switchrole?" + PercentEncoding.query(parameters)
    }

    /// The colour as the console takes it (6 hex digits, no `#`), or nil when it is not one.
    public static func normalizedColor(_ text: String) -> String? {
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard digits.utf8.count == 6, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        return digits
    }

    static func noRole(_ profile: String) -> VaultError {
        VaultError.console(.noRole(profile: profile))
    }
}

/// RFC 3986 percent-encoding for query values: every byte but A–Z a–z 0–9 - . _ ~ becomes %XY.
enum PercentEncoding {
    static let hex = Array("0123456789ABCDEF".utf8)

    static func isUnreserved(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E
            || b == 0x5F || b == 0x7E
    }

    /// `text` percent-encoded.
    static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        for b in text.utf8 {
            if isUnreserved(b) { out.append(b) } else { out += [0x25, hex[Int(b >> 4)], hex[Int(b & 0xF)]] }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The length of `bytes` once encoded.
    static func encodedCount(_ bytes: UnsafeRawBufferPointer) -> Int {
        bytes.reduce(0) { $0 + (isUnreserved($1) ? 1 : 3) }
    }

    /// Encodes `bytes` into `out` from `offset`; returns the offset after the last byte written.
    static func encode(_ bytes: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer, at offset: Int) -> Int
    {
        var i = offset
        for b in bytes {
            if isUnreserved(b) {
                out[i] = b
                i += 1
            } else {
                out[i] = 0x25
                out[i + 1] = hex[Int(b >> 4)]
                out[i + 2] = hex[Int(b & 0xF)]
                i += 3
            }
        }
        return i
    }

    /// `name=value&…` in the given order.
    static func query(_ parameters: [(String, String)]) -> String {
        parameters.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}

/// Opens a URL in the desktop's browser with `xdg-open`, started without a shell.
public enum Browser {
    public enum Outcome: Equatable, Sendable {
        case opened
        /// No `xdg-open` on PATH.
        case missing
        /// It ran and failed, or could not be started.
        case failed(String)
    }

    /// Runs `xdg-open URL` (found on the environment's PATH) and waits for it. Its stdout goes to
    /// our stderr, so stdout stays the command's result; credentials and the passphrase are not
    /// passed on.
    public static func open(_ url: String, environment: [String: String]) -> Outcome {
        let candidates = Exec.executableCandidates(
            "xdg-open", path: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        guard let program = candidates.first(where: { access($0, X_OK) == 0 }) else { return .missing }
        let variables = environment.filter { !Exec.conflicting.contains($0.key) }
        let owned = [strdup(program), strdup(url)] + variables.map { strdup("\($0.key)=\($0.value)") }
        defer { owned.forEach { free($0) } }
        let argv: [UnsafeMutablePointer<CChar>?] = Array(owned[0..<2]) + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = Array(owned[2...]) + [nil]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, 2, 1)
        var pid: pid_t = 0
        let started = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard started == 0 else { return .failed("cannot start \(program): \(String(cString: strerror(started)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .failed("lost track of \(program): \(String(cString: strerror(errno)))") }
        }
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        if exited && code == 0 { return .opened }
        return .failed(
            exited ? "\(program) exited with status \(code)" : "\(program) was killed by signal \(status & 0x7F)")
    }
}
