import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The SAX callbacks for OpenStreetMap XML (`<osm>` with `<node>`, `<way>`
/// holding `<nd ref>` and `<tag k v>`, and `<relation>`, which is skipped).
/// Delegate methods cannot throw, so the first failure is kept and the parse
/// aborted; the reader rethrows it.
final class OSMXMLHandler: NSObject, XMLParserDelegate {
    private let file: String
    private let nodes: ((OSMNode) throws -> Void)?
    private let ways: ((OSMWay) throws -> Void)?
    private let progress: () -> Void

    /// Called once when the parse is abandoned for a failure.
    var onAbort: (() -> Void)?
    private(set) var failure: ImportError?
    private(set) var syntaxError: (line: Int, message: String)?
    private(set) var sawRoot = false
    private(set) var sawEnd = false
    private var depth = 0
    private var way: OSMWay?
    private var elements = 0

    init(
        file: String, nodes: ((OSMNode) throws -> Void)?, ways: ((OSMWay) throws -> Void)?,
        progress: @escaping () -> Void
    ) {
        self.file = file
        self.nodes = nodes
        self.ways = ways
        self.progress = progress
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        depth += 1
        guard failure == nil else { return }
        elements += 1
        if elements % 65_536 == 0 { progress() }
        do {
            if depth == 1 {
                guard name == "osm" else {
                    let hint = name == "osmChange" ? " (a change file holds edits, not a road network)" : ""
                    throw error(parser, "the root element is <\(name)>, not <osm>: not an OpenStreetMap XML file\(hint)")
                }
                sawRoot = true
                return
            }
            switch name {
            case "node" where depth == 2:
                guard let nodes, Self.isCurrent(attributes) else { return }
                try nodes(try node(parser, attributes))
            case "way" where depth == 2:
                guard ways != nil, Self.isCurrent(attributes) else { return }
                way = OSMWay(id: try id(parser, attributes, element: "way"), nodeIDs: [], tags: [:])
            case "nd" where way != nil:
                guard let text = attributes["ref"], let ref = Int64(text) else {
                    throw error(parser, "<nd> in way \(way!.id) has no numeric 'ref'", field: "ref")
                }
                way!.nodeIDs.append(ref)
            case "tag" where way != nil && depth == 3:
                guard let key = attributes["k"] else { throw error(parser, "<tag> without 'k'", field: "k") }
                way!.tags[key] = attributes["v"] ?? ""
            default:
                break
            }
        } catch {
            abort(parser, error)
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        defer { depth -= 1 }
        guard failure == nil else { return }
        if depth == 1, name == "osm" { sawEnd = true }
        if depth == 2, name == "way", let finished = way, let ways {
            way = nil
            do {
                try ways(finished)
            } catch {
                abort(parser, error)
            }
        }
    }

    /// libxml2 runs in recovery mode under Foundation and would go on past a
    /// syntax error with guessed structure; the first error ends the parse.
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        guard syntaxError == nil, failure == nil else { return }
        syntaxError = (parser.lineNumber, Self.words(for: parseError))
        parser.abortParsing()
        onAbort?()
    }

    /// Foundation's own text for these is "error 68". The codes are
    /// libxml2's `xmlParserErrors`, passed through as they are (Foundation's
    /// `XMLParser.ErrorCode` cases are numbered one off from some of them on
    /// Linux, so the raw numbers are matched here).
    private static func words(for error: any Error) -> String {
        let code = (error as NSError).code
        let reason: String? = switch code {
        case 4: "the document is empty"
        case 5: "the file ends in the middle of the document (truncated?)"
        case 9: "a character that XML does not allow"
        case 23, 26: "an unknown or unfinished '&' entity"
        case 38, 39, 40, 41: "a malformed attribute (a missing quote, '=' or value)"
        case 42: "an attribute given twice in one tag"
        case 68: "a tag or attribute name was expected"
        case 73: "'>' was expected to close the tag"
        case 76: "an end tag does not match the tag it closes"
        case 77: "a tag is not closed"
        case 85, 86: "the elements are not properly nested, or there is content after the end"
        default: nil
        }
        return reason.map { "\($0) (XML error \(code))" } ?? "XML error \(code)"
    }

    private func abort(_ parser: XMLParser, _ error: any Error) {
        failure = error as? ImportError
            ?? ImportError(file: file, location: .line(parser.lineNumber), message: "\(error)")
        parser.abortParsing()
        onAbort?()
    }

    /// Files saved by editors mark deleted elements `action="delete"`, and
    /// history files mark old versions `visible="false"`: neither is on the map.
    private static func isCurrent(_ attributes: [String: String]) -> Bool {
        attributes["action"] != "delete" && attributes["visible"] != "false"
    }

    private func node(_ parser: XMLParser, _ attributes: [String: String]) throws -> OSMNode {
        let id = try id(parser, attributes, element: "node")
        guard let latitude = attributes["lat"].flatMap(OSMDecimal.nanodegrees), abs(latitude) <= 90_000_000_000 else {
            throw error(parser, "node \(id): '\(attributes["lat"] ?? "")' is not a latitude in degrees", field: "lat")
        }
        guard let longitude = attributes["lon"].flatMap(OSMDecimal.nanodegrees), abs(longitude) <= 180_000_000_000 else {
            throw error(parser, "node \(id): '\(attributes["lon"] ?? "")' is not a longitude in degrees", field: "lon")
        }
        return OSMNode(id: id, latitudeNanodegrees: latitude, longitudeNanodegrees: longitude)
    }

    private func id(_ parser: XMLParser, _ attributes: [String: String], element: String) throws -> Int64 {
        guard let text = attributes["id"], let id = Int64(text) else {
            throw error(parser, "<\(element)> has no numeric 'id'", field: "id")
        }
        return id
    }

    private func error(_ parser: XMLParser, _ message: String, field: String? = nil) -> ImportError {
        ImportError(file: file, location: .line(parser.lineNumber), field: field, message: message)
    }
}

/// Decimal degrees as OSM writes them, read exactly into nanodegrees (going
/// through `Double` would round differently from PBF's integers).
enum OSMDecimal {
    static func nanodegrees(_ text: String) -> Int64? {
        var utf8 = Substring(text).utf8[...]
        var negative = false
        if let sign = utf8.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenPoint = false
        var digits = 0
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            digits += 1
            if seenPoint {
                // Beyond nine places is below a nanodegree (0.1 mm): dropped.
                if fractionDigits < 9 {
                    fraction = fraction * 10 + digit
                    fractionDigits += 1
                }
            } else {
                guard whole < 1_000 else { return nil }
                whole = whole * 10 + digit
            }
        }
        guard digits > 0 else { return nil }
        for _ in fractionDigits..<9 { fraction *= 10 }
        let value = whole * 1_000_000_000 + fraction
        return negative ? -value : value
    }
}
