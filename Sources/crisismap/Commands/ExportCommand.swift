import ArgumentParser
import Interchange
import Store

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write facilities, teams, calls or areas as GeoJSON or CSV.",
        discussion: """
            The output has the same fields `crisismap import` reads, so importing an export \
            into an empty store gives the same store. Times are written in UTC. With --out \
            the file appears only once complete; without it, output goes to stdout.
            """
    )

    @Argument(help: "What to export: facilities, teams, calls or areas.")
    var kind: RecordKind

    @Option(help: "geojson or csv (default: from the --out name, else geojson).")
    var format: FileFormat?

    @Option(help: "Output file (default: standard output).")
    var out: String?

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if format == .hsds { throw ValidationError("--format hsds: HSDS export is not available yet; use geojson or csv") }
    }

    func run() async throws {
        let resolved = format ?? out.flatMap(FileFormat.init(path:)) ?? .geojson
        let opened = try await store.open()
        let count = try await Exporter(store: opened).export(kind, format: resolved, to: out)
        if let out {
            Terminal.standardError.writeLine("exported \(Format.count(count)) \(kind.rawValue) to \(out)")
        }
    }
}
