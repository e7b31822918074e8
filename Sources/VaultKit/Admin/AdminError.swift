// Admin keys: every error, with its message and hint.

// To add an error: (1) a case here, carrying its data; (2) its words in the `problem` and `hint`
// switches (and `exitCode` if not 1); (3) the compiler then asks for its `Kind` and for an
// example in `examples(of:)` (below); (4) UPDATE_SNAPSHOTS=1 swift test --filter
// ErrorCatalogueTests adds it to docs/commands.md. Never a message outside these switches.

/// Admin keys.
public enum AdminError: ErrorMessage {
    case keyInactive(profile: String, keyID: String)
    case otherUsesAdminKeys(other: String, profile: String)
    case noDeactivationRecord(profile: String)
    case otherDenied(other: String, action: String?, user: String)
    /// IAM did not take a change within the wait; `detail` is AWS's last answer.
    case gaveUpWaiting(seconds: Int, what: String, detail: String)

    // MARK: a newcomer's first week (issue 19)
    /// AWS refuses a profile's key that vault itself deactivated (`since`: when; item 15).
    case keysDeactivatedByVault(profile: String, maskedKey: String, since: String?)

    public var problem: String {
        switch self {
        case .keyInactive(let profile, let keyID):
            return "the key of '\(profile)' (\(keyID)) is inactive or deleted, and vault did not deactivate it"
        case .otherUsesAdminKeys(let other, _):
            return "'\(other)' signs with the admin keys themselves, which are inactive"
        case .noDeactivationRecord(let profile): return "vault has no record of deactivating the keys of '\(profile)'"
        case .otherDenied(let other, let action, _):
            return "'\(other)' may not reactivate the keys (\(action ?? "iam:UpdateAccessKey") denied)"
        case .gaveUpWaiting(let seconds, let what, let detail):
            return "gave up waiting \(seconds) s for \(what): \(detail)"
        // MARK: a newcomer's first week (issue 19)
        case .keysDeactivatedByVault(let profile, let maskedKey, let since):
            return
                "the key of '\(escaped(profile))' (\(maskedKey)) is inactive: vault deactivate-admin-keys deactivated it\(since.map { " on \($0)" } ?? "")"
        }
    }

    public var hint: String {
        switch self {
        case .keyInactive(let profile, _):
            return
                "reactivate it with: vault activate-admin-keys --profile \(profile) --using OTHER-PROFILE (or vault add \(profile) --force with a working key)"
        case .otherUsesAdminKeys(_, let profile):
            return
                "use a break-glass user or a role allowed iam:UpdateAccessKey: vault activate-admin-keys --profile \(profile) --using OTHER"
        case .noDeactivationRecord:
            return "only keys deactivated by vault deactivate-admin-keys can be reactivated this way"
        case .otherDenied(_, _, let user): return "use an identity allowed iam:UpdateAccessKey on user \(user)"
        case .gaveUpWaiting: return "IAM can take a while to propagate changes; try again in a minute"
        // MARK: a newcomer's first week (issue 19)
        case .keysDeactivatedByVault(let profile, _, _):
            return
                "reactivate it with another identity: vault activate-admin-keys --profile \(escaped(profile)) --using OTHER (a break-glass user or a role allowed iam:UpdateAccessKey)"
        }
    }
}

extension AdminError {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case keyInactive, otherUsesAdminKeys, noDeactivationRecord, otherDenied, gaveUpWaiting,
            keysDeactivatedByVault
    }

    public var kind: Kind {
        switch self {
        case .keyInactive: return .keyInactive
        case .otherUsesAdminKeys: return .otherUsesAdminKeys
        case .noDeactivationRecord: return .noDeactivationRecord
        case .otherDenied: return .otherDenied
        case .gaveUpWaiting: return .gaveUpWaiting
        case .keysDeactivatedByVault: return .keysDeactivatedByVault
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .keyInactive: return [.keyInactive(profile: "admin", keyID: "AKIA…MPLE")]
        case .otherUsesAdminKeys: return [.otherUsesAdminKeys(other: "admin-role", profile: "admin")]
        case .noDeactivationRecord: return [.noDeactivationRecord(profile: "admin")]
        case .otherDenied: return [.otherDenied(other: "breakglass", action: "iam:UpdateAccessKey", user: "admin")]
        case .gaveUpWaiting:
            return [
                .gaveUpWaiting(
                    seconds: 60, what: "the reactivated key",
                    detail: "AWS does not accept access key AKIA…MPLE (inactive or deleted).")
            ]
        case .keysDeactivatedByVault:
            return [
                .keysDeactivatedByVault(profile: "admin", maskedKey: "AKIA…MPLE", since: "2026-12-01T09:00:00Z"),
                .keysDeactivatedByVault(profile: "admin", maskedKey: "AKIA…MPLE", since: nil),
            ]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
