import CourtyardCLI

await CourtyardCommand.main()
