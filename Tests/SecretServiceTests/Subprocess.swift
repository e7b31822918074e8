import Foundation

/// Runs `arguments` (found on PATH) with `input` on standard input; returns the exit status.
func runWithInput(_ arguments: [String], input: String) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    stdin.fileHandleForWriting.write(Data(input.utf8))
    try stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    return process.terminationStatus
}
