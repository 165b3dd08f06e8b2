import Foundation

/// A report's interval: whole local days `[first 00:00, last + 1 00:00)` in one zone.
public struct Period: Sendable, Equatable {
  public let firstDay: LocalDate
  public let lastDay: LocalDate
  public let zone: ReportZone
  public let start: Instant
  public let end: Instant

  /// `--from first --to last`, both inclusive.
  public init(from firstDay: LocalDate, through lastDay: LocalDate, zone: ReportZone) {
    self.firstDay = firstDay
    self.lastDay = lastDay
    self.zone = zone
    start = zone.startOfDay(firstDay)
    end = zone.startOfDay(lastDay.adding(days: 1))
  }

  public func contains(_ instant: Instant) -> Bool { start <= instant && instant < end }
}

extension Period {
  /// Resolves `--period`: `2026-10`, `2026-Q4`, `2026`, `2026-10-05`, `this month`,
  /// `last month`, `this quarter`, `last quarter`, `this year`, `last year` (relative ones
  /// against `now` in `zone`). Nil when the text is none of these.
  public static func parse(_ text: String, now: Instant, zone: ReportZone) -> Period? {
    let spec = text.trimmingCharacters(in: .whitespaces).lowercased()
    let today = zone.localDate(of: now)
    func months(_ first: LocalDate, _ count: Int) -> Period {
      Period(from: first, through: first.adding(months: count).adding(days: -1), zone: zone)
    }
    let thisQuarter = LocalDate(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1)!
    let thisYear = LocalDate(year: today.year, month: 1, day: 1)!
    switch spec {
    case "this month": return months(today.firstOfMonth, 1)
    case "last month": return months(today.firstOfMonth.adding(months: -1), 1)
    case "this quarter": return months(thisQuarter, 3)
    case "last quarter": return months(thisQuarter.adding(months: -3), 3)
    case "this year": return months(thisYear, 12)
    case "last year": return months(thisYear.adding(years: -1), 12)
    default: break
    }
    if let day = LocalDate(iso: spec) { return Period(from: day, through: day, zone: zone) }
    let parts = spec.split(separator: "-", omittingEmptySubsequences: false)
    // Digits only: Int() would take `+1` for 1, and `2026-+1` for January.
    func digits(_ text: Substring) -> Int? {
      text.utf8.allSatisfy { (0x30...0x39).contains($0) } ? Int(text) : nil
    }
    guard let first = parts.first, first.count == 4, let year = digits(first), year > 0 else {
      return nil
    }
    switch parts.count {
    case 1: return months(LocalDate(year: year, month: 1, day: 1)!, 12)
    case 2 where parts[1].count == 2 && parts[1].first == "q":
      guard let quarter = digits(parts[1].dropFirst()), (1...4).contains(quarter) else {
        return nil
      }
      return months(LocalDate(year: year, month: quarter * 3 - 2, day: 1)!, 3)
    case 2 where parts[1].count == 2:
      guard let month = digits(parts[1]), let first = LocalDate(year: year, month: month, day: 1)
      else {
        return nil
      }
      return months(first, 1)
    default: return nil
    }
  }
}
