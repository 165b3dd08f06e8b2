import ArgumentParser
import TSALedger
import TSAModel
import TSAReport

extension UsageDimension: ExpressibleByArgument {}

struct UsageCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "usage",
    abstract: "Stamps used in a period, grouped as you ask.",
    // Past 12 options argument-parser's synopsis collapses to "usage <options>": this one names
    // what a user must give and the common choices; OPTIONS lists the rest.
    usage: """
      tsa-report usage (--from <date> --to <date> | --period <period>) [--by <dimension> ...] \
      [--format <format>] [--output <file>] [<options>]
      """,
    discussion: """
      --from and --to are calendar days in the report's time zone, both inclusive; --period names a month, quarter, year or day instead. Days and months follow local midnight, also across daylight-saving changes. Each stamp costs its package's unit price (the price divided by the stamps); costs are shown when prices are known.

      Example:
        tsa-report usage --from 2026-10-01 --to 2026-10-31 --by user --format csv
        tsa-report usage --period 'last quarter' --by month --by cost-centre
      """)

  @OptionGroup var global: GlobalOptions
  @OptionGroup var period: PeriodOptions

  @Option(
    help: ArgumentHelp(
      "Group by one of the values below; repeat it to group by several.",
      valueName: "dimension"))
  var by: [UsageDimension] = []

  @Option(help: ArgumentHelp("Only stamps of this contract.", valueName: "id"))
  var contract: String?

  @Option(
    help: ArgumentHelp(
      "Only stamps of this user: a name, an alias (an address that counts as the user) or a"
        + " display name.",
      valueName: "name"))
  var user: String?

  @Option(
    name: .customLong("cost-centre"),
    help: ArgumentHelp("Only stamps of users billed to this cost centre.", valueName: "code"))
  var costCentre: String?

  @OptionGroup var output: OutputOptions

  func validate() throws {
    if Set(by).count != by.count {
      throw ValidationError(
        Speech.say(
          en: "--by lists a dimension twice; give each once.",
          cs: "--by uvádí jedno členění dvakrát; uveďte každé jednou."))
    }
  }

  func run() throws {
    let context = try global.context()
    let zone = try context.zone()
    let resolved = try period.resolve(in: zone, now: context.now)
    let summary = try context.books().usage(
      period: resolved, dimensions: by,
      filters: UsageFilters(contractCode: contract, userName: user, costCentre: costCentre))
    let report = UsageReport.report(summary, language: try context.language())
    try output.write(report, sheetName: Words(try context.language())[.usageSheet])
    // As monthly says of a month not over: its figures will still change.
    if resolved.end > context.now {
      let words = Speech.words
      note(
        en: "Note: the period is not over yet (it ends with \(words.date(resolved.lastDay))): its"
          + " figures will still change.",
        cs: "Pozn.: období ještě neskončilo (končí dnem \(words.date(resolved.lastDay))), jeho"
          + " čísla se ještě změní.")
    }
  }
}
