import Foundation

/// Every stamp of a period, one by one: local time, user, contract, package, source, serial.
/// Held compactly, a few dozen bytes a stamp, and turned into report rows a batch at a time: a
/// month can hold millions of stamps, too many to hold as rows.
public struct StampList: Sendable {
  /// Title, facts and columns; the rows come from `forEachBatch`.
  public let report: Report
  private let stamps: [ListedStamp]
  private let runs: [OffsetRun]
  private let words: Words

  public var count: Int { stamps.count }

  /// `stamps` in time order.
  init(period: Period, stamps: [ListedStamp], words: Words) {
    self.stamps = stamps
    self.words = words
    runs = period.zone.constantOffsetRuns(from: period.start, to: period.end)
    report = Report(
      title: words("TSA stamps, one by one"),
      facts: [
        (words("Interval"), period.resolvedDescription),
        (words("Time zone"), period.zone.identifier),
      ],
      table: ReportTable(
        columns: [
          words.column("local_time", "Local time"), words.column("user", "User"),
          words.column("contract", "Contract"), words.column("package", "Package"),
          words.column("source", "Source"), words.column("serial", "Serial"),
        ],
        rows: []),
      notes: [], moment: period.end)
  }

  /// The rows, `size` at a time, in time order; the last batch ends with the total row.
  public func forEachBatch(of size: Int = 4096, _ body: ([Row]) throws -> Void) rethrows {
    // The stamps come in time order: walk the period's constant-offset runs alongside instead of
    // asking the time zone about every stamp.
    var run = 0
    var start = 0
    let unfunded = Cell.text(words("unfunded"))
    repeat {
      let end = min(start + size, stamps.count)
      var rows = stamps[start..<end].map { stamp -> Row in
        while run + 1 < runs.count && runs[run].end <= stamp.time { run += 1 }
        let wall = stamp.time.seconds + (runs.isEmpty ? 0 : runs[run].offsetSeconds)
        return Row(
          .body,
          [
            .dateTime(
              LocalDate(daysSinceEpoch: wall.floorDivided(by: 86_400)),
              secondOfDay: Int(wall.floorModulo(86_400))),
            .text(stamp.user), .text(stamp.contract),
            stamp.package.map { .integer($0) } ?? unfunded,
            .text(stamp.source), .text(stamp.serial ?? ""),
          ])
      }
      if end == stamps.count {
        rows.append(
          Row(
            .total,
            [
              .text(words("Total")), .text(words.stamps(Int64(stamps.count))), .empty, .empty,
              .empty, .empty,
            ]))
      }
      try body(rows)
      start = end
    } while start < stamps.count
  }
}
