import Foundation
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

/// A one-line progress display on standard error (rows, rows/s, time left),
/// shown only when standard error is a terminal so logs and pipes stay clean.
final class ProgressLine: Sendable {
    private struct State {
        var lastDraw = Date.distantPast
        var drawn = false
    }

    private let terminal: Terminal
    private let enabled: Bool
    private let start = Date()
    private let state = Mutex(State())

    init(terminal: Terminal = .standardError, enabled: Bool? = nil) {
        self.terminal = terminal
        self.enabled = enabled ?? terminal.isInteractive
    }

    /// Redraws the line at most ten times a second.
    func update(_ text: @autoclosure () -> String, force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        let shouldDraw = state.withLock { state in
            guard force || now.timeIntervalSince(state.lastDraw) >= 0.1 else { return false }
            state.lastDraw = now
            state.drawn = true
            return true
        }
        if shouldDraw { terminal.write("\r\u{1B}[K" + text()) }
    }

    /// Rows, rate and estimated time left for `fraction` done.
    func rate(rows: Int, fraction: Double, label: String) -> String {
        let elapsed = Date().timeIntervalSince(start)
        let perSecond = elapsed > 0 ? Double(rows) / elapsed : 0
        var text = "\(label) \(Format.count(rows)) rows (\(Format.count(Int(perSecond))) rows/s"
        if fraction > 0.01, fraction < 1 {
            text += ", \(Format.seconds(elapsed / fraction - elapsed)) left"
        }
        return text + ")"
    }

    func finish() {
        guard enabled else { return }
        let drawn = state.withLock { $0.drawn }
        if drawn { terminal.write("\r\u{1B}[K") }
    }
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
