#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import VaultKit
import VaultStore

// Before anything can hold a secret: no core dumps, no ptrace or /proc/PID/mem by other processes.
ProcessHardening.apply()

do {
    var command = try VaultCommand.parseAsRoot()
    try command.run()
} catch let error as VaultError {
    Output.error(problem: error.problem, hint: error.hint)
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
