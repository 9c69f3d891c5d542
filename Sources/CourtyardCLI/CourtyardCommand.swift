import ArgumentParser

/// `courtyard`: one binary for everything an operator or engineer runs.
public struct CourtyardCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "courtyard",
        abstract: "Courtyard — call center and work orders for multi-site property management.",
        version: CourtyardVersion.release,
        subcommands: [NodeCommand.self, SeedCommand.self, ImportCommand.self, CertsCommand.self, UpCommand.self, AccountsCommand.self, SimulateCommand.self, DialCommand.self, VersionCommand.self]
    )

    public init() {}
}
