import Contract
import Foundation
import GeoCore
import Store

/// One record as one GeoJSON Feature, in exactly the shape files carry
/// (DESIGN.md's "File formats"), so that the HTTP API's registry endpoints
/// speak the same language as `crisismap import` and `export`.
public enum FeatureCodec {
    /// The Feature object for a record: geometry, then every property,
    /// unknown ones from `extra` included.
    public static func featureObject(_ facility: Facility) -> [String: Any] { object(facility) }
    public static func featureObject(_ team: Team) -> [String: Any] { object(team) }
    public static func featureObject(_ call: CrisisCall) -> [String: Any] { object(call) }
    public static func featureObject(_ area: Area) -> [String: Any] { object(area) }

    /// Reads a Feature already parsed by `JSONSerialization`; the errors name every property at fault.
    public static func facility(from feature: [String: Any]) throws(FieldErrors) -> Facility { try decode(feature) }
    public static func team(from feature: [String: Any]) throws(FieldErrors) -> Team { try decode(feature) }
    public static func call(from feature: [String: Any]) throws(FieldErrors) -> CrisisCall { try decode(feature) }

    private static func decode<Record: InterchangeRecord>(_ feature: [String: Any]) throws(FieldErrors) -> Record {
        if let type = feature["type"], type as? String != "Feature" {
            throw FieldErrors([FieldError(field: "type", message: "expected \"Feature\"")])
        }
        return try GeoJSONRecordReader<Record>.decode(feature: feature, known: Set(Record.knownFieldNames))
    }

    static func object<Record: InterchangeRecord>(_ record: Record) -> [String: Any] {
        var properties: [String: Any] = [:]
        for (key, value) in record.extra { properties[key] = value.foundationValue }
        for (name, value) in record.exportFields {
            if let json = value.foundationValue { properties[name] = json }
        }
        return ["type": "Feature", "geometry": record.geometry.geoJSONObject, "properties": properties]
    }
}
