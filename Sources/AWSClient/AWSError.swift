/// Everything that can go wrong calling STS or IAM, in the user's terms. No case ever holds a
/// secret; access key ids are masked when shown (`AKIA…WXYZ`).
public enum AWSError: Error, Equatable, Sendable {
    /// The MFA code was rejected (wrong, already used, or for another device).
    case wrongMFACode
    /// This identity may not assume the role (trust policy or missing sts:AssumeRole).
    case assumeRoleDenied(roleARN: String?, message: String)
    /// The identity lacks the permission for `action` (e.g. `iam:UpdateAccessKey`).
    case accessDenied(action: String?, message: String)
    /// AWS does not know this access key (inactive or deleted).
    case invalidKey(accessKeyID: String)
    /// The session token has expired.
    case expiredToken
    /// The local clock differs from AWS's; `seconds` is server minus local, when measurable.
    case clockSkew(seconds: Int64?)
    /// The signature did not match: the stored secret is not this key's.
    case wrongSecret(accessKeyID: String)
    /// The requested session is longer than the role's MaxSessionDuration.
    case durationTooLong(requested: Int?)
    /// A role assumed with role credentials may last one hour at most.
    case roleChainingLimit
    /// AWS kept throttling after every retry.
    case throttled(attempts: Int)
    /// AWS answered 5xx after every retry.
    case serviceUnavailable(status: Int, attempts: Int)
    /// The user already has two access keys.
    case keyLimitExceeded
    /// The named user, key or role does not exist.
    case noSuchEntity(message: String)
    /// An error code without a specific mapping.
    case other(code: String, message: String, status: Int)
    /// The request got no HTTP response.
    case transport(TransportError, attempts: Int)
    /// An endpoint URL from the environment could not be used.
    case invalidEndpoint(url: String, reason: String)
    /// An `http://` endpoint that is not loopback: refused, responses carry credentials.
    case insecureEndpoint(host: String)
    /// A success response that could not be read.
    case malformedResponse(action: String, reason: String)
    /// The request could not be signed or secret memory could not be allocated.
    case localFailure(String)

    // MARK: IAM Identity Center (issue 18)
    /// The user has not approved the device authorization yet (CreateToken polling).
    case ssoAuthorizationPending
    /// Polled faster than the service allows.
    case ssoSlowDown
    /// The device code expired before the user approved it.
    case ssoDeviceCodeExpired
    /// The user denied the device authorization.
    case ssoAuthorizationDenied
    /// The access or refresh token is expired, revoked or unknown.
    case ssoTokenInvalid
    /// The OIDC client registration is unknown or expired.
    case ssoClientInvalid
    /// The login may not use that account and role.
    case ssoRoleDenied(message: String)

    /// What happened, in one line.
    public var problem: String {
        switch self {
        case .wrongMFACode: return "AWS rejected the MFA code."
        case .assumeRoleDenied(let role, _):
            return "Not allowed to assume role \(role.map { sanitize($0) } ?? "(unknown)")."
        case .accessDenied(let action, _):
            return "Access denied\(action.map { ": missing permission \(sanitize($0))" } ?? "")."
        case .invalidKey(let id): return "AWS does not accept access key \(maskKeyID(id)) (inactive or deleted)."
        case .expiredToken: return "The session token has expired."
        case .clockSkew(let seconds):
            return
                "This machine's clock is off\(seconds.map { " by \($0) s" } ?? ""): AWS refused the signature's time."
        case .wrongSecret(let id):
            return "The signature did not match: the stored secret is not the one for \(maskKeyID(id))."
        case .durationTooLong(let requested):
            return "The session duration\(requested.map { " (\($0) s)" } ?? "") exceeds the role's MaxSessionDuration."
        case .roleChainingLimit: return "Roles assumed with role credentials (role chaining) last at most 1 hour."
        case .throttled(let attempts): return "AWS throttled the request (\(attempts) attempt(s))."
        case .serviceUnavailable(let status, let attempts):
            return "AWS answered HTTP \(status) (\(attempts) attempt(s))."
        case .keyLimitExceeded: return "The user already has the maximum of two access keys."
        case .noSuchEntity(let message): return "Not found: \(sanitize(message))"
        case .other(let code, let message, let status):
            return "AWS error \(sanitize(code)) (HTTP \(status)): \(sanitize(message))"
        case .transport(.unavailable(let detail), _):
            return "vault needs OpenSSL to reach AWS over HTTPS: \(sanitize(detail))"
        case .transport(.proxy(let detail), _): return "No connection to AWS: \(sanitize(detail))"
        case .transport(let error, let attempts):
            return "No response from AWS (\(attempts) attempt(s)): \(describe(error))"
        case .invalidEndpoint(let url, let reason): return "Invalid endpoint URL \(sanitize(url)): \(reason)."
        case .insecureEndpoint(let host):
            return "Refusing plain http:// to \(sanitize(host)): only loopback endpoints may skip TLS."
        case .malformedResponse(let action, let reason): return "Could not read the \(action) response: \(reason)."
        case .localFailure(let detail): return "Local failure: \(detail)"
        case .ssoAuthorizationPending: return "The sign-in has not been approved in the browser yet."
        case .ssoSlowDown: return "IAM Identity Center asked vault to poll more slowly."
        case .ssoDeviceCodeExpired: return "The sign-in code expired before it was approved."
        case .ssoAuthorizationDenied: return "The sign-in was denied in the browser."
        case .ssoTokenInvalid: return "The IAM Identity Center sign-in has expired or was revoked."
        case .ssoClientInvalid: return "IAM Identity Center no longer accepts vault's client registration."
        case .ssoRoleDenied(let message):
            return
                "IAM Identity Center refused that account and role\(message.isEmpty ? "" : ": \(sanitize(message))")."
        }
    }

    /// What to do about it, in one line.
    public var hint: String {
        switch self {
        case .wrongMFACode:
            return "Wait for the next code (a code cannot be reused) and check that mfa_serial matches the device."
        case .assumeRoleDenied:
            return "The role's trust policy must allow this user (and, if it requires MFA, set mfa_serial); "
                + "or the user lacks sts:AssumeRole on the role."
        case .accessDenied(let action, _):
            return "Grant \(action.map { sanitize($0) } ?? "the permission") to this identity in an IAM policy."
        case .invalidKey:
            return
                "Check `aws iam list-access-keys` from another identity; reactivate the key or `vault add` a new one."
        case .expiredToken: return "Run again with --refresh to get new session credentials."
        case .clockSkew: return "Synchronise the clock, e.g. `timedatectl set-ntp true`."
        case .wrongSecret: return "Store the right secret with `vault add --force`."
        case .durationTooLong:
            return "Roles allow 1–12 h (default 1 h): lower duration_seconds or raise the role's limit with "
                + "`aws iam update-role --role-name NAME --max-session-duration N`."
        case .roleChainingLimit: return "Set duration_seconds to 3600 or less for chained roles."
        case .throttled: return "Wait a moment and try again."
        case .serviceUnavailable: return "AWS is having trouble; try again shortly."
        case .keyLimitExceeded: return "Delete or rotate one of the existing keys first (`vault rotate`)."
        case .noSuchEntity: return "Check the user, role or key name."
        case .other: return "See the AWS documentation for this error code."
        case .transport(let error, _):
            switch error {
            case .tls:
                return
                    "Check the endpoint's certificate and the CA store: the system's, or the file AWS_CA_BUNDLE names."
            case .unavailable:
                return
                    "Install OpenSSL 3: on Debian `apt install libssl3t64` (13 and later) or `apt install libssl3` (12)."
            case .redirect: return "Check AWS_ENDPOINT_URL / the region: the endpoint redirected."
            case .proxy:
                return "Check the proxy and the variable that names it (https_proxy, HTTPS_PROXY, all_proxy, "
                    + "ALL_PROXY: http://[user:password@]host:port), or list the host in NO_PROXY to go direct."
            default: return "Check the network and the endpoint (AWS_ENDPOINT_URL, region)."
            }
        case .invalidEndpoint: return "Set AWS_ENDPOINT_URL(_STS/_IAM) to https://host[:port][/path]."
        case .insecureEndpoint: return "Use https://, or http:// only with localhost, 127.0.0.0/8 or [::1]."
        case .malformedResponse:
            return
                "Check that the endpoint really is AWS (AWS_ENDPOINT_URL and the region; for IAM Identity Center, sso_region)."
        case .localFailure: return "Check available locked memory (ulimit -l) and try again."
        case .ssoAuthorizationPending, .ssoSlowDown: return "Approve the code in the browser, then wait."
        case .ssoDeviceCodeExpired: return "Run vault sso login again and approve the code within its time."
        case .ssoAuthorizationDenied: return "Run vault sso login again and choose Allow."
        case .ssoTokenInvalid, .ssoClientInvalid: return "Run vault sso login."
        case .ssoRoleDenied:
            return "Check sso_account_id and sso_role_name; vault sso list shows what this login may use."
        }
    }
}

/// `AKIA…WXYZ`: enough to recognise a key, never the whole id.
public func maskKeyID(_ id: String) -> String {
    let clean = withoutControlCharacters(id)
    guard clean.count >= 12 else { return "…" }
    return "\(clean.prefix(4))…\(clean.suffix(4))"
}

/// One line of at most 200 characters, control characters replaced, access key ids masked, and
/// anything that looks like a secret key or session token redacted (a proxy or a hostile endpoint
/// may echo the request, X-Amz-Security-Token included, in its error message).
func sanitize(_ text: String, limit: Int = 200) -> String {
    var line = redactingSecretLikeRuns(maskKeyIDs(in: withoutControlCharacters(text)))
    if line.count > limit { line = String(line.prefix(limit)) + "…" }
    return line
}

/// Control characters (C0, DEL, C1, bidirectional overrides) replaced by spaces.
private func withoutControlCharacters(_ text: String) -> String {
    var scalars = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        let v = scalar.value
        let isControl =
            v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v)
        scalars.append(isControl ? " " : scalar)
    }
    return String(scalars)
}

/// Replaces every run of 32 or more base64 characters that mixes upper case, lower case and
/// digits (a secret access key has 40, a session token hundreds; no ARN, code or AWS sentence
/// has such a run) with `[redacted]`.
private func redactingSecretLikeRuns(_ text: String) -> String {
    var out = ""
    var run = ""
    func flush() {
        let mixed =
            run.contains(where: \.isUppercase) && run.contains(where: \.isLowercase) && run.contains(where: \.isNumber)
        out += run.count >= 32 && mixed ? "[redacted]" : run
        run = ""
    }
    for c in text {
        if c.isASCII && (c.isLetter || c.isNumber || c == "+" || c == "/" || c == "=") {
            run.append(c)
        } else {
            flush()
            out.append(c)
        }
    }
    flush()
    return out
}

/// Replaces every `AKIA`/`ASIA` + 16 upper-case alphanumerics with its masked form.
private func maskKeyIDs(in text: String) -> String {
    var chars = Array(text)
    var i = 0
    while i + 20 <= chars.count {
        let prefix = String(chars[i..<(i + 4)])
        if prefix == "AKIA" || prefix == "ASIA",
            chars[(i + 4)..<(i + 20)].allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) })
        {
            let masked = Array("\(prefix)…\(String(chars[(i + 16)..<(i + 20)]))")
            chars.replaceSubrange(i..<(i + 20), with: masked)
            i += masked.count
        } else {
            i += 1
        }
    }
    return String(chars)
}

private func describe(_ error: TransportError) -> String {
    switch error {
    case .cannotConnect(let detail): return "cannot connect: \(sanitize(detail))"
    case .timedOut(let seconds): return "timed out after \(seconds) s"
    case .tls(let detail): return "TLS failure: \(sanitize(detail))"
    case .tooLarge(let limit): return "response larger than \(limit) bytes"
    case .redirect(let status, let location): return "redirect \(status) to \(sanitize(location ?? "?"))"
    case .other(let detail): return sanitize(detail)
    case .unavailable(let detail): return sanitize(detail)
    case .proxy(let detail): return sanitize(detail)
    }
}
