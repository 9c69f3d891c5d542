import ArgumentParser
import CourtyardDomain
import CourtyardRuntime
import Foundation
import Logging

extension ImportKind: ExpressibleByArgument {}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import residents, rooms, occupancies, suppliers, fixtures, cases or dispatch rules from CSV.",
        discussion: "Every bad row is reported with its line number, and nothing is imported unless the whole file is clean. Use --dry-run to check a file first.")

    @OptionGroup var site: SiteOptions

    @Option(help: "What the file holds: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: ImportKind

    @Option(help: "The CSV file (UTF-8; a header row with English or Chinese column names).")
    var file: String

    @Flag(name: .customLong("dry-run"), help: "Check the file and report; write nothing.")
    var dryRun = false

    func run() async throws {
        let config = try site.resolve()
        let logger = Logger.courtyard("courtyard.import", level: config.logLevel)
        let node = try SiteNode(config: config, environment: .system(logger: logger))
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let text = String(decoding: data, as: UTF8.self)
        let report: ImportReport
        do {
            report = try await node.directory.importCSV(kind: kind, text: text, dryRun: dryRun, site: config.site)
        } catch {
            throw ValidationError("\(file): \(error)")
        }
        for problem in report.errors {
            print("\(file):\(problem.line): \(problem.column.map { "\($0): " } ?? "")\(problem.message)")
        }
        let verb = dryRun ? "would import" : "imported"
        if report.errors.isEmpty {
            print("\(file): \(verb) \(report.accepted) \(kind.rawValue) (\(report.rows) rows)")
        } else {
            print("\(file): \(report.errors.count) bad rows; nothing imported")
            throw ExitCode(65)  // EX_DATAERR
        }
    }
}
