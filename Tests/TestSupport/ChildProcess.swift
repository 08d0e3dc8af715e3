import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child program started with posix_spawn and reaped with waitpid.
///
/// The suites spawn thousands of children. Foundation's `Process.run()` on
/// Linux crashes at random while it lists /proc/self/fd (a 256-byte over-read
/// of each dirent in findMaximumOpenFromProcSelfFD(), fixed upstream in
/// swift-corelibs-foundation#5472 but still in this toolchain), and one such
/// crash takes the whole test process down. Nothing here reads /proc.
///
/// Standard input is always /dev/null. Pipe ends this side keeps are opened
/// close-on-exec, so a child never holds another child's pipe open; every
/// other descriptor above 2 is closed in the child where glibc offers it.
public final class ChildProcess: @unchecked Sendable {
    public enum Output: Sendable {
        /// Read through `standardOutput` / `standardError`.
        case pipe
        case discard
    }

    public struct Termination: Sendable, Equatable {
        /// The exit status, or the signal's number when `bySignal`.
        public var status: Int32
        public var bySignal: Bool

        public init(status: Int32, bySignal: Bool) {
            self.status = status
            self.bySignal = bySignal
        }

        /// Exited with status 0.
        public static let success = Termination(status: 0, bySignal: false)
    }

    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    public let pid: pid_t
    public let standardOutput: FileHandle?
    public let standardError: FileHandle?
    private let lock = NSLock()
    private var reaped: Termination?

    /// Starts `executable` (a path, or a name looked up on `$PATH`).
    /// `environment` nil inherits this process's environment.
    public init(_ executable: String, _ arguments: [String], directory: String? = nil,
                environment: [String: String]? = nil, stdout: Output = .pipe, stderr: Output = .pipe) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

        var childEnds: [Int32] = []
        defer { childEnds.forEach { close($0) } }
        func connect(_ output: Output, to descriptor: Int32) throws -> FileHandle? {
            switch output {
            case .discard:
                posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_WRONLY, 0)
                return nil
            case .pipe:
                var ends: [Int32] = [-1, -1]
                guard pipe(&ends) == 0 else { throw Failed(description: "pipe: \(String(cString: strerror(errno)))") }
                // (pipe2 is not imported; a child spawned between the two
                // calls closes everything above 2 anyway.)
                for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
                childEnds.append(ends[1])
                // dup2 clears close-on-exec on the copy the child keeps.
                posix_spawn_file_actions_adddup2(&actions, ends[1], descriptor)
                return FileHandle(fileDescriptor: ends[0], closeOnDealloc: true)
            }
        }
        standardOutput = try connect(stdout, to: 1)
        standardError = try connect(stderr, to: 2)
        if let directory {
            guard let addChdir = Self.addChdir else { throw Failed(description: "posix_spawn_file_actions_addchdir_np is missing from this libc") }
            _ = addChdir(&actions, directory)
        }
        _ = Self.addCloseFrom?(&actions, 3)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { envp?.forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = argv.withUnsafeBufferPointer { argvBuffer in
            let argvPointer = UnsafeMutablePointer(mutating: argvBuffer.baseAddress!)
            guard let envp else { return posix_spawnp(&pid, executable, &actions, nil, argvPointer, environ) }
            return envp.withUnsafeBufferPointer { posix_spawnp(&pid, executable, &actions, nil, argvPointer, UnsafeMutablePointer(mutating: $0.baseAddress!)) }
        }
        guard spawned == 0 else {
            throw Failed(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        self.pid = pid
    }

    deinit {
        if poll() == nil {
            kill(pid, SIGKILL)
            _ = wait()
        }
    }

    /// How it ended, or nil while it runs.
    @discardableResult
    public func poll() -> Termination? {
        lock.withLock {
            if let reaped { return reaped }
            var status: Int32 = 0
            guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
            reaped = Self.termination(status)
            return reaped
        }
    }

    public var isRunning: Bool { poll() == nil }

    /// Waits for the end. Polls (1 ms, backing off to 10 ms) rather than
    /// blocking in waitpid, so `poll()` from another thread never waits on it.
    @discardableResult
    public func wait() -> Termination {
        wait(timeout: .infinity)!
    }

    /// The end, or nil if it was still running after `timeout` seconds.
    public func wait(timeout: TimeInterval) -> Termination? {
        let deadline = Date().addingTimeInterval(timeout)
        var pause: useconds_t = 1_000
        while true {
            if let ended = poll() { return ended }
            if Date() >= deadline { return nil }
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
    }

    public func signal(_ number: Int32) {
        if isRunning { kill(pid, number) }
    }

    /// Reads both pipes to their end at once, so neither can fill and stall
    /// the child, and waits for the exit; past `timeout` the child is killed.
    public func collect(timeout: TimeInterval = .infinity) -> (termination: Termination, stdout: Data, stderr: Data, timedOut: Bool) {
        let readers = DispatchGroup()
        let collected = [Collected(), Collected()]
        for (handle, box) in zip([standardOutput, standardError], collected) {
            guard let handle else { continue }
            readers.enter()
            DispatchQueue.global().async {
                box.set(handle.readDataToEndOfFile())
                readers.leave()
            }
        }
        var timedOut = false
        var ended = wait(timeout: timeout)
        if ended == nil {
            timedOut = true
            kill(pid, SIGKILL)
            ended = wait()
        }
        readers.wait()
        return (ended!, collected[0].get(), collected[1].get(), timedOut)
    }

    /// Runs to the end and returns its standard output; a non-zero exit throws
    /// with what it wrote to standard error.
    @discardableResult
    public static func output(_ executable: String, _ arguments: [String], directory: String? = nil,
                              environment: [String: String]? = nil) throws -> String {
        let result = try ChildProcess(executable, arguments, directory: directory, environment: environment).collect()
        guard result.termination == .success else {
            let how = result.termination.bySignal ? "was killed by signal \(result.termination.status)" : "exited \(result.termination.status)"
            throw Failed(description: "\(([executable] + arguments).joined(separator: " ")) \(how): \(String(decoding: result.stderr, as: UTF8.self))")
        }
        return String(decoding: result.stdout, as: UTF8.self)
    }

    private static func termination(_ status: Int32) -> Termination {
        // WIFSIGNALED / WTERMSIG / WEXITSTATUS, which Swift does not import.
        let signal = status & 0x7f
        if signal != 0 && signal != 0x7f { return Termination(status: signal, bySignal: true) }
        return Termination(status: (status >> 8) & 0xff, bySignal: false)
    }

    // glibc has both since 2.34 but declares them only under _GNU_SOURCE,
    // which Swift's Glibc module does not set.
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    private static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")

    private static func symbol<T>(_ name: String) -> T? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }
}

/// Bytes a background reader hands back.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
