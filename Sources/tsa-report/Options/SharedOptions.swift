import ArgumentParser
import TSALedger
import TSAModel
import TSAReport

/// The help of a shared option where commands say it differently (`--lang` of a report, of an
/// alert; `--as-of` of an alert, of a reconciliation).
protocol OptionHelp {
  static var text: String { get }
}

/// `--lang`: the language of what a person reads (labels, headers, sentences), for every command
/// that takes it. Its help names the languages from `Language`.
struct LanguageOption<Help: OptionHelp>: ParsableArguments {
  @Option(help: ArgumentHelp(Help.text, valueName: "lang"))
  var lang: Language?
}

/// A report's `--lang`.
enum ReportLanguageHelp: OptionHelp {
  static var text: String {
    "Labels and headers in \(Language.described) (default: the setting lang, else en)."
  }
}

/// `--from` and `--to`: whole local days, both inclusive (each command says which it needs).
struct DayRangeOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp("First day, inclusive (YYYY-MM-DD).", valueName: "date"),
    transform: parseDate)
  var from: LocalDate?

  @Option(
    help: ArgumentHelp("Last day, inclusive (YYYY-MM-DD).", valueName: "date"),
    transform: parseDate)
  var to: LocalDate?
}

/// `--as-of` of `alert` and `reconcile`: a day (its end) or an exact time with an offset.
struct MomentOption<Help: OptionHelp>: ParsableArguments {
  @Option(name: .customLong("as-of"), help: ArgumentHelp(Help.text, valueName: "time"))
  var asOf: String?

  /// The moment given, if any.
  var moment: AsOf? { get throws { try asOf.map { try AsOf(argument: $0) } } }

  func validate() throws { _ = try moment }
}

extension Language {
  /// `en (English) or cs (Czech)`: every language, as the help names them.
  static var described: String {
    let names = allCases.map { language in
      switch language {
      case .en: "en (English)"
      case .cs: "cs (Czech)"
      }
    }
    return listed(names)
  }
}

/// `a, b or c`: the values of an option as its help names them.
func listed(_ names: [String]) -> String {
  names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
}

/// `--into-open-month` of the commands that change packages and users: a change that alters a
/// closed month is booked as a prior-period adjustment in the first open month instead of
/// refused.
struct IntoOpenMonthOption: ParsableArguments {
  @Flag(
    name: .customLong("into-open-month"),
    help: ArgumentHelp(
      "When the change alters a closed month, book it as an adjustment in the first open"
        + " month (the closed month's bundle stays as reported)."))
  var intoOpenMonth = false

  /// Runs `change` under the closed months' guard, and says when it was booked as an
  /// adjustment.
  func run<T>(_ context: CommandContext, users: [String] = [], _ change: () throws -> T) throws
    -> T
  {
    let store = try context.store()
    let books = Books(store)
    var adjusts: String?
    let result = try books.changing(intoOpenMonth: intoOpenMonth, users: users) {
      adjusts = store.adjusting
      return try change()
    }
    if let adjusts {
      note(
        "Note: this alters \(adjusts) or a month before it, which are closed: their bundles stay"
          + " as reported, and the first open month books the difference under \"Adjustments"
          + " to closed months\".")
    }
    return result
  }
}
