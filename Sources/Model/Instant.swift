/// A moment in UTC, counted in microseconds since 1970-01-01T00:00:00Z.
///
/// Stamps are stored this way: exact, sortable, and cheap to compare in SQL. Fractions of a
/// second survive (RFC 3161 `genTime` may carry them).
public struct Instant: Hashable, Comparable, Sendable {
  public var microseconds: Int64

  public init(microseconds: Int64) { self.microseconds = microseconds }

  /// The widest UTC offset a time may carry, ±14:00 (Kiribati's +14:00 is the widest in use):
  /// a time beyond it is unreadable, never moved by days.
  package static let maxOffsetMinutes = 14 * 60

  public init(seconds: Int64) { self.microseconds = seconds * 1_000_000 }

  /// Whole seconds since the epoch, rounded down (also for instants before 1970).
  public var seconds: Int64 { microseconds.floorDivided(by: 1_000_000) }

  public static func < (a: Instant, b: Instant) -> Bool { a.microseconds < b.microseconds }

  public func adding(seconds: Int64) -> Instant {
    Instant(microseconds: microseconds + seconds * 1_000_000)
  }

  public func adding(microseconds delta: Int64) -> Instant {
    Instant(microseconds: microseconds + delta)
  }
}

extension Int64 {
  /// Division rounding towards negative infinity, as calendars need.
  package func floorDivided(by divisor: Int64) -> Int64 {
    let (q, r) = quotientAndRemainder(dividingBy: divisor)
    return r < 0 ? q - 1 : q
  }
}

/// Parses RFC 3339 / ISO 8601 times as logs write them: `2026-11-25T14:35:50+00:00`,
/// `2026-11-25T14:35:50.123456Z`, `2026-11-25 14:35:50+0100`. An offset is required: a time
/// without one could be in any zone.
public func parseInstant(_ text: String) -> Instant? {
  let bytes = Array(text.utf8)
  guard bytes.count >= 20 else { return nil }
  func digits(_ at: Int, _ count: Int) -> Int? {
    guard at + count <= bytes.count else { return nil }
    var value = 0
    for byte in bytes[at..<at + count] {
      guard (0x30...0x39).contains(byte) else { return nil }
      value = value * 10 + Int(byte - 0x30)
    }
    return value
  }
  guard bytes[4] == 0x2D, bytes[7] == 0x2D, [0x54, 0x74, 0x20].contains(bytes[10]),
    bytes[13] == 0x3A,
    bytes[16] == 0x3A,
    let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
    let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
    hour < 24, minute < 60, second < 61,
    let date = LocalDate(year: year, month: month, day: day)
  else { return nil }
  var i = 19
  var micros: Int64 = 0
  if i < bytes.count, bytes[i] == 0x2E {
    i += 1
    var scale: Int64 = 100_000
    let start = i
    while i < bytes.count, (0x30...0x39).contains(bytes[i]) {
      micros += Int64(bytes[i] - 0x30) * scale
      scale /= 10
      i += 1
    }
    guard i > start else { return nil }
  }
  guard i < bytes.count else { return nil }
  var offset: Int64 = 0
  if bytes[i] == 0x5A || bytes[i] == 0x7A {
    guard i + 1 == bytes.count else { return nil }
  } else {
    guard bytes[i] == 0x2B || bytes[i] == 0x2D, let hours = digits(i + 1, 2) else { return nil }
    let colon = i + 3 < bytes.count && bytes[i + 3] == 0x3A ? 1 : 0
    guard let minutes = digits(i + 3 + colon, 2), i + 5 + colon == bytes.count, minutes < 60,
      hours * 60 + minutes <= Instant.maxOffsetMinutes
    else { return nil }
    offset = Int64(hours * 3600 + minutes * 60) * (bytes[i] == 0x2D ? -1 : 1)
  }
  // A leap second (:60) is the last moment of its minute: it stays in its day, month and year.
  if second == 60 { micros = 999_999 }
  let wall = date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
  return Instant(microseconds: (wall - offset) * 1_000_000 + micros)
}
