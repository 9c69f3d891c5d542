/// A listen or dial address, `HOST:PORT` (IPv6 in brackets: `[::1]:8080`).
public struct HostPort: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT`; port 0 asks the OS for a free port.
    public init(parsing s: String) throws(ConfigError) {
        let trimmed = s.trimmingCharacters(in: .whitespaces)
        let hostPart: Substring
        let portPart: Substring
        if trimmed.hasPrefix("[") {
            guard let close = trimmed.firstIndex(of: "]"),
                  trimmed[trimmed.index(after: close)...].hasPrefix(":") else {
                throw ConfigError("'\(s)' is not HOST:PORT (IPv6 as [ADDR]:PORT)")
            }
            hostPart = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
            portPart = trimmed[trimmed.index(close, offsetBy: 2)...]
        } else {
            guard let colon = trimmed.lastIndex(of: ":") else {
                throw ConfigError("'\(s)' is not HOST:PORT")
            }
            hostPart = trimmed[..<colon]
            portPart = trimmed[trimmed.index(after: colon)...]
        }
        guard !hostPart.isEmpty, hostPart.count <= 253 else { throw ConfigError("'\(s)': empty or overlong host") }
        guard let port = Int(portPart), (0...65535).contains(port) else {
            throw ConfigError("'\(s)': port must be a number 0–65535")
        }
        self.host = String(hostPart)
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

import Foundation
