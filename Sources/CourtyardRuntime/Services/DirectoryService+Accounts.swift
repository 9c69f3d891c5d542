import CourtyardCRDT
import CourtyardDomain

// MARK: - Replicated accounts

extension DirectoryService {
    /// Writes an account as a replicated directory record: checks it like a received one
    /// (`AccountRecord.replicationErrors`: never `admin`, a bcrypt hash, a site that fits the
    /// role), stamps it after every stored version and after the account's own, applies it
    /// last-writer-wins (the store ends the account's sessions on this node when its
    /// password, role or site changed or it was disabled), then hands it to the commit hook.
    ///
    /// `AccountManager` validates the submitted fields (with its own messages) and enforces
    /// uniqueness and the last-admin rule before calling this.
    @discardableResult
    public func upsert(account: AccountRecord) async throws(ServiceError) -> AccountRecord {
        let errors = account.replicationErrors
        guard errors.isEmpty else {
            throw .invalid(errors.map { .init(field: $0.field, message: $0.message) }, message: "invalid account")
        }
        var a = account
        a.version = try await stamp(after: { [name = a.username] in try await $0.account(username: name)?.version })
        try await apply(DirectoryBatch(accounts: [a]))
        return a
    }
}
