import CourtyardCRDT
import Foundation
import Testing
import X509
@testable import CourtyardTransport

@Suite struct CertificateTests {
    @Test func issuedCertificate_namesItsSite_andIsSignedByTheCA() throws {
        let pki = try TestPKI(sites: ["north-bay"])
        defer { pki.remove() }
        let ca = try CertificateAuthority.load(directory: pki.directory)
        let pem = try String(contentsOfFile: "\(pki.directory)/north-bay.pem", encoding: .utf8)
        let certificate = try Certificate(pemEncoded: pem)
        #expect(CertificateSite.site(of: certificate) == ReplicaID("north-bay"))
        #expect(certificate.issuer == ca.certificate.subject)
        #expect(ca.certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try ca.certificate.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        let attributes = try FileManager.default.attributesOfItem(atPath: "\(pki.directory)/north-bay-key.pem")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    @Test func createCA_refusesToOverwriteAnExistingOne() throws {
        let pki = try TestPKI(sites: [])
        defer { pki.remove() }
        #expect(throws: CertificateFileError.self) {
            try CertificateAuthority.create(directory: pki.directory, clusterName: "again")
        }
    }

    @Test func caCertificate_namesNoSite() throws {
        let pki = try TestPKI(sites: [])
        defer { pki.remove() }
        #expect(CertificateSite.site(of: try CertificateAuthority.load(directory: pki.directory).certificate) == nil)
    }
}
