// swift-tools-version: 6.1
//
// Courtyard — the call center and work-order system of a multi-site property company.
//
// The target graph enforces the layering of docs/architecture.md:
//
//   executables  courtyard (→ CourtyardCLI)
//   adapters     CourtyardStorage (GRDB) · CourtyardHTTP (Hummingbird) · CourtyardTransport (NIO + TLS)
//   runtime      CourtyardRuntime (actors, NodeEnvironment, storage and transport protocols)
//                CourtyardActorSimulation (the runtime's actors on a seeded run queue)
//   cores        CourtyardCRDT · CourtyardDomain · CourtyardMembership · CourtyardReplication
//                CourtyardSimulation          — no NIO, GRDB or Hummingbird below this line
//
// Fast inner loops: COURTYARD_LAYERS=cores builds only the pure cores and their tests;
// =runtime adds the runtime (swift-log, swift-metrics); =transport adds the NIO/TLS
// transport. Unset (the default) is everything.
import PackageDescription
import Foundation

let layers = ProcessInfo.processInfo.environment["COURTYARD_LAYERS"]
    ?? (ProcessInfo.processInfo.environment["COURTYARD_CORES_ONLY"] != nil ? "cores" : "all")
let rank = ["cores": 0, "runtime": 1, "transport": 2, "all": 3][layers] ?? 3

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

func core(_ name: String, _ deps: [Target.Dependency] = []) -> Target {
    .target(name: name, dependencies: deps, swiftSettings: swiftSettings)
}

func tests(_ name: String, _ deps: [Target.Dependency]) -> Target {
    .testTarget(name: name, dependencies: deps, swiftSettings: swiftSettings)
}

let propertyBased: Target.Dependency = .product(name: "PropertyBased", package: "swift-property-based")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let metrics: Target.Dependency = .product(name: "Metrics", package: "swift-metrics")

// MARK: Cores (pure values; no IO dependencies)

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
]
var targets: [Target] = [
    core("CourtyardCRDT"),
    core("CourtyardDomain", ["CourtyardCRDT"]),
    core("CourtyardMembership", ["CourtyardCRDT"]),
    core("CourtyardReplication", ["CourtyardCRDT", "CourtyardDomain"]),
    core("CourtyardCallCenter", ["CourtyardCRDT", "CourtyardDomain"]),
    core("CourtyardSimulation", ["CourtyardCRDT", "CourtyardDomain", "CourtyardMembership", "CourtyardReplication",
                                 "CourtyardCallCenter"]),
    tests("CourtyardCRDTTests", ["CourtyardCRDT", propertyBased]),
    tests("CourtyardDomainTests", ["CourtyardDomain", propertyBased]),
    tests("CourtyardMembershipTests", ["CourtyardMembership", "CourtyardCRDT"]),
    tests("CourtyardReplicationTests", ["CourtyardReplication", "CourtyardCRDT", "CourtyardDomain", propertyBased]),
    tests("CourtyardCallCenterTests", ["CourtyardCallCenter", "CourtyardCRDT", "CourtyardDomain", propertyBased]),
    tests("CourtyardSimulationTests", ["CourtyardSimulation", "CourtyardCRDT", "CourtyardDomain",
                                       "CourtyardMembership", "CourtyardReplication", "CourtyardCallCenter"]),
]
var products: [Product] = []

// MARK: Runtime (actors of one node; environment injected)

if rank >= 1 {
    dependencies += [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    ]
    targets += [
        core("CourtyardRuntime", ["CourtyardCRDT", "CourtyardDomain", "CourtyardMembership",
                                  "CourtyardReplication", "CourtyardCallCenter", logging, metrics]),
        tests("CourtyardRuntimeTests", ["CourtyardRuntime", "CourtyardDomain", "CourtyardCRDT",
                                        "CourtyardMembership", "CourtyardReplication", "CourtyardCallCenter"]),
        // The actor simulator: the real runtime actors of N nodes on one seeded run queue.
        .target(name: "CCourtyardSimHook"),
        core("CourtyardActorSimulation", ["CourtyardRuntime", "CourtyardSimulation", "CourtyardCRDT",
                                          "CourtyardDomain", "CourtyardMembership", "CourtyardReplication",
                                          "CCourtyardSimHook", logging]),
        tests("CourtyardActorSimulationTests", ["CourtyardActorSimulation", "CourtyardRuntime", "CourtyardSimulation",
                                                "CourtyardCRDT", "CourtyardDomain", "CourtyardMembership"]),
    ]
}

// MARK: Transport (SwiftNIO TCP + mutual TLS)

let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioPosix: Target.Dependency = .product(name: "NIOPosix", package: "swift-nio")

if rank >= 2 {
    dependencies += [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ]
    targets += [
        core("CourtyardTransport", [
            "CourtyardCRDT", "CourtyardMembership", "CourtyardRuntime", nioCore, nioPosix,
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            logging, metrics,
        ]),
        tests("CourtyardTransportTests", [
            "CourtyardTransport", "CourtyardRuntime", "CourtyardMembership", "CourtyardCRDT", nioCore, nioPosix,
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
    ]
}

// MARK: Storage, HTTP, CLI

if rank >= 3 {
    dependencies += [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
    ]
    products += [
        .executable(name: "courtyard", targets: ["courtyard"]),
        // For the separate benchmarks/ package, which imports these by path.
        .library(name: "CourtyardKit", targets: ["CourtyardCRDT", "CourtyardDomain", "CourtyardCallCenter", "CourtyardRuntime",
                                              "CourtyardStorage"]),
    ]
    let grdb: Target.Dependency = .product(name: "GRDB", package: "GRDB.swift")
    let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
    let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
    targets += [
        core("CourtyardStorage", ["CourtyardCRDT", "CourtyardDomain", "CourtyardRuntime", "CourtyardCallCenter", grdb, logging,
                                  .product(name: "Crypto", package: "swift-crypto")]),
        // The web console: static pages (HTML, CSS, ES modules) compiled into the binary.
        core("CourtyardConsole", [hummingbird]),
        core("CourtyardHTTP", ["CourtyardCRDT", "CourtyardDomain", "CourtyardRuntime", "CourtyardMembership", "CourtyardCallCenter",
                               "CourtyardReplication", "CourtyardConsole", hummingbird, logging, metrics,
                               .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                               .product(name: "Prometheus", package: "swift-prometheus"),
                               .product(name: "HummingbirdBcrypt", package: "hummingbird-auth")]),
        // Commands, configuration, wiring of one node, the production environment, demo data.
        core("CourtyardCLI", [
            "CourtyardCRDT", "CourtyardDomain", "CourtyardRuntime", "CourtyardStorage", "CourtyardHTTP",
            "CourtyardTransport", "CourtyardMembership", "CourtyardReplication", "CourtyardSimulation",
            "CourtyardActorSimulation", "CourtyardCallCenter",
            argumentParser, logging, metrics, hummingbird, nioCore,
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
        ]),
        .executableTarget(name: "courtyard", dependencies: ["CourtyardCLI", argumentParser],
                          swiftSettings: swiftSettings),
        tests("CourtyardStorageTests", ["CourtyardStorage", "CourtyardRuntime", "CourtyardDomain", "CourtyardCRDT",
                                        "CourtyardCallCenter", grdb]),
        tests("CourtyardHTTPTests", [
            "CourtyardHTTP", "CourtyardStorage", "CourtyardRuntime", "CourtyardDomain", "CourtyardCRDT", "CourtyardCallCenter",
            "CourtyardConsole", hummingbird,
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
        ]),
        // Configuration and demo data in-process; real `courtyard` processes (crash safety, cluster).
        tests("CourtyardCLITests", ["CourtyardCLI", "courtyard", "CourtyardHTTP", "CourtyardStorage", "CourtyardRuntime",
                                    "CourtyardDomain", "CourtyardCRDT", "CourtyardCallCenter", hummingbird,
                                    .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                                    .product(name: "HummingbirdWSClient", package: "hummingbird-websocket")]),
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
