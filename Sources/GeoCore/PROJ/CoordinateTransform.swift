import CProj

/// Why a coordinate reference system or a transform could not be used.
public enum CRSError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownCRS(String, reason: String)
    case noTransform(from: String, to: String, reason: String)
    case transformFailed(x: Double, y: Double, crs: String)

    public var description: String {
        switch self {
        case .unknownCRS(let crs, let reason):
            "unknown coordinate reference system '\(crs)' (\(reason)); use an EPSG code such as EPSG:4326 or EPSG:3452"
        case .noTransform(let from, let to, let reason):
            "cannot transform from \(from) to \(to): \(reason)"
        case .transformFailed(let x, let y, let crs):
            "x \(x), y \(y) is not a valid position in \(crs)"
        }
    }
}

/// A transform between two coordinate reference systems, through PROJ.
///
/// Axis order is normalised to x/east first (longitude, then latitude for
/// geographic systems), which is what CSV columns and GeoJSON use, whatever
/// order the EPSG definition declares.
///
/// A PROJ context must not be used by two threads at once, so each transform
/// owns its own context and is not `Sendable`: make one per task.
public final class CoordinateTransform {
    public let source: String
    public let target: String
    private let context: OpaquePointer
    private let transform: OpaquePointer

    public init(from source: String, to target: String) throws(CRSError) {
        guard let context = proj_context_create() else {
            throw .noTransform(from: source, to: target, reason: "PROJ could not create a context")
        }
        // Never reach for remote grids: dispatch centres run offline. And no
        // log lines on stderr: failures come back as CRSError with PROJ's reason.
        proj_context_set_enable_network(context, 0)
        proj_log_level(context, PJ_LOG_NONE)
        for crs in [source, target] {
            guard let probe = proj_create(context, crs) else {
                let reason = Self.lastError(context)
                proj_context_destroy(context)
                throw .unknownCRS(crs, reason: reason)
            }
            let isCRS = proj_is_crs(probe) != 0
            proj_destroy(probe)
            guard isCRS else {
                proj_context_destroy(context)
                throw .unknownCRS(crs, reason: "not a coordinate reference system")
            }
        }
        guard let raw = proj_create_crs_to_crs(context, source, target, nil) else {
            let reason = Self.lastError(context)
            proj_context_destroy(context)
            throw .noTransform(from: source, to: target, reason: reason)
        }
        let normalized = proj_normalize_for_visualization(context, raw)
        proj_destroy(raw)
        guard let normalized else {
            let reason = Self.lastError(context)
            proj_context_destroy(context)
            throw .noTransform(from: source, to: target, reason: reason)
        }
        self.source = source
        self.target = target
        self.context = context
        self.transform = normalized
    }

    deinit {
        proj_destroy(transform)
        proj_context_destroy(context)
    }

    /// Transforms one position (x/east/longitude first).
    public func apply(x: Double, y: Double) throws(CRSError) -> (x: Double, y: Double) {
        let output = proj_trans(transform, PJ_FWD, proj_coord(x, y, 0, 0))
        let outX = output.xy.x
        let outY = output.xy.y
        guard outX.isFinite, outY.isFinite, abs(outX) < 1e30, abs(outY) < 1e30 else {
            throw .transformFailed(x: x, y: y, crs: source)
        }
        return (outX, outY)
    }

    /// Transforms many positions in place, in one call into PROJ.
    /// Positions that cannot be transformed come back as infinity.
    public func apply(xs: inout [Double], ys: inout [Double]) {
        precondition(xs.count == ys.count, "x and y counts differ")
        let count = xs.count
        let stride = MemoryLayout<Double>.stride
        xs.withUnsafeMutableBufferPointer { x in
            ys.withUnsafeMutableBufferPointer { y in
                _ = proj_trans_generic(transform, PJ_FWD,
                                       x.baseAddress, stride, count,
                                       y.baseAddress, stride, count,
                                       nil, 0, 0, nil, 0, 0)
            }
        }
    }

    private static func lastError(_ context: OpaquePointer) -> String {
        let code = proj_context_errno(context)
        guard code != 0, let message = proj_context_errno_string(context, code) else {
            return "not recognised by PROJ"
        }
        return String(cString: message)
    }
}

extension CoordinateTransform {
    /// Transforms a position into WGS84 and validates it as a `Coordinate`.
    /// The transform's target must be EPSG:4326.
    public func coordinate(x: Double, y: Double) throws -> Coordinate {
        let (lon, lat) = try apply(x: x, y: y)
        return try Coordinate(latitude: lat, longitude: lon)
    }
}
