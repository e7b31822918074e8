// Admin keys: every error, with its message and hint.

// To add an error: add a case (carrying its data) and its lines in `problem` and `hint` (and
// `exitCode` if not 1).

/// Admin keys.
public enum AdminError: ErrorMessage {
    case keyInactive(profile: String, keyID: String)
    case otherUsesAdminKeys(other: String, profile: String)
    case noDeactivationRecord(profile: String)
    case otherDenied(other: String, action: String?, user: String)
    /// IAM did not take a change within the wait; `detail` is AWS's last answer.
    case gaveUpWaiting(seconds: Int, what: String, detail: String)

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
        }
    }
}
