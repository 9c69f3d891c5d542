import ArgumentParser
import CourtyardDomain
import CourtyardHTTP
import CourtyardRuntime
import CourtyardStorage
import Foundation
import Logging

/// `courtyard accounts`: manage the accounts of one site's data directory (the node may be
/// running: SQLite serialises the writes).
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "Create, list, reset the password of, disable or enable the accounts of a site.",
        subcommands: [Create.self, List.self, ResetPassword.self, Disable.self, Enable.self])

    /// The account helper over a site's database; hashing at the given cost. Changes of
    /// accounts other than `admin` are versioned, so they replicate.
    static func manager(_ site: SiteOptions, cost: UInt8) throws -> AccountManager {
        let config = try site.resolve()
        let logger = Logger.courtyard("courtyard.accounts", level: config.logLevel)
        let node = try SiteNode(config: config, environment: .system(logger: logger))
        // Versioned through the site's directory writer: its clock starts above every stored
        // version and follows the wall clock. There is no replication in this process: a
        // running node sends the change to its peers at its next start (docs/security.md).
        return AccountManager(store: node.database.accountStore, hasher: BcryptPasswordHasher(cost: cost),
                              wallClock: node.environment.wallClock, directory: node.directory)
    }

    /// A password from standard input (`--password-stdin`), or a generated one printed once.
    static func password(fromStdin: Bool) throws -> (password: String, generated: Bool) {
        if fromStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("--password-stdin: no password on standard input")
            }
            return (line, false)
        }
        return (AccountManager.generatedPassword(SystemRandomSource()), true)
    }

    static func fail(_ error: any Error) -> any Error {
        switch error {
        case let e as AccountError: ValidationError(e.description)
        case AccountStoreError.exists(let u): ValidationError("account \(u) already exists")
        case AccountStoreError.notFound(let u): ValidationError("no account \(u)")
        case let e as ServiceError: ValidationError(e.description)
        default: error
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account.")
        @OptionGroup var site: SiteOptions
        @Option(help: "Login name: 3–32 of a–z, 0–9, '.', '_', '-'.") var username: String
        @Option(help: "agent, technician, site_supervisor, hq_analyst or admin.") var role: String
        @Option(name: .customLong("account-site"), help: "The account's site, or * for HQ roles (default: this node's site for site roles).")
        var accountSite: String?
        @Option(name: .customLong("display-name")) var displayName: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input; otherwise one is generated and printed.")
        var passwordStdin = false
        @Option(name: .customLong("bcrypt-cost")) var bcryptCost: UInt8 = BcryptPasswordHasher.defaultCost

        func run() async throws {
            let config = try site.resolve()
            let role = Role(rawValue: self.role)
            let scope = accountSite ?? (role?.isHQRole == true ? "*" : config.site.rawValue)
            let (password, generated) = try AccountsCommand.password(fromStdin: passwordStdin)
            do {
                let a = try await AccountsCommand.manager(site, cost: bcryptCost).create(.init(
                    username: username, displayName: displayName, role: self.role, site: scope, password: password))
                print("created \(a.username) (\(a.role), site \(a.site))")
                if generated { print("password: \(password)") }
            } catch { throw AccountsCommand.fail(error) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts.")
        @OptionGroup var site: SiteOptions

        func run() async throws {
            for a in try await AccountsCommand.manager(site, cost: 4).store.accounts() {
                print("\(a.username)\t\(a.role)\t\(a.site)\t\(a.disabled ? "disabled" : "enabled")\t\(a.displayName)")
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reset-password",
                                                        abstract: "Set a new password; ends the account's sessions.")
        @OptionGroup var site: SiteOptions
        @Option var username: String
        @Flag(name: .customLong("password-stdin")) var passwordStdin = false
        @Option(name: .customLong("bcrypt-cost")) var bcryptCost: UInt8 = BcryptPasswordHasher.defaultCost

        func run() async throws {
            let (password, generated) = try AccountsCommand.password(fromStdin: passwordStdin)
            do {
                let name = try Username(validating: username)
                _ = try await AccountsCommand.manager(site, cost: bcryptCost).update(name, .init(password: password))
                print("password of \(name) reset; its sessions ended")
                if generated { print("password: \(password)") }
            } catch { throw AccountsCommand.fail(error) }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account; ends its sessions.")
        @OptionGroup var site: SiteOptions
        @Option var username: String

        func run() async throws {
            do {
                let name = try Username(validating: username)
                _ = try await AccountsCommand.manager(site, cost: 4).update(name, .init(disabled: true))
                print("\(name) disabled")
            } catch { throw AccountsCommand.fail(error) }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @OptionGroup var site: SiteOptions
        @Option var username: String

        func run() async throws {
            do {
                let name = try Username(validating: username)
                _ = try await AccountsCommand.manager(site, cost: 4).update(name, .init(disabled: false))
                print("\(name) enabled")
            } catch { throw AccountsCommand.fail(error) }
        }
    }
}
