// FileDescriptor.writeAll, vault's one write loop, against a real pipe that forces short writes:
// a small capacity, a slow reader, and signals (without SA_RESTART) interrupting the writer.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

@testable import VaultStore

/// What the writer's `write(2)` calls returned, as the loop saw them.
final class WriteLog: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var short = 0
    private(set) var interrupted = 0

    func record(_ n: Int, asked: Int, errno code: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if n < 0 && code == EINTR { interrupted += 1 } else if n >= 0 && n < asked { short += 1 }
    }
}

@Suite(.serialized) struct WriteAllTests {
    /// `FileDescriptor.writeAll` of `bytes` to `fd` through `system` (a closure with typed throws
    /// straight inside `withUnsafeBytes` crashes this compiler, hence the `Result`).
    func writeAll(
        _ fd: Int32, _ bytes: [UInt8], system: (Int32, UnsafeRawPointer, Int) -> Int
    ) throws(SystemError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(SystemError) in try FileDescriptor.writeAll(fd, raw, path: "pipe", system: system) }
        }
        try result.get()
    }

    @Test func shortWritesAndInterruptsStillDeliverEveryByteInOrder() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        _ = fcntl(ends[1], 1031, 4096)  // F_SETPIPE_SZ to the smallest pipe: every write fills it

        // A handler that does nothing, installed without SA_RESTART, so a signal ends a blocked write.
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var previous = sigaction()
        sigaction(SIGUSR1, &action, &previous)
        defer { sigaction(SIGUSR1, &previous, nil) }

        var random = SystemRandomNumberGenerator()
        let payload = (0..<(1 << 18)).map { _ in UInt8.random(in: 0...255, using: &random) }
        let log = WriteLog()
        let writerEnd = ends[1]
        nonisolated(unsafe) var writer = pthread_t()
        nonisolated(unsafe) var failure: String?
        let started = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let interrupterStopped = DispatchSemaphore(value: 0)
        let writerExited = DispatchSemaphore(value: 0)
        Thread {
            writer = pthread_self()
            var unblocked = sigset_t()
            sigemptyset(&unblocked)
            sigaddset(&unblocked, SIGUSR1)
            pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
            started.signal()
            do {
                try writeAll(writerEnd, payload) { fd, bytes, count in
                    let n = Glibc.write(fd, bytes, count)
                    let code = errno
                    log.record(n, asked: count, errno: code)
                    errno = code  // the loop reads it next
                    return n
                }
            } catch { failure = "\(error)" }
            close(writerEnd)
            finished.signal()
            interrupterStopped.wait()  // no signal may reach a thread that is gone
            writerExited.signal()
        }.start()
        started.wait()

        // Interrupt the writer every 200 µs while reading slowly in small pieces.
        let interrupter = Thread {
            while finished.wait(timeout: .now() + .microseconds(200)) == .timedOut { pthread_kill(writer, SIGUSR1) }
            interrupterStopped.signal()
        }
        interrupter.start()
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1000)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(ends[0], $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            received += chunk[0..<n]
            usleep(20)
        }
        writerExited.wait()  // both threads done before the handler is put back
        #expect(failure == nil)
        #expect(received == payload)
        #expect(log.short > 0, "no short write happened: the test proved nothing")
        #expect(log.interrupted > 0, "no write was interrupted: EINTR went untested")
    }

    @Test func anErrorIsThrownWithItsErrno() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        close(ends[0])  // no reader: EPIPE (SIGPIPE ignored for the test)
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous); close(ends[1]) }
        let bytes: [UInt8] = [1, 2, 3]
        #expect(throws: SystemError("write", path: "pipe", errno: EPIPE)) {
            try writeAll(ends[1], bytes, system: Glibc.write)
        }
    }

    @Test func theLoopResumesAfterEachShortWriteAndRetriesEINTR() throws {
        // A write(2) that takes at most 3 bytes and fails with EINTR every other call.
        var sink: [UInt8] = []
        var calls = 0
        let bytes = Array(0..<100).map(UInt8.init)
        try writeAll(7, bytes) { fd, pointer, count in
            calls += 1
            if calls % 2 == 0 {
                errno = EINTR
                return -1
            }
            let n = min(3, count)
            sink += UnsafeRawBufferPointer(start: pointer, count: n)
            return n
        }
        #expect(sink == bytes)
        #expect(calls == 67)  // 34 writes of at most 3 bytes, 33 interruptions between them
    }
}
