import Foundation

/// One purchase of stamps from the provider, e.g. "Balíček kvalifikovaných časových razítek
/// 200 ks" under contract F2112000371.
public struct Package: Sendable, Equatable {
  public var id: Int64
  public var contractCode: String
  public var stamps: Int64
  /// Price of the whole package excluding VAT; nil when unknown.
  public var price: Decimal?
  public var currency: String
  /// VAT rate in percent (21 means 21 %); nil when unknown.
  public var vatRate: Decimal?
  public var ordered: LocalDate?
  /// Stamps can be drawn only once the package is paid.
  public var paid: LocalDate?
  /// Years of validity counted from the paid date, when no explicit end date was given.
  public var validYears: Int?
  /// An explicit last day of validity.
  public var explicitValidUntil: LocalDate?
  public var ref: String?
  /// The invoice's tax point (DUZP, datum uskutečnění zdanitelného plnění); nil when not given.
  public var taxPoint: LocalDate?

  public init(
    id: Int64, contractCode: String, stamps: Int64, price: Decimal?, currency: String,
    vatRate: Decimal?, ordered: LocalDate?, paid: LocalDate?, validYears: Int?,
    explicitValidUntil: LocalDate?, ref: String?, taxPoint: LocalDate? = nil
  ) {
    self.taxPoint = taxPoint
    self.id = id
    self.contractCode = contractCode
    self.stamps = stamps
    self.price = price
    self.currency = currency
    self.vatRate = vatRate
    self.ordered = ordered
    self.paid = paid
    self.validYears = validYears
    self.explicitValidUntil = explicitValidUntil
    self.ref = ref
  }

  /// The last local day on which a stamp may be drawn: the explicit date, else the paid date
  /// plus the years of validity (same calendar day). Nil while unpaid without an explicit end.
  public var validUntil: LocalDate? {
    if let explicitValidUntil { return explicitValidUntil }
    guard let paid, let validYears else { return nil }
    // Books written before the range was checked may hold any number: past the year 9999 the
    // package simply never ends (and nothing overflows).
    guard validYears <= 9999 - paid.year else { return LocalDate(year: 9999, month: 12, day: 31) }
    return paid.adding(years: validYears)
  }
}

extension Package {
  /// How messages name it: `3 (F2301000452, FV-2024-0226)` — its id, its contract and its
  /// invoice reference, so that a package edited by id is seen to be the one meant.
  public var named: String {
    "\(id) (\(contractCode)\(ref.map { ", \($0)" } ?? ""))"
  }

  /// Whether the package was there by the end of `day`: ordered or paid by then (one with
  /// neither date cannot be placed in time, and is always there).
  public func isKnown(by day: LocalDate) -> Bool {
    let known = [ordered, paid].compactMap { $0 }
    return known.isEmpty || known.contains { $0 <= day }
  }

  /// Whether `other` looks like the same purchase recorded twice: the same contract, stamps,
  /// price and days.
  public func looksLike(_ other: Package) -> Bool {
    contractCode == other.contractCode && stamps == other.stamps && price == other.price
      && currency == other.currency && ordered == other.ordered && paid == other.paid
      && validUntil == other.validUntil
  }
}
