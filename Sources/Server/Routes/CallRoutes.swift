import Contract
import Foundation
import Hummingbird
import Interchange
import Store

/// The call log. A single call's location is health information: only
/// dispatchers (and admins) read or write single calls, and every request
/// is audited, refused ones included. A call is created once (a second POST
/// with its id is 409, never a silent overwrite); corrections are PUTs, and
/// their audit entries name the fields they changed.
enum CallRoutes {
    static let create = Endpoint(.post, "/v1/calls", roles: [.dispatcher], refusedUnaudited: true)
    static let read = Endpoint(.get, "/v1/calls/{id}", roles: [.dispatcher], refusedUnaudited: true)
    static let correct = Endpoint(.put, "/v1/calls/{id}", roles: [.dispatcher], refusedUnaudited: true)

    static func register(on router: Router<APIContext>, services: APIServices) {
        let table = services.store.calls
        router.add(create, services) { request, context in
            var feature = try RequestFields.object(from: try await request.bodyData(context: context))
            var properties = feature["properties"] as? [String: Any] ?? [:]
            if properties["id"] == nil, feature["id"] == nil { properties["id"] = "C-\(UUID().uuidString.lowercased())" }
            feature["properties"] = properties
            let call = try Registry.decode(checking: services.clockSkew) { () throws(FieldErrors) in try FeatureCodec.call(from: feature) }
            if try await table.record(id: call.id) != nil {
                throw APIProblem.conflict("call '\(call.id)' already exists; correct it with PUT /v1/calls/\(call.id)")
            }
            var response = try await Registry.write(call, to: table)
            AuditNote.attach(to: &response, subject: call.id)
            return response
        }
        router.add(correct, services) { request, context in
            let feature = try await Registry.feature(request, context: context)
            let call = try Registry.decode(checking: services.clockSkew) { () throws(FieldErrors) in try FeatureCodec.call(from: feature) }
            guard let stored = try await table.record(id: call.id) else {
                throw APIProblem.notFound("no call '\(call.id)'; create it with POST /v1/calls")
            }
            let changed = Self.changedFields(from: stored, to: call)
            var response = try await Registry.write(call, to: table)
            AuditNote.attach(to: &response, outcome: changed.isEmpty ? "unchanged" : "changed: " + changed.joined(separator: ","))
            return response
        }
        router.add(read, services) { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let call = try await table.record(id: id) else { throw APIProblem.notFound("no call '\(id)'") }
            var feature = FeatureCodec.featureObject(call)
            if let timeline = try await services.store.lifecycle.timeline(callID: id) {
                feature["properties"] = Self.withLifecycle(feature["properties"] as? [String: Any] ?? [:], timeline)
            }
            return try jsonResponse(object: feature)
        }
    }

    /// A call's properties with its lifecycle: `state`, `teams`, `timeline`
    /// and the measured `response_s` (received to the first team on scene).
    static func withLifecycle(_ properties: [String: Any], _ timeline: CallTimeline) -> [String: Any] {
        var properties = properties
        let lifecycle = (try? JSONSerialization.jsonObject(with: Data(CallLifecycleJSON(timeline).jsonBytes))) as? [String: Any] ?? [:]
        for name in ["state", "teams", "timeline", "response_s", "outcomes", "cancel_reason"] {
            if let value = lifecycle[name] { properties[name] = value }
        }
        return properties
    }

    /// The properties (and `geometry`) that differ between two versions of a call, by name.
    static func changedFields(from old: CrisisCall, to new: CrisisCall) -> [String] {
        let before = FeatureCodec.featureObject(old), after = FeatureCodec.featureObject(new)
        var changed: [String] = []
        if !Self.same(before["geometry"], after["geometry"]) { changed.append("geometry") }
        let oldProperties = before["properties"] as? [String: Any] ?? [:], newProperties = after["properties"] as? [String: Any] ?? [:]
        for name in Set(oldProperties.keys).union(newProperties.keys).sorted() where !Self.same(oldProperties[name], newProperties[name]) {
            changed.append(name)
        }
        return changed
    }

    private static func same(_ a: Any?, _ b: Any?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): json(a) == json(b)
        default: false
        }
    }

    /// A value as canonical JSON (sorted keys), for comparing parsed values of any type.
    private static func json(_ value: Any) -> Data? {
        try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys])
    }
}
