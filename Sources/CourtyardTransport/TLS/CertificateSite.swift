import CourtyardCRDT
import X509

/// Reads the site a node certificate was issued for: the SAN URI
/// `urn:courtyard:site:<site>` written by `CertificateAuthority.issue`. Exactly one such
/// URI must be present and name a valid site id; otherwise the certificate names no site.
public enum CertificateSite {
    public static let uriPrefix = "urn:courtyard:site:"

    public static func site(of certificate: Certificate) -> ReplicaID? {
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return nil }
        var found: [ReplicaID] = []
        for name in names {
            guard case .uniformResourceIdentifier(let uri) = name, uri.hasPrefix(uriPrefix) else { continue }
            guard let site = ReplicaID(validating: String(uri.dropFirst(uriPrefix.count))) else { return nil }
            found.append(site)
        }
        return found.count == 1 ? found[0] : nil
    }

    /// The site of a DER-encoded certificate (as handed over by NIOSSL).
    public static func site(derEncoded bytes: [UInt8]) -> ReplicaID? {
        guard let certificate = try? Certificate(derEncoded: bytes) else { return nil }
        return site(of: certificate)
    }
}
