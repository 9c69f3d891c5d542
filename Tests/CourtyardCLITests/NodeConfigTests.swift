import CourtyardCLI
import Testing

@Suite struct NodeConfigTests {
    @Test func file_thenFlags_flagsOverrideFile() throws {
        let file = try NodeConfigFile.parse("""
            [node]
            site = "north-bay"
            site_name = "北湾花园"
            data = "/srv/courtyard"
            http = "0.0.0.0:8080"

            [log]
            level = "debug"
            """)
        var flags = NodeConfigFile()
        flags.http = "127.0.0.1:9090"
        let config = try NodeConfig.resolve(file: file, overrides: flags)
        #expect(config.site.rawValue == "north-bay")
        #expect(config.siteCode == "NB")
        #expect(config.siteName == "北湾花园")
        #expect(config.dataDirectory == "/srv/courtyard")
        #expect(config.http == HostPort(host: "127.0.0.1", port: 9090))
        #expect(config.logLevel == .debug)
    }

    @Test func unknownKey_isRefusedWithItsName() {
        #expect(throws: ConfigError.self) { try NodeConfigFile.parse("[node]\nsite = \"hq\"\nsitee = 1\n") }
        do {
            _ = try NodeConfigFile.parse("[node]\nsitee = \"hq\"\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("sitee"))
        }
    }

    @Test func wrongType_isRefused() {
        #expect(throws: ConfigError.self) { try NodeConfigFile.parse("[node]\ndemo = \"yes\"\n") }
        #expect(throws: ConfigError.self) { try NodeConfigFile.parse("[log]\nlevel = 3\n") }
    }

    @Test func malformedTOML_reportsTheLine() {
        do {
            _ = try NodeConfigFile.parse("[node]\nsite = \n")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("line 2"))
        }
    }

    @Test func missingSite_isAClearError() {
        do {
            _ = try NodeConfig.resolve(file: NodeConfigFile(), overrides: NodeConfigFile())
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("--site"))
        }
    }

    @Test(arguments: ["North-Bay", "-hq", "", "a b", String(repeating: "x", count: 33)])
    func invalidSiteID_isRefused(_ site: String) {
        var flags = NodeConfigFile()
        flags.site = site
        #expect(throws: ConfigError.self) { try NodeConfig.resolve(file: NodeConfigFile(), overrides: flags) }
    }

    @Test func unknownSection_isRefused() {
        #expect(throws: ConfigError.self) { try NodeConfigFile.parse("[limits]\nhttp_body_bytes_max = 10\n") }
    }

    @Test func badLogLevel_isRefused() throws {
        var flags = NodeConfigFile()
        flags.site = "hq"
        flags.logLevel = "loud"
        #expect(throws: ConfigError.self) { try NodeConfig.resolve(file: NodeConfigFile(), overrides: flags) }
    }

    @Test(arguments: [("127.0.0.1:8080", "127.0.0.1", 8080), ("[::1]:0", "::1", 0), ("localhost:65535", "localhost", 65535)])
    func hostPort_parses(_ text: String, _ host: String, _ port: Int) throws {
        #expect(try HostPort(parsing: text) == HostPort(host: host, port: port))
    }

    @Test(arguments: ["8080", "host:", ":80", "host:70000", "host:abc", "[::1]8080"])
    func hostPort_refusesMalformed(_ text: String) {
        #expect(throws: ConfigError.self) { try HostPort(parsing: text) }
    }

    @Test func siteCode_defaultsFromSiteID() {
        #expect(NodeConfig.defaultSiteCode(for: .init("hq")) == "HQ")
        #expect(NodeConfig.defaultSiteCode(for: .init("north-bay")) == "NB")
        #expect(NodeConfig.defaultSiteCode(for: .init("south-lake-garden")) == "SLG")
    }

    @Test func clusterSection_parsesWithSeeds_andFlagsOverride() throws {
        let file = try NodeConfigFile.parse("""
            [node]
            site = "hq"
            [cluster]
            name = "acme"
            listen = "127.0.0.1:7946"
            join = ["127.0.0.1:7947", "127.0.0.1:7948"]
            certs = "/etc/courtyard/certs"
            """)
        var flags = NodeConfigFile()
        flags.clusterJoin = ["127.0.0.1:9000"]
        let config = try NodeConfig.resolve(file: file, overrides: flags)
        let cluster = try #require(config.cluster)
        #expect(cluster.name == "acme")
        #expect(cluster.listen == HostPort(host: "127.0.0.1", port: 7946))
        #expect(cluster.join == [HostPort(host: "127.0.0.1", port: 9000)])
        #expect(cluster.certificatesDirectory == "/etc/courtyard/certs")
    }

    @Test func noClusterSection_meansASingleSiteNode() throws {
        var flags = NodeConfigFile()
        flags.site = "hq"
        #expect(try NodeConfig.resolve(file: NodeConfigFile(), overrides: flags).cluster == nil)
    }

    @Test func clusterWithoutCerts_orJoinWithoutListen_isRefused() {
        var flags = NodeConfigFile()
        flags.site = "hq"
        flags.clusterListen = "127.0.0.1:7946"
        #expect(throws: ConfigError.self) { try NodeConfig.resolve(file: NodeConfigFile(), overrides: flags) }
        var joinOnly = NodeConfigFile()
        joinOnly.site = "hq"
        joinOnly.clusterJoin = ["127.0.0.1:7946"]
        #expect(throws: ConfigError.self) { try NodeConfig.resolve(file: NodeConfigFile(), overrides: joinOnly) }
    }

    @Test func badSeedAddress_isRefused() {
        var flags = NodeConfigFile()
        flags.site = "hq"
        flags.clusterListen = "127.0.0.1:7946"
        flags.clusterCerts = "certs"
        flags.clusterJoin = ["nowhere"]
        #expect(throws: ConfigError.self) { try NodeConfig.resolve(file: NodeConfigFile(), overrides: flags) }
    }
}
