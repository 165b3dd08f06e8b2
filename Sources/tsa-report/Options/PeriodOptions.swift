import ArgumentParser
import TSAReport

extension LocalDate: ExpressibleByArgument {
  public init?(argument: String) { self.init(iso: argument) }
}

/// Parses a `--date`-like option with a message that shows the expected form.
func parseDate(_ text: String) throws -> LocalDate {
  guard let date = LocalDate(iso: text) else {
    throw ValidationError(
      "'\(text)' is not a calendar date; write it as YYYY-MM-DD, e.g. 2026-10-01.")
  }
  return date
}

/// `--from` and `--to`: whole local days, both inclusive.
struct PeriodOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp("First day, inclusive (YYYY-MM-DD).", valueName: "date"),
    transform: parseDate)
  var from: LocalDate

  @Option(
    help: ArgumentHelp("Last day, inclusive (YYYY-MM-DD).", valueName: "date"), transform: parseDate
  )
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
