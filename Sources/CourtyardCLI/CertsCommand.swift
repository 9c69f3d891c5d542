import ArgumentParser
import CourtyardCRDT
import CourtyardTransport

/// `courtyard certs`: a development certificate authority for the cluster's mutual TLS.
/// `init` makes the CA once; `issue` makes one certificate per site, which names the site
/// in its SAN URI `urn:courtyard:site:<site>` (checked against the site a peer claims).
struct CertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs",
        abstract: "Create the cluster CA and issue node certificates for mutual TLS.",
        subcommands: [Init.self, Issue.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create a cluster CA: writes ca.pem and ca-key.pem (mode 0600) into DIR.")

        @Option(help: "The directory for the CA files (created if missing).")
        var dir: String

        @Option(help: "The cluster name, recorded in the CA's common name.")
        var cluster = "courtyard"

        func run() throws {
            try CertificateAuthority.create(directory: dir, clusterName: cluster)
            print("created the CA for cluster '\(cluster)' in \(dir) (ca.pem, ca-key.pem)")
        }
    }

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue",
            abstract: "Issue a node certificate for a site, signed by the CA in DIR: writes <site>.pem and <site>-key.pem.")

        @Option(help: "The directory holding ca.pem and ca-key.pem; the node files are written here too.")
        var dir: String

        @Option(help: "The site id (lowercase letters, digits, dashes; at most 32).")
        var site: String

        func validate() throws {
            guard ReplicaID.isValid(site) else {
                throw ValidationError("'\(site)' is not a valid site id: [a-z0-9][a-z0-9-]{0,31}")
            }
        }

        func run() throws {
            let ca = try CertificateAuthority.load(directory: dir)
            try ca.issue(site: ReplicaID(site), directory: dir)
            print("issued \(site).pem and \(site)-key.pem in \(dir) (valid \(CertificateAuthority.nodeValidityDays) days)")
        }
    }
}
