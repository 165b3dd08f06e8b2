import Foundation

/// The IANA time zone reports are made in: it decides which local day and month a stamp
/// belongs to, across daylight-saving changes (a local day may last 23 or 25 hours).
public struct ReportZone: Sendable, Equatable {
  public let timeZone: TimeZone
  /// The name the zone was asked for by (Foundation would call UTC "GMT").
  public let identifier: String

  /// The zone with this IANA name, or nil when there is no such zone.
  public init?(identifier: String) {
    // Foundation also accepts abbreviations ("CET") and GMT offsets; we ask for IANA names.
    guard identifier.contains("/") || identifier == "UTC",
      let zone = TimeZone(identifier: identifier)
    else { return nil }
    timeZone = zone
    self.identifier = identifier
  }

  public init(_ timeZone: TimeZone) {
    self.timeZone = timeZone
    identifier = timeZone.identifier
  }

  public static let utc = ReportZone(identifier: "UTC")!

  /// The zone the `TZ` environment variable names, read as glibc reads it: `Europe/Prague` or
  /// `:Europe/Prague` (an IANA name), or a POSIX rule of a fixed offset, `UTC+5` or `EST5` —
  /// hours *west* of UTC, so `UTC+5` is Etc/GMT+5, five hours behind UTC. Nil for anything else
  /// (a rule with daylight saving, `CET-1CEST`; a file path): the caller says so rather than guess.
  public init?(tzVariable: String) {
    var text = Substring(tzVariable)
    if text.hasPrefix(":") { text = text.dropFirst() }
    if let zone = ReportZone(identifier: String(text)) {
      self = zone
      return
    }
    if text == "GMT" || text == "UCT" || text == "Zulu" {
      self = .utc
      return
    }
    // STD offset: a name of three or more letters, then [+-]hours (0 to 12 here: the Etc zones).
    let name = text.prefix { $0.isASCII && $0.isLetter }
    var offset = text.dropFirst(name.count)
    guard name.count >= 3 else { return nil }
    let sign = offset.first == "-" ? "-" : "+"
    if offset.first == "-" || offset.first == "+" { offset = offset.dropFirst() }
    guard !offset.isEmpty, offset.count <= 2, offset.allSatisfy({ $0.isASCII && $0.isNumber }),
      let hours = Int(offset), hours <= 12
    else { return nil }
    guard hours > 0 else {
      self = .utc
      return
    }
    guard let zone = ReportZone(identifier: "Etc/GMT\(sign)\(hours)") else { return nil }
    self = zone
  }

  /// Seconds east of UTC in force at `instant`.
  public func offset(at instant: Instant) -> Int64 {
    Int64(timeZone.secondsFromGMT(for: instant.date))
  }

  /// The local calendar date of `instant`.
  public func localDate(of instant: Instant) -> LocalDate {
    LocalDate(daysSinceEpoch: (instant.seconds + offset(at: instant)).floorDivided(by: 86_400))
  }

  /// The first instant of `date` in this zone: local midnight, or the end of the
  /// daylight-saving gap on the rare days whose midnight does not exist.
  public func startOfDay(_ date: LocalDate) -> Instant {
    let wall = date.daysSinceEpoch * 86_400
    // An offset can change at most once within a couple of days of any date.
    let before = offset(at: Instant(seconds: wall - 2 * 86_400))
    let after = offset(at: Instant(seconds: wall + 2 * 86_400))
    let candidates = Set([before, after]).map { Instant(seconds: wall - $0) }
      .filter { offset(at: $0) == wall - $0.seconds }
    if let earliest = candidates.min() { return earliest }
    // Midnight falls into a gap: the day begins at the transition itself.
    let transition = timeZone.nextDaylightSavingTimeTransition(
      after: Instant(seconds: wall - before - 86_400).date)
    return transition.map { Instant(seconds: Int64($0.timeIntervalSince1970)) }
      ?? Instant(seconds: wall - before)
  }

  /// The instant of a local wall time given as seconds since 1970-01-01 00:00 local: in the
  /// hour repeated when clocks go back, its first occurrence; in the hour skipped when they go
  /// forward, as if the clocks had not changed yet.
  public func instant(ofWall wall: Int64) -> Instant {
    let before = offset(at: Instant(seconds: wall - 2 * 86_400))
    let after = offset(at: Instant(seconds: wall + 2 * 86_400))
    let candidates = Set([before, after]).map { Instant(seconds: wall - $0) }
      .filter { offset(at: $0) == wall - $0.seconds }
    return candidates.min() ?? Instant(seconds: wall - before)
  }

  /// Splits `[start, end)` into pieces with a constant UTC offset, so that SQL can bucket
  /// stamps by local day with plain arithmetic.
  public func constantOffsetRuns(from start: Instant, to end: Instant) -> [OffsetRun] {
    var runs: [OffsetRun] = []
    var cursor = start
    while cursor < end {
      let next = timeZone.nextDaylightSavingTimeTransition(after: cursor.date)
        .map { Instant(seconds: Int64($0.timeIntervalSince1970.rounded(.up))) }
      let runEnd = min(next ?? end, end)
      runs.append(OffsetRun(start: cursor, end: runEnd, offsetSeconds: offset(at: cursor)))
      cursor = runEnd
    }
    return runs
  }

  /// `2026-10-01 00:00 +02:00`: local wall time with its offset.
  public func format(_ instant: Instant) -> String {
    let off = offset(at: instant)
    let wall = instant.seconds + off
    let date = LocalDate(daysSinceEpoch: wall.floorDivided(by: 86_400))
    let secondOfDay = wall.floorModulo(86_400)
    let sign = off < 0 ? "-" : "+"
    return "\(date.iso) \(twoDigits(secondOfDay / 3600)):\(twoDigits(secondOfDay % 3600 / 60)) "
      + "\(sign)\(twoDigits(abs(off) / 3600)):\(twoDigits(abs(off) % 3600 / 60))"
  }
}

/// A stretch of time `[start, end)` during which a zone's UTC offset does not change.
public struct OffsetRun: Sendable, Equatable {
  public var start: Instant
  public var end: Instant
  public var offsetSeconds: Int64
}

package func twoDigits(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }

extension Instant {
  package var date: Date { Date(timeIntervalSince1970: Double(microseconds) / 1_000_000) }
}

extension ReportZone {
  /// An instant in this zone with its offset, as `language` writes it: `2026-10-01 00:00 +02:00`;
  /// in Czech `1. 10. 2026 00:00 +02:00`.
  public func format(_ instant: Instant, in language: Language) -> String {
    let text = format(instant)
    guard language != .en else { return text }
    return localDate(of: instant).written(in: language) + text.dropFirst(10)
  }
}
