import ArgumentParser
import TSAReport

extension LocalDate: ExpressibleByArgument {
  public init?(argument: String) { self.init(iso: argument) }
}

/// `--from` and `--to`: whole local days, both inclusive.
struct PeriodOptions: ParsableArguments {
  @Option(help: ArgumentHelp("First day, inclusive (YYYY-MM-DD).", valueName: "date"))
  var from: LocalDate

  @Option(help: ArgumentHelp("Last day, inclusive (YYYY-MM-DD).", valueName: "date"))
  var to: LocalDate

  func validate() throws {
    if to < from {
      throw ValidationError(
        "--to \(to) is before --from \(from); both days are inclusive, so --to must be on or"
          + " after --from.")
    }
  }

  func period(in zone: ReportZone) -> Period { Period(from: from, through: to, zone: zone) }
}
