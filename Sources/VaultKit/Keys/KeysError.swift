// Long-term keys: adding, listing, removing, importing, rotating; profile names: every error, with its message and hint.

/// Long-term keys: adding, listing, removing, importing, rotating; profile names.
public enum KeysError: ErrorMessage {
    // MARK: a newcomer's first week (issue 19)
    /// `vault add` read nothing on standard input (item 24).
    case noKeyInput
    /// Rotation found the inactive previous key vault kept; deleting it needs a yes (item 5).
    case keptKeyNeedsConfirmation(profile: String, maskedKey: String)
    /// The person said no to deleting the kept previous key (item 5).
    case keptKeyStays(profile: String, maskedKey: String)
    /// The user has a second key vault did not make (item 5); `user` when IAM said.
    case secondKeyExists(profile: String, maskedKey: String, status: String, user: String?)

    public var problem: String {
        switch self {
        // MARK: a newcomer's first week (issue 19)
        case .noKeyInput:
            return "no input: vault add read no access key ID on standard input"
        case .keptKeyNeedsConfirmation(let profile, let key), .keptKeyStays(let profile, let key):
            return
                "the IAM user of '\(escaped(profile))' already has a second key, \(key): the previous key vault rotate --keep-old-inactive kept (inactive)"
        case .secondKeyExists(let profile, let key, let status, _):
            return "the IAM user of '\(escaped(profile))' already has a second access key, \(key) (\(status))"
        }
    }

    public var hint: String {
        switch self {
        // MARK: a newcomer's first week (issue 19)
        case .noKeyInput:
            return
                "pipe two lines (the key ID, then the secret), run vault add on a terminal to be asked, or use --env"
        case .keptKeyNeedsConfirmation(let profile, _):
            return
                "vault rotate \(escaped(profile)) deletes it first after asking on a terminal; add --yes to delete it without asking"
        case .keptKeyStays:
            return
                "nothing changed; if you still need that key, reactivate it in IAM; otherwise rotate again and answer yes"
        case .secondKeyExists(_, _, _, let user):
            let name = user.map { "--user-name \($0) " } ?? ""
            return
                "AWS allows two keys per user: as an identity allowed iam:DeleteAccessKey, delete the one you no longer use (aws iam list-access-keys \(name)shows it; aws iam delete-access-key \(name)--access-key-id ID), then rotate"
        }
    }

    public var exitCode: Int32 {
        switch self {
        // MARK: a newcomer's first week (issue 19)
        case .noKeyInput: return 2
        case .keptKeyNeedsConfirmation, .keptKeyStays, .secondKeyExists: return 1
        }
    }
}
