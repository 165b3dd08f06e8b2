import ArgumentParser
import Foundation

@main
struct TSAReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tsa-report",
    abstract: "Keeps the books of prepaid qualified RFC 3161 time stamps.",
    discussion: """
      Imports the stamp logs of your TSA clients and proxies into an SQLite database and reports consumption by period, contract and user against the packages you bought.

      Example:
        tsa-report contract add F2112000371 --name "PostSignum TSA"
        tsa-report package add --contract F2112000371 --stamps 200 \\
          --price 847 --vat-rate 21 --paid 2026-01-05
        tsa-report import /var/log/nginx/tsa-access.log
        tsa-report usage --from 2026-10-01 --to 2026-10-31 --by user
      """,
    version: "0.1.0",
    subcommands: [
      ContractCommand.self, PackageCommand.self, UserCommand.self, ImportCommand.self,
      RejectsCommand.self,
      UsageCommand.self, BalanceCommand.self, MonthlyCommand.self, CloseCommand.self,
      ClosedCommand.self, ReopenCommand.self, AlertCommand.self,
      ReconcileCommand.self, ImportsCommand.self, BackupCommand.self, HistoryCommand.self,
      DoctorCommand.self,
    ]
  )

  // Declared here too so that `tsa-report --db PATH COMMAND` works (the README's
  // usage);
  // each command reads the same values through its own group.
  @OptionGroup var global: GlobalOptions

  static func main() {
    // A file size limit (`ulimit -f`) must be an error that names the file (EFBIG, exit 74),
    // not a signal that kills the process without a word.
    signal(SIGXFSZ, SIG_IGN)
    // A reader gone (`| head`) is an error on the write (EPIPE, exit 74), not a signal.
    signal(SIGPIPE, SIG_IGN)
    // Books and reports are private by default: new files 0600, new folders 0700.
    umask(0o077)
    Speech.language = Speech.find(in: Array(CommandLine.arguments.dropFirst()))
    // The one place the process exits: every command throws, and its error is said here.
    do {
      var command = try parseAsRoot()
      try command.run()
      try flushStandardOutput()
    } catch {
      if let failure = CommandFailure(error) {
        writeStandardError(failure.text)
        Foundation.exit(failure.code)
      }
      // A refused command line in a Czech run: argument-parser's frame in Czech too.
      let code = exitCode(for: error)
      if Speech.language != .en && code != .success {
        let text = ParserWords.said(fullMessage(for: error), in: Speech.language)
        writeStandardError(text.hasSuffix("\n") ? text : text + "\n")
        Foundation.exit(code.rawValue)
      }
      exit(withError: error)
    }
  }
}
