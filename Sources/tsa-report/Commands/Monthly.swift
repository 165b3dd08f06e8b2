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

  @OptionGroup var bundle: BundleOptions

  @Flag(
    name: .customLong("allow-incomplete"),
    help: ArgumentHelp(
      "Write a month over although no import read the books after it ended; every report"
        + " then says so."))
  var allowIncomplete = false

  func validate() throws { try checkMonth(month) }

  func run() throws {
    let context = try global.context()
    let zone = try context.zone()
    let today = zone.localDate(of: context.now)
    let first = monthStart(month, today: today)
    let store = try context.store()
    let books = Books(store)
    let label = MonthlyReport.label(month: first)
    let job = MonthBundleJob(context: context, options: bundle, first: first)
    // A closed month is written as it was reported, from the files kept in the books.
    let closed = try books.closedMonths()
    if let close = closed.closed.first(where: { $0.month == label }) {
      let (folder, unchanged) = try job.writeKept(close)
      let name = Speech.words.month(first)
      let at = Speech.words.instant(close.at, in: zone)
      note(
        en: "Note: \(name) is closed (version \(close.version), \(at)): its bundle is the one"
          + " reported"
          + (unchanged ? "; \(folder)/ holds it unchanged." : ", written again as kept.")
          + " Corrections go into the first open month (see tsa-report close --help).",
        cs: "Pozn.: \(name) je uzavřen (verze \(close.version), \(at)), jeho balík je ten"
          + " vykázaný"
          + (unchanged
            ? "; \(folder)/ ho obsahuje beze změny." : ", zapsaný znovu, jak byl uložen.")
          + " Opravy se zaúčtují do prvního otevřeného měsíce (viz tsa-report close --help).")
      note(en: "Wrote \(folder)/", cs: "Zapsáno \(folder)/")
      return
    }
    // A month not begun has nothing to report: a bundle of zeros would read as a month without
    // stamps.
    if first > today {
      throw SystemError.usage(
        "--month \(label) has not begun yet (today is \(today.iso) in \(zone.identifier)):"
          + " there is nothing to report; make its bundle once the month is over.",
        cs: "--month \(label) ještě nezačal (dnes je \(Speech.words.date(today)) v zóně"
          + " \(zone.identifier)), není co vykazovat; balík vytvořte, až měsíc skončí.")
    }
    // A month over that no import read after its end may lack its last days: a broken log path
    // or a stopped import timer would otherwise give a bundle that looks complete.
    let last = first.adding(months: 1).adding(days: -1)
    let coverage = try books.coverage(ofMonth: first, zone: zone)
    if today > last && !coverage.isRead && !allowIncomplete {
      throw MonthNotRead(month: label, coverage: coverage, zone: zone)
    }
    // A month before anything in the books is most likely a mistyped month.
    let beginning = try books.beginning(zone: zone)
    if beginning.map({ first.adding(months: 1) <= $0 }) ?? true {
      let words = Speech.words
      note(
        en: "Note: \(words.month(first)) is before anything in the books"
          + (beginning.map { " (the first package or stamp is of \(words.date($0)))" }
            ?? " (they are empty)")
          + ": its bundle holds no stamps. Is the month right?",
        cs: "Pozn.: \(words.month(first)) je před vším, co evidence obsahuje"
          + (beginning.map { " (první balíček či razítko je ze dne \(words.date($0)))" }
            ?? " (je prázdná)")
          + ", jeho balík nemá žádná razítka. Je měsíc správně?")
    }
    if let end = closed.last, end.zone != zone.identifier, label > end.month {
      note(
        en: "Note: the closed months were cut in \(end.zone), and this bundle in"
          + " \(zone.identifier): it opens at the books' balance, not at \(end.month)'s reported"
          + " closing, and books no adjustments. Make it with --tz \(end.zone) for that.",
        cs: "Pozn.: uzavřené měsíce byly vymezeny v zóně \(end.zone) a tento balík v zóně"
          + " \(zone.identifier); začíná stavem evidence, ne vykázaným konečným zůstatkem"
          + " \(end.month), a nezaúčtuje žádné opravy. Pro to ho vytvořte s --tz \(end.zone).")
    }
    if let end = closed.last, label < end.month {
      note(
        en: "Note: the books are closed through \(end.month) and \(label) was never closed on its"
          + " own: this bundle is made from the books as they are now.",
        cs: "Pozn.: evidence je uzavřena do \(end.month) včetně a \(label) nebyl nikdy uzavřen"
          + " sám; tento balík je vytvořen z evidence, jak je teď.")
    }
    // With close_after_monthly, a month over and read is closed with the bundle written.
    let closing =
      try closeAfterMonthly(context.settings)
      && books.closeRefusal(month: first, today: today, zone: zone) == nil
    let made = try job.make(close: closing)
    if let said = Speech.words.monthState(made.books.summary.state, today: today) {
      note(
        en: "Note: \(Speech.words.month(first)) \(said).",
        cs: "Pozn.: \(Speech.words.month(first)) \(said).")
    }
    if let close = made.closed {
      note(closedNote(close, folder: made.folder))
    } else {
      note(en: "Wrote \(made.folder)/", cs: "Zapsáno \(made.folder)/")
    }
  }

  /// The setting close_after_monthly: true or false (default).
  func closeAfterMonthly(_ settings: ConfigFile) throws -> Bool {
    guard let text = settings.string("close_after_monthly") else { return false }
    switch text {
    case "true": return true
    case "false": return false
    default:
      let origin = settings.origin("close_after_monthly")
      throw SystemError.usage(
        "close_after_monthly '\(text)' (\(origin)) is neither true nor false.",
        cs: "close_after_monthly '\(text)' (\(origin)) není true ani false.")
    }
  }
}
