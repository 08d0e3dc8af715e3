import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads an OpenStreetMap `.osm` XML file with Foundation's SAX parser,
/// which pulls the file through a stream in chunks: elements are handed on
/// as they close and the document is never built.
public struct OSMXMLReader: OSMElementSource {
    public let path: String
    public let name: String

    public init(path: String) throws {
        self.path = path
        name = (path as NSString).lastPathComponent
        _ = try OSMFile.size(of: path)
    }

    public func read(
        nodes: ((OSMNode) throws -> Void)?,
        ways: ((OSMWay) throws -> Void)?,
        progress: ((Double) -> Void)?
    ) throws {
        let stream = try CountingFileStream(path: path)
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let handler = OSMXMLHandler(file: name, nodes: nodes, ways: ways) { [size = stream.size] in
            if size > 0 { progress?(Double(stream.bytesRead) / Double(size)) }
        }
        // Foundation's parser keeps pulling the stream after an abort; ending
        // the stream spares reading the rest of a large file for nothing.
        handler.onAbort = { stream.stop() }
        // The parser holds its delegate weakly; `handler` lives until the end of this scope.
        parser.delegate = handler
        let parsed = parser.parse()
        if let stored = stream.failure { throw ImportError(file: name, message: stored) }
        if let failure = handler.failure { throw failure }
        if !parsed || parser.parserError != nil || handler.syntaxError != nil {
            let line = handler.syntaxError?.line ?? parser.lineNumber
            let reason = handler.syntaxError?.message ?? parser.parserError.map { "\($0.localizedDescription)" } ?? "unreadable XML"
            throw ImportError(file: name, location: .line(line), message: "malformed XML: \(reason)")
        }
        guard handler.sawRoot else {
            throw ImportError(file: name, message: "no <osm> element: not an OpenStreetMap XML file")
        }
        guard handler.sawEnd else {
            throw ImportError(file: name, location: .line(parser.lineNumber),
                              message: "the file ends before </osm> (truncated?)")
        }
        progress?(1)
    }
}

/// An input stream over a file that counts the bytes the parser has pulled,
/// which is how far through the file the parse is.
private final class CountingFileStream: InputStream {
    let size: Int
    private(set) var bytesRead = 0
    private(set) var failure: String?
    private let handle: FileHandle
    private var status: Stream.Status = .notOpen

    init(path: String) throws {
        size = try OSMFile.size(of: path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError(file: path, message: "cannot open the file for reading")
        }
        self.handle = handle
        super.init(data: Data())
    }

    override func open() { status = .open }

    /// Reads nothing more: the parse has been abandoned.
    func stop() { status = .atEnd }

    override func close() {
        status = .closed
        try? handle.close()
    }

    override var streamStatus: Stream.Status { status }
    override var hasBytesAvailable: Bool { status == .open }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength length: Int) -> Int {
        guard status == .open else { return 0 }
        let chunk: Data?
        do {
            chunk = try handle.read(upToCount: length)
        } catch {
            failure = "cannot read the file (\((error as NSError).localizedDescription))"
            status = .error
            return -1
        }
        guard let chunk, !chunk.isEmpty else {
            status = .atEnd
            return 0
        }
        chunk.copyBytes(to: buffer, count: chunk.count)
        bytesRead += chunk.count
        return chunk.count
    }
}
