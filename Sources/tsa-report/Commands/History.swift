import ArgumentParser
import Foundation
import TSAModel
import TSAReport

struct HistoryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history",
    abstract: "List the changes made to contracts, packages and users: when, who, what.",
    discussion: """
      Every change to the books' contracts, packages, users and aliases is kept in an append-only change log: when, who (the operating-system user, and the one behind sudo), what, and each field's old and new value. --from and --to are local days, both inclusive; without them the whole log is listed, oldest first.

      Example:
        tsa-report history --from 2026-10-01 --to 2026-10-31
        tsa-report history --format csv --output changes.csv
      """)

  @OptionGroup var global: GlobalOptions

  @OptionGroup var days: DayRangeOptions
  var from: LocalDate? { days.from }
  var to: LocalDate? { days.to }

  @OptionGroup var output: OutputOptions

  func validate() throws {
    if let from, let to, to < from {
      throw ValidationError(
        Speech.say(
          en: "--to \(to.iso) is before --from \(from.iso).",
          cs: "--to \(to.iso) je před --from \(from.iso)."))
    }
  }

  func run() throws {
    let context = try global.context()
    let zone = try context.zone()
    let start = from.map { zone.startOfDay($0) }
    let end = to.map { zone.startOfDay($0.adding(days: 1)) }
    let language = try context.language()
    let report = ChangeReport.report(
      // The whole log: a change in the period names its package by what earlier ones said.
      try context.store().changes(), from: start, before: end,
      zone: zone, language: language, moment: end ?? context.now)
    try output.write(report, sheetName: Words(language)[.changesTitle])
  }
}
