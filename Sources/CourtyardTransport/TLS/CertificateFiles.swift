import Foundation
import X509

/// A failure creating, reading or using certificate files; the message names the file.
public struct CertificateFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// PEM files on disk: written atomically, private keys with mode 0600.
enum CertificateFiles {
    static func path(_ directory: String, _ file: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(file).path
    }

    static func read(_ directory: String, _ file: String) throws -> String {
        let p = path(directory, file)
        guard let data = FileManager.default.contents(atPath: p) else {
            throw CertificateFileError("cannot read \(p)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func write(_ certificate: Certificate, key: Certificate.PrivateKey, directory: String,
                      certificateFile: String, keyFile: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let keyPath = path(directory, keyFile)
        let keyPEM = try key.serializeAsPEM().pemString + "\n"
        guard FileManager.default.createFile(atPath: keyPath, contents: Data(keyPEM.utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CertificateFileError("cannot write \(keyPath)")
        }
        let certPEM = try certificate.serializeAsPEM().pemString + "\n"
        try Data(certPEM.utf8).write(to: URL(fileURLWithPath: path(directory, certificateFile)), options: .atomic)
    }
}
