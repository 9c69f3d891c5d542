import Foundation
import Testing

/// The CLI as an operator uses it: real processes, real files.
@Suite struct CLIProcessTests {
    func run(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = NodeProcess.binary
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func version_printsTheRelease() throws {
        let (status, output) = try run(["version"])
        #expect(status == 0)
        #expect(output.hasPrefix("courtyard "))
    }

    @Test func import_dryRunOfABadFile_reportsEveryBadLine_andWritesNothing() throws {
        let dir = try temporaryDirectory("import")
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("residents.csv")
        try """
            id,姓名,电话
            r1,王伟,138 0013 8000
            r2,,13900139000
            r3,李娜,not-a-phone
            r4,张敏,+86 137-0013-7000
            """.write(to: csv, atomically: true, encoding: .utf8)
        let base = ["import", "--site", "import-site", "--data", dir.path, "--kind", "residents", "--file", csv.path]

        let dry = try run(base + ["--dry-run"])
        #expect(dry.status != 0)
        #expect(dry.output.contains("residents.csv:3:"), "line of the missing name: \(dry.output)")
        #expect(dry.output.contains("residents.csv:4:"), "line of the bad phone: \(dry.output)")
        #expect(!dry.output.contains("residents.csv:2:"))

        // A real import of the same file also refuses, and nothing was written.
        let real = try run(base)
        #expect(real.status != 0)
        #expect(real.output.contains("nothing imported"))

        // Once the file is clean, it imports.
        try """
            id,姓名,电话
            r1,王伟,138 0013 8000
            r4,张敏,+86 137-0013-7000
            """.write(to: csv, atomically: true, encoding: .utf8)
        let clean = try run(base)
        #expect(clean.status == 0, "\(clean.output)")
        #expect(clean.output.contains("imported 2"))
    }

    @Test func node_withoutSite_failsWithAClearMessage() throws {
        let (status, output) = try run(["node", "--data", "/nonexistent-courtyard"])
        #expect(status != 0)
        #expect(output.contains("--site"))
    }
}
