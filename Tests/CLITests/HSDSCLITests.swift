import Foundation
import Testing

/// An Open Referral HSDS directory imports as facilities, warnings on stderr.
@Suite struct HSDSCLITests {
    @Test func anHSDSDirectoryImportsWithItsWarningsOnStderr() throws {
        try Workspace.with { workspace in
            let directory = CLI.packageRoot.appendingPathComponent("GeoData/hsds").path
            let result = try workspace.run("import", "facilities", directory)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("imported 6 facilities"))
            #expect(result.stderr.contains("crisismap: warning: schedules.csv: line 10: field 'freq': MONTHLY"))
            let refused = try workspace.run("import", "teams", directory)
            #expect(refused.status == 65 && refused.stderr.contains("facilities only"))
        }
    }
}
