import ArgumentParser
import CourtyardCLI

@main
struct Entry {
    static func main() async {
        // Resolve to the async entry point explicitly: ParsableCommand's synchronous
        // `main()` would not run the async subcommands.
        let command: any AsyncParsableCommand.Type = CourtyardCommand.self
        await command.main()
    }
}
