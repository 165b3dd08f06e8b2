import Foundation
import TSAModel

/// Where a month stands against today.
public enum MonthState: Sendable, Equatable {
  /// Over: its books are final (unless stamps are imported late).
  case complete
  /// Today is in it: the figures will still change.
  case inProgress
  /// It has not begun.
  case future
}

/// One contract's month: opening balance + purchased − used − expired = closing balance (stamps
/// of paid packages), the stamps no package covered, and what the month's stamps cost.
public struct ContractMonth: Sendable, Equatable {
  public var contractCode: String
  public var opening: Int64
  public var purchased: Int64
  public var used: Int64
  public var expired: Int64
  /// Corrections to closed months booked in this one (the previous month closed): the books'
  /// opening less the closing that month was reported with.
  public var adjustment: Int64 = 0
  public var closing: Int64
  public var unfunded: Int64
  public var cost: Tally
  /// The same equation in money (excluding VAT, in the month's currency); nil without one.
  public var value: MonthValue? = nil

  /// The equation the books must satisfy.
  public var balances: Bool { opening + purchased - used - expired + adjustment == closing }

  init(
    contractCode: String, opening: Int64, purchased: Int64, used: Int64, expired: Int64,
    adjustment: Int64 = 0, closing: Int64, unfunded: Int64, cost: Tally, value: MonthValue? = nil
  ) {
    self.contractCode = contractCode
    self.opening = opening
    self.purchased = purchased
    self.used = used
    self.expired = expired
    self.adjustment = adjustment
    self.closing = closing
    self.unfunded = unfunded
    self.cost = cost
    self.value = value
  }
}

/// What a contract's prepaid stamps are worth over a month, excluding VAT: unused paid stamps at
/// its start (an advance paid), packages paid in it, stamps used (the month's expense), stamps
/// expired (a write-off), unused paid stamps at its end.
///
/// Valued so that opening + purchased − used − expired = closing holds to the haléř and a
/// month's closing is the next month's opening: the first n stamps gone from a package of price
/// P and S stamps are worth V(n) = P × n ÷ S rounded half up; a paid, valid package is worth
/// P − V(gone); a month's used value is V(used at its end) − V(used at its start), and a package
/// that expires in it writes off P − V(used).
public struct MonthValue: Sendable, Equatable {
  public var opening = Decimal(0)
  public var purchased = Decimal(0)
  public var used = Decimal(0)
  public var expired = Decimal(0)
  /// Corrections to closed months booked in this one, in money.
  public var adjustment = Decimal(0)
  public var closing = Decimal(0)

  public init() {}

  /// The equation in money.
  public var balances: Bool { opening + purchased - used - expired + adjustment == closing }

  /// The month of one contract's packages priced in `currency`, from the balances before the
  /// month (nil: none) and at its end.
  static func of(
    before: ContractBalance?, after: ContractBalance, first: LocalDate, currency: String
  ) -> MonthValue {
    var value = MonthValue()
    let earlier = Dictionary(
      uniqueKeysWithValues: (before?.packages ?? []).map { ($0.package.id, $0) })
    for item in after.packages where item.package.currency == currency {
      guard let price = item.package.price, item.package.stamps > 0 else { continue }
      func gone(_ n: Int64) -> Decimal { item.package.value(ofFirst: n) ?? 0 }
      let start = earlier[item.package.id]
      let usedBefore = start?.used ?? 0
      if start?.status == .active { value.opening += price - gone(usedBefore) }
      if item.status != .unpaid, item.package.paid.map({ $0 >= first }) ?? false {
        value.purchased += price
      }
      value.used += gone(item.used) - gone(usedBefore)
      if item.expired > (start?.expired ?? 0) {
        value.expired += gone(item.used + item.expired) - gone(item.used)
      }
      if item.status == .active { value.closing += price - gone(item.used) }
    }
    return value
  }

  mutating func add(_ other: MonthValue) {
    opening += other.opening
    purchased += other.purchased
    used += other.used
    expired += other.expired
    adjustment += other.adjustment
    closing += other.closing
  }
}

/// The accountant's month as typed values: every sheet and file of the monthly bundle is made
/// from it, in either language, and none from another report's table.
public struct MonthlySummary: Sendable {
  public var period: Period
  public var state: MonthState
  public var today: LocalDate
  public var contracts: [ContractMonth]
  /// The contracts added up (its code is empty).
  public var total: ContractMonth
  public var byContract: UsageSummary
  public var byUser: UsageSummary
  public var byDay: UsageSummary
  /// The month by cost centre, user and package: the cost centres' statements.
  public var byCentre: UsageSummary? = nil
  /// The balances at the end of the month, holding only the packages ordered or paid by then
  /// (and those with neither date, which cannot be placed in time).
  public var packages: [ContractBalance]
  /// The currency the contracts' values are in (`ContractMonth.value`); nil when the priced
  /// packages are in several, or none is priced.
  public var valueCurrency: String? = nil
  /// Corrections to closed months booked in this month, when the month before it is closed.
  public var adjustments: MonthAdjustments? = nil

  /// Works out the month from the balances before and at its end and its usage: a pure function.
  /// With `reported` (the previous month closed), each contract opens at its reported closing
  /// and the difference to the books is the month's adjustment.
  package static func make(
    period: Period, today: LocalDate, opening: [ContractBalance], closing: [ContractBalance],
    byContract: UsageSummary, byUser: UsageSummary, byDay: UsageSummary,
    byCentre: UsageSummary? = nil, adjustments: MonthAdjustments? = nil
  ) -> MonthlySummary {
    let (first, last) = (period.firstDay, period.lastDay)
    let state: MonthState =
      today > last ? .complete : today >= first ? .inProgress : .future
    let (figures, valueCurrency) = ContractMonth.figures(
      opening: opening, closing: closing, first: first)
    let contracts = figures.map { month -> ContractMonth in
      var month = month
      month.cost = byContract.tally([.name(month.contractCode)]) ?? Tally()
      if let adjustments { month.adjust(to: adjustments.reported[month.contractCode]) }
      return month
    }
    let total = contracts.reduce(
      into: ContractMonth(
        contractCode: "", opening: 0, purchased: 0, used: 0, expired: 0, closing: 0, unfunded: 0,
        cost: Tally(), value: valueCurrency.map { _ in MonthValue() })
    ) { sum, month in
      sum.opening += month.opening
      sum.purchased += month.purchased
      sum.used += month.used
      sum.expired += month.expired
      sum.adjustment += month.adjustment
      sum.closing += month.closing
      sum.unfunded += month.unfunded
      sum.cost.merge(month.cost)
      if let value = month.value { sum.value?.add(value) }
    }
    let packages = closing.map { balance in
      var listed = balance
      listed.packages = balance.packages.filter { $0.package.isKnown(by: last) }
      return listed
    }
    return MonthlySummary(
      period: period, state: state, today: today, contracts: contracts, total: total,
      byContract: byContract, byUser: byUser, byDay: byDay, byCentre: byCentre,
      packages: packages, valueCurrency: valueCurrency, adjustments: adjustments)
  }
}

extension ContractMonth {
  /// Each contract's month from the balances before it (empty: none) and at its end, in stamps
  /// and, when the priced packages share a currency, in money (that currency is returned); no
  /// costs.
  static func figures(opening: [ContractBalance], closing: [ContractBalance], first: LocalDate)
    -> ([ContractMonth], String?)
  {
    let before = Dictionary(uniqueKeysWithValues: opening.map { ($0.contractCode, $0) })
    // Money values in the packages' currency, when all priced packages share one.
    let currencies = Set(
      closing.flatMap {
        $0.packages.compactMap { $0.package.price == nil ? nil : $0.package.currency }
      })
    let valueCurrency = currencies.count == 1 ? currencies.first : nil
    let months = closing.map { after -> ContractMonth in
      let start = before[after.contractCode]
      let purchased = after.paid.map(\.package)
        .filter { package in package.paid.map { $0 >= first } ?? false }
        .reduce(0) { $0 + $1.stamps }
      return ContractMonth(
        contractCode: after.contractCode, opening: start?.remaining ?? 0, purchased: purchased,
        used: after.used - (start?.used ?? 0), expired: after.expired - (start?.expired ?? 0),
        closing: after.remaining, unfunded: after.unfunded - (start?.unfunded ?? 0),
        cost: Tally(),
        value: valueCurrency.map {
          MonthValue.of(before: start, after: after, first: first, currency: $0)
        })
    }
    return (months, valueCurrency)
  }

  /// Opens the month at the closing the previous month was reported with (nil: the contract
  /// was not in it, 0): the difference to the books' opening becomes the adjustment, so that
  /// opening + purchased − used − expired + adjustment = closing still holds.
  mutating func adjust(to reported: ContractFigures?) {
    let booksOpening = opening
    opening = reported?.closing ?? 0
    adjustment = booksOpening - opening
    if var money = value {
      let reportedValue = reported?.closingValue.flatMap { Decimal(string: $0) } ?? 0
      money.adjustment = money.opening - reportedValue
      money.opening = reportedValue
      value = money
    }
  }
}
