import ArgumentParser
import Foundation
import TSAImport
import TSAStore
import TSASystem
import Testing

@testable import TSARender
@testable import tsa_report

/// Commands run in this process: each throws, and `CommandFailure` (what `main` says and exits
/// with) turns its error into the message and the exit code. A table of command lines and what
/// they must say, as argument-parser tests its own errors (`AssertErrorMessage`); the transcripts
/// of the built program stay in `ErrorMessageTests`.
@Suite struct InProcessErrorTests {
  /// The message and the exit code `main` would give for `arguments`, run against the books and
  /// an empty settings file in `folder`.
  static func outcome(_ arguments: [String], folder: String) -> (message: String, code: Int32) {
    do {
      var command = try TSAReportCommand.parseAsRoot(
        [
          "--db", folder + "/books.sqlite", "--config", folder + "/config.toml", "--tz",
          "Europe/Prague",
        ] + arguments)
      try command.run()
      return ("", 0)
    } catch {
      if let failure = CommandFailure(error) { return (failure.message, failure.code) }
      return (
        TSAReportCommand.message(for: error), TSAReportCommand.exitCode(for: error).rawValue
      )
    }
  }

  static let cases: [(arguments: [String], message: String, code: Int32)] = [
    (
      ["package", "pay", "42", "--date", "2026-11-02"],
      "there is no package with the id or invoice reference '42'. See: tsa-report package list",
      64
    ),
    (
      ["contract", "add", "F2112000371"],
      "contract 'F2112000371' already exists. See: tsa-report contract list", 64
    ),
    (
      ["import", "no/such/access.log"],
      "no/such/access.log: no such file or directory. Check the path (a log, a directory of"
        + " logs).", 66
    ),
    (
      ["usage", "--from", "2026-10-01", "--to", "2026-10-31", "--contract", "F999"],
      "unknown contract 'F999'. Nearest known: F2112000371. Add one with: tsa-report contract"
        + " add F999", 64
    ),
    (
      ["usage", "--period", "2026-10", "--format", "csv", "--output", "/dev/null"],
      "/dev/null is a device, not a file; write the report to a file, or to standard output"
        + " (leave out --output, or give -o -).", 74
    ),
    (
      ["usage", "--from", "2026-10-31", "--to", "2026-10-01"],
      "--to 2026-10-01 is before --from 2026-10-31; both days are inclusive, so --to must be on"
        + " or after --from.", 64
    ),
    (
      ["usage", "--from", "2026-10-32", "--to", "2026-10-31"],
      "The value '2026-10-32' is invalid for '--from <date>': '2026-10-32' is not a calendar"
        + " date; write it as YYYY-MM-DD, e.g. 2026-10-01.", 64
    ),
    (
      ["usage", "--period", "2026-13"],
      "--period '2026-13' is not a period; use 2026-10, 2026-Q4, 2026, 2026-10-05, 'this"
        + " month', 'last month', 'this quarter', 'last quarter', 'this year' or 'last year'.", 64
    ),
    (
      ["import", "--user", "", "no/such/access.log"],
      "--user '' names nobody: give the user to bill these requests to (--user archive), or"
        + " leave --user out to take each line's own user.", 64
    ),
  ]

  @Test(arguments: cases)
  func aCommandThrowsAndMainSaysWhatWentWrong(
    _ arguments: [String], _ message: String, _ code: Int32
  ) throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("tsa-inprocess-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: folder + "/config.toml", contents: Data()))
    #expect(Self.outcome(["contract", "add", "F2112000371"], folder: folder).code == 0)
    let (said, exit) = Self.outcome(arguments, folder: folder)
    #expect(exit == code)
    // argument-parser adds the usage lines under a validation error's sentence.
    #expect(said.components(separatedBy: "\n").first == message)
  }

  /// Every typed error of the engine and the shell has its exit code here: none falls through to
  /// argument-parser's generic 1.
  @Test func theTypedErrorsHaveTheirExitCodes() {
    #expect(CommandFailure(SystemError.cannotCreate("x"))?.code == 73)
    #expect(CommandFailure(SystemError.io("x"))?.code == 74)
    #expect(CommandFailure(SystemError.noInput("x"))?.code == 66)
    #expect(CommandFailure(SystemError.usage("x"))?.code == 64)
    #expect(CommandFailure(XLSXError(path: "a.xlsx", reason: "disk full"))?.code == 74)
    #expect(CommandFailure(StoreError.unknownPackage(id: 3))?.code == 64)
    #expect(CommandFailure(ExitCode(3)) == nil)
    #expect(CommandFailure(SystemError.usage("a\u{1B}[31mb")).map(\.text) == "Error: a\\e[31mb\n")
  }

  /// argument-parser's frame around a refused command line, in Czech for a Czech run; in
  /// English as argument-parser writes it.
  @Test func theParsersFrameIsSaidInCzech() {
    let message = """
      Error: Unknown option '--frm'. Did you mean '--from'?
      Usage: tsa-report usage --from <date>
        See 'tsa-report usage --help' for more information.
      """
    #expect(ParserWords.said(message, in: .en) == message)
    #expect(
      ParserWords.said(message, in: .cs) == """
        Chyba: Neznámá volba '--frm'. Nemysleli jste '--from'?
        Použití: tsa-report usage --from <date>
          Více viz 'tsa-report usage --help'.
        """)
  }

  /// In Czech, an error is said in Czech with the same exit code; a sentence that has no Czech
  /// yet stays English rather than being lost.
  @Test func errorsAreSaidInTheRunsLanguage() {
    let unknown = CommandFailure(StoreError.unknownPackage(id: 3), in: .cs)
    #expect(unknown?.message == "balíček s id 3 neexistuje. Viz: tsa-report package list")
    #expect(unknown?.code == 64)
    #expect(CommandFailure(SystemError.usage("x", cs: "y"), in: .cs)?.message == "y")
    #expect(CommandFailure(SystemError.usage("x", cs: "y"), in: .en)?.message == "x")
    #expect(CommandFailure(SystemError.io("only English"), in: .cs)?.message == "only English")
    #expect(
      CommandFailure(ImportError.inputNotFound(path: "a.log"), in: .cs)?.message
        == "a.log: takový soubor ani složka neexistuje. Zkontrolujte cestu (log, složka s logy).")
  }
}
