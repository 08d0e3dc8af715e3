import Analytics
import ArgumentParser
import Foundation
import Reports
import Store

/// `--privacy`, shared by every planner product.
struct PrivacyOptions: ParsableArguments {
    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case `private`, exact
    }

    @Option(help: ArgumentHelp(
        "private (default): computed only from noisy releases of whole closed months, safe to publish. exact: from the calls themselves, marked \"exact: not for publication\".",
        valueName: "private|exact"))
    var privacy: Mode = .private

    var isExact: Bool { privacy == .exact }
}

/// Planner products run from the CLI are audited like the API's, with their parameters.
enum CLIAudit {
    static func record(_ store: any CrisisStore, command: String, parameters: [String: String?]) async {
        let subject = parameters.compactMapValues { $0 }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        let entry = AuditEntry(at: Date(), keyID: nil, role: nil, method: "CLI", endpoint: "crisismap \(command)", subject: subject,
                               status: 0, outcome: "ok")
        try? await store.audit.append([entry])
    }
}

extension ReleaseService {
    /// The store's releases, made first if any are due (a CLI user need not remember `crisismap release`).
    static func openForCLI(_ store: any CrisisStore) async throws -> ReleasedProducts {
        do {
            _ = try await releaseDue(store)
            return try await open(store)
        } catch let error as ReleaseService.ReleaseError {
            throw CommandFailure.usage(error.description)
        } catch let error as ReleaseGrid.GridError {
            throw CommandFailure.usage(error.description)
        }
    }
}
