import ArgumentParser
import TSALedger
import TSAModel
import TSAReport

struct BalanceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "balance",
    abstract: "Stamps bought, used and remaining, per package and per contract.",
    discussion: """
      Each stamp is drawn, in time order, from its contract's paid and still valid package that expires first (then the earliest paid, then the lowest id). Stamps that no package covers are unfunded and flagged; stamps left when a package's validity ends are expired. For every package: stamps = used + remaining + expired. The runway is the pace of the last 30 days.

      Example:
        tsa-report balance --as-of 2026-10-31 --format csv --output balance.csv
      """)

  @OptionGroup var global: GlobalOptions
  @Option(
    name: .customLong("as-of"),
    help: ArgumentHelp("The balance at the end of this day (default: today).", valueName: "date"),
    transform: parseDate)
  var asOf: LocalDate?

  @Option(help: ArgumentHelp("Only this contract.", valueName: "id"))
  var contract: String?

  @OptionGroup var output: OutputOptions

  func run() throws {
    let context = try global.context()
    let zone = try context.zone()
    let sheet = try context.books().balanceSheet(
      contractCode: contract, asOf: asOf ?? zone.localDate(of: context.now), zone: zone)
    let report = BalanceReport.build(sheet, language: try context.language())
    try output.write(report, sheetName: Words(try context.language())[.balanceSheet])
  }
}
