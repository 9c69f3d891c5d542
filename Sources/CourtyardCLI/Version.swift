import ArgumentParser

/// The release of this build. Bumped by hand on release; the storage schema and the
/// wire protocols carry their own versions.
public enum CourtyardVersion {
    public static let release = "0.1.0"
    /// The HTTP API's version prefix.
    public static let api = "v1"
}

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() {
        print("courtyard \(CourtyardVersion.release) (api \(CourtyardVersion.api))")
    }
}
