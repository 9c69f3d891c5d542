import Foundation

/// The command-line flags of the benchmarks executable (see main.swift and README.md).
struct Options {
    static let groups = ["append", "fold", "phone", "search", "routing", "calls"]

    var quick = false
    /// nil runs every group.
    var only: Set<String>?
    var callSeconds: Int?

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        while let arg = rest.popFirst() {
            switch arg {
            case "--quick":
                quick = true
            case "--only":
                let names = (rest.popFirst() ?? "").split(separator: ",").map(String.init)
                for n in names where !Self.groups.contains(n) {
                    Self.fail("unknown group '\(n)' for --only; groups: \(Self.groups.joined(separator: ", "))")
                }
                only = Set(names)
            case "--call-seconds":
                guard let n = rest.popFirst().flatMap({ Int($0) }), (1...600).contains(n) else {
                    Self.fail("--call-seconds takes a whole number of seconds, 1...600")
                }
                callSeconds = n
            default:
                Self.fail("unknown argument '\(arg)'; flags: --quick, --only GROUP[,GROUP], --call-seconds N")
            }
        }
    }

    func runs(_ group: String) -> Bool { only?.contains(group) ?? true }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(2)
    }
}
