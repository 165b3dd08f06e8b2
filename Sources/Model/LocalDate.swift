/// A calendar date with no time and no zone: a package's paid or valid-until day, a report's
/// `--from` day, the day a stamp falls on in the report's zone.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var year: Int
  public var month: Int
  public var day: Int

  /// Builds a date, or nil when the day does not exist (2026-02-30).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD` exactly; anything else is nil.
  public init?(iso text: some StringProtocol) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// The date `days` days after 1970-01-01 (negative before it).
  public init(daysSinceEpoch days: Int64) {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    year = Int(yoe + era * 400 + (m <= 2 ? 1 : 0))
    month = Int(m)
    day = Int(d)
  }

  /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
  public var daysSinceEpoch: Int64 {
    let y = Int64(month <= 2 ? year - 1 : year)
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let m = Int64(month)
    let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  public func adding(days: Int) -> LocalDate {
    LocalDate(daysSinceEpoch: daysSinceEpoch + Int64(days))
  }

  /// Adds calendar months; a day past the end of the target month is clamped to its last day
  /// (2024-02-29 plus 12 months is 2025-02-28).
  public func adding(months: Int) -> LocalDate {
    let index = year * 12 + (month - 1) + months
    let y = index.floorDivided(by: 12)
    let m = index - y * 12 + 1
    return LocalDate(year: y, month: m, day: min(day, LocalDate.daysIn(month: m, year: y)))!
  }

  public func adding(years: Int) -> LocalDate { adding(months: years * 12) }

  /// The first day of this date's month.
  public var firstOfMonth: LocalDate { LocalDate(year: year, month: month, day: 1)! }

  /// Monday of this date's ISO week.
  public var mondayOfWeek: LocalDate {
    // 1970-01-01 was a Thursday: (days + 3) mod 7 is 0 on Mondays.
    let weekday = (daysSinceEpoch + 3).floorModulo(7)
    return adding(days: -Int(weekday))
  }

  public var iso: String {
    func pad(_ n: Int, _ width: Int) -> String {
      let s = String(n)
      return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  public var description: String { iso }

  public static func < (a: LocalDate, b: LocalDate) -> Bool {
    (a.year, a.month, a.day) < (b.year, b.month, b.day)
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }
}

extension Int {
  package func floorDivided(by divisor: Int) -> Int {
    let (q, r) = quotientAndRemainder(dividingBy: divisor)
    return r < 0 ? q - 1 : q
  }
}

extension Int64 {
  package func floorModulo(_ divisor: Int64) -> Int64 {
    let r = self % divisor
    return r < 0 ? r + divisor : r
  }
}

extension LocalDate {
  /// The day as `language` writes it: `2026-10-31`; in Czech `31. 10. 2026`.
  public func written(in language: Language) -> String {
    language.pick(en: iso, cs: "\(day). \(month). \(year)")
  }
}
