import ArgumentParser
import TSAModel
import TSAReport

struct BackupCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backup",
    abstract: "Copy the books to a new file, consistently, while imports may run.",
    discussion: """
      The copy is one consistent state of the books (SQLite's VACUUM INTO in one read transaction), checked with PRAGMA integrity_check, mode 0600; an existing file is never written over. To restore: stop the timers or cron jobs, move the damaged books away, copy the backup to the books' path (--db, TSA_REPORT_DB or the default), and run `tsa-report balance`.

      Example:
        tsa-report backup /srv/backup/tsa-books-2026-11-26.sqlite
      """)

  @OptionGroup var global: GlobalOptions

  @Argument(help: ArgumentHelp("The new file to write the copy to.", valueName: "dest"))
  var destination: String

  func run() throws {
    let context = try global.context()
    let size = try context.store().backup(to: destination)
    let bytes = PlainCount.bytes(Int(size), Speech.language)
    note(
      en: "Backed up \(context.databasePath) to \(destination) (\(bytes), integrity ok).",
      cs: "Evidence \(context.databasePath) zálohována do \(destination) (\(bytes), integrita"
        + " v pořádku).")
  }
}
