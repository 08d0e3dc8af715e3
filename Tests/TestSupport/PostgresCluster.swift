import Foundation

/// A PostgreSQL cluster of a test's own, for tests that stop the database
/// (which the shared test server must not do to the tests running beside
/// them). Made with the binaries `Tools/postgres.sh` found, run as the user
/// it runs its server as, on a free loopback port; removed on deinit.
public final class PostgresCluster: @unchecked Sendable {
    public let url: String
    private let folder: String
    private let options: String
    private let pgCtl: [String]

    public init() throws {
        let environment = ProcessInfo.processInfo.environment
        guard PostgresTestDatabase.serverURL != nil, let bin = environment["CRISISMAP_PG_BIN"], let user = environment["CRISISMAP_PG_USER"] else {
            throw PostgresTestDatabase.Missing()
        }
        folder = try Shell.run(["mktemp", "-d", "/tmp/crisismap-fault.XXXXXX"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let asUser = getuid() == 0 ? ["runuser", "-u", user, "--"] : []
        if getuid() == 0 { try Shell.run(["chown", user, folder]) }
        let port = try Self.freePort()
        options = "-c listen_addresses=127.0.0.1 -p \(port) -k \(folder)"
        pgCtl = asUser + ["\(bin)/pg_ctl", "-D", "\(folder)/data", "-l", "\(folder)/server.log"]
        let admin = "postgresql://postgres@127.0.0.1:\(port)/postgres"
        url = PostgresTestDatabase.replacingDatabase(admin, with: "crisismap")
        try Shell.run(asUser + ["\(bin)/initdb", "-D", "\(folder)/data", "-A", "trust", "-U", "postgres", "--encoding=UTF8", "--locale=C"])
        try start()
        try PostgresTestDatabase.psql(admin, "CREATE DATABASE crisismap")
        try PostgresTestDatabase.psql(url, "CREATE EXTENSION postgis")
    }

    deinit {
        _ = try? Shell.run(pgCtl + ["stop", "-m", "immediate"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The server inherits whatever pg_ctl holds open, pipes included, so
    /// its output goes to the log, never to a pipe this process would wait on.
    public func start() throws {
        do {
            try Shell.run(pgCtl + ["-o", options, "-t", "120", "-w", "start"], capture: false)
        } catch {
            let log = (try? String(contentsOfFile: "\(folder)/server.log", encoding: .utf8)) ?? ""
            throw Shell.Failed(description: "\(error)\n\(log.split(separator: "\n").suffix(15).joined(separator: "\n"))")
        }
    }

    /// As a crash: no checkpoint, no goodbye to clients.
    public func stopImmediately() throws {
        try Shell.run(pgCtl + ["stop", "-m", "immediate"])
    }

    /// Below Linux's ephemeral range (32768 and up): while the database is
    /// down, a port from that range may be handed to some test's outgoing
    /// connection, and the restart could not listen on it again.
    private static func freePort() throws -> Int {
        let text = try Shell.run(["python3", "-c", """
            import random, socket
            for _ in range(200):
                port = random.randint(20000, 32000)
                s = socket.socket()
                try:
                    s.bind(('127.0.0.1', port)); print(port); break
                except OSError:
                    pass
                finally:
                    s.close()
            """])
        guard let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw Shell.Failed(description: "no free port: \(text)") }
        return port
    }
}

/// Runs helper programs for the tests, one launch at a time (Foundation's
/// Process is not safe to launch from several threads at once).
public enum Shell {
    public struct Failed: Error, CustomStringConvertible {
        public var description: String
    }

    private static let launching = NSLock()

    /// Runs the program and returns its standard output; `capture: false`
    /// for programs that leave a daemon behind (it would hold the pipe open).
    @discardableResult
    public static func run(_ arguments: [String], capture: Bool = true) throws -> String {
        launching.lock()
        defer { launching.unlock() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        guard capture else { return try spawnAndWait(closingInheritedDescriptors + arguments) }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(description: "\(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(problem)")
        }
        return text
    }

    /// A daemon started from here would inherit every descriptor this busy
    /// test process has open (PostgreSQL then refuses to start: "insufficient
    /// file descriptors"); Python's subprocess closes them in the child.
    private static let closingInheritedDescriptors = [
        "python3", "-c",
        "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:], close_fds=True, stdin=subprocess.DEVNULL, "
            + "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode)",
    ]

    /// posix_spawn and waitpid, output to /dev/null: Foundation's Process
    /// was seen never to notice the exit of a child that left a daemon behind.
    private static func spawnAndWait(_ arguments: [String]) throws -> String {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, &argv, environ)
        guard spawned == 0 else { throw Failed(description: "\(arguments[0]): cannot start (\(spawned))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let exited = (status & 0x7F) == 0
        let code = (status >> 8) & 0xFF
        guard exited, code == 0 else { throw Failed(description: "\(arguments.joined(separator: " ")) exited \(code)") }
        return ""
    }
}
