import CourtyardHTTP
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A real node enforces authentication by default: the first admin is printed once, the API
/// answers 401 without a session, and `courtyard accounts` manages accounts of its data.
@Suite struct AuthProcessTests {
    /// A session that neither stores nor sends cookies: tokens go in `Authorization`.
    static let session: URLSession = {
        let config = URLSessionConfiguration.ephemeral
        config.httpShouldSetCookies = false
        config.httpCookieAcceptPolicy = .never
        return URLSession(configuration: config)
    }()

    func request(_ base: String, _ method: String, _ path: String, json: [String: Any]? = nil,
                 token: String? = nil) async throws -> (status: Int, body: [String: Any], cookie: String?) {
        var req = URLRequest(url: URL(string: base + path)!)
        req.httpMethod = method
        req.timeoutInterval = 20
        if let json {
            req.httpBody = try JSONSerialization.data(withJSONObject: json)
            req.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let token { req.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await Self.session.uncancelledData(for: req)
        let http = response as? HTTPURLResponse
        let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (http?.statusCode ?? 0, body, http?.value(forHTTPHeaderField: "Set-Cookie"))
    }

    func runCLI(_ args: [String], stdin: String? = nil) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = NodeProcess.binary
        p.arguments = args
        let out = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data((stdin + "\n").utf8)) }
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func node_enforcesAuthByDefault_printsTheFirstAdmin_andAccountsCommandWorks() async throws {
        let dir = try temporaryDirectory("auth")
        defer { try? FileManager.default.removeItem(at: dir) }
        let node = try NodeProcess(arguments: ["node", "--auth", "enforced", "--site", "auth-site", "--data", dir.path,
                                               "--http", "127.0.0.1:0", "--log-level", "warning"], dataDirectory: dir)
        defer { node.kill(signal: SIGKILL) }
        let base = "http://" + (try await node.waitForHTTPAddress())

        let line = try #require(node.log.split(separator: "\n").first { $0.contains("password: ") })
        let password = String(line.split(separator: " ").last ?? "")
        #expect(password.count == 20)

        #expect(try await request(base, "GET", "/health").status == 200)
        #expect(try await request(base, "GET", "/api/v1/tickets").status == 401)
        let login = try await request(base, "POST", "/api/v1/auth/login",
                                      json: ["username": "admin", "password": password, "bearer": true])
        #expect(login.status == 200)
        #expect(login.cookie?.contains("HttpOnly") == true)
        let token = try #require(login.body["token"] as? String)
        #expect(try await request(base, "GET", "/api/v1/tickets", token: token).status == 200)

        let created = try runCLI(["accounts", "create", "--site", "auth-site", "--data", dir.path, "--username", "wang",
                                  "--role", "technician", "--password-stdin", "--bcrypt-cost", "10"], stdin: "wang-password-1")
        #expect(created.status == 0, "\(created.output)")
        let list = try runCLI(["accounts", "list", "--site", "auth-site", "--data", dir.path])
        #expect(list.output.contains("admin\tadmin\t*"))
        #expect(list.output.contains("wang\ttechnician\tauth-site"))
        let wang = try await request(base, "POST", "/api/v1/auth/login",
                                     json: ["username": "wang", "password": "wang-password-1", "bearer": true])
        #expect(wang.status == 200)
        let wangToken = try #require(wang.body["token"] as? String)
        #expect(try await request(base, "GET", "/api/v1/accounts", token: wangToken).status == 403)
    }

    @Test func node_withUnknownAuthMode_refusesToStart() throws {
        let dir = try temporaryDirectory("auth-mode")
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, output) = try runCLI(["node", "--auth", "off", "--site", "x", "--data", dir.path, "--http", "127.0.0.1:0"])
        #expect(status != 0)
        #expect(output.contains("--auth must be"))
    }
}
