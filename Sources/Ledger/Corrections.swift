import Foundation
import TSAModel

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
  public var description: String { description(in: .en) }

  /// The same in `language`.
  public func description(in language: Language) -> String {
    guard !moves.isEmpty else {
      return language.pick(
        en: "No stamp moves: each is drawn from the package it was.",
        cs: "Žádné razítko se nepřesouvá: každé se čerpá z balíčku jako dosud.")
    }
    let byContract = Dictionary(grouping: moves, by: \.contractCode)
    return byContract.keys.sorted().map { code in
      language.pick(en: "Stamps drawn (\(code)): ", cs: "Čerpaná razítka (\(code)): ")
        + byContract[code]!.map { move in
          let from =
            move.package.map { language.pick(en: "package \($0)", cs: "balíček \($0)") }
            ?? language.pick(en: "unfunded", cs: "nekrytá")
          return "\(from): \(move.before) → \(move.after)"
        }.joined(separator: "; ") + "."
    }.joined(separator: "\n")
  }
}
