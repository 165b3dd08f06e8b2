/// A moment in UTC, counted in microseconds since 1970-01-01T00:00:00Z.
///
/// Stamps are stored this way: exact, sortable, and cheap to compare in SQL. Fractions of a
/// second survive (RFC 3161 `genTime` may carry them).
public struct Instant: Hashable, Comparable, Sendable {
  public var microseconds: Int64

  public init(microseconds: Int64) { self.microseconds = microseconds }

  public init(seconds: Int64) { self.microseconds = seconds * 1_000_000 }

  /// Whole seconds since the epoch, rounded down (also for instants before 1970).
  public var seconds: Int64 { microseconds.floorDivided(by: 1_000_000) }

  public static func < (a: Instant, b: Instant) -> Bool { a.microseconds < b.microseconds }

  public func adding(seconds: Int64) -> Instant {
    Instant(microseconds: microseconds + seconds * 1_000_000)
  }
}

extension Int64 {
  /// Division rounding towards negative infinity, as calendars need.
  func floorDivided(by divisor: Int64) -> Int64 {
    let (q, r) = quotientAndRemainder(dividingBy: divisor)
    return r < 0 ? q - 1 : q
  }
}
