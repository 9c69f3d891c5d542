// swift-tools-version: 6.1
//
// Courtyard — the call center and work-order system of a multi-site property company.
//
// The target graph enforces the layering of docs/architecture.md:
//
//   executables  courtyard
//   adapters     CourtyardStorage (GRDB) · CourtyardHTTP (Hummingbird)
//   runtime      CourtyardRuntime (actors, NodeEnvironment, storage protocols)
//   cores        CourtyardCRDT · CourtyardDomain        — no NIO, GRDB or Hummingbird
//
// Set COURTYARD_CORES_ONLY=1 to resolve and build only the pure cores and their tests:
// a fast inner loop for core work that never compiles an IO dependency.
import PackageDescription
import Foundation

let coresOnly = ProcessInfo.processInfo.environment["COURTYARD_CORES_ONLY"] != nil

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

var targets: [Target] = [
    // MARK: Cores (pure values; no IO dependencies)
    .target(
        name: "CourtyardCRDT",
        swiftSettings: swiftSettings
    ),
    .target(
        name: "CourtyardDomain",
        dependencies: ["CourtyardCRDT"],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "CourtyardMembership",
        dependencies: ["CourtyardCRDT"],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "CourtyardReplication",
        dependencies: ["CourtyardCRDT", "CourtyardDomain"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "CourtyardMembershipTests",
        dependencies: ["CourtyardMembership", "CourtyardCRDT"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "CourtyardReplicationTests",
        dependencies: [
            "CourtyardReplication", "CourtyardCRDT", "CourtyardDomain",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "CourtyardCRDTTests",
        dependencies: [
            "CourtyardCRDT",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "CourtyardDomainTests",
        dependencies: [
            "CourtyardDomain",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ],
        swiftSettings: swiftSettings
    ),
]

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
]

var products: [Product] = []

if !coresOnly {
    dependencies += [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ]
    products += [
        .executable(name: "courtyard", targets: ["courtyard"]),
        // For packages that depend on this one by path (benchmarks/): SwiftPM lets them
        // import targets only through a product.
        .library(
            name: "CourtyardKit",
            targets: ["CourtyardCRDT", "CourtyardDomain", "CourtyardRuntime", "CourtyardStorage"]
        ),
    ]
    targets += [
        // MARK: Runtime (actors of one node; environment injected)
        .target(
            name: "CourtyardRuntime",
            dependencies: [
                "CourtyardCRDT",
                "CourtyardDomain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: Adapters
        .target(
            name: "CourtyardStorage",
            dependencies: [
                "CourtyardCRDT",
                "CourtyardDomain",
                "CourtyardRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CourtyardHTTP",
            dependencies: [
                "CourtyardCRDT",
                "CourtyardDomain",
                "CourtyardRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: Executable (thin) and its library (commands, configuration, wiring, demo data)
        .target(
            name: "CourtyardCLI",
            dependencies: [
                "CourtyardCRDT",
                "CourtyardDomain",
                "CourtyardRuntime",
                "CourtyardStorage",
                "CourtyardHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "courtyard",
            dependencies: ["CourtyardCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        // MARK: Tests of the runtime and adapters
        .testTarget(
            name: "CourtyardRuntimeTests",
            dependencies: ["CourtyardRuntime", "CourtyardDomain", "CourtyardCRDT"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CourtyardStorageTests",
            dependencies: [
                "CourtyardStorage", "CourtyardRuntime", "CourtyardDomain", "CourtyardCRDT",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CourtyardHTTPTests",
            dependencies: [
                "CourtyardHTTP", "CourtyardStorage", "CourtyardRuntime", "CourtyardDomain", "CourtyardCRDT",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Configuration and demo data in-process; real `courtyard` processes (crash safety).
        .testTarget(
            name: "CourtyardCLITests",
            dependencies: ["CourtyardCLI", "courtyard", "CourtyardStorage", "CourtyardRuntime", "CourtyardDomain", "CourtyardCRDT"],
            swiftSettings: swiftSettings
        ),
    ]
}

let package = Package(
    name: "Courtyard",
    platforms: [.macOS(.v15)],
    products: products,
    dependencies: dependencies,
    targets: targets,
    swiftLanguageModes: [.v6]
)
