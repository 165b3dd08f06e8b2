import Foundation

/// Where stamps are drawn from before and after a correction of the books: a package edited or
/// removed moves stamps between packages (or leaves them unfunded), and the person who did it
/// is told what moved where.
public struct LedgerShift: Sendable, Equatable {
  public struct Move: Sendable, Equatable {
    public var contractCode: String
    /// Nil: the contract's unfunded stamps.
    public var package: Int64?
    public var before: Int64
    public var after: Int64
  }

  public var moves: [Move]

  /// Every package whose drawn stamps changed, and every contract whose unfunded ones did.
  public init(before: [ContractBalance], after: [ContractBalance]) {
    func drawn(_ balances: [ContractBalance]) -> [String: [Int64?: Int64]] {
      var result: [String: [Int64?: Int64]] = [:]
      for contract in balances {
        var counts: [Int64?: Int64] = [nil: contract.unfunded]
        for item in contract.packages { counts[item.package.id] = item.used }
        result[contract.contractCode] = counts
      }
      return result
    }
    let old = drawn(before)
    let new = drawn(after)
    var moves: [Move] = []
    for code in Set(old.keys).union(new.keys).sorted() {
      let keys = Set((old[code] ?? [:]).keys).union((new[code] ?? [:]).keys)
        .sorted { ($0 ?? .max) < ($1 ?? .max) }
      for key in keys {
        let before = old[code]?[key] ?? 0
        let after = new[code]?[key] ?? 0
        if before != after {
          moves.append(Move(contractCode: code, package: key, before: before, after: after))
        }
      }
    }
    self.moves = moves
  }

  /// `Stamps drawn (F2112000371): package 2: 193 → 0; package 3: 0 → 193.`, or that none moved.
  public var description: String {
    guard !moves.isEmpty else { return "No stamp moves: each is drawn from the package it was." }
    let byContract = Dictionary(grouping: moves, by: \.contractCode)
    return byContract.keys.sorted().map { code in
      "Stamps drawn (\(code)): "
        + byContract[code]!.map { move in
          "\(move.package.map { "package \($0)" } ?? "unfunded"): \(move.before) → \(move.after)"
        }.joined(separator: "; ") + "."
    }.joined(separator: "\n")
  }
}
