// Everything vault can say when it fails: every capability's catalogue, rendered for the
// Errors section of docs/commands.md (a test keeps that section in step).

// The enums' `problem`/`hint`/`kind`/`examples` switches are alike in shape on purpose (one row a
// case): `duplicates` lists those pairs, and they are meant.

extension VaultError {
    /// One per case of `VaultError`: `capability` switches over every case, so a capability added
    /// to `VaultError` does not compile until it is here, and then `catalogue(of:)` asks for it.
    public enum Capability: CaseIterable, Sendable {
        case vaultFile, keys, sessions, admin, setup, console, aws, system, shell, mfaDevice, usage, protectors, tpm,
            sso, mfaSession
    }

    public var capability: Capability {
        switch self {
        case .vaultFile: return .vaultFile
        case .keys: return .keys
        case .sessions: return .sessions
        case .admin: return .admin
        case .setup: return .setup
        case .console: return .console
        case .aws: return .aws
        case .system: return .system
        case .shell: return .shell
        case .mfaDevice: return .mfaDevice
        case .usage: return .usage
        case .protectors: return .protectors
        case .tpm: return .tpm
        case .sso: return .sso
        case .mfaSession: return .mfaSession
        }
    }

    /// A capability's title in the docs and its errors.
    public static func catalogue(of capability: Capability) -> (title: String, errors: [VaultError]) {
        switch capability {
        case .vaultFile:
            return ("The vault file and this machine's record", VaultFileError.catalogue.map { .vaultFile($0) })
        case .keys: return ("Keys: add, list, remove, import, rotate", KeysError.catalogue.map { .keys($0) })
        case .sessions:
            return (
                "Sessions: assume, exec, the cache, MFA, the credential server",
                SessionsError.catalogue.map { .sessions($0) }
            )
        case .admin: return ("Admin keys", AdminError.catalogue.map { .admin($0) })
        case .setup: return ("Setup, doctor and settings", SetupError.catalogue.map { .setup($0) })
        case .console: return ("Console sign-in", ConsoleError.catalogue.map { .console($0) })
        case .aws: return ("AWS's answers and the AWS config files", AWSFailure.catalogue.map { .aws($0) })
        case .system: return ("The terminal and the system", SystemFailure.catalogue.map { .system($0) })
        case .shell: return ("Shell integrations: other formats, the subshell", ShellError.catalogue.map { .shell($0) })
        case .mfaDevice:
            return ("Creating and linking an MFA device", MFADeviceError.catalogue.map { .mfaDevice($0) })
        case .usage: return ("Usage: the command line", UsageError.catalogue.map { .usage($0) })
        case .protectors:
            return ("Key protectors and the unlock window", ProtectorError.catalogue.map { .protectors($0) })
        case .tpm: return ("The TPM protector", TPMFailure.catalogue.map { .tpm($0) })
        case .sso: return ("IAM Identity Center: sso login, logout, list", SSOError.catalogue.map { .sso($0) })
        case .mfaSession:
            return ("MFA sessions: one code for many roles", MFASessionError.catalogue.map { .mfaSession($0) })
        }
    }

    /// The Errors section of docs/commands.md: per capability, a table of what vault prints
    /// (`vault: PROBLEM`, `hint: HINT`) and the exit status, for a representative of each case.
    public static func catalogueMarkdown() -> String {
        var out = ""
        for capability in Capability.allCases {
            let (title, errors) = catalogue(of: capability)
            out += "### \(title)\n\n| problem | hint | exit |\n|---|---|---|\n"
            for error in errors {
                out += "| \(cell(error.problem)) | \(cell(error.hint)) | \(error.exitCode) |\n"
            }
            out += "\n"
        }
        return out
    }

    /// Text as one Markdown table cell: `|` escaped, no line breaks.
    private static func cell(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}
