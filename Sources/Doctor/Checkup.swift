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
  /// The language the checks are said in.
  package var language: Language

  package init(
    settings: Result<ConfigFile, Error>, settingsNamedBy: String?, databasePath: String,
    zone: Result<ReportZone, Error>, zoneOrigin: String, sendmail: String?, now: Instant,
    language: Language = .en
  ) {
    self.language = language
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

  /// What the check says, in the setup's language.
  private func say(_ en: String, _ cs: String) -> String { setup.language.pick(en: en, cs: cs) }

  /// A count and its noun in the setup's language: `1,650 lines`, `1 650 řádků`.
  private func count(_ n: Int64, _ noun: CountedNoun) -> String {
    PlainCount.of(n, noun, setup.language)
  }

  /// A moment as the setup's language writes it.
  private func when(_ instant: Instant) -> String {
    zoneOrUTC.format(instant, in: setup.language)
  }

  private func settings(_ report: inout DoctorReport) -> ConfigFile? {
    do {
      let config = try setup.settings.get()
      guard let path = config.path else {
        let paths = ConfigFile.searchedPaths().joined(separator: say(" and ", " a "))
        report.add(
          false, say("Settings file: none", "Soubor nastavení: žádný"),
          details: [say("looked for ", "hledáno ") + paths],
          fix: say("copy the example", "zkopírujte vzor")
            + ": cp /usr/share/doc/tsa-report/examples/config.toml " + ConfigFile.systemPath
            + say(", then edit it", " a upravte ho"))
        return config
      }
      let from = setup.settingsNamedBy.map { " (\($0))" } ?? ""
      report.add(
        true, say("Settings file: ", "Soubor nastavení: ") + "\(path)\(from)",
        details: config.values.keys.sorted().map { key in
          let values = config.list(key)
          let shown =
            values.count == 1 && key != "logs" && key != "mail_to"
            ? values[0] : "[" + values.joined(separator: ", ") + "]"
          return "\(key) = \(shown)"
        })
      return config
    } catch {
      report.add(
        false, say("Settings file: ", "Soubor nastavení: ") + "\(error)",
        fix: say("correct the line it names", "opravte řádek, který uvádí"))
      return nil
    }
  }

  private func books(_ report: inout DoctorReport) -> Store? {
    let path = setup.databasePath
    var info = stat()
    guard stat(path, &info) == 0 else {
      if errno == EACCES {
        let reason = String(cString: strerror(errno))
        report.add(
          false,
          say(
            "Books: \(path): this user may not reach it (\(reason))",
            "Evidence \(path): tento uživatel k ní nemá přístup (\(reason))"),
          fix: say(
            "run as the user the books belong to (sudo -u tsa-report tsa-report doctor)",
            "spusťte jako uživatel, jemuž evidence patří (sudo -u tsa-report tsa-report doctor)"))
        return nil
      }
      let folder = PathText.folder(of: path)
      report.add(
        false, say("Books: \(path) is not there yet", "Evidence \(path) zatím neexistuje"),
        fix: access(folder, W_OK) == 0
          ? say(
            "the first import creates it: tsa-report import; if the books are elsewhere, set db"
              + " in the settings file",
            "vytvoří ji první import (tsa-report import); je-li evidence jinde, nastavte db"
              + " v souboru nastavení")
          : say(
            "\(folder) is not writable by this user: the books cannot be created there; set db"
              + " in the settings file, or run as the user that owns the folder",
            "do \(folder) tento uživatel nesmí zapisovat, evidenci tam nelze vytvořit; nastavte"
              + " db v souboru nastavení, nebo spusťte jako vlastník složky"))
      return nil
    }
    let folder = PathText.folder(of: path)
    let writable = access(path, W_OK) == 0 && access(folder.isEmpty ? "." : folder, W_OK) == 0
    let store: Store
    do {
      store = try Store(path: path)
    } catch {
      let said = (error as? SaidInLanguages)?.description(in: setup.language) ?? "\(error)"
      report.add(
        false, say("Books: ", "Evidence ") + "\(path): \(said)",
        fix: say("check db in the settings file", "zkontrolujte db v souboru nastavení"))
      return nil
    }
    var details = describe(store, size: Int64(info.st_size))
    let contracts = (try? store.contracts()) ?? []
    let paid = ((try? store.packages()) ?? []).filter { $0.paid != nil }
    details.append(
      say(
        "contracts: \(contracts.count), paid packages: \(paid.count)",
        "smluv \(contracts.count), zaplacených balíčků \(paid.count)"))
    let books = say("Books: ", "Evidence ") + path
    guard writable else {
      report.add(
        false, books, details: details,
        fix: say(
          "not writable by this user: imports and alerts need to write; run as the owner"
            + " (sudo -u tsa-report …) or fix the owner of the file and its folder",
          "tento uživatel do ní nesmí zapisovat, a importy i upozornění zapisují; spusťte jako"
            + " vlastník (sudo -u tsa-report …), nebo opravte vlastníka souboru a složky"))
      return store
    }
    if contracts.isEmpty || paid.isEmpty {
      report.add(
        false, books, details: details,
        fix: contracts.isEmpty
          ? say(
            "no contract: alerts say UNKNOWN; add one: tsa-report contract add ID --name NAME",
            "žádná smlouva, upozornění hlásí UNKNOWN; přidejte ji příkazem tsa-report contract"
              + " add ČÍSLO --name NÁZEV")
          : say(
            "no paid package: add the purchase: tsa-report package add --contract ID --stamps N"
              + " --price P --paid DATE",
            "žádný zaplacený balíček; zapište nákup příkazem tsa-report package add --contract"
              + " ČÍSLO --stamps N --price CENA --paid DATUM"))
      return store
    }
    report.add(true, books + say(", writable", ", zapisovatelná"), details: details)
    return store
  }

  /// The books' schema, size, last import and newest line.
  private func describe(_ store: Store, size: Int64) -> [String] {
    var details = [say("size ", "velikost ") + Self.size(size)]
    if let version = try? store.schemaVersion() {
      details[0] = say("schema ", "schéma ") + "\(version), " + details[0]
    }
    if let run = try? store.importRuns(limit: 1).first {
      details.append(
        say("last import ", "poslední import ") + "\(when(run.started)): \(run.outcome), "
          + count(run.lines, .line) + ", "
          + say(
            "\(count(run.stampsNew, .stamp)) new",
            "nových razítek \(PlainCount.number(run.stampsNew, .cs))"))
    } else {
      details.append(say("no import yet", "zatím žádný import"))
    }
    if let newest = try? store.newestLineTime(before: setup.now) {
      details.append(say("newest line ", "nejnovější řádek ") + when(newest))
    }
    return details
  }

  private func logs(_ config: ConfigFile?, _ store: Store?, _ report: inout DoctorReport) {
    guard let config else { return }
    let patterns = config.list("logs")
    guard !patterns.isEmpty else {
      report.add(
        false, say("Logs: none named in the settings file", "Logy: soubor nastavení žádné neuvádí"),
        fix: say(
          "name them, with their rotated copies: logs = [\"/var/log/nginx/tsa-access.log\"];"
            + " `tsa-report import` with no paths imports them",
          "uveďte je i s otočenými kopiemi, logs = [\"/var/log/nginx/tsa-access.log\"];"
            + " `tsa-report import` bez cest je importuje"))
      return
    }
    let expansion = ConfiguredLogs.expand(patterns)
    for pattern in expansion.unmatched {
      let folder = PathText.folder(of: pattern)
      report.add(
        false, say("Log \(pattern): no such file", "Log \(pattern) — takový soubor není"),
        fix: access(folder, X_OK) != 0 && FileManager.default.fileExists(atPath: folder)
          ? say(
            "this user may not enter \(folder): add it to the folder's group (nginx's logs on"
              + " Debian: adduser \(Self.userName) adm)",
            "tento uživatel nesmí do \(folder); přidejte ho do skupiny složky (logy nginx na"
              + " Debianu: adduser \(Self.userName) adm)")
          : say(
            "check the path in logs (\(config.origin("logs"))) and that the proxy writes there",
            "zkontrolujte cestu v logs (\(config.origin("logs"))) a že tam proxy zapisuje"))
    }
    for path in expansion.paths {
      let descriptor = open(path, O_RDONLY)
      guard descriptor >= 0 else {
        let reason = String(cString: strerror(errno))
        report.add(
          false,
          say(
            "Log \(path): not readable by \(Self.userName) (\(reason))",
            "Log \(path) — \(Self.userName) ho nemůže číst (\(reason))"),
          fix: say(
            "add \(Self.userName) to the log's group (nginx's logs on Debian are group adm:"
              + " adduser \(Self.userName) adm), or have logrotate create it readable"
              + " (create 0640 www-data adm)",
            "přidejte \(Self.userName) do skupiny logu (logy nginx na Debianu mají skupinu adm,"
              + " adduser \(Self.userName) adm), nebo ať ho logrotate vytváří čitelný"
              + " (create 0640 www-data adm)"))
        continue
      }
      close(descriptor)
      guard let store else {
        report.add(true, say("Log \(path): readable", "Log \(path) — čitelný"))
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
          ok: false,
          subject: say("Log \(path): of no known format", "Log \(path) — žádný známý formát"),
          fix: say(
            "import it once by hand with --format to see what it is",
            "importujte ho jednou ručně s --format a uvidíte, co to je"))
      }
      let format =
        "\(summary.format.rawValue)\(summary.detected ? say(" (detected)", " (rozpoznán)") : "")"
      let pending =
        summary.lines == 0
        ? count(summary.alreadyImportedLines + summary.duplicates, .line)
          + say(", all imported", ", vše importováno")
        : say(
          "\(count(summary.lines, .line)) not read yet by an import:"
            + " \(count(summary.newStamps, .stamp)) new, \(summary.duplicates) already in the books",
          "\(count(summary.lines, .line)) zatím nenačteno importem (nových razítek"
            + " \(PlainCount.number(summary.newStamps, .cs)), v evidenci už \(summary.duplicates))")
      return DoctorCheck(
        ok: true,
        subject: say("Log \(path): readable, ", "Log \(path) — čitelný, ") + "\(format), \(pending)"
      )
    } catch ImportError.mostlyMalformed(let summaries) {
      let format = summaries.first.map { $0.format.rawValue } ?? "?"
      return DoctorCheck(
        ok: false,
        subject: say(
          "Log \(path): more than half of its lines are malformed as \(format)",
          "Log \(path) — jako \(format) je vadná víc než polovina řádků"),
        fix: say(
          "is it a TSA proxy's log? `tsa-report import --dry-run --format F \(path)` tries a"
            + " format; see `tsa-report import --help`",
          "je to log proxy TSA? `tsa-report import --dry-run --format F \(path)` zkusí formát;"
            + " viz `tsa-report import --help`"))
    } catch {
      let said = (error as? SaidInLanguages)?.description(in: setup.language) ?? "\(error)"
      return DoctorCheck(
        ok: false, subject: "Log \(path)" + say(": ", " — ") + said,
        fix: say("see `tsa-report import --help`", "viz `tsa-report import --help`"))
    }
  }

  private func mail(_ config: ConfigFile?, _ report: inout DoctorReport) {
    let command = setup.sendmail ?? config?.string("sendmail") ?? "/usr/sbin/sendmail"
    let program = command.split(separator: " ").first.map(String.init) ?? command
    let resolved = Self.which(program)
    if let resolved, access(resolved, X_OK) == 0 {
      report.add(
        true,
        say("Mail program: ", "Poštovní program: ") + command + " ("
          + (resolved == program ? "" : resolved + ", ") + say("executable)", "spustitelný)"))
    } else {
      report.add(
        false,
        say("Mail program: ", "Poštovní program: ") + command + say(": ", " — ")
          + (resolved == nil
            ? say("not found", "nenalezen")
            : say(
              "\(resolved!) is not executable by this user",
              "\(resolved!) tento uživatel nemůže spustit")),
        fix: say(
          "install a sendmail-compatible program (apt install msmtp-mta, or postfix) or set"
            + " sendmail in the settings file",
          "nainstalujte program kompatibilní se sendmail (apt install msmtp-mta, nebo postfix),"
            + " nebo nastavte sendmail v souboru nastavení"))
    }
    let recipients = config?.list("mail_to") ?? []
    if recipients.isEmpty {
      report.add(
        false, say("Mail to: nobody", "Pošta komu: nikomu"),
        fix: say(
          "alerts are printed but not mailed; set mail_to = [\"…\"]",
          "upozornění se vypíší, ale neodešlou; nastavte mail_to = [\"…\"]"))
    } else {
      report.add(true, say("Mail to: ", "Pošta komu: ") + recipients.joined(separator: ", "))
    }
    if let from = config?.string("mail_from") {
      report.add(true, say("Mail from: ", "Pošta od: ") + from)
    } else if let host = HostName.fullyQualified() {
      report.add(
        true,
        say("Mail from: ", "Pošta od: ") + "tsa-report@\(host)"
          + say(" (this machine's full name)", " (plné jméno tohoto stroje)"))
    } else {
      report.add(
        false,
        say(
          "Mail from: this machine has no fully qualified name (hostname -f: \(HostName.short))",
          "Pošta od — tento stroj nemá plně kvalifikované jméno (hostname -f vrací"
            + " \(HostName.short))"),
        fix: say(
          "set mail_from = \"tsa-report@your-domain.cz\" in the settings file",
          "nastavte mail_from = \"tsa-report@vase-domena.cz\" v souboru nastavení"))
    }
  }

  private func zone(_ report: inout DoctorReport) {
    do {
      let zone = try setup.zone.get()
      report.add(
        true, say("Time zone: ", "Časové pásmo: ") + "\(zone.identifier) (\(setup.zoneOrigin))")
    } catch {
      report.add(
        false, say("Time zone: ", "Časové pásmo: ") + "\(error)",
        fix: say(
          "use an IANA name such as Europe/Prague", "použijte název IANA, např. Europe/Prague"))
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
