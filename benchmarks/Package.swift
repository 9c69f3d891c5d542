// swift-tools-version: 6.1
//
// Courtyard benchmarks: a separate package so that the main build and CI never compile
// benchmark-only code or dependencies. Each benchmark prints its measurement next to a
// baseline measured in the same run, and their ratio. See README.md.
import PackageDescription

let package = Package(
    name: "CourtyardBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Courtyard", path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "CourtyardBenchmarks",
            dependencies: [
                .product(name: "CourtyardKit", package: "Courtyard"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
