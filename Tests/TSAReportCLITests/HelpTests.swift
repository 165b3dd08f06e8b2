import Testing

/// Every command's `--help`, pinned: the help is part of the interface.
@Suite struct HelpTests {
  static let commands: [[String]] = [
    [], ["contract"], ["contract", "add"], ["contract", "list"], ["package"], ["package", "add"],
    ["package", "pay"], ["package", "list"], ["user"], ["user", "set"], ["user", "alias"],
    ["user", "list"], ["import"], ["rejects"], ["usage"], ["balance"], ["monthly"], ["close"],
    ["closed"], ["reopen"], ["alert"],
    ["reconcile"], ["imports"], ["backup"], ["doctor"], ["package", "edit"],
    ["package", "remove"], ["contract", "edit"], ["contract", "remove"], ["user", "remove"],
    ["history"],
  ]

  @Test(arguments: commands)
  func helpIsAsCommitted(_ command: [String]) throws {
    let session = Session()
    let name = (["tsa-report"] + command).joined(separator: "-")
    try expectGolden(try session.transcript(command + ["--help"]), "help/\(name).txt")
  }

  @Test(
    arguments: commands.filter { !$0.isEmpty && !["contract", "package", "user"].contains($0) })
  func everyCommandsHelpHasAnExample(_ command: [String]) throws {
    let help = try Session().run(command + ["--help"]).stdout
    #expect(help.contains("Example:\n  tsa-report \(command.joined(separator: " "))"))
  }

  /// An example is typed as it reads: none runs past an 80-column terminal, where the help
  /// would wrap it inside the command (a long one goes on with `\` on the next line).
  @Test(arguments: commands)
  func noExampleWrapsInATerminal(_ command: [String]) throws {
    let help = try Session().run(command + ["--help"]).stdout
    let examples = help.split(separator: "\n").filter { $0.hasPrefix("  tsa-report ") }
    for line in examples { #expect(line.count <= 80, "\(line)") }
  }

  /// Every command takes --lang, also those that print no report: their messages and errors
  /// are said in it.
  @Test(
    arguments: commands.filter { !$0.isEmpty && !["contract", "package", "user"].contains($0) })
  func everyCommandTakesLang(_ command: [String]) throws {
    let help = try Session().run(command + ["--help"]).stdout
    #expect(help.contains("--lang <lang>"), "\(command)")
  }

  /// Past 12 options argument-parser shortens a synopsis to `tsa-report usage <options>`, which
  /// tells a reader nothing; such a command gets a written one (`usage:` in its configuration).
  @Test(arguments: commands)
  func everySynopsisNamesWhatToGive(_ command: [String]) throws {
    let help = try Session().run(command + ["--help"]).stdout
    let synopsis = try #require(help.split(separator: "\n").first { $0.hasPrefix("USAGE: ") })
    #expect(!synopsis.hasSuffix(" <options>"), "\(synopsis)")
  }
}
