#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import VaultKit
import VaultStore

// Before anything can hold a secret: no core dumps, no ptrace or /proc/PID/mem by other processes.
ProcessHardening.apply()

/// The two forms run before every AWS command are served here without ArgumentParser, whose
/// reflection-driven parsing costs more instructions than serving a cached session
/// (docs/performance.md):
/// - `vault assume PROFILE --format json` (`credential_process`), as `AssumeCommand.run` does;
/// - `vault exec PROFILE -- COMMAND [ARG...]`, as `ExecCommand.run` does without --server/--force.
/// No other option can be present in those forms; any other form, `--help` included, goes
/// through the parser.
enum FastPath {
    case credentialProcess(profile: String)
    case exec(profile: String, command: [String])

    init?(_ arguments: [String]) {
        guard arguments.count >= 3, !arguments[1].isEmpty, !arguments[1].hasPrefix("-") else { return nil }
        switch arguments[0] {
        case "assume" where arguments.count == 4 && arguments[2] == "--format" && arguments[3] == "json":
            self = .credentialProcess(profile: arguments[1])
        case "exec" where arguments.count >= 4 && arguments[2] == "--":
            self = .exec(profile: arguments[1], command: Array(arguments[3...]))
        default:
            return nil
        }
    }

    func run() throws(VaultError) {
        // GlobalOptions.context() without --no-prompt; SessionOptions.request(environment:) with only a profile.
        let context = VaultContext(
            environment: currentEnvironment(),
            prompter: try Prompters.choose(environment: currentEnvironment(), allowed: true), keyring: SystemKeyring())
        switch self {
        case .credentialProcess(let profile):
            let session = try SessionBroker(context: context).session(request(profile, context))
            try CredentialOutput.write(session, profile: profile, format: .json)
        case .exec(let profile, let command):
            try Exec.checkNotNested(environment: context.environment, force: false)
            let session = try SessionBroker(context: context).session(request(profile, context))
            try Exec.run(command, session: session, profile: profile, environment: context.environment)
        }
    }

    private func request(_ profile: String, _ context: VaultContext) throws(VaultError) -> SessionRequest {
        SessionRequest(
            profile: profile, minimumRemaining: try SessionRequest.minimumRemaining(environment: context.environment))
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    if let fastPath = FastPath(arguments) {
        try fastPath.run()
    } else {
        try CommandLineCheck.check(arguments)
        var command = try VaultCommand.parseAsRoot(arguments)
        try command.run()
    }
    PausePoint.reached("exit")  // the command is done: no secret should be left in memory
} catch let error as VaultError {
    Output.error(problem: error.problem, hint: error.hint)
    PausePoint.reached("exit")
    exit(error.exitCode)
} catch {
    let code = VaultCommand.exitCode(for: error)
    if code == .success {
        VaultCommand.exit(withError: error)  // --help, --version
    }
    // Usage errors exit 2 (like most Unix tools), not ArgumentParser's 64, in vault's error style.
    if code == .validationFailure || code.rawValue == 64 {
        let usage = CommandLineCheck.usage(for: error, arguments: arguments)
        Output.error(problem: usage.problem, hint: usage.hint)
        exit(2)
    }
    let message = VaultCommand.fullMessage(for: error)
    if !message.isEmpty { Output.info(message) }
    exit(1)
}
