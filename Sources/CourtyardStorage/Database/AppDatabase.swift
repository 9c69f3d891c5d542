import Foundation
import GRDB

/// The node's SQLite database: the connection (pool or queue), its configuration and its
/// schema. The stores (`GRDBTicketStore`, `GRDBDirectoryStore`) are views over one
/// `AppDatabase`.
///
/// Production opens a `DatabasePool` in WAL mode (`open(directory:)`): one writer, many
/// concurrent readers. Tests use an in-memory `DatabaseQueue` (`inMemory()`); storage tests
/// run against both.
public struct AppDatabase: Sendable {
    /// The file name inside the node's data directory.
    public static let fileName = "courtyard.sqlite"
    /// How long a connection waits for a lock held by another connection before failing.
    public static let busyTimeoutMs = 5_000

    /// The underlying connection. Writes go through it; reads may too.
    public let writer: any DatabaseWriter

    /// Wraps an open connection and migrates its schema to the latest version.
    public init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try AppDatabase.migrator.migrate(writer)
    }

    /// Reads go through this one: with a pool, they run concurrently with the writer and
    /// see the last committed state.
    public var reader: any DatabaseReader { writer }

    // MARK: Opening

    /// Opens (creating if needed) `courtyard.sqlite` in `directory`, as a WAL-mode
    /// `DatabasePool`, and migrates it.
    public static func open(directory: URL) throws -> AppDatabase {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(fileName).path
        let pool = try DatabasePool(path: path, configuration: configuration(label: "courtyard"))
        // GRDB switches the pool's writer to WAL *after* `prepareDatabase` and sets
        // `synchronous = NORMAL` as it does; restore FULL on the one writer connection
        // (the pool keeps it for its whole life). See `configuration(label:)` for why FULL.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        return try AppDatabase(pool)
    }

    /// An empty, private in-memory database, for tests.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration(label: "courtyard-memory")))
    }

    /// Connection settings shared by every connection of the pool.
    ///
    /// Durability: `synchronous = FULL`. In WAL mode `NORMAL` would already keep every
    /// committed transaction across a *process* crash (the WAL frames are in the OS page
    /// cache once `COMMIT` returns), but not across an OS crash or power loss, which may
    /// roll back the last transactions. A node acknowledges writes to other sites (quorum
    /// writes, replication acks), so an acknowledged write must survive power loss too:
    /// `FULL` syncs the WAL on every commit. The cost is one fsync per transaction, which
    /// group commit (one transaction per appended batch) keeps affordable.
    static func configuration(label: String) -> Configuration {
        var config = Configuration()
        config.label = label
        config.foreignKeysEnabled = true  // PRAGMA foreign_keys = ON (occupancy → resident, room)
        // PRAGMA busy_timeout of the writer. WAL readers never wait for the writer; GRDB gives
        // pool readers their own 10 s timeout for the rare locks of WAL recovery.
        config.busyMode = .timeout(TimeInterval(busyTimeoutMs) / 1_000)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return config
    }

    // MARK: Stores

    public var ticketStore: GRDBTicketStore { GRDBTicketStore(database: self) }
    public var directoryStore: GRDBDirectoryStore { GRDBDirectoryStore(database: self) }
}
