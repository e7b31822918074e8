// A person for tests: answers scripted in advance, every question recorded, and a switch for
// whether anyone can be asked at all (`--no-prompt`, no terminal).
import Foundation
import VaultCrypto
import VaultKit

/// Implements `Prompter` from queues of answers. Running out of answers throws, so an
/// unexpected question fails the test instead of blocking.
public final class FakePrompter: Prompter, @unchecked Sendable {
    /// One question vault asked.
    public enum Question: Equatable, Sendable {
        case secret(String)
        case line(String)
        case confirm(String)
    }

    private let lock = NSLock()
    private var secretAnswers: [String]
    private var lineAnswers: [String]
    private var confirmAnswers: [Bool]
    private var log: [Question] = []
    private var promptable: Bool

    public init(canPrompt: Bool = true, secrets: [String] = [], lines: [String] = [], confirms: [Bool] = []) {
        promptable = canPrompt
        secretAnswers = secrets
        lineAnswers = lines
        confirmAnswers = confirms
    }

    public var canPrompt: Bool {
        get { lock.withLock { promptable } }
        set { lock.withLock { promptable = newValue } }
    }

    /// Every question asked so far, in order.
    public var asked: [Question] { lock.withLock { log } }

    /// Queues answers for later questions.
    public func answerLines(_ answers: String...) { lock.withLock { lineAnswers += answers } }
    public func answerSecrets(_ answers: String...) { lock.withLock { secretAnswers += answers } }
    public func answerConfirms(_ answers: Bool...) { lock.withLock { confirmAnswers += answers } }

    public func secret(_ prompt: String) throws(VaultError) -> SecureBytes {
        guard var bytes = try next(.secret(prompt), from: \.secretAnswers).map({ Array($0.utf8) }) else {
            throw Self.unanswered(prompt)
        }
        do { return try SecureBytes(takingAndWiping: &bytes) } catch {
            throw VaultError.system(.lockedMemory)
        }
    }

    public func line(_ prompt: String) throws(VaultError) -> String {
        guard let answer = try next(.line(prompt), from: \.lineAnswers) else { throw Self.unanswered(prompt) }
        return answer
    }

    public func confirm(_ prompt: String) throws(VaultError) -> Bool {
        guard let answer = try next(.confirm(prompt), from: \.confirmAnswers) else { throw Self.unanswered(prompt) }
        return answer
    }

    private func next<T>(_ question: Question, from queue: ReferenceWritableKeyPath<FakePrompter, [T]>)
        throws(VaultError) -> T?
    {
        lock.withLock {
            log.append(question)
            return self[keyPath: queue].isEmpty ? nil : self[keyPath: queue].removeFirst()
        }
    }

    /// A question the test did not script is answered as if there were no terminal.
    private static func unanswered(_ prompt: String) -> VaultError {
        .system(.noTerminal)
    }
}
