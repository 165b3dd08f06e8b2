import Foundation
import TSAImport
import TSAModel
import TSAStore
import TSASystem

/// The set-up `doctor` checks, as the command line resolved it.
package struct CheckupSetup {
  /// The settings file as read, or the error reading it.
  package var settings: Result<ConfigFile, Error>
  /// Where the settings file was named: `--config`, `TSA_REPORT_CONFIG`, or nil when found
  /// by looking in the usual places.
  package var settingsNamedBy: String?
  package var databasePath: String
  /// The report zone and where it came from, or the error choosing it.
  package var zone: Result<ReportZone, Error>
  package var zoneOrigin: String
  /// The mail program named by `--sendmail`, if any.
  package var sendmail: String?
  package var now: Instant

  package init(
    settings: Result<ConfigFile, Error>, settingsNamedBy: String?, databasePath: String,
    zone: Result<ReportZone, Error>, zoneOrigin: String, sendmail: String?, now: Instant
  ) {
    self.settings = settings
    self.settingsNamedBy = settingsNamedBy
    self.databasePath = databasePath
    self.zone = zone
    self.zoneOrigin = zoneOrigin
    self.sendmail = sendmail
    self.now = now
  }
}

/// The checks of `doctor`, as values: the settings file, the books, each log the settings name
/// (a dry run), the mail program and addresses, the time zone. The command line prints them.
package struct Checkup {
  let setup: CheckupSetup

  /// Every check, in order.
  package static func run(_ setup: CheckupSetup) -> [DoctorCheck] {
    let checkup = Checkup(setup: setup)
    var report = DoctorReport()
    let config = checkup.settings(&report)
    let store = checkup.books(&report)
    checkup.logs(config, store, &report)
    checkup.mail(config, &report)
    checkup.zone(&report)
    return report.checks
  }

  private var zoneOrUTC: ReportZone { (try? setup.zone.get()) ?? .utc }

  private func settings(_ report: inout DoctorReport) -> ConfigFile? {
    do {
      let config = try setup.settings.get()
      guard let path = config.path else {
        report.add(
          false, "Settings file: none",
          details: ["looked for " + ConfigFile.searchedPaths().joined(separator: " and ")],
          fix: "copy the example: cp /usr/share/doc/tsa-report/examples/config.toml "
            + ConfigFile.systemPath + ", then edit it")
        return config
      }
      let from = setup.settingsNamedBy.map { " (\($0))" } ?? ""
      report.add(
        true, "Settings file: \(path)\(from)",
        details: config.values.keys.sorted().map { key in
          let values = config.list(key)
          let shown =
            values.count == 1 && key != "logs" && key != "mail_to"
            ? values[0] : "[" + values.joined(separator: ", ") + "]"
          return "\(key) = \(shown)"
        })
      return config
    } catch {
      report.add(false, "Settings file: \(error)", fix: "correct the line it names")
      return nil
    }
  }

  private func books(_ report: inout DoctorReport) -> Store? {
    let path = setup.databasePath
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == EACCES {
        report.add(
          false, "Books: \(path): this user may not reach it (\(String(cString: strerror(errno))))",
          fix: "run as the user the books belong to (sudo -u tsa-report tsa-report doctor)")
        return nil
      }
      let folder = PathText.folder(of: path)
      report.add(
        false, "Books: \(path) is not there yet",
        fix: access(folder, W_OK) == 0
          ? "the first import creates it: tsa-report import; if the books are elsewhere, set db in"
            + " the settings file"
          : "\(folder) is not writable by this user: the books cannot be created there; set db in"
            + " the settings file, or run as the user that owns the folder")
      return nil
    }
    let folder = PathText.folder(of: path)
    let writable = access(path, W_OK) == 0 && access(folder.isEmpty ? "." : folder, W_OK) == 0
    let store: Store
    do {
      store = try Store(path: path)
    } catch {
      report.add(false, "Books: \(path): \(error)", fix: "check db in the settings file")
      return nil
    }
    var details = describe(store, size: Int64(info.st_size))
    let contracts = (try? store.contracts()) ?? []
    let paid = ((try? store.packages()) ?? []).filter { $0.paid != nil }
    details.append("contracts: \(contracts.count), paid packages: \(paid.count)")
    guard writable else {
      report.add(
        false, "Books: \(path)", details: details,
        fix: "not writable by this user: imports and alerts need to write; run as the owner"
          + " (sudo -u tsa-report …) or fix the owner of the file and its folder")
      return store
    }
    if contracts.isEmpty || paid.isEmpty {
      report.add(
        false, "Books: \(path)", details: details,
        fix: contracts.isEmpty
          ? "no contract: alerts say UNKNOWN; add one: tsa-report contract add ID --name NAME"
          : "no paid package: add the purchase: tsa-report package add --contract ID --stamps N"
            + " --price P --paid DATE")
      return store
    }
    report.add(true, "Books: \(path), writable", details: details)
    return store
  }

  /// The books' schema, size, last import and newest line.
  private func describe(_ store: Store, size: Int64) -> [String] {
    var details = ["size \(Self.size(size))"]
    if let version = try? store.schemaVersion() { details[0] = "schema \(version), " + details[0] }
    let zone = zoneOrUTC
    if let run = try? store.importRuns(limit: 1).first {
      details.append(
        "last import \(zone.format(run.started)): \(run.outcome),"
          + " \(PlainCount.of(run.lines, .line)), \(PlainCount.of(run.stampsNew, .stamp)) new"
      )
    } else {
      details.append("no import yet")
    }
    if let newest = try? store.newestLineTime(before: setup.now) {
      details.append("newest line \(zone.format(newest))")
    }
    return details
  }

  private func logs(_ config: ConfigFile?, _ store: Store?, _ report: inout DoctorReport) {
    guard let config else { return }
    let patterns = config.list("logs")
    guard !patterns.isEmpty else {
      report.add(
        false, "Logs: none named in the settings file",
        fix: "name them, with their rotated copies: logs = [\"/var/log/nginx/tsa-access.log\"];"
          + " `tsa-report import` with no paths imports them")
      return
    }
    let expansion = ConfiguredLogs.expand(patterns)
    for pattern in expansion.unmatched {
      let folder = PathText.folder(of: pattern)
      report.add(
        false, "Log \(pattern): no such file",
        fix: access(folder, X_OK) != 0 && FileManager.default.fileExists(atPath: folder)
          ? "this user may not enter \(folder): add it to the folder's group (nginx's logs on"
            + " Debian: adduser \(Self.userName) adm)"
          : "check the path in logs (\(config.origin("logs"))) and that the proxy writes there")
    }
    for path in expansion.paths {
      let descriptor = open(path, O_RDONLY)
      guard descriptor >= 0 else {
        let reason = String(cString: strerror(errno))
        report.add(
          false, "Log \(path): not readable by \(Self.userName) (\(reason))",
          fix: "add \(Self.userName) to the log's group (nginx's logs on Debian are group adm:"
            + " adduser \(Self.userName) adm), or have logrotate create it readable"
            + " (create 0640 www-data adm)")
        continue
      }
      close(descriptor)
      guard let store else {
        report.add(true, "Log \(path): readable")
        continue
      }
      report.add(importState(of: path, store: store, zone: zoneOrUTC))
    }
  }

  /// A dry run of one log: its format and what of it is not in the books yet.
  func importState(of path: String, store: Store, zone: ReportZone) -> DoctorCheck {
    let importer = Importer(
      store: store, options: ImportOptions(dryRun: true, zone: zone), now: setup.now)
    do {
      let result = try importer.run(paths: [path])
      guard let summary = result.summaries.first else {
        return DoctorCheck(
          ok: false, subject: "Log \(path): of no known format",
          fix: "import it once by hand with --format to see what it is")
      }
      let format = "\(summary.format.rawValue)\(summary.detected ? " (detected)" : "")"
      let pending =
        summary.lines == 0
        ? "\(PlainCount.of(summary.alreadyImportedLines + summary.duplicates, .line)), all imported"
        : "\(PlainCount.of(summary.lines, .line)) not read yet by an import:"
          + " \(PlainCount.of(summary.newStamps, .stamp)) new,"
          + " \(summary.duplicates) already in the books"
      return DoctorCheck(
        ok: true, subject: "Log \(path): readable, \(format), \(pending)")
    } catch ImportError.mostlyMalformed(let summaries) {
      let format = summaries.first.map { $0.format.rawValue } ?? "?"
      return DoctorCheck(
        ok: false, subject: "Log \(path): more than half of its lines are malformed as \(format)",
        fix: "is it a TSA proxy's log? `tsa-report import --dry-run --format F \(path)` tries a"
          + " format; see `tsa-report import --help`")
    } catch {
      return DoctorCheck(
        ok: false, subject: "Log \(path): \(error)", fix: "see `tsa-report import --help`")
    }
  }

  private func mail(_ config: ConfigFile?, _ report: inout DoctorReport) {
    let command = setup.sendmail ?? config?.string("sendmail") ?? "/usr/sbin/sendmail"
    let program = command.split(separator: " ").first.map(String.init) ?? command
    let resolved = Self.which(program)
    if let resolved, access(resolved, X_OK) == 0 {
      report.add(
        true, "Mail program: \(command) (\(resolved == program ? "" : resolved + ", ")executable)")
    } else {
      report.add(
        false,
        "Mail program: \(command): "
          + (resolved == nil ? "not found" : "\(resolved!) is not executable by this user"),
        fix: "install a sendmail-compatible program (apt install msmtp-mta, or postfix) or set"
          + " sendmail in the settings file")
    }
    let recipients = config?.list("mail_to") ?? []
    if recipients.isEmpty {
      report.add(
        false, "Mail to: nobody", fix: "alerts are printed but not mailed; set mail_to = [\"…\"]")
    } else {
      report.add(true, "Mail to: " + recipients.joined(separator: ", "))
    }
    if let from = config?.string("mail_from") {
      report.add(true, "Mail from: \(from)")
    } else if let host = HostName.fullyQualified() {
      report.add(true, "Mail from: tsa-report@\(host) (this machine's full name)")
    } else {
      report.add(
        false,
        "Mail from: this machine has no fully qualified name (hostname -f: \(HostName.short))",
        fix: "set mail_from = \"tsa-report@your-domain.cz\" in the settings file")
    }
  }

  private func zone(_ report: inout DoctorReport) {
    do {
      let zone = try setup.zone.get()
      report.add(true, "Time zone: \(zone.identifier) (\(setup.zoneOrigin))")
    } catch {
      report.add(false, "Time zone: \(error)", fix: "use an IANA name such as Europe/Prague")
    }
  }

  static var userName: String {
    if let entry = getpwuid(geteuid()) { return String(cString: entry.pointee.pw_name) }
    return "uid \(geteuid())"
  }

  /// The program's path, searched in PATH when it has no slash.
  static func which(_ program: String) -> String? {
    if program.contains("/") {
      return FileManager.default.fileExists(atPath: program) ? program : nil
    }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
    return path.split(separator: ":").map { "\($0)/\(program)" }.first {
      FileManager.default.fileExists(atPath: $0)
    }
  }

  static func size(_ bytes: Int64) -> String {
    if bytes < 1 << 20 { return "\((bytes + 1023) / 1024) KiB" }
    return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
  }
}

/// One check: OK or not, what was checked and found, and what to do when it is not OK.
package struct DoctorCheck: Sendable {
  package var ok: Bool
  package var subject: String
  package var details: [String] = []
  package var fix: String?
}

struct DoctorReport {
  var checks: [DoctorCheck] = []

  mutating func add(_ ok: Bool, _ subject: String, details: [String] = [], fix: String? = nil) {
    checks.append(DoctorCheck(ok: ok, subject: subject, details: details, fix: fix))
  }

  mutating func add(_ check: DoctorCheck) { checks.append(check) }
}
