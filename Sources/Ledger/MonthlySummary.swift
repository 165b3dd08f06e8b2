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
  public var closing: Int64
  public var unfunded: Int64
  public var cost: Tally

  /// The equation the books must satisfy.
  public var balances: Bool { opening + purchased - used - expired == closing }
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
  /// The balances at the end of the month, holding only the packages ordered or paid by then
  /// (and those with neither date, which cannot be placed in time).
  public var packages: [ContractBalance]

  /// Works out the month from the balances before and at its end and its usage: a pure function.
  package static func make(
    period: Period, today: LocalDate, opening: [ContractBalance], closing: [ContractBalance],
    byContract: UsageSummary, byUser: UsageSummary, byDay: UsageSummary
  ) -> MonthlySummary {
    let (first, last) = (period.firstDay, period.lastDay)
    let state: MonthState =
      today > last ? .complete : today >= first ? .inProgress : .future
    let before = Dictionary(uniqueKeysWithValues: opening.map { ($0.contractCode, $0) })
    let contracts = closing.map { after -> ContractMonth in
      let start = before[after.contractCode]
      let purchased = after.paid.map(\.package)
        .filter { package in package.paid.map { $0 >= first } ?? false }
        .reduce(0) { $0 + $1.stamps }
      return ContractMonth(
        contractCode: after.contractCode, opening: start?.remaining ?? 0, purchased: purchased,
        used: after.used - (start?.used ?? 0), expired: after.expired - (start?.expired ?? 0),
        closing: after.remaining, unfunded: after.unfunded - (start?.unfunded ?? 0),
        cost: byContract.tally([.name(after.contractCode)]) ?? Tally())
    }
    let total = contracts.reduce(
      into: ContractMonth(
        contractCode: "", opening: 0, purchased: 0, used: 0, expired: 0, closing: 0, unfunded: 0,
        cost: Tally())
    ) { sum, month in
      sum.opening += month.opening
      sum.purchased += month.purchased
      sum.used += month.used
      sum.expired += month.expired
      sum.closing += month.closing
      sum.unfunded += month.unfunded
      sum.cost.merge(month.cost)
    }
    let packages = closing.map { balance in
      var listed = balance
      listed.packages = balance.packages.filter { item in
        let known = [item.package.ordered, item.package.paid].compactMap { $0 }
        return known.isEmpty || known.contains { $0 <= last }
      }
      return listed
    }
    return MonthlySummary(
      period: period, state: state, today: today, contracts: contracts, total: total,
      byContract: byContract, byUser: byUser, byDay: byDay, packages: packages)
  }
}
