import ArgumentParser
import TSAReport

struct BalanceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "balance",
    abstract: "Stamps bought, used and remaining, per package and per contract.",
    discussion: """
      Each stamp is drawn from its contract's paid package that expires first. Stamps that no paid package covers are unfunded and flagged.

      Example:
        tsa-report balance --as-of 2026-10-31 --format csv --output balance.csv
      """)

  @OptionGroup var global: GlobalOptions
  @Option(
    name: .customLong("as-of"),
    help: ArgumentHelp("The balance at the end of this day (default: today).", valueName: "date"),
    transform: parseDate)
  var asOf: LocalDate?

  @OptionGroup var output: OutputOptions

  func run() throws {
    try reportingErrors {
      let zone = try global.zone()
      let report = try BalanceReport.build(
        store: try global.openStore(), asOf: asOf ?? zone.localDate(of: Clock.now()), zone: zone)
      try output.write(report)
    }
  }
}
