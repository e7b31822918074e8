#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import VaultKit
import VaultStore

// Before anything can hold a secret: no core dumps, no ptrace or /proc/PID/mem by other processes.
ProcessHardening.apply()

/// `credential_process = vault assume PROFILE --format json` starts vault before every AWS CLI/SDK
/// process. That exact form is served here without ArgumentParser, whose reflection-driven parsing
/// costs more instructions than serving a cached session (docs/performance.md). It does what
/// `AssumeCommand.run` does with those arguments (no other option can be present); any other form,
/// `--help` included, goes through the parser.
enum CredentialProcessFastPath {
    static func profile(_ arguments: [String]) -> String? {
        guard arguments.count == 4, arguments[0] == "assume", arguments[2] == "--format", arguments[3] == "json",
            !arguments[1].isEmpty, !arguments[1].hasPrefix("-")
        else { return nil }
        return arguments[1]
    }

    static func run(profile: String) throws(VaultError) {
        // GlobalOptions.context() without --no-prompt; SessionOptions.request(environment:) with only a profile.
        let context = VaultContext(
            environment: currentEnvironment(), prompter: TerminalPrompter(allowed: true), keyring: SystemKeyring())
        let request = SessionRequest(
            profile: profile, minimumRemaining: try SessionRequest.minimumRemaining(environment: context.environment))
        let session = try SessionBroker(context: context).session(request)
        try CredentialOutput.write(session, profile: profile, format: .json)
    }
}

do {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let profile = CredentialProcessFastPath.profile(arguments) {
        try CredentialProcessFastPath.run(profile: profile)
    } else {
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
    // Usage errors exit 2 (like most Unix tools), not ArgumentParser's 64.
    let message = VaultCommand.fullMessage(for: error)
    if !message.isEmpty { Output.info(message) }
    exit(code == .validationFailure ? 2 : code.rawValue == 64 ? 2 : 1)
}
