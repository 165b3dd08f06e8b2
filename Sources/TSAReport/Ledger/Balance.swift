/// Where a package stands.
public enum PackageStatus: String, Sendable {
  case unpaid, active, exhausted, expired
}

/// One package's share of its contract's stamps.
public struct PackageBalance: Sendable, Equatable {
  public var package: Package
  public var used: Int64
  public var remaining: Int64
  public var status: PackageStatus
}

/// A contract's packages and the stamps no package covers.
public struct ContractBalance: Sendable, Equatable {
  public var contractCode: String
  public var packages: [PackageBalance]
  /// Stamps granted that no paid package covers: counted, and flagged.
  public var unfunded: Int64

  public var stamps: Int64 {
    packages.filter { $0.status != .unpaid }.reduce(0) { $0 + $1.package.stamps }
  }
  public var used: Int64 { packages.reduce(0) { $0 + $1.used } }
  public var remaining: Int64 { packages.reduce(0) { $0 + $1.remaining } }
}

/// Draws stamps from packages. This first ledger fills each contract's paid packages in the
/// order they expire (then the earliest paid, then the lowest id).
public enum Ledger {
  public static func balances(
    packages: [Package], stampsByContract: [String: Int64], today: LocalDate
  ) -> [ContractBalance] {
    let contracts = Set(packages.map(\.contractCode)).union(stampsByContract.keys).sorted()
    return contracts.map { code in
      var left = stampsByContract[code, default: 0]
      let usable = packages.filter { $0.contractCode == code && $0.isPaid(by: today) }
        .sorted(by: drawOrder)
      var used: [Int64: Int64] = [:]
      for package in usable {
        let take = min(left, package.stamps)
        used[package.id] = take
        left -= take
      }
      let rows = packages.filter { $0.contractCode == code }.map { package in
        let drawn = used[package.id, default: 0]
        let remaining = package.isPaid(by: today) ? package.stamps - drawn : 0
        let status: PackageStatus =
          !package.isPaid(by: today)
          ? .unpaid
          : remaining == 0
            ? .exhausted : (package.validUntil.map { $0 < today } ?? false) ? .expired : .active
        return PackageBalance(package: package, used: drawn, remaining: remaining, status: status)
      }
      return ContractBalance(contractCode: code, packages: rows, unfunded: left)
    }
  }

  /// The package a stamp is drawn from first: the one that expires first, then the earliest
  /// paid, then the lowest id.
  static func drawOrder(_ a: Package, _ b: Package) -> Bool {
    let keyA = (a.validUntil ?? .distantFuture, a.paid ?? .distantFuture, a.id)
    let keyB = (b.validUntil ?? .distantFuture, b.paid ?? .distantFuture, b.id)
    return keyA < keyB
  }
}

extension Package {
  func isPaid(by day: LocalDate) -> Bool { paid.map { $0 <= day } ?? false }
}

extension LocalDate {
  static let distantFuture = LocalDate(year: 9999, month: 12, day: 31)!
}
