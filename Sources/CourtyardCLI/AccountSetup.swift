import ArgumentParser
import CourtyardDomain
import CourtyardHTTP
import CourtyardRuntime
import CourtyardStorage
import Foundation
import Logging

/// `courtyard node` flags for authentication.
struct AccountAuthOptions: ParsableArguments {
    @Option(name: .customLong("auth"),
            help: "enforced (default) or disabled. Also COURTYARD_AUTH. Disabled leaves the whole API open: tests only.")
    var mode: String?

    @Option(name: .customLong("bcrypt-cost"), help: "bcrypt cost of new password hashes (10–16, default 12).")
    var bcryptCost: UInt8?

    @Flag(name: .customLong("secure-cookie"), help: "Mark the session cookie Secure (console served over HTTPS).")
    var secureCookie = false
}

/// Turns the flags and environment into the API's `APIAuth`, creating the first admin and the
/// demo logins when needed.
enum AccountSetup {
    /// The demo logins `--demo` creates (docs/security.md): one per role, password `courtyard-demo`.
    /// Node-local like `admin` (each names its own node's site, so replicating them would
    /// make the nodes' copies overwrite each other); a later change through the API or
    /// `courtyard accounts` versions one, and from then on it replicates.
    static let demoPassword = "courtyard-demo"
    static func demoLogins(site: String) -> [AccountManager.Draft] {
        [
            .init(username: "cs-chen", displayName: "陈静", role: Role.agent.rawValue, site: site, password: demoPassword),
            .init(username: "tech-zhang", displayName: "张师傅", role: Role.technician.rawValue, site: site, password: demoPassword),
            .init(username: "supervisor", displayName: "现场主管", role: Role.siteSupervisor.rawValue, site: site, password: demoPassword),
            .init(username: "analyst", displayName: "总部分析", role: Role.hqAnalyst.rawValue, site: "*", password: demoPassword),
        ]
    }

    static func prepare(options: AccountAuthOptions, node: SiteNode, demo: Bool, logger: Logger,
                        environment env: [String: String] = ProcessInfo.processInfo.environment) async throws -> APIAuth {
        let mode = options.mode ?? env["COURTYARD_AUTH"] ?? "enforced"
        switch mode {
        case "disabled":
            logger.critical("AUTHENTICATION IS DISABLED: every API route is open to anyone who can reach this node")
            announceListening("WARNING: courtyard node running with authentication DISABLED (--auth disabled / COURTYARD_AUTH=disabled)\n")
            return .disabled
        case "enforced":
            break
        default:
            throw ValidationError("--auth must be 'enforced' or 'disabled', not '\(mode)'")
        }
        let cost = options.bcryptCost ?? BcryptPasswordHasher.defaultCost
        guard (BcryptPasswordHasher.productionCostMin...16).contains(cost) else {
            throw ValidationError("--bcrypt-cost must be 10–16")
        }
        let services = AuthServices(store: node.database.accountStore, hasher: BcryptPasswordHasher(cost: cost),
                                    wallClock: node.environment.wallClock, random: node.environment.random,
                                    secureCookie: options.secureCookie, directory: node.directory)
        try await bootstrap(services.accounts, node: node, demo: demo, logger: logger, environment: env)
        return .enforced(services)
    }

    static func bootstrap(_ accounts: AccountManager, node: SiteNode, demo: Bool, logger: Logger,
                          environment env: [String: String]) async throws {
        let fromEnv = env["COURTYARD_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if let fromEnv {
            do { try PasswordRules.check(fromEnv) } catch {
                throw ValidationError("COURTYARD_ADMIN_PASSWORD: \(error)")
            }
        }
        if let password = try await accounts.bootstrapAdmin(password: fromEnv, random: node.environment.random) {
            if fromEnv == nil {
                announceListening("""
                    ==============================================================
                    Courtyard created the first account of site \(node.config.site):
                      username: admin
                      password: \(password)
                    It is shown only this once. Change it: courtyard accounts reset-password --username admin
                    ==============================================================

                    """)
            }
            logger.notice("created the first admin account", metadata: [
                "username": "admin", "password": "\(fromEnv == nil ? "printed on the console" : "from COURTYARD_ADMIN_PASSWORD")",
            ])
        }
        // The local demo cluster (`courtyard up`) asks for the demo logins on every node,
        // headquarters included, whether or not the node seeds demo data.
        guard demo || env["COURTYARD_DEMO_LOGINS"] == "1" else { return }
        var created: [String] = []
        for draft in demoLogins(site: node.config.site.rawValue) {
            guard let name = try? Username(validating: draft.username), try await accounts.store.account(name) == nil else { continue }
            _ = try await accounts.create(draft, replicated: false)
            created.append("\(draft.username) (\(draft.role))")
        }
        if !created.isEmpty {
            logger.notice("demo logins created", metadata: ["accounts": "\(created.joined(separator: ", "))",
                                                            "password": "\(demoPassword)"])
        }
    }
}
