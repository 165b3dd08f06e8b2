import ArgumentParser
import TSAModel
import TSAReport

extension LocalDate: ExpressibleByArgument {
  public init?(argument: String) { self.init(iso: argument) }
}

/// Parses a date option with a message that shows the expected form.
func parseDate(_ text: String) throws -> LocalDate {
  guard let date = LocalDate(iso: text) else {
    throw ValidationError(
      Speech.say(
        en: "'\(text)' is not a calendar date; write it as YYYY-MM-DD, e.g. 2026-10-01.",
        cs: "'\(text)' není kalendářní datum; pište ho jako RRRR-MM-DD, např. 2026-10-01."))
  }
  return date
}

/// `--as-of` of `alert` and `reconcile`: a day (its end) or an exact time with an offset.
enum AsOf {
  case day(LocalDate)
  case time(Instant)

  init(argument text: String, flag: String = "--as-of") throws {
    if let day = LocalDate(iso: text) {
      self = .day(day)
    } else if let instant = parseInstant(text) {
      self = .time(instant)
    } else {
      throw ValidationError(
        Speech.say(
          en: "\(flag) '\(text)' is neither a day (2026-11-24) nor a time with an offset"
            + " (2026-11-24T16:00:00+01:00).",
          cs: "\(flag) '\(text)' není den (2026-11-24) ani čas s posunem"
            + " (2026-11-24T16:00:00+01:00)."))
    }
  }

  /// The moment it names, exclusive for a day (the next day's first instant), and how a report
  /// says it.
  func end(in zone: ReportZone, language: Language = .en) -> (
    instant: Instant, description: String
  ) {
    let words = Words(language)
    switch self {
    case .day(let day):
      return (
        zone.startOfDay(day.adding(days: 1)),
        language.pick(en: "end of \(words.date(day))", cs: "konec dne \(words.date(day))")
      )
    case .time(let instant): return (instant, words.instant(instant, in: zone))
    }
  }
}

/// `--from`/`--to` (whole local days, both inclusive) or `--period`.
struct PeriodOptions: ParsableArguments {
  @OptionGroup var days: DayRangeOptions
  var from: LocalDate? { days.from }
  var to: LocalDate? { days.to }

  @Option(
    help: ArgumentHelp(
      "Instead of --from/--to: 2026-10, 2026-Q4, 2026, 2026-10-05, 'this month', 'last month',"
        + " 'this quarter', 'last quarter', 'this year' or 'last year'.",
      valueName: "period"))
  var period: String?

  static let periodForms =
    "2026-10, 2026-Q4, 2026, 2026-10-05, 'this month', 'last month', 'this quarter',"
    + " 'last quarter', 'this year' or 'last year'"

  func validate() throws {
    switch (from, to, period) {
    case (nil, nil, nil):
      throw ValidationError(
        Speech.say(
          en: "say which days: --from D --to D, or --period (e.g. --period 2026-10).",
          cs: "uveďte, které dny: --from D --to D, nebo --period (např. --period 2026-10)."))
    case (_, _, let period?):
      if from != nil || to != nil {
        throw ValidationError(
          Speech.say(
            en: "--period and --from/--to both say which days; give one of them.",
            cs: "--period i --from/--to určují dny; uveďte jen jedno z nich."))
      }
      if Period.parse(period, now: Instant(seconds: 0), zone: .utc) == nil {
        throw ValidationError(
          Speech.say(
            en: "--period '\(period)' is not a period; use \(Self.periodForms).",
            cs: "--period '\(period)' není období; použijte \(Self.periodForms)."))
      }
    case (nil, _, nil):
      throw ValidationError(
        Speech.say(
          en: "--to needs --from: both days are inclusive.",
          cs: "--to potřebuje --from: oba dny se počítají."))
    case (_, nil, nil):
      throw ValidationError(
        Speech.say(
          en: "--from needs --to: both days are inclusive.",
          cs: "--from potřebuje --to: oba dny se počítají."))
    case (let from?, let to?, nil):
      if to < from {
        throw ValidationError(
          Speech.say(
            en: "--to \(to) is before --from \(from); both days are inclusive, so --to must be on"
              + " or after --from.",
            cs: "--to \(to) je před --from \(from); oba dny se počítají, --to tedy musí být"
              + " v týž den jako --from nebo po něm."))
      }
    }
  }

  /// The interval in `zone`; relative periods are resolved against `now`.
  func resolve(in zone: ReportZone, now: Instant) -> Period {
    if let period { return Period.parse(period, now: now, zone: zone)! }
    return Period(from: from!, through: to!, zone: zone)
  }
}
