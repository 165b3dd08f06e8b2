import Foundation
import TSAModel

/// Where a package stands.
public enum PackageStatus: String, Sendable {
  case unpaid, active, exhausted, expired
}

/// One package at one moment: always `stamps = used + remaining + expired`.
public struct PackageBalance: Sendable, Equatable {
  public var package: Package
  public var used: Int64
  /// Stamps still to draw: for an unpaid package, all of them (not usable until paid).
  public var remaining: Int64
  /// Stamps left when the package's validity ended.
  public var expired: Int64
  public var status: PackageStatus
}

extension Package {
  /// What the first `n` stamps drawn from the package are worth, excluding VAT: price × n ÷
  /// stamps rounded half up to the currency's minor unit (nil without a price). Valued so, a
  /// package's parts always add up to its price.
  public func value(ofFirst n: Int64) -> Decimal? {
    guard let price, stamps > 0 else { return nil }
    return Money.rounded(price * Decimal(n) / Decimal(stamps), currency: currency)
  }
}

extension PackageBalance {
  /// The value excluding VAT of its stamps used, left (paid and usable: an advance not yet
  /// spent) and expired (written off); nil without a price, and left and expired nil while
  /// unpaid (nothing was paid yet).
  public var usedValue: Decimal? { package.value(ofFirst: used) }
  public var remainingValue: Decimal? {
    guard status != .unpaid, let price = package.price, let usedValue else { return nil }
    return status == .active ? price - usedValue : 0
  }
  public var expiredValue: Decimal? {
    guard status != .unpaid, let usedValue, let all = package.value(ofFirst: used + expired)
    else { return nil }
    return all - usedValue
  }
}

extension ContractBalance {
  /// The currency the paid, priced packages share; nil when none is priced or they differ.
  public var valueCurrency: String? {
    let currencies = Set(paid.compactMap { $0.package.price == nil ? nil : $0.package.currency })
    return currencies.count == 1 ? currencies.first : nil
  }

  /// Used, left and expired in value over the paid packages, when they share a currency.
  public var values: (used: Decimal, remaining: Decimal, expired: Decimal)? {
    guard valueCurrency != nil else { return nil }
    return paid.reduce((Decimal(0), Decimal(0), Decimal(0))) { sum, item in
      (
        sum.0 + (item.usedValue ?? 0), sum.1 + (item.remainingValue ?? 0),
        sum.2 + (item.expiredValue ?? 0)
      )
    }
  }
}

/// How long a contract's stamps last at the current pace.
public struct Runway: Sendable, Equatable {
  /// Stamps used per day over the trailing window.
  public var perDay: Decimal
  public var windowDays: Int
  /// The window's last day: the as-of day, or the newest line's day when the books are stale.
  public var windowEnd: LocalDate
  /// Whole days until the usable stamps run out; nil when nothing was used in the window.
  public var daysLeft: Int?
  public var runsOutOn: LocalDate?
}

/// A package that will expire before the current pace uses it up.
public struct ExpiryWarning: Sendable, Equatable {
  public var package: Package
  public var validUntil: LocalDate
  /// Stamps expected to be left unused when it expires.
  public var unused: Int64
}

/// A contract's packages and the stamps no package covers.
public struct ContractBalance: Sendable, Equatable {
  public var contractCode: String
  public var packages: [PackageBalance]
  /// Stamps granted that no usable package covers: counted, and flagged.
  public var unfunded: Int64
  public var runway: Runway
  public var expiryWarnings: [ExpiryWarning]

  /// Totals over the paid packages (unpaid ones are listed but not usable).
  public var stamps: Int64 { paid.reduce(0) { $0 + $1.package.stamps } }
  public var used: Int64 { paid.reduce(0) { $0 + $1.used } }
  public var remaining: Int64 { paid.reduce(0) { $0 + $1.remaining } }
  public var expired: Int64 { paid.reduce(0) { $0 + $1.expired } }
  package var paid: [PackageBalance] { packages.filter { $0.status != .unpaid } }
}

/// The books at the end of a day: what each package holds, what is left, what expired.
enum Ledger {
  /// - Parameters:
  ///   - used: stamps drawn from each package up to the end of `asOf` (by package id).
  ///   - unfunded: stamps no package covered up to then, by contract code.
  ///   - recent: stamps granted in the `windowDays` days up to the end of `windowEnd` (default
  ///     `asOf`), by contract code.
  static func balances(
    contracts: [String], packages: [Package], used: [Int64: Int64], unfunded: [String: Int64],
    recent: [String: Int64], asOf: LocalDate, windowDays: Int = 30, windowEnd: LocalDate? = nil
  ) -> [ContractBalance] {
    contracts.map { code in
      let rows = packages.filter { $0.contractCode == code }.map { package in
        balance(of: package, used: used[package.id, default: 0], asOf: asOf)
      }
      let perDay = Decimal(recent[code, default: 0]) / Decimal(windowDays)
      let remaining = rows.filter { $0.status == .active }.reduce(0) { $0 + $1.remaining }
      var runway = Runway(
        perDay: perDay, windowDays: windowDays, windowEnd: windowEnd ?? asOf, daysLeft: nil,
        runsOutOn: nil)
      if perDay > 0 {
        let days = Int(
          NSDecimalNumber(decimal: Decimal(remaining) / perDay).doubleValue.rounded(.down))
        runway.daysLeft = days
        runway.runsOutOn = asOf.adding(days: days)
      }
      return ContractBalance(
        contractCode: code, packages: rows, unfunded: unfunded[code, default: 0], runway: runway,
        expiryWarnings: expiryWarnings(rows, perDay: perDay, asOf: asOf))
    }
  }

  static func balance(of package: Package, used: Int64, asOf: LocalDate) -> PackageBalance {
    guard let paid = package.paid, paid <= asOf else {
      return PackageBalance(
        package: package, used: 0, remaining: package.stamps, expired: 0, status: .unpaid)
    }
    if let until = package.validUntil, until < asOf {
      return PackageBalance(
        package: package, used: used, remaining: 0, expired: package.stamps - used,
        status: used == package.stamps ? .exhausted : .expired)
    }
    let remaining = package.stamps - used
    return PackageBalance(
      package: package, used: used, remaining: remaining, expired: 0,
      status: remaining == 0 ? .exhausted : .active)
  }

  /// Packages that the current pace will not use up before they expire, drawing in the
  /// ledger's order.
  static func expiryWarnings(_ rows: [PackageBalance], perDay: Decimal, asOf: LocalDate)
    -> [ExpiryWarning]
  {
    let active = rows.filter { $0.status == .active }.sorted {
      ($0.package.validUntil ?? .distantFuture, $0.package.paid ?? .distantFuture, $0.package.id)
        < (
          $1.package.validUntil ?? .distantFuture, $1.package.paid ?? .distantFuture, $1.package.id
        )
    }
    var drawnBefore = Decimal(0)  // stamps the packages ahead of this one take first
    var warnings: [ExpiryWarning] = []
    for row in active {
      guard let until = row.package.validUntil else { continue }
      let days = Decimal(until.daysSinceEpoch - asOf.daysSinceEpoch + 1)
      let reach = max(0, perDay * days - drawnBefore)
      let fromThis = min(Decimal(row.remaining), reach)
      let unused = Int64(
        NSDecimalNumber(decimal: Decimal(row.remaining) - fromThis).doubleValue.rounded(.up))
      if unused > 0 && (perDay > 0 || until.daysSinceEpoch - asOf.daysSinceEpoch <= 365) {
        warnings.append(ExpiryWarning(package: row.package, validUntil: until, unused: unused))
      }
      drawnBefore += Decimal(row.remaining)
    }
    return warnings
  }
}

extension LocalDate {
  package static let distantFuture = LocalDate(year: 9999, month: 12, day: 31)!
}
