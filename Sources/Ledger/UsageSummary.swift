import Foundation
import TSAModel
import TSAStore

/// Stamps of one group and what they cost, exactly: each stamp costs its package's unit price
/// (price ÷ stamps), VAT at the package's rate. Rounded only when shown.
public struct Tally: Sendable, Equatable {
  public var stamps: Int64 = 0
  public var costExclVAT = Decimal(0)
  public var vat = Decimal(0)
  /// The exact base excluding VAT per VAT rate (in %): what a row's VAT is worked out from.
  public var baseByRate: [Decimal: Decimal] = [:]
  /// Stamps that are unfunded or from a package without a price.
  public var unpriced: Int64 = 0
  public var currencies: Set<String> = []

  public init() {}

  package mutating func add(_ count: Int64, from package: Package?) {
    stamps += count
    guard let package, let price = package.price else {
      unpriced += count
      return
    }
    let cost = price * Decimal(count) / Decimal(package.stamps)
    costExclVAT += cost
    vat += cost * (package.vatRate ?? 0) / 100
    baseByRate[package.vatRate ?? 0, default: 0] += cost
    currencies.insert(package.currency)
  }

  package mutating func merge(_ other: Tally) {
    stamps += other.stamps
    costExclVAT += other.costExclVAT
    vat += other.vat
    baseByRate.merge(other.baseByRate, uniquingKeysWith: +)
    unpriced += other.unpriced
    currencies.formUnion(other.currencies)
  }

  public var costInclVAT: Decimal { costExclVAT + vat }
}

/// The value of one dimension for a group of stamps: typed, never a translated label (a
/// renderer words `.unfunded` or `.noCostCentre` in the report's language).
public enum GroupValue: Sendable, Hashable {
  case date(LocalDate)
  /// A week, month, quarter or year: `2026-W43`, `2026-10`, `2026-Q4`, `2026`.
  case period(String)
  /// A user, contract, cost centre, source or endpoint, as the books name it.
  case name(String)
  case package(Int64)
  /// The package dimension of stamps no package covers.
  case unfunded
  /// A user without a cost centre.
  case noCostCentre
  /// A request whose log does not say where it went, or which host sent it.
  case unknown

  /// Groups in order: dates by time, names by their characters, packages by id before
  /// unfunded, the "none" values last.
  package static func precedes(_ a: GroupValue, _ b: GroupValue) -> Bool {
    switch (a, b) {
    case (.date(let x), .date(let y)): x < y
    case (.period(let x), .period(let y)): x < y
    case (.name(let x), .name(let y)): x < y
    case (.package(let x), .package(let y)): x < y
    default: a.rank < b.rank
    }
  }

  private var rank: Int {
    switch self {
    case .date, .period, .name, .package: 0
    case .unfunded, .noCostCentre, .unknown: 1
    }
  }
}

/// One group of a usage summary: its value for each dimension asked, and its stamps.
public struct UsageGroup: Sendable, Equatable {
  public var key: [GroupValue]
  public var tally: Tally
}

/// Consumption over a period, grouped: the one typed value behind every usage report, and
/// behind the monthly bundle's summary, by-user and by-day sheets.
public struct UsageSummary: Sendable, Equatable {
  public var period: Period
  public var dimensions: [UsageDimension]
  public var filters: UsageFilters
  /// In order. Without dimensions one group with an empty key: all stamps.
  public var groups: [UsageGroup]
  public var total: Tally
  /// Requests seen but not billed, by outcome, and malformed lines of the period.
  public var unbilled: [Outcome: Int64]
  public var malformed: Int64
  /// Display names of the users in the groups, where set.
  public var displayNames: [String: String]
  /// The invoice references of the packages in the groups, by id (grouped by package).
  public var packageRefs: [Int64: String] = [:]

  /// The one currency of every priced stamp, when there is exactly one: costs can be added up.
  public var currency: String? {
    total.currencies.count == 1
      ? total.currencies.first : total.currencies.isEmpty ? booksCurrency : nil
  }
  /// The one currency the books' priced packages are in, if one: a period without priced
  /// stamps still has its cost columns (at zero), so that its files have the columns of any
  /// other period.
  public var booksCurrency: String? = nil

  /// The tally of one group by its key (e.g. `[.name("F2112000371")]` by contract).
  public func tally(_ key: [GroupValue]) -> Tally? { groups.first { $0.key == key }?.tally }

  /// Groups stamp counts by `dimensions` and prices them: a pure function of what the store
  /// read, so tests drive it directly.
  package static func make(
    period: Period, dimensions: [UsageDimension], filters: UsageFilters, counts: [StampCount],
    packages: [Int64: Package], costCentres: [Int64: String], unbilled: [Outcome: Int64],
    malformed: Int64, displayNames: [String: String]
  ) -> UsageSummary {
    var tallies: [[GroupValue]: Tally] = [:]
    for count in counts {
      let key = dimensions.map { dimension -> GroupValue in
        switch dimension {
        case .user: .name(count.user ?? "")
        case .contract: .name(count.contract)
        case .costCentre:
          count.userID.flatMap { costCentres[$0] }.map(GroupValue.name) ?? .noCostCentre
        case .package: count.package.map(GroupValue.package) ?? .unfunded
        case .source: .name(count.source ?? "")
        case .endpoint: count.endpoint.map(GroupValue.name) ?? .unknown
        case .host: count.host.map(GroupValue.name) ?? .unknown
        default: dimension.value(of: count.day!)
        }
      }
      tallies[key, default: Tally()].add(count.count, from: count.package.flatMap { packages[$0] })
    }
    if dimensions.isEmpty && tallies.isEmpty { tallies[[]] = Tally() }
    let groups = tallies.map { UsageGroup(key: $0.key, tally: $0.value) }.sorted {
      $0.key.lexicographicallyPrecedes($1.key, by: GroupValue.precedes)
    }
    let total = groups.reduce(into: Tally()) { $0.merge($1.tally) }
    let users = Set(
      groups.flatMap { group in
        zip(dimensions, group.key).compactMap { dimension, value -> String? in
          if dimension == .user, case .name(let name) = value { name } else { nil }
        }
      })
    var summary = UsageSummary(
      period: period, dimensions: dimensions, filters: filters, groups: groups, total: total,
      unbilled: unbilled, malformed: malformed,
      displayNames: displayNames.filter { users.contains($0.key) })
    if dimensions.contains(.package) { summary.packageRefs = packages.compactMapValues(\.ref) }
    let currencies = Set(packages.values.filter { $0.price != nil }.map(\.currency))
    if currencies.count == 1 { summary.booksCurrency = currencies.first }
    return summary
  }
}

/// What a usage report can be grouped by.
public enum UsageDimension: String, Sendable, CaseIterable {
  case day, week, month, quarter, year, contract, user
  case costCentre = "cost-centre"
  case package, source, endpoint, host

  package var isTime: Bool { [.day, .week, .month, .quarter, .year].contains(self) }

  /// The CSV and JSON name of the column.
  package var key: String { self == .costCentre ? "cost_centre" : rawValue }

  /// The group a local day falls into for a time dimension: `2026-10-25`, `2026-W43`,
  /// `2026-10`, `2026-Q4`, `2026`.
  package func value(of day: LocalDate) -> GroupValue {
    switch self {
    case .day: .date(day)
    case .week: .period(ISOWeek(day).label)
    case .month: .period(String(day.iso.prefix(7)))
    case .quarter: .period("\(day.year)-Q\((day.month - 1) / 3 + 1)")
    default: .period(String(day.year))
    }
  }
}

/// The ISO 8601 week a date belongs to (weeks start on Monday; week 1 holds January 4th).
struct ISOWeek {
  var year: Int
  var week: Int

  init(_ date: LocalDate) {
    let thursday = date.mondayOfWeek.adding(days: 3)
    year = thursday.year
    week =
      Int((thursday.daysSinceEpoch - LocalDate(year: year, month: 1, day: 1)!.daysSinceEpoch) / 7)
      + 1
  }

  var label: String { "\(year)-W\(week < 10 ? "0" : "")\(week)" }
}

/// What a set of stamps costs as one row shows it, as on an invoice's VAT recapitulation: the
/// base is the exact cost rounded half up to the minor unit; the VAT is worked out on that
/// base (per VAT rate, each rate's base rounded, then its VAT rounded); the total is base + VAT.
/// The same stamps have the same amounts in every table where they are one row.
public struct RowAmounts: Sendable, Equatable {
  public var base: Decimal
  public var vat: Decimal
  public var total: Decimal { base + vat }

  public init(base: Decimal, vat: Decimal) {
    self.base = base
    self.vat = vat
  }

  public init(_ tally: Tally, currency: String) {
    base = Money.rounded(tally.costExclVAT, currency: currency)
    vat = tally.baseByRate.reduce(Decimal(0)) { sum, rate in
      sum
        + Money.rounded(
          Money.rounded(rate.value, currency: currency) * rate.key / 100, currency: currency)
    }
  }

  /// What `total` differs by from the rows added up: the rounding line under a table, so that
  /// the rows and it add up to the total. Nil when they add up already.
  public static func rounding(rows: [RowAmounts], total: RowAmounts) -> RowAmounts? {
    let difference = RowAmounts(
      base: total.base - rows.reduce(0) { $0 + $1.base },
      vat: total.vat - rows.reduce(0) { $0 + $1.vat })
    return difference.base == 0 && difference.vat == 0 ? nil : difference
  }
}
