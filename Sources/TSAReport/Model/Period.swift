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

  /// `2026-10-01 00:00 +02:00 … 2026-11-01 00:00 +01:00`
  public var resolvedDescription: String {
    "\(zone.format(start)) … \(zone.format(end))"
  }
}
