// `vault doctor`: checks the article's setup (MFA on the role, least privilege, plaintext keys, clock).
#if canImport(Glibc)
import Glibc
#endif
import AWSClient
import AWSConfig
import SecretService
import SigV4
import VaultBase
import VaultCrypto
import VaultFormat
import VaultStore

/// One finding of `vault doctor`.
public struct Finding: Equatable, Sendable {
    public enum Level: String, Sendable { case ok, warning, problem, unchecked = "not checked" }
    public let level: Level
    public let check: String
    public let detail: String
    /// What to do about it (empty for ok).
    public let fix: String
}

/// `vault doctor`: checks that the article's setup is in place and stays right. Never reports ok
/// for something it could not check.
public struct Doctor: UseCase {
    let world: UseCaseWorld

    public init(context: VaultContext, configuration: ServiceConfiguration = ServiceConfiguration()) {
        world = UseCaseWorld(context: context, configuration: configuration)
    }

    /// `using`: a profile in the vault whose keys read IAM for the checks (an admin's).
    public func run(profile: String?, using: String? = nil) -> [Finding] {
        var findings = localChecks()
        if let profile { findings += profileChecks(profile, using: using) }
        return findings
    }

    /// Plaintext keys, the vault file, the keyring, the session cache.
    func localChecks() -> [Finding] {
        var out: [Finding] = []
        let files = AWSFiles(environment: context.environment)
        if let bytes = try? AWSFiles.read(files.credentialsPath),
            let file = try? ConfigFile(parsing: bytes, kind: .credentials)
        {
            let plain = file.profileNames.filter {
                file.profile(named: $0)?["aws_secret_access_key"] != nil
                    && file.profile(named: $0)?["aws_session_token"] == nil
            }
            out.append(
                plain.isEmpty
                    ? Finding(level: .ok, check: "plaintext keys", detail: "none in \(files.credentialsPath)", fix: "")
                    : Finding(
                        level: .problem, check: "plaintext keys",
                        detail: "long-term keys in \(files.credentialsPath) for: \(plain.joined(separator: ", "))",
                        fix: "move them into the vault: vault add \(plain[0]) --import --remove-plaintext (or --all)"))
        } else {
            out.append(
                Finding(level: .ok, check: "plaintext keys", detail: "no readable \(files.credentialsPath)", fix: ""))
        }
        if let id = context.environment["AWS_ACCESS_KEY_ID"], id.hasPrefix("AKIA"),
            context.environment["AWS_SECRET_ACCESS_KEY"] != nil
        {
            out.append(
                Finding(
                    level: .problem, check: "environment",
                    detail: "a long-term key (\(maskKeyID(id))) is in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
                    fix: "unset them and use vault exec or vault assume"))
        } else {
            out.append(
                Finding(level: .ok, check: "environment", detail: "no long-term key in the environment", fix: ""))
        }
        do {
            let listing = try vault.list()
            out.append(
                Finding(
                    level: .ok, check: "vault file",
                    detail:
                        "\(listing.path): private, intact, \(listing.profiles.count) entr\(listing.profiles.count == 1 ? "y" : "ies"), backend \(listing.backend.rawValue)",
                    fix: ""))
        } catch {
            out.append(Finding(level: .problem, check: "vault file", detail: error.problem, fix: error.hint))
        }
        switch SecretServiceKeyring().probe() {
        case .available(locked: false):
            out.append(Finding(level: .ok, check: "keyring", detail: "Secret Service available and unlocked", fix: ""))
        case .available(locked: true):
            out.append(
                Finding(
                    level: .warning, check: "keyring", detail: "Secret Service is locked",
                    fix: "unlock it to use a secret-service vault or cache"))
        case .unavailable(let error):
            let remedy =
                if case .libsecretUnavailable = error { SystemKeyring.libsecretHint } else {
                    "start gnome-keyring to use the secret-service backend"
                }
            out.append(
                Finding(
                    level: .warning, check: "keyring", detail: "\(error)", fix: "fine for passphrase vaults; " + remedy)
            )
        }
        switch try? SessionKeyStore.choose(environment: context.environment) {
        case .some(.none), nil:
            out.append(
                Finding(
                    level: .warning, check: "session cache",
                    detail: "disabled: every assume calls STS and may ask for MFA",
                    fix: "allow the kernel keyring (keyctl) or a Secret Service"))
        case .some(let store):
            out.append(
                Finding(level: .ok, check: "session cache", detail: "encrypted, key in the \(store.name)", fix: ""))
        }
        return out
    }

    /// The profile's chain, its keys, the role's trust policy, the user's rights, durations, clock.
    func profileChecks(_ profile: String, using: String? = nil) -> [Finding] {
        var out: [Finding] = []
        let broker = SessionBroker(context: context, configuration: configuration)
        let chain: ResolvedChain
        do { chain = try broker.resolve(profile) } catch {
            return [Finding(level: .problem, check: "profile", detail: error.problem, fix: error.hint)]
        }
        out.append(
            Finding(
                level: .ok, check: "profile",
                detail: "\(profile) → keys of '\(chain.root.name)'" + chain.hops.map { " → \($0.roleARN)" }.joined(),
                fix: ""))
        guard let document = try? vault.load(), let entry = document.entries(for: chain.root.name).last else {
            out.append(
                Finding(
                    level: .problem, check: "source keys", detail: "'\(chain.root.name)' has no keys in the vault",
                    fix: "vault add \(chain.root.name)"))
            return out
        }
        let age =
            (context.now()
                - ListingFormatter.keyCreated(
                    ProfileSummary(
                        profile: entry.profile, keyHint: entry.keyHint, added: Int64(entry.added),
                        metadata: entry.metadata, trusted: true))) / 86_400
        let maxAge =
            (try? Settings(environment: context.environment))?.keyMaxAgeDays(notice: context.notice)
            ?? ListingFormatter.defaultMaximumAgeDays
        out.append(
            Finding(
                level: age > maxAge ? .warning : .ok, check: "key age", detail: "\(entry.keyHint) is \(age) days old",
                fix: age > maxAge ? "vault rotate \(chain.root.name)" : ""))
        out.append(clockCheck(region: chain.profile.region ?? chain.root.region))
        guard let hop = chain.hops.first else { return out }
        if hop.mfaSerial == nil {
            out.append(
                Finding(
                    level: .problem, check: "mfa_serial", detail: "[profile \(hop.profile)] has no mfa_serial",
                    fix: "add mfa_serial = arn:aws:iam::ACCOUNT:mfa/NAME, and make the role require MFA"))
        }
        // IAM checks need the long-term key; without an unlock they are reported as not checked.
        let keyPair: BoxKeyPair
        do { keyPair = try vault.unlock(document) } catch {
            out.append(
                Finding(
                    level: .unchecked, check: "role and user",
                    detail: "the vault could not be unlocked: \(error.problem)",
                    fix: "set VAULT_PASSPHRASE or run vault doctor from a terminal"))
            return out
        }
        let iam: IAMClient
        do { iam = try IAMClient(environment: context.environment, configuration: configuration) } catch {
            out.append(Finding(level: .unchecked, check: "role and user", detail: error.problem, fix: error.hint))
            return out
        }
        let signing: SigningCredentials
        do {
            signing = try vault.signingCredentials(for: using ?? chain.root.name, in: document, keyPair: keyPair)
        } catch {
            out.append(Finding(level: .unchecked, check: "role and user", detail: error.problem, fix: error.hint))
            return out
        }
        let roleName = String(hop.roleARN.split(separator: "/").last ?? "")
        do throws(AWSError) {
            let role = try iam.getRole(name: roleName, credentials: signing)
            switch Policies.requiresMFA(trustPolicy: role.trustPolicy) {
            case .some(true):
                out.append(
                    Finding(
                        level: .ok, check: "trust policy", detail: "\(roleName) can only be assumed with MFA", fix: ""))
            case .some(false):
                out.append(
                    Finding(
                        level: .problem, check: "trust policy",
                        detail:
                            "\(roleName)'s trust policy does not require MFA (no aws:MultiFactorAuthPresent condition)",
                        fix:
                            "add Condition {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}} (vault setup --update does it; see Vault/policies/trust-policy.json)"
                    ))
            case .none:
                out.append(
                    Finding(
                        level: .unchecked, check: "trust policy", detail: "the trust policy is not JSON vault can read",
                        fix: "check it in the IAM console"))
            }
            let duration = hop.durationSeconds ?? 3600
            out.append(
                duration > role.maxSessionDuration
                    ? Finding(
                        level: .problem, check: "session length",
                        detail:
                            "duration_seconds \(duration) > the role's MaxSessionDuration \(role.maxSessionDuration)",
                        fix: "lower duration_seconds in [profile \(hop.profile)] or raise the role's limit")
                    : Finding(
                        level: .ok, check: "session length",
                        detail: "duration_seconds \(duration) ≤ MaxSessionDuration \(role.maxSessionDuration)", fix: "")
            )
        } catch .accessDenied {
            out.append(
                Finding(
                    level: .unchecked, check: "trust policy",
                    detail: "'\(chain.root.name)' may not read the role (as a least-privilege user should not)",
                    fix:
                        "to check it: vault doctor --profile \(profile) --using ADMIN (a profile whose keys may read IAM)"
                ))
        } catch {
            out.append(Finding(level: .unchecked, check: "trust policy", detail: error.problem, fix: error.hint))
        }
        let user = using == nil ? nil : sourceUserName(chain, document, keyPair)
        out.append(leastPrivilege(iam: iam, signing: signing, roleARN: hop.roleARN, userName: user))
        out.append(rotationCheck(iam: iam, signing: signing, userName: user))
        return out
    }

    /// The user's own rights should be sts:AssumeRole and nothing else.
    private func leastPrivilege(
        iam: IAMClient, signing: borrowing SigningCredentials, roleARN: String, userName: String?
    ) -> Finding {
        do {
            var user = userName ?? ""
            if userName == nil { user = try iam.getUser(credentials: signing).userName }
            let attached = try iam.listAttachedUserPolicies(userName: user, credentials: signing)
            let inline = try iam.listUserPolicies(userName: user, credentials: signing)
            let groups = try iam.listGroupsForUser(userName: user, credentials: signing)
            var extra = attached.map { "attached \($0)" } + groups.map { "group \($0)" }
            for name in inline {
                let text = try iam.getUserPolicy(userName: user, policyName: name, credentials: signing)
                if Policies.isManageOwnKeys(name: name, text) { continue }  // MFA-only key rotation: expected
                let actions = Policies.allowedActions(text)
                if actions.contains(where: { $0 != "sts:assumerole" }) { extra.append("inline \(name)") }
            }
            return extra.isEmpty
                ? Finding(level: .ok, check: "least privilege", detail: "user \(user) may only sts:AssumeRole", fix: "")
                : Finding(
                    level: .warning, check: "least privilege",
                    detail: "user \(user) has more rights than sts:AssumeRole: \(extra.joined(separator: ", "))",
                    fix: "once setup is done, remove them so the long-term keys can only assume \(roleARN)")
        } catch {
            return Finding(
                level: .unchecked, check: "least privilege",
                detail: "could not list the user's policies (\(error.problem))",
                fix: "a least-privilege user cannot read its own policies; check them as an admin")
        }
    }

    /// Clock skew against the STS endpoint's Date header (an unsigned request).
    private func clockCheck(region: String?) -> Finding {
        guard let endpoint = try? Endpoint.sts(region: region ?? "us-east-1", environment: context.environment) else {
            return Finding(level: .unchecked, check: "clock", detail: "no STS endpoint", fix: "check AWS_ENDPOINT_URL")
        }
        let request = AWSClient.HTTPRequest(
            scheme: endpoint.scheme, host: endpoint.host, port: endpoint.port,
            request: SignableRequest(method: "GET", host: endpoint.hostHeader, path: endpoint.path))
        guard let response = try? configuration.transport.send(request, timeoutSeconds: 10),
            let date = response.header("date"),
            let server = Timestamp.parseHTTPDate(date)
        else {
            return Finding(
                level: .unchecked, check: "clock", detail: "STS did not answer with a Date", fix: "check the network")
        }
        let skew = context.now() - server
        return abs(skew) > 300
            ? Finding(
                level: .problem, check: "clock",
                detail: "this clock is \(abs(skew)) s \(skew > 0 ? "ahead of" : "behind") AWS",
                fix: "synchronise it: timedatectl set-ntp true")
            : Finding(level: .ok, check: "clock", detail: "within \(abs(skew)) s of AWS", fix: "")
    }

}
