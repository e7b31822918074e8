#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import VaultKit
import VaultStore

// Before anything can hold a secret: no core dumps, no ptrace or /proc/PID/mem by other processes.
ProcessHardening.apply()

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    // The forms run before every AWS command skip ArgumentParser (SessionInvocation.fastForm).
    if let invocation = SessionInvocation.fastForm(arguments) {
        _ = try Prompters.choose(environment: currentEnvironment(), allowed: false)  // an invalid VAULT_PROMPT
        _ = try invocation.run(context: invocation.context)
    } else {
        try CommandLineCheck.check(arguments)
        // A `vault exec --deactivate-after` killed before it could deactivate the admin keys.
        for note in PendingDeactivation(environment: currentEnvironment()).leftovers() { Output.info(note) }
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
