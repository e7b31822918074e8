// What vault says about IAM Identity Center logins and SSO profiles, every message in one place.
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
