// The MFA session (one GetSessionToken with the code, signing many roles): every error, with its message and hint.

// To add an error: (1) a case here, carrying its data; (2) its words in the `problem` and `hint`
// switches (and `exitCode` if not 1); (3) the compiler then asks for its `Kind` and for an
// example in `examples(of:)` (below); (4) UPDATE_SNAPSHOTS=1 swift test --filter
// ErrorCatalogueTests adds it to docs/commands.md. Never a message outside these switches.

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

extension MFASessionError {
    /// One discriminator per case. `kind` switches over every case, so a new case does not
    /// compile until it has a `Kind`, and `examples(of:)` until it has an example.
    public enum Kind: CaseIterable, Sendable {
        case codeJustRefused, sessionTooOld, invalidDuration, invalidSwitch, cannotHoldSigner
    }

    public var kind: Kind {
        switch self {
        case .codeJustRefused: return .codeJustRefused
        case .sessionTooOld: return .sessionTooOld
        case .invalidDuration: return .invalidDuration
        case .invalidSwitch: return .invalidSwitch
        case .cannotHoldSigner: return .cannotHoldSigner
        }
    }

    /// Representative values of each case (every variant of its message).
    static func examples(of kind: Kind) -> [Self] {
        switch kind {
        case .codeJustRefused: return [.codeJustRefused(serial: "arn:aws:iam::123456789012:mfa/alice")]
        case .sessionTooOld:
            return [
                .sessionTooOld(
                    profile: "work", roleARN: "arn:aws:iam::123456789012:role/admin", ageSeconds: 5400)
            ]
        case .invalidDuration:
            return [
                .invalidDuration(value: "2d", source: "mfa_session_duration in [profile work]"),
                .invalidDuration(value: "99", source: "the vault setting mfa-session-duration"),
            ]
        case .invalidSwitch: return [.invalidSwitch(value: "yes")]
        case .cannotHoldSigner: return [.cannotHoldSigner]
        }
    }

    /// Everything this capability can say, case by case (docs/commands.md, Errors).
    public static var catalogue: [Self] { Kind.allCases.flatMap(examples) }
}
