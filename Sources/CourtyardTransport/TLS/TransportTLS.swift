import CourtyardCRDT
import NIOSSL

/// The TLS material of one node: the cluster CA it trusts and its own certificate and
/// key. Builds the server and client contexts: TLS 1.3 only, and both sides require and
/// verify the peer's certificate against the CA. Host names are not checked (peers are
/// often addressed by IP); the handshake checks the certificate's site instead.
public struct TransportTLS: Sendable {
    let serverContext: NIOSSLContext
    let clientContext: NIOSSLContext

    /// Loads PEM files: the CA certificate, this node's certificate and its private key.
    public init(caCertificatePath: String, certificatePath: String, privateKeyPath: String) throws {
        let ca = try NIOSSLCertificate.fromPEMFile(caCertificatePath)
        let chain = try NIOSSLCertificate.fromPEMFile(certificatePath).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: privateKeyPath, format: .pem)

        var server = TLSConfiguration.makeServerConfigurationWithMTLS(
            certificateChain: chain, privateKey: .privateKey(key), trustRoots: .certificates(ca))
        server.minimumTLSVersion = .tlsv13
        server.certificateVerification = .noHostnameVerification

        var client = TLSConfiguration.makeClientConfiguration()
        client.minimumTLSVersion = .tlsv13
        client.certificateVerification = .noHostnameVerification
        client.trustRoots = .certificates(ca)
        client.certificateChain = chain
        client.privateKey = .privateKey(key)

        serverContext = try NIOSSLContext(configuration: server)
        clientContext = try NIOSSLContext(configuration: client)
    }

    /// The files `courtyard certs` writes for `site` in `directory`.
    public init(directory: String, site: ReplicaID) throws {
        try self.init(caCertificatePath: CertificateFiles.path(directory, CertificateAuthority.certificateFile),
                      certificatePath: CertificateFiles.path(directory, "\(site.rawValue).pem"),
                      privateKeyPath: CertificateFiles.path(directory, "\(site.rawValue)-key.pem"))
    }
}
