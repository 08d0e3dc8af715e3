import Foundation

/// One CSV table of an Open Referral HSDS 3.0 directory (`locations.csv`,
/// `schedules.csv`, ...), read with the project's CSV parser so every row
/// keeps its line number for error messages.
struct HSDSTable {
    struct Row {
        let line: Int
        let values: [String: String]

        /// The trimmed value, or nil when the column is absent or empty.
        subscript(column: String) -> String? {
            guard let value = values[column]?.trimmedSpaces, !value.isEmpty else { return nil }
            return value
        }
    }

    let name: String
    let rows: [Row]

    /// Reads `folder/name`; a table the folder lacks is empty (HSDS makes most optional).
    init(named name: String, in folder: URL) throws(ImportError) {
        self.name = name
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            rows = []
            return
        }
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: url)) } catch {
            throw ImportError(file: name, message: "cannot read the table")
        }
        var parser = CSVParser(bytes: bytes)
        var header: [String]?
        var rows: [Row] = []
        do {
            while let record = try parser.next() {
                guard let names = header else {
                    header = record.fields.map { $0.trimmedSpaces.lowercased() }
                    continue
                }
                // Some exporters drop trailing empty columns: missing ones read as empty.
                guard record.fields.count <= names.count else {
                    throw ImportError(file: name, location: .line(record.line),
                                      message: "expected at most \(names.count) fields, found \(record.fields.count)")
                }
                rows.append(Row(line: record.line, values: Dictionary(zip(names, record.fields), uniquingKeysWith: { a, _ in a })))
            }
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError(file: name, message: "malformed CSV (\(error))")
        }
        self.rows = rows
    }

    /// Rows grouped by the value of `column` (e.g. every phone of a location).
    func grouped(by column: String) -> [String: [Row]] {
        Dictionary(grouping: rows.filter { $0[column] != nil }) { $0[column]! }
    }

    func byID() -> [String: Row] {
        Dictionary(rows.compactMap { row in row["id"].map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
    }
}
