import Hummingbird
import Logging

/// One log line per request with its method, path, status and time, and
/// never its query string or headers: a query can carry a call's coordinates
/// (`/v1/recommendations?lat=…`) and headers carry keys. Hummingbird's own
/// request log prints the whole URI, so it is not used.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let level: Logger.Level

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: Int(response.status.code), started: started)
            return response
        } catch {
            log(request, context, status: Int(APIProblem.from(error).status.code), started: started)
            throw error
        }
    }

    private func log(_ request: Request, _ context: APIContext, status: Int, started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.log(level: level, "request", metadata: Self.metadata(request, status: status, milliseconds: milliseconds))
    }

    static func metadata(_ request: Request, status: Int, milliseconds: Double) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "hb.request.method": .string(request.method.rawValue),
            "hb.request.path": .string(request.uri.path),
            "hb.response.status": .stringConvertible(status),
            "duration_ms": .string(String(format: "%.2f", milliseconds)),
        ]
        let parameters = request.uri.queryParameters.count
        if parameters > 0 { metadata["query"] = .string("redacted (\(parameters) parameters)") }
        return metadata
    }
}
