import Foundation
import TSAModel

/// The list of every stamp of a period, one by one: local time (with its offset from UTC where
/// the local time alone is ambiguous: the repeated autumn hour's two 02:30 differ by it), user,
/// contract, package and its invoice reference, source, serial. A month can hold millions of stamps, too many to hold as rows: the list is
/// its title, facts and columns, and turns stamps into rows a batch at a time as they are read.
public struct StampList: Sendable {
  /// Title, facts and columns; no rows.
  public let report: Report
  /// Stamps in the list.
  public let count: Int
  private let runs: [OffsetRun]
  private let words: Words
  private let refs: [Int64: String]

  package init(period: Period, count: Int, refs: [Int64: String], words: Words) {
    self.count = count
    self.words = words
    self.refs = refs
    runs = period.zone.constantOffsetRuns(from: period.start, to: period.end)
    report = Report(
      title: words[.stampListTitle],
      facts: [
        words.fact("interval", .interval) { $0.interval(period) },
        Fact("time_zone", words[.timeZone], period.zone.identifier),
      ],
      table: ReportTable(
        columns: [
          words.column("local_time", .localTime), words.column("utc_offset", .utcOffset),
          words.column("user", .user), words.column("contract", .contract),
          words.column("package", .package), words.column("ref", .ref),
          words.column("source", .source), words.column("serial", .serial),
        ],
        rows: []),
      notes: [], moment: period.end, language: words.language)
  }

  /// Hands each stamp's cells to `body` in one buffer used again for every stamp: a month of a
  /// million stamps makes no million rows (the workbook's sheet of stamps is written this way).
  package func forEachRow(_ stamps: [ListedStamp], _ body: ([Cell]) -> Void) {
    // Walk the period's constant-offset runs alongside instead of asking the time zone about
    // every stamp.
    var run = 0
    let unfunded = words.term(.unfundedValue)
    let offsets = runs.map { Cell.text(Self.offsetText($0.offsetSeconds)) }
    let refCells = refs.mapValues { Cell.text($0) }
    var cells = [Cell](repeating: .empty, count: 8)
    for stamp in stamps {
      while run + 1 < runs.count && runs[run].end <= stamp.time { run += 1 }
      let wall = stamp.time.seconds + (runs.isEmpty ? 0 : runs[run].offsetSeconds)
      cells[0] = .dateTime(
        LocalDate(daysSinceEpoch: wall.floorDivided(by: 86_400)),
        secondOfDay: Int(wall.floorModulo(86_400)))
      cells[1] = isAmbiguous(wall: wall, run: run) ? offsets[run] : .empty
      cells[2] = .text(stamp.user)
      cells[3] = .text(stamp.contract)
      cells[4] = stamp.package.map { .integer($0) } ?? unfunded
      cells[5] = stamp.package.flatMap { refCells[$0] } ?? .empty
      cells[6] = .text(stamp.source)
      cells[7] = .text(stamp.serial ?? "")
      body(cells)
    }
  }

  /// The rows of these stamps of the list, in time order.
  package func rows(_ stamps: [ListedStamp]) -> [Row] {
    var rows: [Row] = []
    rows.reserveCapacity(stamps.count)
    forEachRow(stamps) { rows.append(Row(.body, $0)) }
    return rows
  }

  /// Whether the local wall time `wall` (seconds) of a stamp in `run` is also a wall time of a
  /// neighbouring run: the hour that repeats when the clocks go back. Only there is the offset
  /// shown (a column of offsets on every row would cost the month's workbook a fifth more).
  private func isAmbiguous(wall: Int64, run: Int) -> Bool {
    for other in [run - 1, run + 1] where runs.indices.contains(other) {
      let instant = wall - runs[other].offsetSeconds
      if runs[other].start.seconds <= instant && instant < runs[other].end.seconds { return true }
    }
    return false
  }

  /// `UTC+02:00`, `UTC-03:30`: the offset from UTC, named so (a bare `+02:00` would read as a
  /// formula to a spreadsheet, and the CSV would have to neutralise it).
  static func offsetText(_ seconds: Int64) -> String {
    let minutes = abs(seconds) / 60
    return "UTC" + (seconds < 0 ? "-" : "+") + twoDigits(minutes / 60) + ":"
      + twoDigits(minutes % 60)
  }

  /// The row under the last stamp.
  public var totalRow: Row {
    Row(
      .total,
      [
        words.term(.total), .empty, .term(String(count), text: words.stamps(Int64(count))),
        .empty, .empty, .empty, .empty, .empty,
      ])
  }
}
