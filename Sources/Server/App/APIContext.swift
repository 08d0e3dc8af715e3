import Hummingbird
import Store

/// The per-request context: Hummingbird's core storage plus the caller the
/// request authenticated as.
public struct APIContext: RequestContext {
    /// Bodies are small JSON documents; anything larger is refused with 413.
    static let bodyLimit = 64 * 1024

    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { Self.bodyLimit }
}
