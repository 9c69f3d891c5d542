import CourtyardCRDT
import Crypto
import Foundation
import SwiftASN1
import X509

/// A cluster's certificate authority: a self-signed P-256 CA that signs one certificate
/// per site. Nodes trust only this CA (mutual TLS), and the site a certificate names is
/// checked against the site a peer claims in its handshake.
///
/// Site identity in a node certificate: the SAN URI `urn:courtyard:site:<site>` (see
/// `CertificateSite`). The SAN also carries DNS `<site>`, DNS `localhost` and IP
/// 127.0.0.1 for tools that check host names; Courtyard itself does not.
///
/// Files, in one directory: `ca.pem`, `ca-key.pem`, `<site>.pem`, `<site>-key.pem`
/// (keys written with mode 0600).
public struct CertificateAuthority: Sendable {
    public let certificate: Certificate
    public let privateKey: Certificate.PrivateKey

    /// CA lifetime: ten years; node certificates: 825 days (the CA/Browser Forum ceiling
    /// many tools still enforce).
    public static let caValidityDays = 3650
    public static let nodeValidityDays = 825

    public static let certificateFile = "ca.pem"
    public static let privateKeyFile = "ca-key.pem"

    // MARK: Create and load

    /// Creates a new CA for `clusterName` and writes ca.pem and ca-key.pem into `directory`
    /// (created if missing). Refuses to overwrite an existing CA.
    @discardableResult
    public static func create(directory: String, clusterName: String, now: Date = Date()) throws -> CertificateAuthority {
        let certPath = CertificateFiles.path(directory, certificateFile)
        guard !FileManager.default.fileExists(atPath: certPath) else {
            throw CertificateFileError("a CA already exists at \(certPath)")
        }
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let name = try DistinguishedName {
            OrganizationName("Courtyard")
            CommonName("Courtyard cluster CA \(clusterName)")
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: key.publicKey)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-3600), notValidAfter: now.addingTimeInterval(days(caValidityDays)),
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions, issuerPrivateKey: key)
        try CertificateFiles.write(certificate, key: key, directory: directory,
                                   certificateFile: certificateFile, keyFile: privateKeyFile)
        return CertificateAuthority(certificate: certificate, privateKey: key)
    }

    /// Loads ca.pem and ca-key.pem from `directory`.
    public static func load(directory: String) throws -> CertificateAuthority {
        let certificate = try Certificate(pemEncoded: CertificateFiles.read(directory, certificateFile))
        let key = try Certificate.PrivateKey(pemEncoded: CertificateFiles.read(directory, privateKeyFile))
        return CertificateAuthority(certificate: certificate, privateKey: key)
    }

    // MARK: Issue

    /// Issues a certificate for `site`, signed by this CA, and writes <site>.pem and
    /// <site>-key.pem into `directory`. Usable for both TLS client and server auth.
    @discardableResult
    public func issue(site: ReplicaID, directory: String, now: Date = Date()) throws -> Certificate {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let subject = try DistinguishedName {
            OrganizationName("Courtyard")
            CommonName(site.rawValue)
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
            try ExtendedKeyUsage([.serverAuth, .clientAuth])
            SubjectKeyIdentifier(hash: key.publicKey)
            AuthorityKeyIdentifier(keyIdentifier: try certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
            SubjectAlternativeNames([
                .uniformResourceIdentifier(CertificateSite.uriPrefix + site.rawValue),
                .dnsName(site.rawValue),
                .dnsName("localhost"),
                .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
            ])
        }
        let issued = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(Self.days(Self.nodeValidityDays)),
            issuer: certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions, issuerPrivateKey: privateKey)
        try CertificateFiles.write(issued, key: key, directory: directory,
                                   certificateFile: "\(site.rawValue).pem", keyFile: "\(site.rawValue)-key.pem")
        return issued
    }

    static func days(_ n: Int) -> TimeInterval { TimeInterval(n) * 86_400 }
}
