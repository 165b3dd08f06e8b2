import Foundation
import TSALedger
import TSAModel

/// A limit on stamps left: a number of stamps, or a share of the usable stamps.
public enum StampLimit: Sendable, Equatable {
  case stamps(Int64)
  case percent(Decimal)

  /// `20` (stamps) or `10%`, `2.5%` (share): digits and one decimal point, nothing else —
  /// Foundation would read `5,5%` as 5 % and drop the rest.
  public init?(_ text: String) {
    func isNumber(_ text: Substring, point: Bool) -> Bool {
      let parts = text.split(separator: ".", omittingEmptySubsequences: false)
      return (1...(point ? 2 : 1)).contains(parts.count)
        && parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }
    }
    if text.hasSuffix("%") {
      let number = text.dropLast()
      guard isNumber(number, point: true), let value = Decimal(string: String(number)),
        value <= 100
      else { return nil }
      self = .percent(value)
    } else {
      guard isNumber(Substring(text), point: false), let value = Int64(text) else { return nil }
      self = .stamps(value)
    }
  }
}

/// When a contract is WARNING or CRITICAL.
public struct AlertThresholds: Sendable, Equatable {
  public var below: [StampLimit]
  /// Runway shorter than this many days.
  public var runwayDays: Int?
  /// A package with stamps left that expires within this many days.
  public var expiryDays: Int?

  public init(below: [StampLimit], runwayDays: Int?, expiryDays: Int?) {
    self.below = below
    self.runwayDays = runwayDays
    self.expiryDays = expiryDays
  }

  /// The defaults: WARNING below 20 % left, runway under 30 days, or a package expiring within
  /// 90 days with stamps left.
  public static let defaultWarning = AlertThresholds(
    below: [.percent(20)], runwayDays: 30, expiryDays: 90)
  /// CRITICAL below 5 % left, runway under 7 days, or a package expiring within 14 days.
  public static let defaultCritical = AlertThresholds(
    below: [.percent(5)], runwayDays: 7, expiryDays: 14)
}

/// Why a contract is at its level: values, worded per language by `AlertWords`.
enum AlertReason: Sendable, Equatable {
  case fewerThan(Int64)
  case lessThanShare(Decimal)
  /// The stamps last `days` at the pace; the limit is `limit` days.
  case runway(days: Int, limit: Int)
  case expires(package: Int64, on: LocalDate, remaining: Int64)
  case unfunded(Int64)
  /// No new line for `days` (limit `limit` days).
  case stale(days: Int64, limit: Int64)
  case noLines
}

/// When the books stopped growing, past a stale threshold.
enum StaleNote: Sendable, Equatable {
  case noLines
  case since(Instant)
}

/// One contract's state, with the reasons for its level.
struct ContractAlert: Sendable, Equatable {
  var contractCode: String
  var level: AlertLevel
  var remaining: Int64
  /// Remaining as a share of the stamps of the paid packages still valid.
  var share: Decimal
  var runwayDays: Int?
  /// The last day of the pace the runway is measured on, when that is not today (stale books:
  /// the runway is the pace up to the newest line).
  var paceUntil: LocalDate?
  var reasons: [AlertReason]
  var stale: StaleNote?
}

/// Turns balances into levels: the thresholds of `alert --help` and the README.
enum AlertEvaluator {
  static func evaluate(
    _ balances: [ContractBalance], warning: AlertThresholds, critical: AlertThresholds,
    today: LocalDate
  ) -> [ContractAlert] {
    balances.map { contract in
      let valid = contract.packages.filter { $0.status == .active || $0.status == .exhausted }
      let total = valid.reduce(0) { $0 + $1.package.stamps }
      let share = total == 0 ? Decimal(0) : Decimal(contract.remaining) * 100 / Decimal(total)
      var alert = ContractAlert(
        contractCode: contract.contractCode, level: .ok, remaining: contract.remaining,
        share: share, runwayDays: contract.runway.daysLeft,
        paceUntil: contract.runway.windowEnd == today ? nil : contract.runway.windowEnd,
        reasons: [])
      for (level, limits) in [(AlertLevel.critical, critical), (.warning, warning)] {
        var reasons: [AlertReason] = []
        for limit in limits.below {
          switch limit {
          case .stamps(let n) where contract.remaining < n: reasons.append(.fewerThan(n))
          case .percent(let p) where share < p: reasons.append(.lessThanShare(p))
          default: break
          }
        }
        if let days = limits.runwayDays, let left = contract.runway.daysLeft, left < days {
          reasons.append(.runway(days: left, limit: days))
        }
        if let days = limits.expiryDays {
          for package in contract.packages where package.status == .active && package.remaining > 0
          {
            if let until = package.package.validUntil,
              until.daysSinceEpoch - today.daysSinceEpoch < Int64(days)
            {
              reasons.append(
                .expires(package: package.package.id, on: until, remaining: package.remaining))
            }
          }
        }
        if level == .critical && contract.unfunded > 0 {
          reasons.append(.unfunded(contract.unfunded))
        }
        if !reasons.isEmpty {
          alert.level = level
          alert.reasons = reasons
          break
        }
      }
      return alert
    }
  }

  /// One line a monitoring system understands, in English whatever the mail's language:
  /// `TSA CRITICAL - F2112000371: 7 stamps left (3.5%), runway 4 days`
  static func statusLine(_ alerts: [ContractAlert], zone: ReportZone) -> String {
    let words = AlertWords(.en, zone: zone)
    let worst = alerts.map(\.level).max() ?? .ok
    let shown = alerts.filter { $0.level == worst }
    let details = (shown.isEmpty ? alerts : shown).map(words.summary).joined(separator: "; ")
    return "TSA \(worst.name) - " + (details.isEmpty ? "no contracts" : details)
  }
}
