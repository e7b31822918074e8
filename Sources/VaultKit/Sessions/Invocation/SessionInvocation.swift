// One call of `vault assume` or `vault exec`: the entry point both the parsed commands and
// main.swift's fast path call, and the recognition of the fast path's exact token forms.
#if canImport(Glibc)
import Glibc
#endif
import VaultStore

/// One call of `vault assume` or `vault exec`, however it was read (ArgumentParser or the fast
/// path): the same value builds the same request and runs the same way.
public struct SessionInvocation: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        /// `vault assume`: print the credentials.
        case assume(format: CredentialFormat)
        /// `vault exec`: run `command` with the credentials in its environment, or served (`server`).
        case exec(command: [String], server: Bool, force: Bool)
    }

    public var profile: String
    public var action: Action
    public var durationSeconds: Int?
    public var region: String?
    public var mfaCode: String?
    public var refresh: Bool
    /// `--no-prompt`: never ask a question.
    public var noPrompt: Bool
    /// `--protector ID`: unlock with this protector only.
    public var protector: Int?
    /// `--no-mfa-session` (false): send the code with the role's AssumeRole; nil: the setting.
    public var mfaSession: Bool?

    public init(
        profile: String, action: Action, durationSeconds: Int? = nil, region: String? = nil, mfaCode: String? = nil,
        refresh: Bool = false, noPrompt: Bool = false, protector: Int? = nil, mfaSession: Bool? = nil
    ) {
        self.mfaSession = mfaSession
        self.profile = profile
        self.action = action
        self.durationSeconds = durationSeconds
        self.region = region
        self.mfaCode = mfaCode
        self.refresh = refresh
        self.noPrompt = noPrompt
        self.protector = protector
    }

    /// The forms run before every AWS command, recognised without ArgumentParser (whose
    /// reflection costs more than serving a cached session, docs/performance.md):
    /// `assume PROFILE --format json` (`credential_process`), with any of `--refresh`,
    /// `--no-prompt` and `--mfa-code DIGITS` after it (scripts), and
    /// `exec PROFILE -- COMMAND [ARG...]`. Any other form, `--help`, every other option and an
    /// option given twice included, is nil: the parser reads it.
    public static func fastForm(_ arguments: [String]) -> SessionInvocation? {
        guard arguments.count >= 3, !arguments[1].isEmpty, !arguments[1].hasPrefix("-") else { return nil }
        switch arguments[0] {
        case "assume" where arguments.count >= 4 && arguments[2] == "--format" && arguments[3] == "json":
            var invocation = SessionInvocation(profile: arguments[1], action: .assume(format: .json))
            var options = arguments[4...]
            while let option = options.popFirst() {
                switch option {
                case "--refresh" where !invocation.refresh: invocation.refresh = true
                case "--no-prompt" where !invocation.noPrompt: invocation.noPrompt = true
                case "--mfa-code" where invocation.mfaCode == nil:
                    guard let code = options.popFirst(), (1...16).contains(code.utf8.count),
                        code.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
                    else { return nil }
                    invocation.mfaCode = code
                default: return nil
                }
            }
            return invocation
        case "exec" where arguments.count >= 4 && arguments[2] == "--":
            return SessionInvocation(
                profile: arguments[1], action: .exec(command: Array(arguments[3...]), server: false, force: false))
        default:
            return nil
        }
    }

    /// What the broker is asked for (`VAULT_SESSION_MIN_REMAINING` read from `environment`).
    public func request(environment: [String: String]) throws(VaultError) -> SessionRequest {
        try SessionRequest(
            profile: profile, durationSeconds: durationSeconds, region: region, mfaCode: mfaCode, refresh: refresh,
            environment: environment, mfaSession: mfaSession)
    }

    /// The outside world this call works in: the process's environment, the terminal unless
    /// `--no-prompt`, the Secret Service.
    public var context: VaultContext { .real(noPrompt: noPrompt, protector: protector) }

    /// Runs the call in `context`. `assume` prints the credentials and returns 0; `exec` replaces
    /// vault with the command (it never returns) or, with `server`, returns the command's status.
    public func run(context: VaultContext) throws(VaultError) -> Int32 {
        switch action {
        case .assume(let format):
            let session = try SessionBroker(context: context).session(request(environment: context.environment))
            try CredentialOutput.write(session, profile: profile, format: format)
            return 0
        case .exec(let command, let server, let force):
            try Exec.checkNotNested(environment: context.environment, force: force)
            // No command: the user's shell, in the session (aws-vault's subshell).
            let command = command.isEmpty ? try Subshell.command(environment: context.environment) : command
            let request = try request(environment: context.environment)
            let broker = SessionBroker(context: context)
            let session = try broker.session(request)
            guard server else {
                try Exec.run(command, session: session, profile: profile, environment: context.environment)
            }
            return try CredentialServer.run(
                command, session: session, request: request, broker: broker, environment: context.environment)
        }
    }
}

extension SessionRequest {
    /// The request for a session command's options (`assume`, `exec`, `login`), reusing a cached
    /// session only while more than `VAULT_SESSION_MIN_REMAINING` seconds remain.
    public init(
        profile: String, durationSeconds: Int?, region: String?, mfaCode: String?, refresh: Bool,
        environment: [String: String], mfaSession: Bool? = nil
    ) throws(VaultError) {
        self.init(
            profile: profile, durationSeconds: durationSeconds, region: region, mfaCode: mfaCode, refresh: refresh,
            minimumRemaining: try SessionRequest.minimumRemaining(environment: environment), mfaSession: mfaSession)
    }
}

extension VaultContext {
    /// The real outside world: this process's environment, questions on the terminal or the
    /// `VAULT_PROMPT` dialog (unless `noPrompt`), the desktop keyring.
    /// `protector` (`--protector ID`) reaches the unlock as `VAULT_PROTECTOR`.
    public static func real(noPrompt: Bool, protector: Int? = nil) -> VaultContext {
        var environment = currentEnvironment()
        if let protector { environment["VAULT_PROTECTOR"] = String(protector) }
        // The `VAULT_PROMPT` dialog where one is set and usable (an invalid setting was refused
        // before: GlobalOptions.validate, main.swift's fast path), else the terminal.
        let prompter = (try? Prompters.choose(environment: environment, allowed: !noPrompt))
        return VaultContext(
            environment: environment, prompter: prompter ?? TerminalPrompter(allowed: !noPrompt),
            keyring: SystemKeyring())
    }
}
