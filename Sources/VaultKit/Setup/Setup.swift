// `vault setup`: creates the article's role, policies and profile, idempotently.
#if canImport(Glibc)
import Glibc
#endif
import AWSClient
import AWSConfig
import SigV4
import VaultCrypto
import VaultFormat
import VaultStore

/// `vault setup`: the role with an MFA trust policy, its permissions, the least-privilege user
/// policy and the profile, created idempotently, signing with the source profile's vault key.
public struct RoleSetup: UseCase {
    let world: UseCaseWorld

    public init(context: VaultContext, configuration: ServiceConfiguration = ServiceConfiguration()) {
        world = UseCaseWorld(context: context, configuration: configuration)
    }

    public func run(_ request: SetupRequest) throws(VaultError) -> SetupReport {
        guard (3600...43200).contains(request.maxSessionDuration) else {
            throw VaultError.setup(.badMaxSessionDuration)
        }
        let document = try vault.load()
        let keyPair = try vault.unlock(document)
        let source = try vault.signingCredentials(for: request.sourceProfile, in: document, keyPair: keyPair)
        let signing = try vault.signingCredentials(
            for: request.usingProfile ?? request.sourceProfile, in: document, keyPair: keyPair)
        let sts: STSClient, iam: IAMClient
        do {
            sts = try STSClient(
                region: request.region ?? "us-east-1", environment: context.environment, configuration: configuration)
            iam = try IAMClient(environment: context.environment, configuration: configuration)
        } catch { throw .from(error) }
        let caller: CallerIdentity
        do { caller = try sts.getCallerIdentity(credentials: source) } catch {
            throw .from(error, profile: request.sourceProfile)
        }
        guard caller.arn.contains(":user/"), let userName = caller.arn.split(separator: "/").last.map(String.init)
        else {
            throw VaultError.setup(.notAnIAMUser(profile: request.sourceProfile, arn: caller.arn))
        }
        var report = SetupReport()
        report.roleARN = "arn:aws:iam::\(caller.account):role/\(request.roleName)"
        let trust = Policies.trustPolicy(principals: request.trust.isEmpty ? [caller.arn] : request.trust)
        let currentUserPolicy: String?
        do {
            currentUserPolicy = try iam.getUserPolicy(
                userName: userName, policyName: Policies.assumeRolePolicyName, credentials: signing)
        } catch .noSuchEntity {
            currentUserPolicy = nil
        } catch .accessDenied where request.dryRun {
            // A dry run still shows the policies to a user without IAM read rights (issue 19, item 12).
            currentUserPolicy = nil
            report.notes.append(Self.unread("user \(userName)'s \(Policies.assumeRolePolicyName)"))
        } catch { throw .from(error) }
        // Another role set up earlier stays assumable: its ARN is kept beside this one.
        let otherRoles = currentUserPolicy.map(Policies.assumableRoles)?.filter { $0 != report.roleARN } ?? []
        let narrowed = Policies.assumeRolePolicy(roleARNs: otherRoles + [report.roleARN])
        // Access the user has is never taken away without --update, and then it is said.
        let anyRole = currentUserPolicy.map(Policies.allowsAnyRole) ?? false
        let userPolicy = anyRole && !request.update ? currentUserPolicy ?? narrowed : narrowed
        if anyRole {
            let roles = (otherRoles + [report.roleARN]).joined(separator: ", ")
            report.notes.append(
                request.update
                    ? "\(userName)'s \(Policies.assumeRolePolicyName) allowed sts:AssumeRole on any role (\"*\"); --update narrows it to \(roles): this removes access to every other role"
                    : "\(userName)'s \(Policies.assumeRolePolicyName) allows sts:AssumeRole on any role (\"*\"), this one included: kept as it is (run again with --update to narrow it to \(roles), which removes access to every other role)"
            )
        }
        report.documents = [
            ("trust policy of role \(request.roleName)", trust),
            ("inline policy \(Policies.assumeRolePolicyName) of user \(userName)", userPolicy),
        ]

        // Compare with what exists.
        var existing: IAMRole?
        do { existing = try iam.getRole(name: request.roleName, credentials: signing) } catch .noSuchEntity {
            existing = nil
        } catch .accessDenied where request.dryRun {
            existing = nil
            report.notes.append(Self.unread("role \(request.roleName)"))
        } catch {
            throw .from(error, profile: request.sourceProfile)
        }
        var plan: [(String, (borrowing SigningCredentials) throws(AWSError) -> Void)] = []
        if let role = existing {
            if !Policies.equivalent(role.trustPolicy, trust) {
                report.differences.append("the role's trust policy differs from the MFA-only policy vault would set")
                plan.append(
                    (
                        "replace the trust policy of \(request.roleName)",
                        { (c) throws(AWSError) in
                            try iam.updateAssumeRolePolicy(
                                roleName: request.roleName, trustPolicy: trust, credentials: c)
                        }
                    ))
            }
            if role.maxSessionDuration != request.maxSessionDuration {
                report.differences.append(
                    "MaxSessionDuration is \(role.maxSessionDuration) s, not \(request.maxSessionDuration) s")
                plan.append(
                    (
                        "set MaxSessionDuration to \(request.maxSessionDuration) s",
                        { (c) throws(AWSError) in
                            try iam.updateRole(
                                roleName: request.roleName, maxSessionDuration: request.maxSessionDuration,
                                credentials: c)
                        }
                    ))
            }
            let attached: [String]
            do { attached = try iam.listAttachedRolePolicies(roleName: request.roleName, credentials: signing) } catch {
                throw .from(error)
            }
            for arn in request.policyARNs where !attached.contains(arn) {
                report.differences.append("\(arn) is not attached")
                plan.append(
                    (
                        "attach \(arn)",
                        { (c) throws(AWSError) in
                            try iam.attachRolePolicy(roleName: request.roleName, policyARN: arn, credentials: c)
                        }
                    ))
            }
        } else {
            plan.append(
                (
                    "create role \(request.roleName) (MFA-only trust, MaxSessionDuration \(request.maxSessionDuration) s)",
                    { (c) throws(AWSError) in
                        _ = try iam.createRole(
                            name: request.roleName, trustPolicy: trust, maxSessionDuration: request.maxSessionDuration,
                            description: "Created by vault setup: assumed with MFA", credentials: c)
                    }
                ))
            for arn in request.policyARNs {
                plan.append(
                    (
                        "attach \(arn)",
                        { (c) throws(AWSError) in
                            try iam.attachRolePolicy(roleName: request.roleName, policyARN: arn, credentials: c)
                        }
                    ))
            }
        }
        if currentUserPolicy.map({ !Policies.equivalent($0, userPolicy) }) ?? true {
            if currentUserPolicy != nil {
                report.differences.append("the user's \(Policies.assumeRolePolicyName) differs")
            }
            plan.append(
                (
                    "put \(Policies.assumeRolePolicyName) on user \(userName)",
                    { (c) throws(AWSError) in
                        try iam.putUserPolicy(
                            userName: userName, policyName: Policies.assumeRolePolicyName, document: userPolicy,
                            credentials: c)
                    }
                ))
        }
        if let step = try manageOwnKeysStep(
            iam: iam, userName: userName, signing: signing, dryRun: request.dryRun, report: &report)
        {
            plan.append(step)
        }
        // The MFA device: only a warning, with how to make one.
        if let devices = try? iam.listMFADevices(userName: userName, credentials: signing),
            !devices.contains(request.mfaSerial)
        {
            report.notes.append(
                "user \(userName) has no MFA device \(request.mfaSerial): create and enable a virtual one (IAM console → Security credentials → Assign MFA device, or aws iam create-virtual-mfa-device + enable-mfa-device), then vault assume \(request.profile)"
            )
        }
        let profileChange = try profileEdit(request, roleARN: report.roleARN)

        let blockedByDifferences = existing != nil && !report.differences.isEmpty && !request.update
        if request.dryRun || blockedByDifferences {
            report.changes =
                plan.map(\.0)
                + (profileChange == nil
                    ? []
                    : ["write [profile \(request.profile)] to \(AWSFiles(environment: context.environment).configPath)"])
            if blockedByDifferences {
                throw VaultError.setup(.roleDiffers(role: request.roleName, differences: report.differences))
            }
            return report
        }
        for (description, step) in plan {
            do { try step(signing) } catch { throw .from(error, profile: request.sourceProfile) }
            report.changes.append(description)
        }
        if let edit = profileChange {
            try edit()
            report.changes.append(
                "wrote [profile \(request.profile)] to \(AWSFiles(environment: context.environment).configPath)")
        }
        if request.verify {
            let session = try verify(request, roleARN: report.roleARN, source: source, sts: sts)
            // Kept as the profile's cached session, so the MFA code spent here is not wasted.
            let entry = try vault.currentEntry(request.sourceProfile, in: document)
            let identity = SessionIdentity(
                profile: request.profile, roleARNs: [report.roleARN], mfaSerial: request.mfaSerial,
                sourceEntryID: entry.id)
            let cache = SessionCache(
                directory: SessionCache.defaultDirectory(environment: context.environment),
                keyStore: try SessionKeyStore.choose(environment: context.environment), vaultID: document.header.vaultID
            )
            _ = try? cache.store(identity, session)
            report.notes.append("verified: \(request.profile) assumes \(report.roleARN) with MFA (session cached)")
        }
        return report
    }

    /// Assumes the new role once, with MFA, retrying while IAM propagates it (a role created
    /// seconds ago is often refused at first). The session is not kept.
    /// The note of a dry run that could not read `what` from IAM.
    static func unread(_ what: String) -> String {
        "could not read \(what) (no IAM read rights): shown as vault would create it; run with --using ADMIN to compare with what exists"
    }

    private func verify(_ request: SetupRequest, roleARN: String, source: borrowing SigningCredentials, sts: STSClient)
        throws(VaultError) -> TemporaryCredentials
    {
        let code = try MFACode.obtain(
            serial: request.mfaSerial, given: request.verifyWithMFACode, process: nil, prompter: context.prompter)
        let secret: SecureBytes
        do { secret = try source.secretAccessKey.slice(0..<source.secretAccessKey.count) } catch {
            throw VaultError.lockedMemory
        }
        let credentials = SigningCredentials(accessKeyID: source.accessKeyID, secretAccessKey: secret)
        var session: TemporaryCredentials?
        try EventualConsistency.wait(context: context, what: "the new role to accept \(request.sourceProfile)") {
            () throws(AWSError) in
            session = try sts.assumeRole(
                roleARN: roleARN, sessionName: "vault-\(context.now())",
                durationSeconds: min(3600, request.maxSessionDuration),
                serialNumber: request.mfaSerial, tokenCode: code, credentials: credentials)
        }
        guard let session else {
            throw VaultError.setup(.roleNotVerified(profile: request.profile))
        }
        return session
    }

    /// The `[profile …]` edit, or nil when the file already says exactly this.
    private func profileEdit(_ request: SetupRequest, roleARN: String) throws(VaultError) -> (
        () throws(VaultError) -> Void
    )? {
        let files = AWSFiles(environment: context.environment)
        let path = files.configPath
        let old = try AWSFiles.read(path) ?? []
        var values: [(key: String, value: String)] = [
            ("source_profile", request.sourceProfile), ("role_arn", roleARN), ("mfa_serial", request.mfaSerial),
            ("duration_seconds", String(min(3600, request.maxSessionDuration))),
        ]
        if let region = request.region { values.append(("region", region)) }
        var editor = ConfigEditor(text: String(decoding: old, as: UTF8.self), kind: .config)
        do { try editor.set(values, inProfile: request.profile) } catch { throw .from(error, path: path) }
        let new = Array(editor.text.utf8)
        guard new != old else { return nil }
        return { () throws(VaultError) in
            do {
                try Paths.makeDirectory(Paths.directory(of: path))  // ~/.aws is the user's folder: no mode rule
                CrashPoint.reached("setup-config.edited")
                // ~/.aws has no lock of vault's: only a dead writer's leftover, 10 minutes old, goes.
                AtomicFile.removeStaleTemporaries(of: path, olderThan: 600)
                AtomicFile.removeStaleTemporaries(of: path + ".vault-backup", olderThan: 600)
                // A backup of the previous config, unless it holds a secret (then none is written).
                let text = String(decoding: old, as: UTF8.self)
                if !old.isEmpty && !text.contains("aws_secret_access_key") && !text.contains("aws_session_token") {
                    try AtomicFile.write(old, to: path + ".vault-backup")
                }
                CrashPoint.reached("setup-config.backed-up")
                try AtomicFile.write(new, to: path)
                CrashPoint.reached("setup-config.written")
            } catch {
                throw .cannotWrite(path, error) { .setup(.cannotWriteConfig(path: path, detail: $0)) }
            }
        }
    }
}
