import ArgumentParser
import Foundation
import TSALedger
import TSAModel
import TSARender
import TSAReport
import TSAStore

struct MonthlyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "monthly",
    abstract: "Write the accountant's bundle for a month: text, CSV and one XLSX workbook.",
    discussion: """
      Writes DIR/YYYY-MM/: summary.txt (the summary, usage by user, the packages and the month's changes to contracts, packages and users), summary.csv, by-user.csv, by-day.csv, packages.csv, changes.csv, stamps.csv, and tsa-report-YYYY-MM.xlsx with the sheets Summary, By user, By day (with a chart), Packages (the month's changes under them) and Stamps. The Summary holds, per contract, opening balance + purchased − used − expired = closing balance and the month's costs. The folder appears whole or not at all.

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

  @Option(
    help: ArgumentHelp(
      "Labels and headers in en (English) or cs (Czech) (default: the setting lang, else en).",
      valueName: "lang"))
  var lang: Language?

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
        throw CLIError.usage(
          "the group '\(groupName)' (\(group != nil ? "--group" : config.origin("bundle_group")))"
            + " does not exist on this machine; name one from /etc/group.")
      }
      groupID = entry.pointee.gr_gid
    }
    return BundlePermissions(fileMode: fileMode ?? 0o600, group: groupID, groupName: groupName)
  }

  func run() throws {
    let zone = try global.zone()
    let today = zone.localDate(of: WallClock.now())
    let first =
      month.flatMap { LocalDate(iso: $0 + "-01") } ?? today.firstOfMonth.adding(months: -1)
    let store = try global.openStore()
    let config = try global.config()
    let out = self.out ?? config.string("bundle_dir") ?? "reports"
    let language = try global.language(lang)
    let folder = (out as NSString).appendingPathComponent(MonthlyReport.label(month: first))
    var state = MonthState.complete
    try writeFolderAtomically(folder, permissions: try permissions(config)) { temporary in
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

// glibc declares it only under _GNU_SOURCE.
@_silgen_name("renameat2")
private func renameat2(
  _ olddirfd: Int32, _ oldpath: UnsafePointer<CChar>, _ newdirfd: Int32,
  _ newpath: UnsafePointer<CChar>, _ flags: UInt32
) -> Int32
private let renameExchange: UInt32 = 1 << 1  // RENAME_EXCHANGE

/// Builds a folder under an unpredictable temporary name beside `path` (`mkdtemp`), then puts
/// it in place of any older one by an atomic exchange (`renameat2(RENAME_EXCHANGE)`): a reader
/// sees the old bundle or the new one, never half of one and never none.
func writeFolderAtomically(
  _ path: String, permissions: BundlePermissions? = nil, _ body: (String) throws -> Void
) throws {
  let manager = FileManager.default
  let parent = PathText.folder(of: path)
  let name = (path as NSString).lastPathComponent
  let directory = parent.isEmpty ? "." : parent
  // A run killed midway leaves its temporary folder behind: clear those of dead processes.
  let prefix = ".\(name).tmp-"
  for leftover in (try? manager.contentsOfDirectory(atPath: directory)) ?? []
  where leftover.hasPrefix(prefix) {
    let pid = Int32(leftover.dropFirst(prefix.count).prefix { $0.isNumber }) ?? 0
    if pid > 0 && kill(pid, 0) != 0 {
      try? manager.removeItem(atPath: (directory as NSString).appendingPathComponent(leftover))
    }
  }
  if !manager.fileExists(atPath: directory) {
    try manager.createDirectory(
      atPath: directory, withIntermediateDirectories: true,
      attributes: [.posixPermissions: permissions?.folderMode ?? 0o700])
    try permissions?.apply(to: directory, isFolder: true)
  }
  var template = Array((directory + "/" + prefix + "\(getpid())-XXXXXX").utf8CString)
  guard let made = mkdtemp(&template) else {
    throw CLIError.io("cannot write in \(directory): \(String(cString: strerror(errno))).")
  }
  let temporary = String(cString: made)
  do {
    try body(temporary)
    try Data().write(to: URL(fileURLWithPath: temporary + "/" + bundleMarker))
    try permissions?.applyToTree(temporary)
    var info = stat()
    if lstat(path, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFDIR else {
        throw CLIError.cannotCreate(
          "\(path) is there and is not a folder; move it away or choose --out.")
      }
      // Only a bundle this program wrote is replaced: one with the marker, or (written before
      // the marker) one holding nothing but the files a bundle holds.
      let old = Set((try? manager.contentsOfDirectory(atPath: path)) ?? [])
      let own = Set(try manager.contentsOfDirectory(atPath: temporary))
      guard old.contains(bundleMarker) || old.isSubset(of: own) else {
        throw CLIError.cannotCreate(
          "\(path) is there and is not a bundle tsa-report wrote (it holds "
            + old.subtracting(own).sorted().prefix(3).joined(separator: ", ")
            + "); nothing was replaced. Move it away, or write the bundle elsewhere with --out.")
      }
      guard renameat2(AT_FDCWD, temporary, AT_FDCWD, path, renameExchange) == 0 else {
        throw CLIError.io("cannot put \(path) in place: \(String(cString: strerror(errno))).")
      }
      try? manager.removeItem(atPath: temporary)  // the old bundle, now under the temporary name
    } else {
      guard rename(temporary, path) == 0 else {
        throw CLIError.io("cannot put \(path) in place: \(String(cString: strerror(errno))).")
      }
    }
  } catch {
    try? manager.removeItem(atPath: temporary)
    if error is StoreError || error is CLIError { throw error }
    if let error = error as? XLSXError { throw CLIError.io(error.description) }
    throw CLIError.io("cannot write \(path): \((error as NSError).localizedDescription).")
  }
}

/// The empty file that marks a folder as a bundle tsa-report wrote, and may replace.
let bundleMarker = ".tsa-report-bundle"

/// Who may read a monthly bundle besides its writer: the files' mode and group, set on every
/// file and folder before the bundle is put in place.
struct BundlePermissions {
  var fileMode: mode_t
  var group: gid_t?
  var groupName: String?

  /// A folder may be entered by whoever may read it.
  var folderMode: mode_t { fileMode | ((fileMode & 0o444) >> 2) }

  /// `0640`, `640` → the mode; anything else (or a mode that would shut out the owner, or give
  /// write or execute to others) is refused.
  static func mode(_ text: String, from origin: String) throws -> mode_t {
    guard !text.isEmpty, text.count <= 4, let value = mode_t(text, radix: 8), value <= 0o777
    else {
      throw CLIError.usage(
        "\(origin) '\(text)' is not a file mode; write it in octal, e.g. 0640 (owner reads and"
          + " writes, group reads).")
    }
    guard value & 0o600 == 0o600 else {
      throw CLIError.usage(
        "\(origin) '\(text)' would stop tsa-report replacing its own files; the owner needs read"
          + " and write (6), e.g. 0640.")
    }
    guard value & 0o113 == 0 else {
      throw CLIError.usage(
        "\(origin) '\(text)' gives others write or anyone execute; a bundle needs neither, use"
          + " e.g. 0640 or 0644.")
    }
    return value
  }

  func apply(to path: String, isFolder: Bool) throws {
    if let group, chown(path, uid_t.max, group) != 0 {
      throw CLIError.io(
        "cannot give \(path) to the group '\(groupName ?? String(group))':"
          + " \(String(cString: strerror(errno))); run as a member of that group (or root).")
    }
    guard chmod(path, isFolder ? folderMode : fileMode) == 0 else {
      throw CLIError.io("cannot set the mode of \(path): \(String(cString: strerror(errno))).")
    }
  }

  func applyToTree(_ root: String) throws {
    try apply(to: root, isFolder: true)
    let manager = FileManager.default
    guard let walker = manager.enumerator(atPath: root) else { return }
    while let relative = walker.nextObject() as? String {
      let full = (root as NSString).appendingPathComponent(relative)
      var info = stat()
      guard lstat(full, &info) == 0 else { continue }
      try apply(to: full, isFolder: info.st_mode & S_IFMT == S_IFDIR)
    }
  }
}
