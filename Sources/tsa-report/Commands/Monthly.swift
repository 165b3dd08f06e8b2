import ArgumentParser
import Foundation
import TSALedger
import TSAModel
import TSARender
import TSAReport
import TSAStore
import TSASystem

struct MonthlyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "monthly",
    abstract: "Write the accountant's bundle for a month: text, CSV and one XLSX workbook.",
    discussion: """
      Writes DIR/YYYY-MM/: summary.txt (the summary, usage by user, the packages and the month's changes to contracts, packages and users), summary.csv, by-user.csv, by-day.csv, packages.csv, changes.csv, stamps.csv, and tsa-report-YYYY-MM.xlsx with the sheets Summary, By user, By day (with a chart), Packages (the month's changes under them) and Stamps. The Summary holds, per contract, opening balance + purchased − used − expired = closing balance and the month's costs. The folder appears whole or not at all.

      A month is written once the books were read after it ended: with no import ended after its last moment (a broken log path, a stopped import timer) it is refused with exit 1, unless --allow-incomplete, which writes it with a warning in every report. A month not begun is refused (exit 64).

      Files are private to the user who runs it (0600, folders 0700) unless --mode and --group (settings bundle_mode, bundle_group) open them to a group, e.g. the accountants' share; --out's default can come from the setting bundle_dir.

      Example:
        tsa-report monthly --month 2026-10 --out /srv/accounting/tsa
        tsa-report monthly --out /srv/accounting/tsa --mode 0640 --group accounting
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("The month, YYYY-MM (default: last month).", valueName: "month"))
  var month: String?

  @Option(
    help: ArgumentHelp(
      "Where the month's folder goes (default: the setting bundle_dir, else reports).",
      valueName: "dir"))
  var out: String?

  @Option(
    help: ArgumentHelp(
      "Permissions of the bundle's files, in octal, e.g. 0640 (folders get x where r is set;"
        + " default 0600, or the setting bundle_mode).",
      valueName: "mode"))
  var mode: String?

  @Option(
    help: ArgumentHelp(
      "Group of the bundle's files and folders (default: the setting bundle_group); you must"
        + " be in it.",
      valueName: "group"))
  var group: String?

  @Option(
    name: .customLong("csv-dialect"),
    help: ArgumentHelp("standard, or excel-cz for Czech Excel.", valueName: "dialect"))
  var csvDialect: CSVDialect = .standard

  @OptionGroup var language: LanguageOption<ReportLanguageHelp>

  @Flag(
    name: .customLong("allow-incomplete"),
    help: ArgumentHelp(
      "Write a month over although no import read the books after it ended; every report"
        + " then says so."))
  var allowIncomplete = false

  func validate() throws {
    if let month, month.count != 7 || LocalDate(iso: month + "-01") == nil {
      throw ValidationError("--month '\(month)' is not a month; write it as YYYY-MM, e.g. 2026-10.")
    }
  }

  /// --mode and --group, else the settings; nil when the bundle stays private.
  func permissions(_ config: ConfigFile) throws -> BundlePermissions? {
    let modeText = mode ?? config.string("bundle_mode")
    let groupName = group ?? config.string("bundle_group")
    if modeText == nil && groupName == nil { return nil }
    let fileMode = try modeText.map {
      try BundlePermissions.mode($0, from: mode != nil ? "--mode" : config.origin("bundle_mode"))
    }
    var groupID: gid_t?
    if let groupName {
      guard let entry = getgrnam(groupName) else {
        throw SystemError.usage(
          "the group '\(groupName)' (\(group != nil ? "--group" : config.origin("bundle_group")))"
            + " does not exist on this machine; name one from /etc/group.")
      }
      groupID = entry.pointee.gr_gid
    }
    return BundlePermissions(fileMode: fileMode ?? 0o600, group: groupID, groupName: groupName)
  }

  func run() throws {
    let context = try global.context()
    let zone = try context.zone()
    let today = zone.localDate(of: context.now)
    let first =
      month.flatMap { LocalDate(iso: $0 + "-01") } ?? today.firstOfMonth.adding(months: -1)
    let store = try context.store()
    let label = MonthlyReport.label(month: first)
    // A month not begun has nothing to report: a bundle of zeros would read as a month without
    // stamps.
    if first > today {
      throw SystemError.usage(
        "--month \(label) has not begun yet (today is \(today.iso) in \(zone.identifier)):"
          + " there is nothing to report; make its bundle once the month is over.")
    }
    // A month over that no import read after its end may lack its last days: a broken log path
    // or a stopped import timer would otherwise give a bundle that looks complete.
    let last = first.adding(months: 1).adding(days: -1)
    let coverage = try Books(store).coverage(ofMonth: first, zone: zone)
    if today > last && !coverage.isRead && !allowIncomplete {
      throw MonthNotRead(month: label, coverage: coverage, zone: zone)
    }
    // A month before anything in the books is most likely a mistyped month.
    let beginning = try Books(store).beginning(zone: zone)
    if beginning.map({ first.adding(months: 1) <= $0 }) ?? true {
      note(
        "Note: \(label) is before anything in the books"
          + (beginning.map { " (the first package or stamp is of \($0.iso))" }
            ?? " (they are empty)")
          + ": its bundle holds no stamps. Is the month right?")
    }
    let out = context.value(self.out, "--out", setting: "bundle_dir")?.text ?? "reports"
    let language = try context.language(self.language.lang)
    let folder = (out as NSString).appendingPathComponent(MonthlyReport.label(month: first))
    var state = MonthState.complete
    try writeFolderAtomically(folder, permissions: try permissions(context.settings)) { temporary in
      state =
        try MonthlyBundleWriter.write(
          month: first, language: language, dialect: csvDialect, into: temporary
        ) { outline, stamps in
          try Books(store).month(
            first, today: today, zone: zone,
            exactUsersAbove: MonthlyReport.byUserRowsPerSheet, outline: outline, stamps: stamps)
        }.state
    }
    if let said = Words(.en).monthState(state, today: today) {
      note("Note: \(MonthlyReport.label(month: first)) \(said).")
    }
    note("Wrote \(folder)/")
  }
}
