// Long-term keys: adding, listing, removing, importing, rotating; profile names: every error, with its message and hint.

// To add an error: (1) a case here, carrying its data; (2) its words in the `problem` and `hint`
// switches (and `exitCode` if not 1); (3) the compiler then asks for its `Kind` and for an
// example in `examples(of:)` (KeysError+Catalogue.swift); (4) UPDATE_SNAPSHOTS=1 swift test
// --filter ErrorCatalogueTests adds it to docs/commands.md. Never a message outside these
// switches.
import VaultBase

/// Long-term keys: adding, listing, removing, importing, rotating; profile names.
public enum KeysError: ErrorMessage {
    case unknownProfile(String, known: [String])
    case invalidProfileName(String)
    /// Neither a section of the config nor a vault entry; `close` are suggestions, `known` all names.
    case unknownAnywhere(String, configPath: String, close: [String], known: [String])
    case alreadyInVault(profile: String)
    case removalNeedsConfirmation(profile: String)
    case envKeysMissing
    case notAnAccessKeyID
    case notASecretKey(length: Int)
    // Importing from the plaintext AWS files.
    case sameFiles(path: String)
    case nothingToImport(files: String)
    case importConflicts(profiles: [String], again: String)
    case importedEntryMismatch(profile: String, paths: String)
    case noPassphraseToRemovePlaintext
    case noKeysIn(profile: String, place: String)
    case temporaryKeysIn(profile: String, place: String)
    case incompleteKeysIn(profile: String, place: String, key: String, missing: Bool)
    case differentKeys(profile: String, credentialsPath: String, configPath: String)
    case badKeyIDIn(profile: String, place: String)
    case badSecretIn(profile: String, place: String, length: Int)
    /// `in` names the credentials file (and whether it exists); `orConfig` the config file if there is one.
    case notInFiles(profile: String, in: String, orConfig: String?, close: [String], withKeys: [String])
    case keysOutsideSection(profile: String, path: String)
    case wouldChangeMore(profiles: [String], path: String)
    case plaintextIsLink(path: String, variable: String)
    case cannotLock(path: String, detail: String)
    case plaintextNotRegular(path: String, variable: String)
    case plaintextForeignOwner(path: String, uid: UInt32, variable: String)
    case cannotRewrite(path: String, detail: String)
    case plaintextTooLarge(path: String)
    case plaintextChanged(path: String)
    // Rotation.
    case unstorableKey(keyID: String)

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
        case .unknownProfile(let name, _): return "profile '\(escaped(name))' is not in the vault"
        case .invalidProfileName(let name): return "'\(escaped(name))' is not a valid profile name"
        case .unknownAnywhere(let name, let configPath, _, _):
            return "profile '\(escaped(name))' is neither in \(configPath) nor in the vault"
        case .alreadyInVault(let profile): return "profile '\(profile)' is already in the vault"
        case .removalNeedsConfirmation(let profile): return "removing '\(profile)' needs confirmation"
        case .envKeysMissing: return "--env needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        case .notAnAccessKeyID:
            return "that is not an access key ID (expected AKIA followed by 16 capital letters or digits)"
        case .notASecretKey(let length):
            return "that is not a secret access key (expected 40 characters of A–Z a–z 0–9 + /, got \(length))"
        case .sameFiles(let path):
            return "AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name the same file, \(path)"
        case .nothingToImport(let files): return "no profile in \(files) has long-term keys to import"
        case .importConflicts(let profiles, _):
            let names = Self.quoted(profiles)
            return profiles.count == 1
                ? "profile \(names) is already in the vault" : "profiles \(names) are already in the vault"
        case .importedEntryMismatch(let profile, let paths):
            return "the vault entry of '\(profile)' does not open to the keys in \(paths)"
        case .noPassphraseToRemovePlaintext:
            return
                "--remove-plaintext needs the vault passphrase (to prove the vault opens to the keys first), and there is no terminal to ask on"
        case .noKeysIn(let profile, let place): return "profile '\(profile)' has no access keys in \(place)"
        case .temporaryKeysIn(let profile, let place):
            return "profile '\(profile)' in \(place) holds temporary credentials (it has aws_session_token)"
        case .incompleteKeysIn(let profile, let place, let key, let missing):
            return "profile '\(profile)' in \(place) has "
                + (missing ? "no \(key)" : "a \(key) that is not a single value")
        case .differentKeys(let profile, let credentialsPath, let configPath):
            return "profile '\(profile)' has different keys in \(credentialsPath) and \(configPath)"
        case .badKeyIDIn(let profile, let place):
            return
                "the aws_access_key_id of '\(profile)' in \(place) is not a long-term key ID (AKIA and 16 capital letters or digits)"
        case .badSecretIn(let profile, let place, let length):
            return "the aws_secret_access_key of '\(profile)' in \(place) is not a secret access key "
                + "(expected 40 characters of A–Z a–z 0–9 + /, got \(length))"
        case .notInFiles(let profile, let place, let config, _, _):
            return "profile '\(profile)' is not in \(place)" + (config.map { " or \($0)" } ?? "")
        case .keysOutsideSection(let profile, let path):
            return "the keys of '\(profile)' in \(path) are not all in its own section (a [DEFAULT] section?)"
        case .wouldChangeMore(let profiles, let path):
            return "removing the keys of \(Self.quoted(profiles)) would change more of \(path) than those lines"
        case .plaintextIsLink(let path, _): return "\(path) is a symbolic link"
        case .cannotLock(let path, let detail): return "cannot lock \(path): \(detail)"
        case .plaintextNotRegular(let path, _): return "\(path) is not a regular file"
        case .plaintextForeignOwner(let path, let uid, _): return "\(path) belongs to another user (uid \(uid))"
        case .cannotRewrite(let path, let detail): return "cannot rewrite \(path): \(detail)"
        case .plaintextTooLarge(let path): return "\(path) is larger than 4 MiB"
        case .plaintextChanged(let path): return "\(path) changed while vault was working"
        case .unstorableKey: return "IAM returned a key vault cannot store"
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
        case .unknownProfile(let name, let known): return Self.unknownProfileHint(name, known: known)
        case .invalidProfileName:
            return "use 1–128 bytes of text without spaces or control characters (as in ~/.aws/config)"
        case .unknownAnywhere(_, let configPath, let close, let known):
            guard close.isEmpty else {
                return "did you mean \(close.prefix(5).map { "'\(escaped($0))'" }.joined(separator: " or "))?"
            }
            let names = known.map { escaped($0) }
            return names.isEmpty
                ? "add a [profile NAME] section to \(configPath), or keys with: vault add NAME"
                : "known profiles: \(names.prefix(12).joined(separator: ", "))\(names.count > 12 ? ", …" : "")"
        case .alreadyInVault(let profile): return "replace its key with: vault add \(profile) --force"
        case .removalNeedsConfirmation: return "add --force to remove without asking"
        case .envKeysMissing: return "export both, or leave out --env to be asked"
        case .notAnAccessKeyID:
            return
                "copy the key ID from the IAM console or `aws iam create-access-key` (temporary ASIA… keys cannot be stored)"
        case .notASecretKey: return "paste the secret exactly as AWS showed it, without quotes or spaces"
        case .sameFiles: return "point them at two files, as the AWS CLI expects"
        case .nothingToImport: return "nothing was changed; vault add PROFILE asks for a key instead"
        case .importConflicts(_, let again): return "replace with the file's keys: \(again)"
        case .importedEntryMismatch:
            return
                "nothing was removed from the files; did another command change the vault meanwhile? Run the command again"
        case .noPassphraseToRemovePlaintext:
            return
                "nothing was changed; run from a terminal, set VAULT_PASSPHRASE, or import without --remove-plaintext"
        case .noKeysIn(let profile, _):
            return
                "nothing to import: its credentials come from elsewhere (a role, SSO, a process); vault add \(profile) asks for a key"
        case .temporaryKeysIn:
            return
                "only long-term keys (AKIA…) belong in the vault; temporary ones expire on their own and were left as they are"
        case .incompleteKeysIn(let profile, _, _, _):
            return
                "fix the file so the profile has both keys, one line each, or type the key in with: vault add \(profile)"
        case .differentKeys:
            return "the AWS CLI uses the credentials file's; delete the stale pair by hand, then import again"
        case .badKeyIDIn(let profile, _):
            return "temporary ASIA… keys cannot be stored; fix the line, or type the key in with: vault add \(profile)"
        case .badSecretIn(let profile, _, _):
            return
                "fix the line (no quotes or spaces around the value), or type the key in with: vault add \(profile)"
        case .notInFiles(let profile, _, _, let close, let withKeys):
            if !close.isEmpty { return "did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?" }
            if !withKeys.isEmpty { return "profiles with keys there: \(withKeys.joined(separator: ", "))" }
            return "no profile there has keys to import; vault add \(profile) asks for a key instead"
        case .keysOutsideSection(_, let path): return "remove them from \(path) by hand; the vault holds the key now"
        case .wouldChangeMore(_, let path):
            return "\(path) was left as it was; remove the keys by hand (the vault holds them now)"
        case .plaintextIsLink(_, let variable):
            return "vault never rewrites a file through a link; point \(variable) at the real file"
        case .cannotLock: return "check the file system (flock must work)"
        case .plaintextNotRegular(_, let variable): return "point \(variable) at the real file"
        case .plaintextForeignOwner(_, _, let variable):
            return "vault only rewrites files you own; check HOME and \(variable)"
        case .cannotRewrite(let path, _):
            return "\(path) was left as it was; check the folder's permissions and free space"
        case .plaintextTooLarge: return "that is not an AWS credentials or config file; check the path"
        case .plaintextChanged: return "nothing was removed from it; run the command again"
        case .unstorableKey(let keyID): return "delete it in IAM: aws iam delete-access-key --access-key-id \(keyID)"
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
        case .invalidProfileName: return 2
        case .noKeyInput: return 2
        default: return 1
        }
    }

    private static func quoted(_ profiles: [String]) -> String {
        profiles.map { "'\($0)'" }.joined(separator: ", ")
    }

    private static func unknownProfileHint(_ name: String, known: [String]) -> String {
        let close = known.filter {
            EditDistance.levenshtein(Array($0), Array(name), limit: 2) != nil || $0.hasPrefix(name)
                || name.hasPrefix($0)
        }
        guard close.isEmpty else {
            return
                "did you mean \(close.map { "'\(escaped($0))'" }.joined(separator: " or "))? (vault list shows them all)"
        }
        return known.isEmpty
            ? "the vault is empty: vault add PROFILE"
            : "profiles in the vault: \(known.map(escaped).joined(separator: ", "))"
    }
}
