// Two profile forms aws-vault reads and botocore does not (issue 19, item 16): an MFA device named
// only in the source profile, and `source_profile` without `role_arn` (GetSessionToken with MFA).
import AWSConfig

extension SessionBroker {
    /// `chain` as aws-vault reads it: a profile with `source_profile` but no `role_arn` (and no
    /// keys of its own) gets its session from the source's keys with GetSessionToken, with its own
    /// `mfa_serial`; a first role without `mfa_serial` uses the source profile's.
    func withAWSVaultReading(_ chain: ResolvedChain, _ resolver: ProfileResolver) -> ResolvedChain {
        let requested = chain.profile
        if chain.hops.isEmpty, requested.raw["role_arn"] == nil, !requested.hasStaticKeys,
            let sourceName = requested.sourceProfile, sourceName != requested.name,
            resolver.profile(sourceName)?.raw["role_arn"] == nil
        {
            // A source only in the vault (no section in the files) is a plain profile with keys.
            let source = resolver.profile(sourceName) ?? Profile(name: sourceName, raw: [:])
            return ResolvedChain(profile: requested, root: source, hops: [], issues: chain.issues)
        }
        guard let first = chain.hops.first, first.mfaSerial == nil, let serial = chain.root.mfaSerial else {
            return chain
        }
        var hops = chain.hops
        hops[0] = RoleHop(
            profile: first.profile, roleARN: first.roleARN, mfaSerial: serial,
            mfaProcess: first.mfaProcess ?? chain.root.mfaProcess, durationSeconds: first.durationSeconds,
            externalID: first.externalID, roleSessionName: first.roleSessionName)
        return ResolvedChain(profile: chain.profile, root: chain.root, hops: hops, issues: chain.issues)
    }
}
