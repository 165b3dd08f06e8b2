import ArgumentParser
import TSALedger
import TSAModel
import TSAReport
import TSAStore
import TSASystem

/// The help of a shared option where commands say it differently (`--lang` of a report, of an
/// alert; `--as-of` of an alert, of a reconciliation).
protocol OptionHelp {
  static var text: String { get }
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

/// `--note` and `--into-open-month` of the commands that change packages and users: why the
/// change is made (kept in the change log), and whether a change that alters a closed month is
/// booked as a prior-period adjustment in the first open month instead of refused.
struct CorrectionOptions: ParsableArguments {
  @Option(
    name: .customLong("note"),
    help: ArgumentHelp(
      "Why the change is made, e.g. the invoice that corrects it (kept in the change log).",
      valueName: "text"))
  var why: String?

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
    store.changeNote = why?.trimmingCharacters(in: .whitespacesAndNewlines)
    defer { store.changeNote = nil }
    var adjusts: String?
    let result = try books.changing(intoOpenMonth: intoOpenMonth, users: users) {
      adjusts = store.adjusting
      return try change()
    }
    if let adjusts {
      note(
        en: "Note: this alters \(adjusts) or a month before it, which are closed: their bundles"
          + " stay as reported, and the first open month books the difference under \"Adjustments"
          + " to closed months\".",
        cs: "Pozn.: tato změna mění \(adjusts) nebo měsíc před ním, které jsou uzavřené; jejich"
          + " balíky zůstávají, jak byly vykázány, a první otevřený měsíc zaúčtuje rozdíl pod"
          + " „Opravy minulých období“.")
    }
    return result
  }
}

/// The package a command acts on, named by its id or its invoice reference.
struct PackageArgument: ParsableArguments {
  @Argument(
    help: ArgumentHelp(
      "The package: its id or its invoice reference (see: tsa-report package list).",
      valueName: "package"))
  var package: String

  /// The package named: a reference matches first (trimmed; then ignoring case when that is
  /// unique); an id where no reference matches. A text that is both one package's reference
  /// and another's id is refused as ambiguous.
  func resolve(_ store: Store) throws -> TSAModel.Package {
    let text = package.trimmingCharacters(in: .whitespacesAndNewlines)
    let packages = try store.packages()
    var byRef = packages.filter { $0.ref == text }
    if byRef.isEmpty {
      byRef = packages.filter { $0.ref?.lowercased() == text.lowercased() }
    }
    let byID = Int64(text).flatMap { id in packages.first { $0.id == id } }
    if let byID, let other = byRef.first, other.id != byID.id {
      throw SystemError.usage(
        "'\(text)' is both package \(byID.named)'s id and package \(other.named)'s invoice"
          + " reference: name the package by its invoice reference, or give package"
          + " \(other.id) another one (tsa-report package edit \(other.id) --ref …).",
        cs: "'\(text)' je id balíčku \(byID.named) i číslo faktury balíčku \(other.named):"
          + " uveďte balíček číslem faktury, nebo dejte balíčku \(other.id) jiné (tsa-report"
          + " package edit \(other.id) --ref …).")
    }
    if byRef.count > 1 {
      throw SystemError.usage(
        "'\(text)' is the reference of packages "
          + byRef.map(\.named).joined(separator: " and ") + "; name one by its id.",
        cs: "'\(text)' je označení balíčků " + byRef.map(\.named).joined(separator: " a ")
          + "; uveďte jeden z nich jeho id.")
    }
    if let found = byRef.first ?? byID { return found }
    throw SystemError.usage(
      "there is no package with the id or invoice reference '\(text)'. See: tsa-report package"
        + " list",
      cs: "balíček s id ani číslem faktury '\(text)' neexistuje. Viz: tsa-report package list")
  }
}
