// Questions in a desktop dialog (zenity or kdialog) for callers without a terminal, such as an IDE
// running the AWS CLI through credential_process; answers come back on the dialog's stdout pipe.
#if canImport(Glibc)
import Glibc
#endif
import VaultCrypto

/// Asks with `zenity` or `kdialog` on the user's display. The prompt text is the program's only
/// argument from vault; the answer is read from its stdout (never argv, never a file) into locked
/// memory; a dialog left open longer than `timeoutSeconds` is closed and the question fails.
public struct GUIPrompter: Prompter {
    /// The dialog programs vault can drive (`VAULT_PROMPT`).
    public enum Program: String, Sendable, CaseIterable {
        case zenity, kdialog
    }

    let program: Program
    let path: String
    let timeoutSeconds: Int

    /// The prompter for `program` when it is installed and a display is there; nil otherwise.
    public init?(program: Program, environment: [String: String], timeoutSeconds: Int) {
        let display = [environment["DISPLAY"], environment["WAYLAND_DISPLAY"]].contains { !($0 ?? "").isEmpty }
        guard display, let path = Self.find(program.rawValue, environment: environment) else { return nil }
        self.program = program
        self.path = path
        self.timeoutSeconds = timeoutSeconds
    }

    public var canPrompt: Bool { true }

    public func secret(_ prompt: String) throws(VaultError) -> SecureBytes {
        let arguments: [String]
        switch program {
        case .zenity: arguments = ["--entry", "--hide-text", "--title=vault", "--text=\(Self.shown(prompt))"]
        case .kdialog: arguments = ["--title", "vault", "--password", Self.shown(prompt)]
        }
        var answer = try ask(arguments)
        do { return try SecureBytes(takingAndWiping: &answer) } catch {
            throw .system(.promptFailed(program: program.rawValue, reason: "cannot allocate locked memory"))
        }
    }

    public func line(_ prompt: String) throws(VaultError) -> String {
        let arguments: [String]
        switch program {
        case .zenity: arguments = ["--entry", "--title=vault", "--text=\(Self.shown(prompt))"]
        case .kdialog: arguments = ["--title", "vault", "--inputbox", Self.shown(prompt)]
        }
        return String(decoding: try ask(arguments), as: UTF8.self)
    }

    public func confirm(_ prompt: String) throws(VaultError) -> Bool {
        let arguments: [String]
        switch program {
        case .zenity: arguments = ["--question", "--title=vault", "--text=\(Self.shown(prompt))"]
        case .kdialog: arguments = ["--title", "vault", "--yesno", Self.shown(prompt)]
        }
        do {
            _ = try ask(arguments)
            return true
        } catch .system(.promptCancelled) {
            return false  // "No" and closing the window both exit 1
        }
    }

    /// Runs the dialog and returns the first line of its stdout (the answer).
    private func ask(_ arguments: [String]) throws(VaultError) -> [UInt8] {
        let name = program.rawValue
        do {
            let signals = try WaitSignals()
            var child = try ChildProcess.spawn(
                path, arguments: [path] + arguments, environment: MFAProcess.childEnvironment(),
                errorOutput: .inherited)
            let outcome = try child.firstLine(limit: 1024, within: timeoutSeconds, signals: signals)
            switch outcome {
            case .ended(.exited(0), let answer):
                signals.restore(handingOn: nil, sawChildEnd: true)
                return answer
            case .ended(.exited(1), var answer), .ended(.exited(5), var answer):
                signals.restore(handingOn: nil, sawChildEnd: true)
                answer.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
                throw VaultError.system(.promptCancelled(program: name))
            case .ended(let ending, _):
                signals.restore(handingOn: nil, sawChildEnd: true)
                throw VaultError.system(.promptFailed(program: name, reason: "it ended with \(ending)"))
            case .timedOut:
                child.stopGroup()
                signals.restore(handingOn: nil, sawChildEnd: true)
                throw VaultError.system(.promptTimedOut(program: name, seconds: timeoutSeconds))
            case .interrupted(let received):
                child.stopGroup()
                signals.restore(handingOn: received, sawChildEnd: true)
                throw VaultError.system(.promptFailed(program: name, reason: "vault was interrupted"))
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw .system(.promptFailed(program: name, reason: "\(error)"))
        }
    }

    /// The prompt without the trailing ": " a terminal prompt ends with.
    static func shown(_ prompt: String) -> String {
        var text = prompt
        while text.hasSuffix(" ") || text.hasSuffix(":") { text.removeLast() }
        return text
    }

    /// `name` in the environment's PATH (an absolute path only when executable).
    static func find(_ name: String, environment: [String: String]) -> String? {
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/\(name)" }.first { $0.hasPrefix("/") && access($0, X_OK) == 0 }
    }
}

/// Which prompter a command uses: the terminal, or with `VAULT_PROMPT=zenity|kdialog` a dialog
/// when a display is there (else the terminal still).
public enum Prompters {
    /// `allowed: false` (`--no-prompt`) never asks, whatever `VAULT_PROMPT` says.
    public static func choose(environment: [String: String], allowed: Bool) throws(VaultError) -> any Prompter {
        let terminal = TerminalPrompter(allowed: allowed)
        let setting = environment["VAULT_PROMPT"] ?? ""
        if setting.isEmpty || setting == "terminal" { return terminal }
        guard let program = GUIPrompter.Program(rawValue: setting) else {
            throw .system(.invalidPromptSetting(setting))
        }
        let seconds = try timeout(environment: environment)
        guard allowed else { return terminal }
        return GUIPrompter(program: program, environment: environment, timeoutSeconds: seconds) ?? terminal
    }

    /// `VAULT_PROMPT_TIMEOUT`: how long a dialog may stay open, 1–3600 seconds (default 120).
    static func timeout(environment: [String: String]) throws(VaultError) -> Int {
        guard let text = environment["VAULT_PROMPT_TIMEOUT"], !text.isEmpty else { return 120 }
        guard let seconds = Int(text), (1...3600).contains(seconds) else {
            throw .system(.invalidPromptTimeout(text))
        }
        return seconds
    }
}
