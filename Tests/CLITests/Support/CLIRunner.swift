import Foundation
import Testing
import TestSupport

// How the end-to-end tests run the binary. Beside this file: throw-away
// workspaces with a store (Workspace.swift), the check every refused import
// goes through (RefusedInput.swift) and the fixture files (Fixture.swift).

/// What one run of the binary did.
struct CLIResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String
    var terminatedBySignal: Bool
    var timedOut: Bool
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
}

enum CLI {
    static var packageRoot: URL { TestPaths.packageRoot }
    static var binary: URL { TestPaths.crisismap }

    /// Starts the binary with no standard input and without `$CRISISMAP_DB`.
    static func start(_ arguments: [String], in directory: URL, stdout: Any, stderr: Any,
                      onExit: (@Sendable (Process) -> Void)? = nil) throws -> Process {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw CLIError(description: "no crisismap binary at \(binary.path): run `swift build` or set CRISISMAP_BIN")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CRISISMAP_DB")
        process.environment = environment
        process.terminationHandler = onExit
        try process.run()
        return process
    }

    /// Runs to completion; a run longer than `timeout` is killed and reported.
    /// Runs a shell command line on a pseudo-terminal (`script`), as a person
    /// at a console would, and returns its exit status and everything it showed.
    static func runOnTerminal(_ command: String) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    static func run(_ arguments: [String], in directory: URL, timeout: TimeInterval = 120) throws -> CLIResult {
        let out = Pipe()
        let err = Pipe()
        // A termination handler, not waitUntilExit(), which polls every 50 ms on Linux.
        let exited = DispatchSemaphore(value: 0)
        let process = try start(arguments, in: directory, stdout: out, stderr: err) { _ in exited.signal() }
        // Both pipes are drained at once, so neither can fill up and stall the child.
        let output = Collected()
        let errors = Collected()
        let readers = DispatchGroup()
        for (handle, box) in [(out.fileHandleForReading, output), (err.fileHandleForReading, errors)] {
            readers.enter()
            DispatchQueue.global().async {
                box.set(handle.readDataToEndOfFile())
                readers.leave()
            }
        }
        var timedOut = false
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
        }
        readers.wait()
        #expect(!timedOut, "crisismap \(arguments.joined(separator: " ")) ran over \(Int(timeout)) s and was killed")
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: output.get(), as: UTF8.self),
                         stderr: String(decoding: errors.get(), as: UTF8.self),
                         terminatedBySignal: process.terminationReason == .uncaughtSignal, timedOut: timedOut)
    }
}

/// Bytes a background reader hands back.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
