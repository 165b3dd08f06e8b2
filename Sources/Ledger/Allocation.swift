import TSAModel

/// A package as the ledger sees it: how many stamps, when it can be drawn from, and its place
/// in the drawing order.
struct LedgerPackage: Sendable, Equatable {
  var id: Int64
  var stamps: Int64
  /// `[paid day 00:00, day after valid-until 00:00)` in the books' zone; nil while unpaid.
  var window: Range<Instant>?
  var validUntil: LocalDate
  var paid: LocalDate

  init(
    id: Int64, stamps: Int64, window: Range<Instant>?, validUntil: LocalDate, paid: LocalDate
  ) {
    self.id = id
    self.stamps = stamps
    self.window = window
    self.validUntil = validUntil
    self.paid = paid
  }

  /// The package with the smaller key is drawn from first: it expires first, then it was paid
  /// first, then it has the lower id.
  var drawKey: (LocalDate, LocalDate, Int64) { (validUntil, paid, id) }
}

/// A stretch of time in which the set of usable packages does not change, with the number of
/// stamps in it.
struct Segment: Sendable, Equatable {
  var start: Instant
  var end: Instant
  var stamps: Int64
}

/// Stamps `fromRank..<toRank` (0 is the segment's first stamp in stamp order) of segment
/// `segment` are drawn from `package`, or are unfunded when it is nil.
struct RankPiece: Sendable, Equatable {
  var segment: Int
  var fromRank: Int64
  var toRank: Int64
  var package: Int64?
}

/// Draws a contract's stamps from its packages (the README, "The ledger"): each stamp, in time order, from
/// the usable package with stamps left that expires first (then the earliest paid, then the
/// lowest id); a stamp no package covers is unfunded. Between two package boundaries the usable
/// set is fixed, so the drawing depends only on how many stamps each stretch holds: this is a
/// pure function of those counts, and a late stamp changes it exactly as if it had come in order.
enum Allocation {
  /// The instants where some package starts or stops being usable, in order.
  static func boundaries(_ packages: [LedgerPackage]) -> [Instant] {
    Set(packages.compactMap(\.window).flatMap { [$0.lowerBound, $0.upperBound] }).sorted()
  }

  /// The stretches between boundaries, from the beginning of time to its end.
  static func segmentRanges(_ boundaries: [Instant]) -> [Range<Instant>] {
    let edges = [Instant(microseconds: .min)] + boundaries + [Instant(microseconds: .max)]
    return zip(edges, edges.dropFirst()).map { $0..<$1 }
  }

  static func allocate(packages: [LedgerPackage], segments: [Segment]) -> [RankPiece] {
    var left = Dictionary(uniqueKeysWithValues: packages.map { ($0.id, $0.stamps) })
    let order = packages.sorted { $0.drawKey < $1.drawKey }
    var pieces: [RankPiece] = []
    for (index, segment) in segments.enumerated() where segment.stamps > 0 {
      var cursor: Int64 = 0
      for package in order where cursor < segment.stamps {
        guard let window = package.window, window.lowerBound <= segment.start,
          segment.end <= window.upperBound, left[package.id]! > 0
        else { continue }
        let take = min(left[package.id]!, segment.stamps - cursor)
        pieces.append(
          RankPiece(segment: index, fromRank: cursor, toRank: cursor + take, package: package.id))
        left[package.id]! -= take
        cursor += take
      }
      if cursor < segment.stamps {
        pieces.append(
          RankPiece(segment: index, fromRank: cursor, toRank: segment.stamps, package: nil))
      }
    }
    return pieces
  }
}
