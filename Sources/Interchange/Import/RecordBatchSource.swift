import Foundation

/// Where an import's records come from: checked records a batch at a time,
/// and where a record the store refuses sits in the file.
protocol RecordBatchSource<Record>: SendableMetatype {
    associatedtype Record: InterchangeRecord

    /// How many records the file holds, if it can tell cheaply (sizes the store's load).
    var expectedCount: Int? { get }
    /// Records handed out so far.
    var recordsRead: Int { get }

    /// The next batch, or nil after the last.
    mutating func nextBatch(progress: ((ImportProgress) -> Void)?) throws(ImportError) -> [Record]?

    /// The error to show for the record at `index` (0-based in file order) that the store refused.
    func refusal(ofRecord index: Int, field: String?, reason: String) -> ImportError
}

/// A GeoJSON file, parsed whole (a FeatureCollection is one JSON value) and
/// handed over as one batch. Facilities and areas come as GeoJSON; the
/// million-row files are calls in CSV.
struct GeoJSONRecords<Record: InterchangeRecord>: RecordBatchSource {
    let file: String
    private var records: [Record]?
    private let locations: [SourceLocation]

    init(reading reader: GeoJSONRecordReader<Record>, data: Data) throws(ImportError) {
        file = reader.file
        let parsed = try reader.read(data)
        records = parsed.records
        locations = parsed.locations
    }

    var expectedCount: Int? { locations.count }
    var recordsRead: Int { locations.count }

    mutating func nextBatch(progress: ((ImportProgress) -> Void)?) throws(ImportError) -> [Record]? {
        defer { records = nil }
        progress?(.reading(fraction: 1, rows: locations.count))
        return records
    }

    func refusal(ofRecord index: Int, field: String?, reason: String) -> ImportError {
        ImportError(file: file, location: locations[index], field: field, message: reason)
    }
}
