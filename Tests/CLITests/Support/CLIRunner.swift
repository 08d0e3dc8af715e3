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
    static func start(_ arguments: [String], in directory: URL, stdout: ChildProcess.Output = .pipe,
                      stderr: ChildProcess.Output = .pipe) throws -> ChildProcess {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw CLIError(description: "no crisismap binary at \(binary.path): run `swift build` or set CRISISMAP_BIN")
        }
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CRISISMAP_DB")
        return try ChildProcess(binary.path, arguments, directory: directory.path, environment: environment,
                                stdout: stdout, stderr: stderr)
    }

    /// Runs a shell command line on a pseudo-terminal (`script`), as a person
    /// at a console would, and returns its exit status and everything it showed.
    static func runOnTerminal(_ command: String) throws -> (status: Int32, text: String) {
        let result = try ChildProcess("/usr/bin/script", ["-qec", command, "/dev/null"], stderr: .discard).collect()
        return (result.termination.status, String(decoding: result.stdout, as: UTF8.self))
    }

    /// Runs to completion; a run longer than `timeout` is killed and reported.
    static func run(_ arguments: [String], in directory: URL, timeout: TimeInterval = 120) throws -> CLIResult {
        let result = try start(arguments, in: directory).collect(timeout: timeout)
        #expect(!result.timedOut, "crisismap \(arguments.joined(separator: " ")) ran over \(Int(timeout)) s and was killed")
        return CLIResult(status: result.termination.status, stdout: String(decoding: result.stdout, as: UTF8.self),
                         stderr: String(decoding: result.stderr, as: UTF8.self),
                         terminatedBySignal: result.termination.bySignal, timedOut: result.timedOut)
    }
}
