import Foundation

// MARK: - Contracts and accounts

extension Store {
  /// Adds a contract with the provider logins billed to it.
  @discardableResult
  public func addContract(code: String, name: String?, accounts: [String]) throws -> Contract {
    try inTransaction {
      if try contractIfExists(code: code) != nil { throw StoreError.duplicateContract(code: code) }
      try db.prepare("INSERT INTO contract (code, name) VALUES (?, ?)")
        .run([.text(code), name.map(SQLValue.text) ?? .null])
      let id = db.lastInsertRowID
      for login in accounts {
        if let owner = try contractCode(ofAccount: login) {
          throw StoreError.accountTaken(login: login, contract: owner)
        }
        try db.prepare("INSERT INTO account (login, contract_id) VALUES (?, ?)")
          .run([.text(login), .integer(id)])
      }
      return Contract(id: id, code: code, name: name, accounts: accounts)
    }
  }

  /// Every contract, by code, with its accounts.
  public func contracts() throws -> [Contract] {
    let accounts = try db.prepare("SELECT contract_id, login FROM account ORDER BY login")
      .rows { ($0.int(0), $0.text(1)) }
    return try db.prepare("SELECT id, code, name FROM contract ORDER BY code").rows { row in
      let id = row.int(0)
      return Contract(
        id: id, code: row.text(1), name: row.optionalText(2),
        accounts: accounts.filter { $0.0 == id }.map(\.1))
    }
  }

  /// The contract with this code; an error listing the known ones when there is none.
  public func contract(code: String) throws -> Contract {
    if let contract = try contractIfExists(code: code) { return contract }
    let known = try contracts().map(\.code)
    throw StoreError.unknownContract(code: code, known: nearest(code, in: Set(known)))
  }

  /// The contract stamps are billed to when the input does not say: the one given on the
  /// command line, else the only contract there is.
  public func defaultContract(explicit code: String?) throws -> Contract {
    if let code { return try contract(code: code) }
    let all = try contracts()
    switch all.count {
    case 0: throw StoreError.noContract
    case 1: return all[0]
    default: throw StoreError.ambiguousContract(known: all.map(\.code))
    }
  }

  private func contractIfExists(code: String) throws -> Contract? {
    try contracts().first { $0.code == code }
  }

  private func contractCode(ofAccount login: String) throws -> String? {
    try db.prepare(
      "SELECT c.code FROM account a JOIN contract c ON c.id = a.contract_id WHERE a.login = ?"
    ).rows([.text(login)]) { $0.text(0) }.first
  }
}

// MARK: - Packages

/// What `package add` knows about a purchase before it has an id.
public struct PackageDraft: Sendable {
  public var contractCode: String
  public var stamps: Int64
  public var price: Decimal?
  public var currency: String
  public var vatRate: Decimal?
  public var ordered: LocalDate?
  public var paid: LocalDate?
  public var validYears: Int?
  public var validUntil: LocalDate?
  public var ref: String?

  public init(
    contractCode: String, stamps: Int64, price: Decimal? = nil, currency: String = "CZK",
    vatRate: Decimal? = nil, ordered: LocalDate? = nil, paid: LocalDate? = nil,
    validYears: Int? = 25, validUntil: LocalDate? = nil, ref: String? = nil
  ) {
    self.contractCode = contractCode
    self.stamps = stamps
    self.price = price
    self.currency = currency
    self.vatRate = vatRate
    self.ordered = ordered
    self.paid = paid
    self.validYears = validUntil == nil ? validYears : nil
    self.validUntil = validUntil
    self.ref = ref
  }
}

extension Store {
  @discardableResult
  public func addPackage(_ draft: PackageDraft) throws -> Package {
    let contract = try contract(code: draft.contractCode)
    // Mistakes an accountant would catch on the invoice, caught here.
    if let ref = draft.ref, let same = try packages().first(where: { $0.ref == ref }) {
      throw StoreError.duplicateRef(ref: ref, package: same.id)
    }
    if let ordered = draft.ordered, let paid = draft.paid, paid < ordered {
      throw StoreError.paidBeforeOrdered(paid: paid, ordered: ordered)
    }
    if let paid = draft.paid, let until = draft.validUntil, until < paid {
      throw StoreError.validUntilBeforePaid(validUntil: until, paid: paid)
    }
    try db.prepare(
      """
      INSERT INTO package (contract_id, stamps, price_minor, currency, vat_rate_bp, ordered, paid,
                           valid_years, valid_until, ref)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """
    ).run([
      .integer(contract.id), .integer(draft.stamps),
      draft.price.map { .integer(Money.minorUnits($0, currency: draft.currency)) } ?? .null,
      .text(draft.currency),
      draft.vatRate.map { .integer(Money.minorUnits($0, currency: "")) } ?? .null,
      draft.ordered.map { .text($0.iso) } ?? .null,
      draft.paid.map { .text($0.iso) } ?? .null,
      draft.validYears.map { .integer(Int64($0)) } ?? .null,
      draft.validUntil.map { .text($0.iso) } ?? .null,
      draft.ref.map(SQLValue.text) ?? .null,
    ])
    return try packages().first { $0.id == db.lastInsertRowID }!
  }

  /// Records the day a package was paid: from then on its stamps can be drawn. A package paid
  /// already keeps its day unless `force` (the allocation of stamps moves with it); returns the
  /// day it had.
  @discardableResult
  public func payPackage(id: Int64, on date: LocalDate, force: Bool = false) throws -> LocalDate? {
    guard let package = try packages().first(where: { $0.id == id }) else {
      throw StoreError.unknownPackage(id: id)
    }
    if let ordered = package.ordered, date < ordered {
      throw StoreError.paidBeforeOrdered(paid: date, ordered: ordered)
    }
    if let paid = package.paid, paid != date, !force {
      throw StoreError.alreadyPaid(package: id, paid: paid, new: date)
    }
    try db.prepare("UPDATE package SET paid = ? WHERE id = ?").run([.text(date.iso), .integer(id)])
    return package.paid
  }

  /// Every package, by contract and id.
  public func packages() throws -> [Package] {
    try db.prepare(
      """
      SELECT p.id, c.code, p.stamps, p.price_minor, p.currency, p.vat_rate_bp, p.ordered, p.paid,
             p.valid_years, p.valid_until, p.ref
      FROM package p JOIN contract c ON c.id = p.contract_id
      ORDER BY c.code, p.id
      """
    ).rows { row in
      let currency = row.text(4)
      // Books written before input was range-checked may hold any number: read within the
      // ranges `package add` allows, so that no sum of the ledger can overflow.
      return Package(
        id: row.int(0), contractCode: row.text(1), stamps: min(row.int(2), Store.maxStamps),
        price: row.optionalInt(3).map {
          Money.fromMinorUnits(min($0, Store.maxPriceMinor), currency: currency)
        },
        currency: currency,
        vatRate: row.optionalInt(5).map { Money.fromMinorUnits(min($0, 10_000), currency: "") },
        ordered: row.optionalText(6).flatMap { LocalDate(iso: $0) },
        paid: row.optionalText(7).flatMap { LocalDate(iso: $0) },
        validYears: row.optionalInt(8).map { Int($0) },
        explicitValidUntil: row.optionalText(9).flatMap { LocalDate(iso: $0) },
        ref: row.optionalText(10))
    }
  }
}

extension Store {
  /// The most stamps a package holds (`package add` refuses more).
  public static let maxStamps: Int64 = 1_000_000_000
  /// The highest price in minor units (10¹² in a currency's major unit).
  static let maxPriceMinor: Int64 = 100_000_000_000_000
}
