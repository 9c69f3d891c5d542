import CourtyardSimulation

/// The repository's `simulations/` folder, found from this file's path.
let simulationsDirectory: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    parts.removeLast(3) // Tests/CourtyardSimulationTests/Support.swift
    return parts.joined(separator: "/") + "/simulations"
}()

/// Reads a file as UTF-8 text without Foundation.
func readText(_ path: String) -> String? {
    guard let f = fopen(path, "r") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// A scenario from `simulations/NAME.toml`, optionally shortened for a fast test.
func scenario(_ name: String, durationMs: Int64? = nil) throws -> Scenario {
    guard let text = readText("\(simulationsDirectory)/\(name).toml") else {
        throw ScenarioError("cannot read simulations/\(name).toml")
    }
    var s = try Scenario(toml: text)
    if let durationMs { s.durationMs = durationMs }
    return s
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small, fast scenario that exercises every checker: four sites, quorum and local
/// writes, slow technicians (escalations), a clock jumping back and a crash at east-lake.
func tinyScenario(durationMs: Int64 = 40 * 60_000) -> Scenario {
    var s = Scenario(name: "tiny", sites: ["hq", "north-bay", "east-lake", "west-hill"])
    s.hq = "hq"
    s.durationMs = durationMs
    s.quiesceMs = 3 * 60_000
    s.workload.callsPerHourPerSite = 60
    s.workload.hourlyCurve = WorkloadSettings.curve(named: "flat") ?? []
    s.workload.consistencyMix = [.local, .quorum]
    s.workload.slowTicketRate = 0.5
    s.faults = [
        TimedFault(atMs: 5 * 60_000, action: .jump(2, ms: -120_000)),
        TimedFault(atMs: 6 * 60_000, action: .crash(2, downMs: 20_000)),
    ]
    return s
}

/// Lists `*.toml` files in a directory, sorted.
func tomlFiles(in directory: String) -> [String] {
    guard let dir = opendir(directory) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafePointer(to: entry.pointee.d_name) {
            $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
        }
        if name.hasSuffix(".toml") { names.append(name) }
    }
    return names.sorted()
}
