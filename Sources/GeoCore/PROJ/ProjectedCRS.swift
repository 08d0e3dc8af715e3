import CProj

/// The one kind of coordinate reference system a grid may be laid in:
/// `EPSG:NNNN` naming a projected CRS whose axes are in metres. Cell sizes
/// and bandwidths are metres, so a CRS in degrees or in a tiny unit would
/// make a grid of absurd size (one in micrometres overflows its cell count).
public enum ProjectedCRS {
    /// The rule, in the words an error gives.
    public static let rule = "expected EPSG:NNNN naming a projected coordinate reference system in metres, such as EPSG:26913 (UTM 13N)"

    /// Why `code` may not be used, or nil when it may.
    public static func problem(_ code: String) -> String? {
        let digits = code.hasPrefix("EPSG:") ? code.dropFirst(5) : ""
        guard (4...6).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            return "'\(code)': \(rule)"
        }
        guard let context = proj_context_create() else { return "PROJ could not create a context" }
        defer { proj_context_destroy(context) }
        proj_context_set_enable_network(context, 0)
        proj_log_level(context, PJ_LOG_NONE)
        guard let crs = proj_create(context, code) else { return "'\(code)' is not in PROJ's EPSG database: \(rule)" }
        defer { proj_destroy(crs) }
        guard proj_get_type(crs) == PJ_TYPE_PROJECTED_CRS else { return "'\(code)' is not a projected CRS: \(rule)" }
        guard let system = proj_crs_get_coordinate_system(context, crs) else { return "'\(code)' has no coordinate system: \(rule)" }
        defer { proj_destroy(system) }
        let axes = proj_cs_get_axis_count(context, system)
        guard axes >= 2 else { return "'\(code)' has \(axes) axes: \(rule)" }
        for axis in 0..<axes {
            var toMetres = 0.0
            guard proj_cs_get_axis_info(context, system, axis, nil, nil, nil, &toMetres, nil, nil, nil) != 0,
                  abs(toMetres - 1) < 1e-9 else {
                return "'\(code)' measures in units of \(toMetres) m, not metres: \(rule)"
            }
        }
        return nil
    }
}
