/// A place in stamp order: stamps are ordered by time, then user id, then id.
public struct StampKey: Comparable, Hashable, Sendable {
  public var time: Int64
  public var user: Int64
  public var id: Int64

  public init(time: Int64, user: Int64, id: Int64) {
    self.time = time
    self.user = user
    self.id = id
  }

  public static func < (a: StampKey, b: StampKey) -> Bool {
    (a.time, a.user, a.id) < (b.time, b.user, b.id)
  }

  /// The first key at or after `instant`.
  public static func at(_ instant: Instant) -> StampKey {
    StampKey(time: instant.microseconds, user: .min, id: .min)
  }
}

/// The stamps `[from, to)` (in stamp order) of a contract, all drawn from one package or all
/// unfunded: a piece of the ledger's allocation.
public struct LedgerPiece: Equatable, Sendable {
  public var contractID: Int64
  public var package: Int64?
  public var from: StampKey
  public var to: StampKey
  /// How many stamps the piece holds.
  public var stamps: Int64

  public init(contractID: Int64, package: Int64?, from: StampKey, to: StampKey, stamps: Int64) {
    self.contractID = contractID
    self.package = package
    self.from = from
    self.to = to
    self.stamps = stamps
  }
}
