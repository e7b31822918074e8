// The MFA session (one GetSessionToken with the code, signing many roles): every error, with its message and hint.

/// What can go wrong with an MFA session.
public enum MFASessionError: ErrorMessage {
    /// Another vault call sent this very code moments ago and AWS refused it: it is not sent again.
    case codeJustRefused(serial: String)
    /// A role refused a cached MFA session: its trust policy most likely limits `aws:MultiFactorAuthAge`.
    case sessionTooOld(profile: String, roleARN: String, ageSeconds: Int64)
    /// `mfa_session_duration` or the `mfa-session-duration` setting is not a duration.
    case invalidDuration(value: String, source: String)
    /// The `mfa-session` setting is neither `on` nor `off`.
    case invalidSwitch(value: String)
    /// Locked memory for the credentials that sign rotation's IAM calls could not be had.
    case cannotHoldSigner

    public var problem: String {
        switch self {
        case .codeJustRefused(let serial):
            return
                "AWS refused this MFA code for \(serial) moments ago (another vault call sent it); vault does not send it again"
        case .sessionTooOld(let profile, let role, let age):
            return "\(role) refused the MFA session of '\(profile)': its code was entered \(Text.age(age)) ago, "
                + "and the role's trust policy most likely limits aws:MultiFactorAuthAge"
        case .invalidDuration(let value, let source):
            return "\(source) = \(value) is not a session length"
        case .invalidSwitch(let value):
            return "the vault setting mfa-session = \(value) is neither on nor off"
        case .cannotHoldSigner:
            return "cannot keep the signing credentials in locked memory"
        }
    }

    public var hint: String {
        switch self {
        case .codeJustRefused:
            return "wait for the next code from your authenticator app, then run the command again"
        case .sessionTooOld(let profile, _, _):
            return "enter a new code: vault assume \(profile) --refresh (or vault clear \(profile)); "
                + "to avoid it, set mfa_session_duration below the role's limit, or use --no-mfa-session for this role"
        case .invalidDuration:
            return "use seconds (or 90m, 8h) from 900 to 129600, AWS's limit for GetSessionToken; default 8h"
        case .invalidSwitch:
            return "vault config mfa-session on (the default) or off"
        case .cannotHoldSigner:
            return "raise the locked-memory limit (ulimit -l), then run the command again"
        }
    }

    public var exitCode: Int32 {
        switch self {
        case .invalidDuration, .invalidSwitch: return 2
        default: return 1
        }
    }
}
