import Foundation
import TSAModel

/// The list of every stamp of a period, one by one: local time, user, contract, package,
/// source, serial. A month can hold millions of stamps, too many to hold as rows: the list is
/// its title, facts and columns, and turns stamps into rows a batch at a time as they are read.
public struct StampList: Sendable {
  /// Title, facts and columns; no rows.
  public let report: Report
  /// Stamps in the list.
  public let count: Int
  private let runs: [OffsetRun]
  private let words: Words

  package init(period: Period, count: Int, words: Words) {
    self.count = count
    self.words = words
    runs = period.zone.constantOffsetRuns(from: period.start, to: period.end)
    report = Report(
      title: words[.stampListTitle],
      facts: [
        Fact("interval", words[.interval], words.interval(period)),
        Fact("time_zone", words[.timeZone], period.zone.identifier),
      ],
      table: ReportTable(
        columns: [
          words.column("local_time", .localTime), words.column("user", .user),
          words.column("contract", .contract), words.column("package", .package),
          words.column("source", .source), words.column("serial", .serial),
        ],
        rows: []),
      notes: [], moment: period.end, language: words.language)
  }

  /// Hands each stamp's cells to `body` in one buffer used again for every stamp: a month of a
  /// million stamps makes no million rows (the workbook's sheet of stamps is written this way).
  package func forEachRow(_ stamps: [ListedStamp], _ body: ([Cell]) -> Void) {
    var run = 0
    let unfunded = Cell.text(words[.unfundedValue])
    var cells = [Cell](repeating: .empty, count: 6)
    for stamp in stamps {
      while run + 1 < runs.count && runs[run].end <= stamp.time { run += 1 }
      let wall = stamp.time.seconds + (runs.isEmpty ? 0 : runs[run].offsetSeconds)
      cells[0] = .dateTime(
        LocalDate(daysSinceEpoch: wall.floorDivided(by: 86_400)),
        secondOfDay: Int(wall.floorModulo(86_400)))
      cells[1] = .text(stamp.user)
      cells[2] = .text(stamp.contract)
      cells[3] = stamp.package.map { .integer($0) } ?? unfunded
      cells[4] = .text(stamp.source)
      cells[5] = .text(stamp.serial ?? "")
      body(cells)
    }
  }

  /// The rows of these stamps of the list, in time order.
  package func rows(_ stamps: [ListedStamp]) -> [Row] {
    // Walk the period's constant-offset runs alongside instead of asking the time zone about
    // every stamp.
    var run = 0
    let unfunded = Cell.text(words[.unfundedValue])
    return stamps.map { stamp -> Row in
      while run + 1 < runs.count && runs[run].end <= stamp.time { run += 1 }
      let wall = stamp.time.seconds + (runs.isEmpty ? 0 : runs[run].offsetSeconds)
      return Row(
        .body,
        [
          .dateTime(
            LocalDate(daysSinceEpoch: wall.floorDivided(by: 86_400)),
            secondOfDay: Int(wall.floorModulo(86_400))),
          .text(stamp.user), .text(stamp.contract), stamp.package.map { .integer($0) } ?? unfunded,
          .text(stamp.source), .text(stamp.serial ?? ""),
        ])
    }
  }

  /// The row under the last stamp.
  public var totalRow: Row {
    Row(
      .total,
      [.text(words[.total]), .text(words.stamps(Int64(count))), .empty, .empty, .empty, .empty])
  }
}
