import Foundation
import Testing
import TestSupport

/// An input the importer must refuse.
struct RefusedInput: CustomTestStringConvertible, Sendable {
    var name: String
    var kind: String
    var file: String
    var bytes: Data
    /// `line 3`, `feature 1`, `line 2, column 19`; nil for file-level problems.
    var location: String?
    /// The field the message must name; nil when it names none.
    var field: String?
    /// Pieces the rest of the message must contain.
    var message: [String]
    var arguments: [String] = []

    init(_ name: String, _ kind: String, _ file: String, _ content: String, location: String?, field: String?,
         message: [String], arguments: [String] = []) {
        self.init(name, kind, file, bytes: Data(content.utf8), location: location, field: field, message: message, arguments: arguments)
    }

    init(_ name: String, _ kind: String, _ file: String, bytes: Data, location: String?, field: String?,
         message: [String], arguments: [String] = []) {
        self.name = name
        self.kind = kind
        self.file = file
        self.bytes = bytes
        self.location = location
        self.field = field
        self.message = message
        self.arguments = arguments
    }

    var testDescription: String { name }

    /// `crisismap: FILE: LOCATION: field 'FIELD': `, the start the one-line message must have.
    var expectedPrefix: String {
        (["crisismap: \(file)", location, field.map { "field '\($0)'" }].compactMap { $0 } + [""]).joined(separator: ": ")
    }
}

/// Imports `input` into a seeded store and checks: exit 65, one line on stderr
/// naming file, location and field, nothing on stdout, and the export of the
/// kind it touched exactly as before.
func expectRefused(_ input: RefusedInput) throws {
    try Workspace.with(seeded: true) { workspace in
        let path = try workspace.write(input.file, bytes: input.bytes)
        let result = try workspace.runArguments(["import", input.kind, path, "--db", workspace.db] + input.arguments)
        #expect(result.status == 65, "exit \(result.status), stdout: \(result.stdout), stderr: \(result.stderr)")
        if result.status == 65 {
            #expect(result.stderr.hasSuffix("\n") && result.stderr.filter { $0 == "\n" }.count == 1,
                    "expected exactly one line on stderr, got: \(result.stderr)")
            #expect(result.stderr.hasPrefix(input.expectedPrefix), "expected '\(input.expectedPrefix)…', got: \(result.stderr)")
            let rest = result.stderr.hasPrefix(input.expectedPrefix) ? String(result.stderr.dropFirst(input.expectedPrefix.count)) : result.stderr
            for piece in input.message {
                #expect(rest.contains(piece), "'\(piece)' missing from: \(result.stderr)")
            }
            #expect(result.stdout.isEmpty, "stdout: \(result.stdout)")
        }
        let after = try workspace.export(input.kind)
        #expect(after == (try SeededStore.export(input.kind)), "the store changed after a refused import:\n\(after)")
    }
}
