import ArgumentParser
import TSAReport

struct BalanceCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "balance",
    abstract: "Stamps bought, used and remaining, per package and per contract.",
    discussion: """
      Each stamp is drawn from its contract's paid package that expires first. Stamps that no paid package covers are unfunded and flagged.

      Example:
        tsa-report balance --format csv --output balance.csv
      """)

  @OptionGroup var global: GlobalOptions
  @OptionGroup var output: OutputOptions

  func run() throws {
    try reportingErrors {
      let zone = try global.zone()
      let report = try BalanceReport.build(
        store: try global.openStore(), today: zone.localDate(of: Clock.now()), zone: zone)
      try output.write(report)
    }
  }
}
