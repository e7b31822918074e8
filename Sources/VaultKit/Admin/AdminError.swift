// Admin keys: deactivating and activating them: every error, with its message and hint.

/// Admin keys: deactivating and activating them.
public enum AdminError: ErrorMessage {
    // MARK: a newcomer's first week (issue 19)
    /// AWS refuses a profile's key that vault itself deactivated (`since`: when; item 15).
    case keysDeactivatedByVault(profile: String, maskedKey: String, since: String?)

    public var problem: String {
        switch self {
        // MARK: a newcomer's first week (issue 19)
        case .keysDeactivatedByVault(let profile, let maskedKey, let since):
            return
                "the key of '\(escaped(profile))' (\(maskedKey)) is inactive: vault deactivate-admin-keys deactivated it\(since.map { " on \($0)" } ?? "")"
        }
    }

    public var hint: String {
        switch self {
        // MARK: a newcomer's first week (issue 19)
        case .keysDeactivatedByVault(let profile, _, _):
            return
                "reactivate it with another identity: vault activate-admin-keys --profile \(escaped(profile)) --using OTHER (a break-glass user or a role allowed iam:UpdateAccessKey)"
        }
    }
}
