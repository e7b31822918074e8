// What vault says about IAM Identity Center logins and SSO profiles, every message in one place.

// To add an error: (1) a case here, carrying its data; (2) its words in the `problem` and `hint`
// switches (and `exitCode` if not 1); (3) the compiler then asks for its `Kind` and for an
// example in `examples(of:)` (below); (4) UPDATE_SNAPSHOTS=1 swift test --filter
// ErrorCatalogueTests adds it to docs/commands.md. Never a message outside these switches.
import AWSClient

/// IAM Identity Center failures, in the user's terms.
public enum SSOError: ErrorMessage {
    /// No sealed login for this session or start URL.
    case notLoggedIn(login: String)
    /// The login's tokens expired (or were revoked) and could not be refreshed.
    case loginExpired(login: String)
    /// The device code expired before the user approved it.
    case deviceCodeExpired
    /// The user denied the sign-in.
    case denied
    /// The login may not use that account and role.
    case roleDenied(profile: String, accountID: String, roleName: String)
    /// There is nowhere to keep the tokens sealed (no kernel keyring, no Secret Service).
    case noKeyStore
    /// The sealed tokens could not be written.
    case cannotStore(reason: String)
    /// A token file given to `--import` is unusable.
    case importUnusable(path: String, reason: String)
    /// `xdg-open` could not be started.
    case cannotOpenBrowser(reason: String)
    /// `vault sso list --write-profiles` could not write ~/.aws/config (left as it was).
    case cannotWriteProfiles(path: String, detail: String)

    public var problem: String {
        switch self {
        case .notLoggedIn(let login): return "not signed in to IAM Identity Center for '\(escaped(login))'"
        case .loginExpired(let login):
            return "the IAM Identity Center sign-in for '\(escaped(login))' has expired or was revoked"
        case .deviceCodeExpired: return "the sign-in code expired before it was approved"
        case .denied: return "the sign-in was denied in the browser"
        case .roleDenied(let profile, let account, let role):
            return
                "IAM Identity Center does not let this login use role '\(escaped(role))' in account \(escaped(account)) (profile '\(escaped(profile))')"
        case .noKeyStore: return "there is nowhere to keep the IAM Identity Center tokens sealed"
        case .cannotStore(let reason): return "cannot store the IAM Identity Center tokens: \(escaped(reason))"
        case .importUnusable(let path, let reason):
            return "cannot import the token file \(escaped(path)): \(escaped(reason))"
        case .cannotOpenBrowser(let reason): return "cannot open the browser: \(escaped(reason))"
        case .cannotWriteProfiles(let path, let detail): return "cannot write \(path): \(detail)"
        }
    }

    public var hint: String {
        switch self {
        case .notLoggedIn(let login), .loginExpired(let login):
            return "run vault sso login \(escaped(login))"
        case .deviceCodeExpired: return "run vault sso login again and approve the code in time"
        case .denied: return "run vault sso login again and choose Allow"
        case .roleDenied:
            return "check sso_account_id and sso_role_name; vault sso list shows the accounts and roles you may use"
        case .noKeyStore:
            return
                "vault keeps the token key in the kernel keyring (or the Secret Service); unset VAULT_SESSION_CACHE=none"
        case .cannotStore: return "check \(SSOTokenStore.defaultDirectoryHint) and free disk space"
        case .importUnusable: return "use a file from ~/.aws/sso/cache written by aws sso login, or run vault sso login"
        case .cannotOpenBrowser: return "open the URL above yourself"
        case .cannotWriteProfiles(let path, _): return "check the folder's permissions; \(path) was left as it was"
        }
    }

    /// An AWS answer during a login or a role-credential call, translated.
    static func from(_ error: AWSError, login: String, profile: String? = nil, source: (String, String)? = nil)
        -> VaultError
    {
        switch error {
        case .ssoTokenInvalid, .ssoClientInvalid: return .sso(.loginExpired(login: login))
        case .ssoDeviceCodeExpired: return .sso(.deviceCodeExpired)
        case .ssoAuthorizationDenied: return .sso(.denied)
        case .ssoRoleDenied:
            return .sso(.roleDenied(profile: profile ?? "", accountID: source?.0 ?? "", roleName: source?.1 ?? ""))
        default: return .from(error, profile: profile)
        }
    }
}

extension SSOError {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case notLoggedIn, loginExpired, deviceCodeExpired, denied, roleDenied, noKeyStore, cannotStore,
            importUnusable, cannotOpenBrowser, cannotWriteProfiles
    }

    public var kind: Kind {
        switch self {
        case .notLoggedIn: return .notLoggedIn
        case .loginExpired: return .loginExpired
        case .deviceCodeExpired: return .deviceCodeExpired
        case .denied: return .denied
        case .roleDenied: return .roleDenied
        case .noKeyStore: return .noKeyStore
        case .cannotStore: return .cannotStore
        case .importUnusable: return .importUnusable
        case .cannotOpenBrowser: return .cannotOpenBrowser
        case .cannotWriteProfiles: return .cannotWriteProfiles
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .notLoggedIn: return [.notLoggedIn(login: "my-sso")]
        case .loginExpired: return [.loginExpired(login: "my-sso")]
        case .deviceCodeExpired: return [.deviceCodeExpired]
        case .denied: return [.denied]
        case .roleDenied:
            return [.roleDenied(profile: "dev", accountID: "123456789012", roleName: "ReadOnly")]
        case .noKeyStore: return [.noKeyStore]
        case .cannotStore: return [.cannotStore(reason: "rename: No space left on device")]
        case .importUnusable:
            return [
                .importUnusable(
                    path: "/home/me/.aws/sso/cache/0123456789abcdef0123456789abcdef01234567.json",
                    reason: "no accessToken")
            ]
        case .cannotOpenBrowser: return [.cannotOpenBrowser(reason: "No such file or directory")]
        case .cannotWriteProfiles:
            return [.cannotWriteProfiles(path: "/home/me/.aws/config", detail: "rename: Permission denied")]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
