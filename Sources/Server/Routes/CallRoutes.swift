import Contract
import Foundation
import Hummingbird
import Interchange
import Store

/// The call log. A single call's location is health information: only
/// dispatchers (and admins) read or write single calls, and every request
/// is audited, refused ones included.
enum CallRoutes {
    static let create = Endpoint(.post, "/v1/calls", roles: [.dispatcher], audited: true)
    static let read = Endpoint(.get, "/v1/calls/{id}", roles: [.dispatcher], audited: true)

    static func register(on router: Router<APIContext>, services: APIServices) {
        let table = services.store.calls
        router.add(create, services) { request, context in
            var feature = try RequestFields.object(from: try await request.bodyData(context: context))
            var properties = feature["properties"] as? [String: Any] ?? [:]
            if properties["id"] == nil, feature["id"] == nil { properties["id"] = "C-\(UUID().uuidString.lowercased())" }
            feature["properties"] = properties
            let call = try Registry.decode(checking: services.clockSkew) { () throws(FieldErrors) in try FeatureCodec.call(from: feature) }
            return try await Registry.write(call, to: table)
        }
        router.add(read, services) { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let call = try await table.record(id: id) else { throw APIProblem.notFound("no call '\(id)'") }
            return try jsonResponse(object: FeatureCodec.featureObject(call))
        }
    }
}
