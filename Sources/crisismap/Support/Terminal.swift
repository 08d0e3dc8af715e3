import Foundation
import Interchange
import Synchronization

/// Standard error, and whether a person is watching it.
struct Terminal: Sendable {
    static let standardError = Terminal(descriptor: STDERR_FILENO)

    let descriptor: Int32

    var isInteractive: Bool { isatty(descriptor) == 1 }

    func write(_ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    func writeLine(_ text: String) { write(text + "\n") }
}

/// A one-line progress display on standard error, shown only when standard
/// error is a terminal so logs and pipes stay clean.
final class ProgressLine: Sendable {
    private let terminal: Terminal
    private let enabled: Bool
    private let lastDraw = Mutex(Date.distantPast)
    private let drawn = Mutex(false)

    init(terminal: Terminal = .standardError, enabled: Bool? = nil) {
        self.terminal = terminal
        self.enabled = enabled ?? terminal.isInteractive
    }

    /// Redraws the line at most ten times a second (always when forced).
    func update(_ text: @autoclosure () -> String, force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        let shouldDraw = lastDraw.withLock { last in
            guard force || now.timeIntervalSince(last) >= 0.1 else { return false }
            last = now
            return true
        }
        guard shouldDraw else { return }
        drawn.withLock { $0 = true }
        terminal.write("\r\u{1B}[K" + text())
    }

    func finish() {
        guard enabled, drawn.withLock({ $0 }) else { return }
        terminal.write("\r\u{1B}[K")
    }
}

/// Import progress as one line: rows read and written, rows per second, and
/// the time left judged from how much of the file has been read.
final class ImportProgressLine: Sendable {
    private struct Counts {
        var read = 0
        var written = 0
        var fraction = 0.0
    }

    private let line: ProgressLine
    private let name: String
    private let start = Date()
    private let counts = Mutex(Counts())

    init(file name: String, line: ProgressLine = ProgressLine()) {
        self.name = name
        self.line = line
    }

    func handle(_ event: ImportProgress) {
        switch event {
        case .reading(let fraction, let rows):
            counts.withLock { $0.read = rows; $0.fraction = fraction }
        case .writing(let done, _):
            counts.withLock { $0.written = done }
        case .indexing(let total):
            line.update("\(name): building the spatial index over \(Format.count(total)) rows", force: true)
            return
        }
        let snapshot = counts.withLock { $0 }
        let elapsed = Date().timeIntervalSince(start)
        var text = "\(name): read \(Format.count(snapshot.read)), wrote \(Format.count(snapshot.written)) rows"
        if elapsed > 0.2 {
            text += " (\(Format.count(Int(Double(snapshot.read) / elapsed))) rows/s"
            if snapshot.fraction > 0.01, snapshot.fraction < 1 {
                text += ", \(Format.seconds(elapsed / snapshot.fraction - elapsed)) left"
            }
            text += ")"
        }
        line.update(text)
    }

    func finish() { line.finish() }
}

enum Format {
    /// 1234567 -> "1,234,567".
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (i, character) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(character)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    static func seconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f s", value) : String(format: "%.0f s", value)
    }
}
