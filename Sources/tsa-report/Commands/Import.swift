import ArgumentParser
import TSAReport

extension InputFormat: ExpressibleByArgument {}

struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import stamp logs into the books, each request exactly once.",
    discussion: """
      Reads files, .gz files, directories (recursively) and - (standard input). Formats: combined (nginx or Apache access log of a proxy in front of the TSA), nginx-json (an nginx log_format with escape=json), jsonl and csv (stamp events written by clients), tsr (.tsr replies and .tst tokens). With the default, auto, the format is chosen from the name and first bytes and the summary says which.

      In proxy logs a POST answered 2xx with a body of at least --min-token-bytes is a stamp; smaller 2xx bodies are TSA rejections, 401/403 auth failures, other statuses errors, other methods probes. A token is one stamp, however many files hold it.

      Importing the same input again, renamed, compressed or grown, adds only what is new. A last line without its newline waits for the next import. Malformed lines are kept aside (see `tsa-report rejects`) and the import goes on, unless --strict.

      Example:
        tsa-report import --contract F2112000371 /var/log/nginx/tsa-access.log*
        tsa-report import --format tsr --user archive /srv/archive/tokens/
      """)

  @OptionGroup var global: GlobalOptions

  @Option(
    help: ArgumentHelp(
      "auto, combined (nginx/Apache access log), nginx-json, jsonl, csv or tsr (DER tokens).",
      valueName: "format"))
  var format: InputFormat = .auto

  @Option(
    help: ArgumentHelp(
      "Bill the stamps to this contract (needed when there are several).", valueName: "id"))
  var contract: String?

  @Option(
    help: ArgumentHelp(
      "Attribute every request to this user, whatever the log says.", valueName: "name"))
  var user: String?

  @Option(
    name: .customLong("min-token-bytes"),
    help: ArgumentHelp("Smallest response body that holds a granted token.", valueName: "bytes"))
  var minTokenBytes: Int64 = Classification.defaultMinTokenBytes

  @Flag(name: .customLong("dry-run"), help: "Show the summary, write nothing.")
  var dryRun = false

  @Flag(help: "Fail (exit 65, nothing written) at the first malformed line.")
  var strict = false

  @Argument(help: ArgumentHelp("Log files or directories of them.", valueName: "path"))
  var paths: [String]

  func validate() throws {
    if paths.isEmpty { throw ValidationError("give at least one log file or directory to import.") }
    if minTokenBytes < 1 {
      throw ValidationError("--min-token-bytes \(minTokenBytes) must be at least 1.")
    }
  }

  func run() throws {
    try reportingErrors {
      let store = try global.openStore()
      let importer = Importer(
        store: store,
        options: ImportOptions(
          format: format, contractCode: contract, user: user, minTokenBytes: minTokenBytes,
          dryRun: dryRun, strict: strict),
        now: Clock.now(), progress: ProgressBar.ifTerminal()?.update)
      let result = try importer.run(paths: paths)
      ProgressBar.clear()
      // Work out the new allocation of stamps to packages now, so that reports stay fast.
      if !dryRun { try? store.prepareLedger(zone: try global.zone()) }
      var out = result.summaries.map(ImportSummaryText.render).joined()
      if !result.skipped.isEmpty {
        let shown = result.skipped.prefix(5).joined(separator: ", ")
        let more = result.skipped.count > 5 ? " and \(result.skipped.count - 5) more" : ""
        out +=
          "Skipped \(Words.english.counted(Int64(result.skipped.count), .file)) of no known format"
          + " (name one with --format to"
          + " import it): \(shown)\(more)\n"
      }
      if result.summaries.contains(where: { $0.malformed > 0 }) {
        out += "Malformed lines are kept; list them with: tsa-report rejects\n"
      }
      if dryRun { out += "Dry run: nothing was written.\n" }
      print(out, terminator: "")
    }
  }
}
