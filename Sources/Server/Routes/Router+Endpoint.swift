import Contract
import Foundation
import Hummingbird
import Store

extension Router where Context == APIContext {
    /// Registers the endpoint's handler in a group of its own: the
    /// authenticator puts the caller on the context, the audit middleware
    /// (audited endpoints) records the outcome, and the role check refuses
    /// other roles. The audit sits inside the authenticator to see the caller
    /// and outside the role check to see its refusals.
    func add(_ endpoint: Endpoint, _ services: APIServices,
             handler: @escaping @Sendable (Request, APIContext) async throws -> Response) {
        let group = group()
        group.add(middleware: Authenticator(keys: services.store.keys))
        if endpoint.audited { group.add(middleware: AuditMiddleware(endpoint: endpoint, trail: services.audit)) }
        group.add(middleware: RoleCheck(endpoint: endpoint))
        group.on(RouterPath(endpoint.path.replacingOccurrences(of: "{id}", with: ":id")), method: endpoint.method, use: handler)
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

/// A JSON answer written by its generated writer (the hot paths).
func jsonResponse(written value: some JSONTextWritable, status: HTTPResponse.Status = .ok) throws -> Response {
    let bytes = value.jsonBytes
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

    /// The answer, with its audit entry saying an update was ignored and why.
    func audited() throws -> Response {
        var response = try jsonResponse(self)
        if let reason, !applied { AuditNote.attach(to: &response, outcome: "ignored: \(reason)") }
        return response
    }
}
