// swift-tools-version:6.1
//
// crisismap: geospatial resource locator and dispatch mapping for
// behavioral-health crisis response. The targets follow ../shared/DESIGN.md:
// each one imports only what sits below it.
//
//   crisismap (CLI)
//     -> Server      (HTTP API on Hummingbird 2: routes, roles and keys, audit, live team stream, metrics)
//     -> Reports     (planner products: density surfaces and figures as maps and files)
//     -> Analytics   (call selection, density grids and kernel estimates, suppression)
//     -> MapRender   (Cairo: PNG/SVG/PDF maps from a scene of raster, outlines and symbols)
//     -> CrisisDispatch (team and facility ranking, rules, ETA, in-memory geodesic index;
//                       DESIGN.md's "Dispatch" box, renamed: Dispatch is libdispatch's module)
//     -> Routing     (road graph from the store, snapping, Dijkstra and contraction hierarchies, drive-time areas)
//     -> Interchange (GeoJSON / CSV / Open Referral HSDS import, GeoJSON / CSV export)
//     -> Contract    (what other systems read: JSON answers and their encoder, RFC 3339, ETA methods, field reading)
//     -> PostGISStore (the same store protocols over PostgreSQL/PostGIS via PostgresNIO, for a state)
//     -> SpatiaLiteStore (the store protocols over one SpatiaLite file through GRDB: the embedded backend)
//     -> Store       (domain model, store protocols and errors; no database library)
//     -> GeoCore     (coordinates, geodesics and CRS transforms through PROJ)
//   C bridges: CSpatiaLite, CProj, CFFTW, CCairo (system libraries found by pkg-config); zlib via ZIPFoundation's CZlib

import CompilerPluginSupport
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "crisismap",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "crisismap", targets: ["crisismap"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.65.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.0"),
    ],
    targets: [
        // Files that appear complete or not at all (exports, maps, reports).
        .target(name: "AtomicFile", swiftSettings: strictSwift),

        // MARK: C bridges
        .systemLibrary(
            name: "CSpatiaLite",
            pkgConfig: "spatialite",
            providers: [.apt(["libspatialite-dev", "libsqlite3-mod-spatialite"])]
        ),
        .systemLibrary(
            name: "CProj",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev", "proj-data"])]
        ),
        .systemLibrary(
            name: "CFFTW",
            pkgConfig: "fftw3",
            providers: [.apt(["libfftw3-dev"])]
        ),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev", "fonts-dejavu-core"])]
        ),

        // MARK: Layers, bottom up
        .target(
            name: "GeoCore",
            dependencies: ["CProj"],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Store",
            // The domain model, the store protocols and their errors: no database library.
            dependencies: ["GeoCore"],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Contract",
            // What other systems read: the JSON answers and their encoder, RFC 3339, ETA methods, field reading.
            dependencies: ["ContractMacros", "Store", "GeoCore"],
            swiftSettings: strictSwift
        ),
        // `@JSONAnswer`: an answer's byte writer derived, at compile time, from
        // the same stored properties its `Encodable` conformance encodes.
        .macro(
            name: "ContractMacros",
            dependencies: [
                .product(name: "SwiftDiagnostics", package: "swift-syntax"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
                .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "SpatiaLiteStore",
            // The embedded store: the protocols over one SpatiaLite file through GRDB.
            dependencies: [
                "Store",
                "GeoCore",
                "CSpatiaLite",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "PostGISStore",
            // The state-wide store: the same protocols over PostgreSQL + PostGIS, through PostgresNIO's pool.
            dependencies: [
                "Store",
                "GeoCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Interchange",
            // OSM PBF blobs are inflated with zlib through ZIPFoundation's `CZlib` module
            // (Linux), which already links the system's libz (zlib1g-dev).
            dependencies: ["Contract", "Store", "GeoCore", "AtomicFile", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Analytics",
            // swift-crypto: HMAC-SHA256, the keyed function that fixes each release's noise.
            dependencies: ["Routing", "Contract", "Store", "GeoCore", "CFFTW", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSwift
        ),
        .target(
            name: "MapRender",
            dependencies: ["CCairo", "AtomicFile"],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Reports",
            dependencies: ["Routing", "AtomicFile", "Analytics", "MapRender", "CrisisDispatch", "Interchange", "Contract", "Store", "GeoCore"],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Routing",
            dependencies: ["Store", "GeoCore", .product(name: "HeapModule", package: "swift-collections")],
            swiftSettings: strictSwift
        ),
        .target(
            name: "CrisisDispatch",
            dependencies: ["Routing", "Contract", "Store", "GeoCore", .product(name: "HeapModule", package: "swift-collections")],
            swiftSettings: strictSwift
        ),
        .target(
            name: "Server",
            dependencies: [
                "CrisisDispatch",
                "Routing",
                "Analytics",
                "Reports",
                "Interchange",
                "Contract",
                "MapRender",
                "Store",
                "GeoCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Public")],
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "crisismap",
            dependencies: [
                "Server",
                "SpatiaLiteStore",
                "PostGISStore",
                "Routing",
                "Reports",
                "Analytics",
                "MapRender",
                "CrisisDispatch",
                "Interchange",
                "Contract",
                "Store",
                "GeoCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSwift
        ),

        // MARK: Benchmarks (run by `make bench-dispatch`, never by `make test`)
        .executableTarget(
            name: "DispatchBenchmark",
            dependencies: ["CrisisDispatch", "SpatiaLiteStore", "Store", "GeoCore"],
            path: "Benchmarks/DispatchBenchmark",
            swiftSettings: strictSwift
        ),
        .executableTarget(
            name: "RoutingBenchmark",
            dependencies: ["Routing", "SpatiaLiteStore", "Store", "GeoCore"],
            path: "Benchmarks/RoutingBenchmark",
            swiftSettings: strictSwift
        ),

        .executableTarget(
            name: "StoreBenchmark",
            dependencies: [
                "Store", "SpatiaLiteStore", "PostGISStore", "GeoCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/StoreBenchmark",
            swiftSettings: strictSwift
        ),

        // MARK: Tests mirror the targets
        .target(name: "TestSupport", dependencies: ["Store", "GeoCore"], path: "Tests/TestSupport"),
        .testTarget(name: "GeoCoreTests", dependencies: ["GeoCore"]),
        .testTarget(name: "AtomicFileTests", dependencies: ["AtomicFile", "TestSupport"]),
        .testTarget(name: "ContractTests", dependencies: ["Contract", "Store", "GeoCore"]),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "SpatiaLiteStore", "GeoCore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "InterchangeTests",
            dependencies: ["Interchange", "Contract", "Store", "SpatiaLiteStore", "GeoCore", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "StoreConformanceTests",
            dependencies: ["Store", "SpatiaLiteStore", "PostGISStore", "CrisisDispatch", "Analytics", "GeoCore", "TestSupport"]
        ),
        .testTarget(name: "RoutingTests", dependencies: ["Routing", "Store", "GeoCore", "TestSupport"]),
        .testTarget(name: "CrisisDispatchTests", dependencies: ["CrisisDispatch", "Contract", "Store", "SpatiaLiteStore", "GeoCore", "TestSupport"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["crisismap", "Store", "SpatiaLiteStore", "GeoCore", "TestSupport"],
            // The seeded store's files, read from their place in the source tree.
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "AnalyticsTests",
            dependencies: ["Analytics", "Contract", "Store", "GeoCore", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Analytics", "Interchange", "Contract", "MapRender", "CCairo", "Store", "SpatiaLiteStore", "GeoCore", "TestSupport"]),
        // crisismap: the end-to-end tests run the built binary, so it must be built first.
        // HummingbirdTesting: the router tests drive the routes in process, without a socket,
        // over an engine (CrisisDispatch) and store (SpatiaLiteStore) they build themselves.
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "crisismap", "Server", "CrisisDispatch", "Contract", "SpatiaLiteStore", "Store", "GeoCore", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
