import Contract
import Foundation
import Hummingbird
import Store

typealias EndpointHandler = @Sendable (Request, APIContext, Caller) async throws -> Response

extension Router where Context == APIContext {
    /// Registers a handler behind authentication, the endpoint's role check
    /// and (for audited endpoints) an audit entry whatever the outcome.
    func add(_ endpoint: Endpoint, _ services: APIServices, handler: @escaping EndpointHandler) {
        let path = RouterPath(endpoint.path.replacingOccurrences(of: "{id}", with: ":id"))
        on(path, method: HTTPRequest.Method(endpoint.method)!) { request, context in
            var caller: Caller?
            do {
                let authenticated = try await services.authenticate(request)
                caller = authenticated
                guard endpoint.roles.contains(authenticated.role) else {
                    let allowed = endpoint.roles.map(\.rawValue).sorted().joined(separator: ", ")
                    throw APIProblem.forbidden("\(endpoint.method) \(endpoint.path) is for: \(allowed); this key is \(authenticated.role.rawValue)")
                }
                let response = try await handler(request, context, authenticated)
                if endpoint.audited {
                    services.audit.record(Self.entry(endpoint, request, caller, context, status: Int(response.status.code), outcome: "ok"))
                }
                return response
            } catch {
                if endpoint.audited {
                    let problem = APIProblem.from(error)
                    services.audit.record(Self.entry(endpoint, request, caller, context, status: Int(problem.status.code), outcome: problem.outcome))
                }
                throw error
            }
        }
    }

    private static func entry(
        _ endpoint: Endpoint, _ request: Request, _ caller: Caller?, _ context: APIContext, status: Int, outcome: String
    ) -> AuditEntry {
        let subject = endpoint.auditsQuery
            ? request.queryFields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            : context.parameters.get("id")
        return AuditEntry(at: Date(), keyID: caller?.key.id, role: caller?.role, method: endpoint.method, endpoint: endpoint.path,
                          subject: subject, status: status, outcome: outcome)
    }
}

extension Request {
    /// The body, at most `APIContext.bodyLimit` bytes (413 beyond).
    func bodyData(context: APIContext) async throws -> Data {
        let buffer = try await body.collect(upTo: context.maxUploadSize)
        return Data(buffer.readableBytesView)
    }

    /// Query parameters as a dictionary; a repeated name keeps its last value.
    var queryFields: [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in uri.queryParameters { fields[String(name)] = String(value) }
        return fields
    }
}

/// A JSON answer.
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let data = try JSONEncoder.api.encode(value)
    return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

/// A JSON answer from the hot paths' encoder.
func jsonResponse(written value: some JSONTextWritable, status: HTTPResponse.Status = .ok) throws -> Response {
    let bytes = try SortedKeyJSONEncoder().encode(value)
    return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
}

/// A JSON answer from a `JSONSerialization` object (GeoJSON features).
func jsonResponse(object: Any, status: HTTPResponse.Status = .ok) throws -> Response {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    return Response(status: status, headers: [.contentType: "application/geo+json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

/// `{"applied": true}` or `{"applied": false, "reason": "older_than_stored"}`.
struct UpdateAnswer: Encodable {
    var applied: Bool
    var reason: String?
}
