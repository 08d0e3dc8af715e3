import ArgumentParser
import Contract
import Foundation
import GeoCore
import Interchange

/// `--lat/--lon/--at/--limit`, shared by the recommendation commands.
struct QueryOptions: ParsableArguments {
    // `.unconditional`: western longitudes and southern latitudes start with a
    // minus sign, which would otherwise be read as the start of an option.
    @Option(parsing: .unconditional, help: "Latitude of the call, WGS84 degrees.")
    var lat: Double

    @Option(parsing: .unconditional, help: "Longitude of the call, WGS84 degrees (negative west of Greenwich).")
    var lon: Double

    @Option(help: ArgumentHelp("When to evaluate (RFC 3339, e.g. 2026-11-22T14:00:00-07:00).", discussion: "Default: now."))
    var at: String?

    @Option(help: "How many results.")
    var limit = 5

    @Flag(help: "Print the answer as JSON.")
    var json = false

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        _ = try location()
        _ = try time()
    }

    func location() throws -> Coordinate {
        do {
            return try Coordinate(latitude: lat, longitude: lon)
        } catch {
            throw ValidationError("--\(error.axis == .latitude ? "lat" : "lon"): \(error)")
        }
    }

    func time() throws -> Date {
        guard let at, at != "now" else { return Date() }
        guard let date = RFC3339.parse(at) else {
            throw ValidationError("--at '\(at)' is not an RFC 3339 time like 2026-11-22T14:00:00-07:00")
        }
        return date
    }
}

/// Durations like `90s`, `10m`, `2h`: finite, and at most `Spans.longest`.
struct TimeSpan: ExpressibleByArgument {
    var seconds: TimeInterval

    init?(argument: String) {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = argument.last, let scale = units[unit],
              let value = Double(argument.dropLast()), value >= 0, (value * scale) <= Spans.longest else { return nil }
        seconds = value * scale
    }
}

/// Comma-separated lists: `--needs spanish,youth`.
func commaList(_ text: String?) -> [String] {
    (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}

/// A comma-separated list of one of the model's enums (`--kind detox,shelter`),
/// refused naming the option, the word that is wrong and every value it takes.
func enumList<Value: RawRepresentable & CaseIterable>(_ text: String?, option: String, noun: String) throws -> [Value]
    where Value.RawValue == String {
    try commaList(text).map { name in
        guard let value = Value(rawValue: name) else {
            throw ValidationError("\(option): unknown \(noun) '\(name)'; expected one of: \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}
