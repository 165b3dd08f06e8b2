import ArgumentParser
import Foundation
import TSALedger
import TSAModel
import TSARender
import TSAReport
import TSAStore
import TSASystem

/// Where a month's bundle goes and how it is written: `monthly` and `close`.
struct BundleOptions: ParsableArguments {
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

  @Flag(
    help: ArgumentHelp(
      "Also write a statement per cost centre: statements/CENTRE.xlsx and .csv (users without"
        + " one: no-cost-centre)."))
  var statements = false

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
        let origin = group != nil ? "--group" : config.origin("bundle_group")
        throw SystemError.usage(
          "the group '\(groupName)' (\(origin)) does not exist on this machine; name one from"
            + " /etc/group.",
          cs: "skupina '\(groupName)' (\(origin)) na tomto stroji neexistuje; uveďte některou"
            + " z /etc/group.")
      }
      groupID = entry.pointee.gr_gid
    }
    return BundlePermissions(fileMode: fileMode ?? 0o600, group: groupID, groupName: groupName)
  }

  /// The folder bundles go into.
  func outFolder(_ context: CommandContext) -> String {
    context.value(out, "--out", setting: "bundle_dir")?.text ?? "reports"
  }
}

/// A month's bundle made, kept or written again: the one path `monthly` and `close` share.
struct MonthBundleJob {
  let context: CommandContext
  let options: BundleOptions
  let first: LocalDate

  var label: String { MonthlyReport.label(month: first) }

  /// The folder of a version of the month: YYYY-MM for the first, YYYY-MM-vN after a reopen.
  func folder(version: Int) -> String {
    (options.outFolder(context) as NSString).appendingPathComponent(
      version <= 1 ? label : "\(label)-v\(version)")
  }

  /// Makes the month's bundle from the books; with `close`, closes the month with it (the
  /// bundle is kept in the books as written). Returns the month's books.
  @discardableResult
  func make(close: Bool) throws -> (books: MonthBooks, folder: String, closed: MonthClose?) {
    let store = try context.store()
    let books = Books(store)
    let zone = try context.zone()
    let today = zone.localDate(of: context.now)
    let closed = try books.closedMonths()
    let version = closed.versions(of: label) + 1
    let folder = folder(version: version)
    let language = try context.language()
    var made: MonthBooks?
    var closing: MonthClose?
    try writeFolderAtomically(folder, permissions: try options.permissions(context.settings)) {
      temporary in
      let month = try MonthlyBundleWriter.write(
        month: first, language: language, dialect: options.csvDialect, into: temporary,
        statements: options.statements
      ) { outline, stamps in
        var month = try books.month(
          first, today: today, zone: zone,
          exactUsersAbove: MonthlyReport.byUserRowsPerSheet, outline: outline, stamps: stamps)
        month.madeAt = context.now
        month.version = version
        return month
      }
      made = month
      if version > 1,
        let previous = closed.history.last(where: {
          $0.month == label && $0.action == .close
        })
      {
        try differences(from: previous, to: month, in: temporary, store: store, language: language)
      }
      if close {
        let files = try Self.files(in: temporary).map { name in
          KeptFile(
            name: name,
            content: Array(try Data(contentsOf: URL(fileURLWithPath: temporary + "/" + name))))
        }
        closing = try books.close(
          month, files: files, folder: (folder as NSString).lastPathComponent, at: context.now,
          who: CommandContext.operatingUser)
      }
    }
    return (made!, folder, closing)
  }

  /// differences.txt in a new version's folder: the figures that differ from the version
  /// before, and the files that changed.
  private func differences(
    from previous: MonthClose, to month: MonthBooks, in folder: String, store: Store,
    language: Language
  ) throws {
    let old = Dictionary(
      try store.keptFileList(close: previous.id).map { ($0.name, $0.sha256) },
      uniquingKeysWith: { a, _ in a })
    let closedAt = try context.zone().format(previous.at)
    var lines = [
      language.pick(
        en: "\(label), version \(previous.version + 1), against version \(previous.version)"
          + " (closed \(closedAt) by \(previous.who))",
        cs: "\(label), verze \(previous.version + 1), oproti verzi \(previous.version)"
          + " (uzavřena \(closedAt), \(previous.who))"),
      "",
    ]
    lines += MonthDifferences.lines(
      previous: previous, now: month.summary, language: language)
    lines.append("")
    lines.append(language.pick(en: "Files:", cs: "Soubory:"))
    for name in try Self.files(in: folder) {
      let now = KeptFile(
        name: name, content: Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))))
      let said =
        old[name] == nil
        ? language.pick(en: "new", cs: "nový")
        : old[name] == now.sha256
          ? language.pick(en: "unchanged", cs: "beze změny")
          : language.pick(en: "changed", cs: "změněn")
      lines.append("  \(name): \(said)")
    }
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(
      to: URL(fileURLWithPath: folder + "/differences.txt"))
  }

  /// The files of a bundle's folder, by their path in it (statements/CC-110.csv), in order.
  static func files(in folder: String) throws -> [String] {
    var names: [String] = []
    for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
      var isFolder: ObjCBool = false
      let path = folder + "/" + name
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
      if isFolder.boolValue {
        names += try files(in: path).map { name + "/" + $0 }
      } else {
        names.append(name)
      }
    }
    return names
  }

  /// Writes a closed month's bundle as it was kept: the same files, byte for byte.
  func writeKept(_ close: MonthClose) throws -> (folder: String, unchanged: Bool) {
    let store = try context.store()
    let files = try store.keptFiles(close: close.id)
    let folder = (options.outFolder(context) as NSString).appendingPathComponent(
      close.folder ?? label)
    let unchanged = files.allSatisfy { file in
      (try? Data(contentsOf: URL(fileURLWithPath: folder + "/" + file.name)))
        .map { Array($0) == file.content } ?? false
    }
    if unchanged { return (folder, true) }
    try writeFolderAtomically(folder, permissions: try options.permissions(context.settings)) {
      temporary in
      for file in files {
        // A name kept by close: a file, or one in a folder of the bundle; never a way out of it.
        guard !file.name.hasPrefix("/"), !file.name.split(separator: "/").contains("..") else {
          throw SystemError.io("the books keep a bundle file named '\(file.name)'; not written.")
        }
        let path = temporary + "/" + file.name
        try FileManager.default.createDirectory(
          atPath: PathText.folder(of: path), withIntermediateDirectories: true,
          attributes: [.posixPermissions: 0o700])
        try Data(file.content).write(to: URL(fileURLWithPath: path))
      }
    }
    return (folder, false)
  }
}

/// The figures of a month's Summary that differ between two versions.
enum MonthDifferences {
  static func lines(previous: MonthClose, now: MonthlySummary, language: Language) -> [String] {
    guard let kept = previous.reportedFigures else { return [] }
    var lines: [String] = []
    for month in now.contracts {
      let was = kept.contracts.first { $0.contract == month.contractCode }
      let pairs: [(String, String?, String?)] = [
        ("opening", was.map { "\($0.opening)" }, "\(month.opening)"),
        ("purchased", was.map { "\($0.purchased)" }, "\(month.purchased)"),
        ("used", was.map { "\($0.used)" }, "\(month.used)"),
        ("expired", was.map { "\($0.expired)" }, "\(month.expired)"),
        ("adjustments", was.map { "\($0.adjustment)" }, "\(month.adjustment)"),
        ("closing", was.map { "\($0.closing)" }, "\(month.closing)"),
        ("unfunded", was.map { "\($0.unfunded)" }, "\(month.unfunded)"),
        ("used_value", was?.usedValue, month.value.map { "\($0.used)" }),
        ("closing_value", was?.closingValue, month.value.map { "\($0.closing)" }),
      ]
      for (name, old, new) in pairs where old != new {
        lines.append("  \(month.contractCode) \(name): \(old ?? "—") → \(new ?? "—")")
      }
    }
    if lines.isEmpty {
      lines.append(
        language.pick(
          en: "  The Summary's figures are the same.", cs: "  Údaje souhrnu jsou stejné."))
    }
    return lines
  }
}

struct CloseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "close",
    abstract: "Close a month: its bundle is kept in the books as reported.",
    discussion: """
      Makes the month's bundle as monthly does, writes it to DIR/YYYY-MM/ and keeps every file of it in the books with its SHA-256, when it was made, by whom, and the state of the books it came from (the last import run and change). From then on monthly writes the month as it was reported, byte for byte.

      A change that would alter a closed month's figures (a package added, edited, paid or removed with effect in it, a user's cost centre or alias where their stamps are in it) is refused with the reason, or with --into-open-month accepted as a prior-period adjustment: the first open month opens at the closed month's reported closing and lists the difference under "Adjustments to closed months". Stamps imported late with times in a closed month are taken (they were used) and booked the same way.

      Months are closed in order, once over and read after their end. The setting close_after_monthly = true makes monthly (and its timer) close the month it writes.

      Example:
        tsa-report close --month 2026-10 --out /srv/accounting/tsa
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("The month, YYYY-MM (default: last month).", valueName: "month"))
  var month: String?

  @OptionGroup var bundle: BundleOptions

  func validate() throws { try checkMonth(month) }

  func run() throws {
    let context = try global.context()
    let zone = try context.zone()
    let today = zone.localDate(of: context.now)
    let first = monthStart(month, today: today)
    if let refusal = try context.books().closeRefusal(month: first, today: today, zone: zone) {
      throw refusal
    }
    let job = MonthBundleJob(context: context, options: bundle, first: first)
    let made = try job.make(close: true)
    note(closedNote(made.closed!, folder: made.folder))
  }
}

/// "Closed 2026-10 (version 1): …"
func closedNote(_ close: MonthClose, folder: String) -> String {
  Speech.say(
    en: "Closed \(close.month) (version \(close.version)): its bundle is kept in the books as"
      + " reported; wrote \(folder)/",
    cs: "Uzavřen \(close.month) (verze \(close.version)): jeho balík je uložen v evidenci, jak"
      + " byl vykázán; zapsáno \(folder)/")
}

struct ClosedCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "closed",
    abstract: "List the months closed and reopened, with the state of the books each came from.",
    discussion: """
      Every close and reopen, oldest first: the month, the bundle's version and folder, when and by whom, the books' state (change counter, last import run, last change) or the reason for reopening, and the files kept. With --month, each kept file's SHA-256.

      Example:
        tsa-report closed
        tsa-report closed --month 2026-10
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("Only this month, with its files' checksums.", valueName: "month"))
  var month: String?

  func validate() throws { try checkMonth(month) }

  func run() throws {
    let context = try global.context()
    let zone = try context.zone()
    let store = try context.store()
    let rows = try store.monthCloses().filter { month == nil || $0.month == month }
    let closed = try context.books().closedMonths()
    let say = Speech.word
    let words = Speech.words
    let table = ReportTable(
      columns: [
        Column("month", say("Month", "Měsíc")), Column("action", say("Action", "Akce")),
        Column("version", say("Version", "Verze")), Column("at", say("When", "Kdy")),
        Column("who", say("Who", "Kdo")), Column("folder", say("Folder", "Složka")),
        Column("books", say("Books state", "Stav evidence")),
        Column("files", say("Files", "Souborů")), Column("reason", say("Reason", "Důvod")),
      ],
      rows: try rows.map { row in
        let files = try store.keptFileList(close: row.id)
        let state =
          row.mark.map { mark in
            "v\(mark.version), import \(mark.lastImportRun.map(String.init) ?? "-"), change"
              + " \(mark.lastChange.map(String.init) ?? "-")"
          } ?? ""
        return Row(
          .body,
          [
            .text(row.month),
            .term(
              row.action.rawValue,
              text: row.action == .close ? say("close", "uzavření") : say("reopen", "znovuotevření")
            ),
            .integer(Int64(row.version)), .text(words.instant(row.at, in: zone)), .text(row.who),
            .text(row.folder ?? ""), .text(state),
            row.action == .close ? .integer(Int64(files.count)) : .empty,
            .text(row.reason ?? ""),
          ])
      })
    // No closes: the sentence alone, not an empty table.
    if !rows.isEmpty { print(TextRenderer.renderTable(table, words), terminator: "") }
    if let month {
      for row in rows where row.action == .close {
        print("\n" + say("version", "verze") + " \(row.version):")
        for file in try store.keptFileList(close: row.id) {
          print(
            "  \(file.sha256)  \(file.name)  (\(PlainCount.bytes(Int(file.bytes), Speech.language)))"
          )
        }
      }
    } else if let last = closed.last {
      print(
        (rows.isEmpty ? "" : "\n")
          + Speech.say(
            en: "The books are closed through \(last.month).",
            cs: "Evidence je uzavřena do \(last.month) včetně."))
    } else {
      print((rows.isEmpty ? "" : "\n") + say("No month is closed.", "Žádný měsíc není uzavřen."))
    }
    try flushStandardOutput()
  }
}

struct ReopenCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reopen",
    abstract: "Reopen the last closed month, for a reason that is kept.",
    discussion: """
      The month's kept bundle stays in the books (tsa-report closed lists it); changes with effect in the month are then taken as they are, and closing it again keeps a new version in DIR/YYYY-MM-v2/ beside the old one, with differences.txt listing what differs. Months are reopened from the last closed one back.

      Example:
        tsa-report reopen --month 2026-10 \\
          --reason "invoice FV-2026-0412 entered twice"
      """)

  @OptionGroup var global: GlobalOptions

  @Option(help: ArgumentHelp("The month, YYYY-MM.", valueName: "month"))
  var month: String

  @Option(help: ArgumentHelp("Why it is reopened (kept in the books).", valueName: "text"))
  var reason: String

  func validate() throws {
    try checkMonth(month)
    if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw ValidationError(
        Speech.say(
          en: "--reason is empty: say why the month is reopened.",
          cs: "--reason je prázdný: uveďte, proč se měsíc znovu otevírá."))
    }
  }

  func run() throws {
    let context = try global.context()
    let reopened = try context.books().reopen(
      month: month, reason: reason.trimmingCharacters(in: .whitespacesAndNewlines),
      at: context.now, who: CommandContext.operatingUser)
    note(
      en: "Reopened \(reopened.month) (version \(reopened.version) stays kept in the books):"
        + " closing it again keeps version \(reopened.version + 1) beside it.",
      cs: "Znovu otevřen \(reopened.month) (verze \(reopened.version) zůstává uložena v evidenci):"
        + " nové uzavření uloží vedle ní verzi \(reopened.version + 1).")
  }
}

/// `--month` as YYYY-MM, or a usage error.
func checkMonth(_ month: String?) throws {
  if let month, month.count != 7 || LocalDate(iso: month + "-01") == nil {
    throw ValidationError(
      Speech.say(
        en: "--month '\(month)' is not a month; write it as YYYY-MM, e.g. 2026-10.",
        cs: "--month '\(month)' není měsíc; pište ho jako RRRR-MM, např. 2026-10."))
  }
}

/// The first day of `--month`, or of last month.
func monthStart(_ month: String?, today: LocalDate) -> LocalDate {
  month.flatMap { LocalDate(iso: $0 + "-01") } ?? today.firstOfMonth.adding(months: -1)
}
