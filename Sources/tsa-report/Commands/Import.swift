import ArgumentParser
import Foundation
import TSAImport
import TSALedger
import TSAModel
import TSAReport
import TSAStore
import TSASystem

extension InputFormat: ExpressibleByArgument {
  /// The formats' names, from the one list of formats.
  public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import stamp logs into the books, each request exactly once.",
    discussion: """
      Reads files, .gz files, directories (recursively) and - (standard input). Formats: \(InputFormat.described). With the default, auto, the format is chosen from the name and first bytes and the summary says which.

      A proxy log's client address must be one IPv4 or IPv6 address: a line with a list there is malformed, unless --client-ip-from x-forwarded-for takes the list's first address. In proxy logs a POST answered 2xx with a body of at least --min-token-bytes is a stamp; smaller 2xx bodies are TSA rejections, 401/403 auth failures, other statuses errors, other methods probes. A token is one stamp, however many files hold it.

      Importing the same input again, renamed, compressed or grown, adds only what is new. A last line without its newline waits for the next import. Malformed lines are kept aside (see `tsa-report rejects`) and the import goes on, unless --strict.

      Example:
        tsa-report import --contract F2112000371 /var/log/nginx/tsa-access.log*
        tsa-report import --format tsr --user archive /srv/archive/tokens/
      """)

  @OptionGroup var global: GlobalOptions

  @Option(
    help: ArgumentHelp(
      "\(InputFormat.listed).",
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

  @Option(
    name: .customLong("field"),
    help: ArgumentHelp(
      "In a JSON proxy log, the key of a role when it is not one of nginx's own names"
        + " (repeatable): time=ts, status=code, bytes=size, client=ip, user=login, request, method,"
        + " uri, upstream, upstream-status, content-type, forwarded-for, request-id.",
      valueName: "role=key"))
  var field: [String] = []

  @Option(
    name: .customLong("client-ip-from"),
    help: ArgumentHelp(
      "x-forwarded-for: the client is the first address of the X-Forwarded-For list (for a"
        + " proxy behind a load balancer that sets it; trust it only from your own balancer).",
      valueName: "header"))
  var clientIPFrom: String?

  @Flag(
    name: .customLong("allow-malformed"),
    help: ArgumentHelp(
      "Import an input even when more than half of its lines are malformed (by default that"
        + " fails with exit 65 and writes nothing: it is almost always the wrong format)."))
  var allowMalformed = false

  @Option(
    name: .customLong("keep-malformed"),
    help: ArgumentHelp(
      "Keep at most this many malformed lines of a source (see `tsa-report rejects`); the rest,"
        + " and empty lines, are counted only.",
      valueName: "n"))
  var keepMalformed: Int64 = 1000

  @Flag(name: .customLong("dry-run"), help: "Show the summary, write nothing.")
  var dryRun = false

  @Flag(help: "Fail (exit 65, nothing written) at the first malformed line.")
  var strict = false

  @Argument(
    help: ArgumentHelp(
      "Log files or directories of them (default: the settings file's logs, with their rotated"
        + " copies).",
      valueName: "path"))
  var paths: [String] = []

  func validate() throws {
    if minTokenBytes < 1 {
      throw ValidationError("--min-token-bytes \(minTokenBytes) must be at least 1.")
    }
    _ = try fields()
    if let user, user.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw ValidationError(
        "--user '\(user)' names nobody: give the user to bill these requests to (--user archive),"
          + " or leave --user out to take each line's own user.")
    }
    if !(0...10_000_000).contains(keepMalformed) {
      throw ValidationError("--keep-malformed \(keepMalformed) must be from 0 to 10 000 000.")
    }
    if let clientIPFrom, clientIPFrom.lowercased() != "x-forwarded-for" {
      throw ValidationError(
        "--client-ip-from '\(clientIPFrom)' is not known; the one header it takes is"
          + " x-forwarded-for.")
    }
  }

  /// `--field role=key`, checked.
  func fields() throws -> [JSONFieldRole: String] {
    var fields: [JSONFieldRole: String] = [:]
    for text in field {
      let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[1].isEmpty, let role = JSONFieldRole(rawValue: parts[0])
      else {
        throw ValidationError(
          "--field '\(text)' is not ROLE=KEY with a role of: "
            + JSONFieldRole.allCases.map(\.rawValue).joined(separator: ", ") + ".")
      }
      fields[role] = parts[1]
    }
    return fields
  }

  /// The paths named, else the settings file's `logs` with their rotated copies; the patterns
  /// there that match nothing are said after the import and make it exit 66.
  func inputs(_ context: CommandContext) throws -> (paths: [String], unmatched: [String]) {
    if !paths.isEmpty { return (paths, []) }
    let config = context.settings
    let logs = config.list("logs")
    guard !logs.isEmpty else {
      throw SystemError.usage(
        "give at least one log file or directory to import, or name the logs in the settings"
          + " file: logs = [\"/var/log/nginx/tsa-access.log\"] (see tsa-report doctor).",
        cs: "uveďte aspoň jeden log nebo složku k importu, nebo logy uveďte v souboru nastavení,"
          + " logs = [\"/var/log/nginx/tsa-access.log\"] (viz tsa-report doctor).")
    }
    let expansion = ConfiguredLogs.expand(logs)
    if expansion.paths.isEmpty { throw Self.notFound(expansion.unmatched, config) }
    return (expansion.paths, expansion.unmatched)
  }

  static func notFound(_ patterns: [String], _ config: ConfigFile) -> SystemError {
    .noInput(
      "no file matches \(patterns.joined(separator: ", ")), named by logs in"
        + " \(config.origin("logs")); check the path and that this user may read the folder"
        + " (tsa-report doctor says more).")
  }

  func run() throws {
    let context = try global.context()
    let (paths, unmatched) = try inputs(context)
    let store = try context.store()
    let importer = Importer(
      store: store,
      options: ImportOptions(
        format: format, contractCode: contract, user: user, minTokenBytes: minTokenBytes,
        dryRun: dryRun, strict: strict, fields: try fields(),
        clientFromForwardedFor: clientIPFrom != nil, allowMalformed: allowMalformed,
        zone: try context.zone(), keepMalformed: keepMalformed),
      now: context.now, progress: ProgressBar.ifTerminal()?.update)
    let closedBefore = try Books(store).stampsInClosedMonths()
    // Every run is remembered, also one that wrote nothing (`tsa-report imports`).
    let result: ImportResult
    do {
      result = try importer.runRemembered(paths: paths, clock: WallClock.now)
    } catch ImportError.mostlyMalformed(let summaries) {
      // What was read, as always, before the error says what to do.
      ProgressBar.clear()
      print(
        summaries.map { ImportSummaryText.render($0, in: Speech.language) }.joined(),
        terminator: "")
      throw ImportError.mostlyMalformed(summaries: summaries)
    }
    ProgressBar.clear()
    // Work out the new allocation of stamps to packages now, so that reports stay fast.
    if !dryRun { try? Books(store).prepare(zone: try context.zone()) }
    var out = result.summaries.map { ImportSummaryText.render($0, in: Speech.language) }.joined()
    out += Self.skipped(
      result.skipped,
      what: Speech.say(
        en: "of no known format (name one with --format to import it)",
        cs: "v žádném známém formátu (chcete-li ho importovat, uveďte --format)"))
    out += Self.skipped(
      result.notRegular,
      what: Speech.say(
        en: "that are symbolic links or special files in directories (not read: name one on"
          + " the command line to import it)",
        cs: "které jsou symbolickými odkazy nebo zvláštními soubory ve složkách (nečteny:"
          + " chcete-li ho importovat, uveďte ho na příkazové řádce)"))
    if result.summaries.contains(where: { $0.malformed > 0 }) {
      out += Speech.say(
        en: "Malformed lines are kept; list them with: tsa-report rejects\n",
        cs: "Vadné řádky jsou uloženy; vypíše je příkaz tsa-report rejects\n")
    }
    // Stamps dated in closed months are taken (they were used) and booked as adjustments.
    if !dryRun, let closedBefore, let after = try Books(store).stampsInClosedMonths(),
      after.stamps > closedBefore.stamps
    {
      let late = PlainCount.of(after.stamps - closedBefore.stamps, .stamp, Speech.language)
      out += Speech.say(
        en: "\(late) dated in closed months (closed through \(after.through)) came late: their"
          + " bundles stay as reported, and the first open month books them under \"Adjustments"
          + " to closed months\".\n",
        cs: "\(late) z uzavřených měsíců (uzavřeno do \(after.through) včetně) přišlo pozdě:"
          + " jejich balíky zůstávají, jak byly vykázány, a první otevřený měsíc je zaúčtuje pod"
          + " „Opravy minulých období“.\n")
    }
    if dryRun {
      out += Speech.say(
        en: "Dry run: nothing was written.\n", cs: "Zkouška nanečisto: nic nebylo zapsáno.\n")
    }
    print(TerminalText.escapedLines(out), terminator: "")
    if !unmatched.isEmpty {
      throw Self.notFound(unmatched, context.settings)
    }
  }

  /// `Skipped 2 files <what>: a, b and 3 more`, or nothing.
  static func skipped(_ paths: [String], what: String) -> String {
    guard !paths.isEmpty else { return "" }
    let more =
      paths.count > 5
      ? Speech.say(en: " and \(paths.count - 5) more", cs: " a dalších \(paths.count - 5)") : ""
    let files = PlainCount.of(Int64(paths.count), .file, Speech.language)
    return Speech.say(en: "Skipped \(files) \(what):", cs: "Přeskočeno \(files) \(what):")
      + " \(paths.prefix(5).joined(separator: ", "))\(more)\n"
  }
}
