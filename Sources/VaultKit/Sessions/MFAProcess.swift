#if canImport(Glibc)
import Glibc
#endif

// A profile's `mfa_process`: the command run through /bin/sh whose first line of stdout is the
// MFA code, with a time limit (VAULT_MFA_PROCESS_TIMEOUT), and the user's errors for each way it
// can go wrong.

/// The command and how long vault waits for it.
struct MFAProcess {
    /// The profile's `mfa_process`, as written in `~/.aws/config`.
    let command: String
    /// Whole seconds before the command's process group is stopped.
    let timeoutSeconds: Int

    static let defaultTimeout = 60
    static let timeoutRange = 1...3600
    /// Bytes of the first line kept (a code is 6; anything near this is not a code).
    static let outputLimit = 4096

    /// `VAULT_MFA_PROCESS_TIMEOUT`: whole seconds from 1 to 3600, default 60.
    static func timeout(environment: [String: String]) throws(VaultError) -> Int {
        guard let text = environment["VAULT_MFA_PROCESS_TIMEOUT"], !text.isEmpty else { return defaultTimeout }
        guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let seconds = Int(text),
            timeoutRange.contains(seconds)
        else {
            throw VaultError.sessions(.badMFATimeout(text))
        }
        return seconds
    }

    /// Runs the command and returns its first line of stdout (not yet validated as a code). Its
    /// stderr goes to the terminal (a security key's "touch your key"), its stdin is /dev/null,
    /// its environment vault's minus VAULT_PASSPHRASE; the code is never logged.
    func firstLine() throws(VaultError) -> String {
        do {
            let signals = try WaitSignals()
            var child = try ChildProcess.spawn(
                "/bin/sh", arguments: ["/bin/sh", "-c", command], environment: Self.childEnvironment(),
                errorOutput: .terminal)
            let outcome = try child.firstLine(limit: Self.outputLimit, within: timeoutSeconds, signals: signals)
            switch outcome {
            case .ended(let ending, let line):
                signals.restore(handingOn: nil, sawChildEnd: true)
                try check(ending)
                return String(decoding: line, as: UTF8.self)
            case .timedOut:
                child.stopGroup()
                signals.restore(handingOn: nil, sawChildEnd: true)
                throw VaultError.sessions(.mfaTimedOut(seconds: timeoutSeconds, command: command))
            case .interrupted(let received):
                child.stopGroup()
                // Ends vault as the signal would have (an interrupted prompt exits the same way),
                // or hands it to `vault exec --server`, which keeps serving its command.
                signals.restore(handingOn: received, sawChildEnd: true)
                throw VaultError.sessions(.mfaInterrupted(signal: received.signal, command: command))
            }
        } catch let error as ChildProcessError {
            switch error {
            case .cannotStart:
                throw VaultError.sessions(.mfaCannotStart(detail: error.description))
            case .cannotWait:
                throw VaultError.sessions(.mfaLost(detail: error.description, command: command))
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError.sessions(.mfaCannotRun(detail: "\(error)"))
        }
    }

    private func check(_ ending: ChildEnding) throws(VaultError) {
        switch ending {
        case .exited(0): return
        case .exited(let status):
            throw VaultError.sessions(.mfaFailed(status: status, command: command))
        case .killed(let signal):
            throw VaultError.sessions(.mfaKilled(signal: signal, command: command))
        }
    }

    /// vault's environment minus VAULT_PASSPHRASE: nothing secret reaches the command.
    static func childEnvironment() -> [String] {
        var entries: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            if strncmp(pointer, "VAULT_PASSPHRASE=", 17) != 0 { entries.append(String(cString: pointer)) }
            entry += 1
        }
        return entries
    }

    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return "SIGHUP"
        case SIGKILL: return "SIGKILL"
        default: return "signal \(signal)"
        }
    }
}
