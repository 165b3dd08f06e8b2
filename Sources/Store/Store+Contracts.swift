import Foundation
import TSAModel

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
      let contract = Contract(id: id, code: code, name: name, accounts: accounts)
      try logAdded(.contract, code, contract.logFields)
      return contract
    }
  }

  /// Renames a contract, names it, or moves provider logins to or from it; logs each change.
  @discardableResult
  public func editContract(
    code: String, newCode: String? = nil, name: String? = nil, addAccounts: [String] = [],
    removeAccounts: [String] = []
  ) throws -> Contract {
    try inTransaction {
      let old = try contract(code: code)
      if let newCode, newCode != code, try contractIfExists(code: newCode) != nil {
        throw StoreError.duplicateContract(code: newCode)
      }
      for login in removeAccounts where !old.accounts.contains(login) {
        throw StoreError.unknownAccount(login: login, contract: code, known: old.accounts)
      }
      for login in addAccounts {
        if let owner = try contractCode(ofAccount: login), owner != code {
          throw StoreError.accountTaken(login: login, contract: owner)
        }
      }
      try db.prepare("UPDATE contract SET code = ?, name = ? WHERE id = ?").run([
        .text(newCode ?? code), (name ?? old.name).map(SQLValue.text) ?? .null, .integer(old.id),
      ])
      for login in removeAccounts {
        try db.prepare("DELETE FROM account WHERE login = ?").run([.text(login)])
      }
      for login in addAccounts where !old.accounts.contains(login) {
        try db.prepare("INSERT INTO account (login, contract_id) VALUES (?, ?)")
          .run([.text(login), .integer(old.id)])
      }
      let new = try contract(code: newCode ?? code)
      try logEdits(
        .contract, code,
        [
          ("code", old.code, new.code), ("name", old.name, new.name),
          (
            "accounts", old.accounts.joined(separator: ", "),
            new.accounts.joined(separator: ", ")
          ),
        ])
      return new
    }
  }

  /// What a contract has that its removal would touch.
  public struct ContractUse: Sendable, Equatable {
    /// Requests billed to it (stamps and the rest): they cannot be un-imported.
    public var attempts: Int64
    public var packages: [Package]
  }

  public func use(ofContract code: String) throws -> ContractUse {
    let contract = try contract(code: code)
    let attempts = try db.prepare("SELECT count(*) FROM attempt WHERE contract_id = ?")
      .rows([.integer(contract.id)]) { $0.int(0) }[0]
    return ContractUse(
      attempts: attempts, packages: try packages().filter { $0.contractCode == code })
  }

  /// Removes a contract with its accounts and its alert state, and with `withPackages` its
  /// packages (each logged); refused while requests are billed to it, or it has packages and
  /// `withPackages` is false.
  public func removeContract(code: String, withPackages: Bool) throws -> Contract {
    try inTransaction {
      let contract = try contract(code: code)
      let use = try use(ofContract: code)
      guard use.attempts == 0 else {
        throw StoreError.contractInUse(code: code, attempts: use.attempts)
      }
      guard use.packages.isEmpty || withPackages else {
        throw StoreError.contractHasPackages(code: code, packages: use.packages.map(\.id))
      }
      for package in use.packages { _ = try removePackage(id: package.id) }
      try db.prepare("DELETE FROM account WHERE contract_id = ?").run([.integer(contract.id)])
      try db.prepare("DELETE FROM alert_state WHERE contract_id = ?").run([.integer(contract.id)])
      // Users billed to it are billed by the other rules again.
      try db.prepare("UPDATE user SET contract_id = NULL WHERE contract_id = ?")
        .run([.integer(contract.id)])
      try db.prepare("DELETE FROM contract WHERE id = ?").run([.integer(contract.id)])
      try logRemoved(.contract, code, contract.logFields)
      return contract
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
  public var taxPoint: LocalDate?

  public init(
    contractCode: String, stamps: Int64, price: Decimal? = nil, currency: String = "CZK",
    vatRate: Decimal? = nil, ordered: LocalDate? = nil, paid: LocalDate? = nil,
    validYears: Int? = 25, validUntil: LocalDate? = nil, ref: String? = nil,
    taxPoint: LocalDate? = nil
  ) {
    self.taxPoint = taxPoint
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

/// What `package edit` changes: each field given replaces the package's; `clear` empties fields.
public struct PackageChanges: Sendable {
  public enum Field: String, Sendable, CaseIterable {
    case price, vatRate = "vat-rate", ordered, paid, validUntil = "valid-until", ref
    case taxPoint = "tax-point"
  }
  public var contractCode: String?
  public var stamps: Int64?
  public var price: Decimal?
  public var currency: String?
  public var vatRate: Decimal?
  public var ordered: LocalDate?
  public var paid: LocalDate?
  public var validYears: Int?
  public var validUntil: LocalDate?
  public var ref: String?
  public var taxPoint: LocalDate?
  public var clear: Set<Field> = []

  public init() {}

  public var isEmpty: Bool {
    contractCode == nil && stamps == nil && price == nil && currency == nil && vatRate == nil
      && ordered == nil && paid == nil && validYears == nil && validUntil == nil && ref == nil
      && taxPoint == nil && clear.isEmpty
  }
}

extension Store {
  @discardableResult
  public func addPackage(_ draft: PackageDraft) throws -> Package {
    try inTransaction {
      let contract = try contract(code: draft.contractCode)
      let candidate = Package(
        id: 0, contractCode: contract.code, stamps: draft.stamps, price: draft.price,
        currency: draft.currency, vatRate: draft.vatRate, ordered: draft.ordered, paid: draft.paid,
        validYears: draft.validYears, explicitValidUntil: draft.validUntil, ref: draft.ref,
        taxPoint: draft.taxPoint)
      try check(candidate)
      try db.prepare(
        """
        INSERT INTO package (contract_id, stamps, price_minor, currency, vat_rate_bp, ordered,
                             paid, valid_years, valid_until, ref, tax_point)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
      ).run([.integer(contract.id)] + columns(of: candidate))
      let package = try packages().first { $0.id == db.lastInsertRowID }!
      try logAdded(.package, String(package.id), package.logFields)
      return package
    }
  }

  /// Mistakes an accountant would catch on the invoice, caught here: a reference another
  /// package has, a paid day before the ordered day, a valid-until day before the paid day.
  private func check(_ package: Package) throws {
    if let ref = package.ref,
      let same = try packages().first(where: { $0.ref == ref && $0.id != package.id })
    {
      throw StoreError.duplicateRef(ref: ref, package: same.id)
    }
    if let ordered = package.ordered, let paid = package.paid, paid < ordered {
      throw StoreError.paidBeforeOrdered(paid: paid, ordered: ordered)
    }
    if let paid = package.paid, let until = package.explicitValidUntil, until < paid {
      throw StoreError.validUntilBeforePaid(validUntil: until, paid: paid)
    }
  }

  /// The package's columns from `stamps` on, as stored.
  private func columns(of package: Package) -> [SQLValue] {
    [
      .integer(package.stamps),
      package.price.map { .integer(Money.minorUnits($0, currency: package.currency)) } ?? .null,
      .text(package.currency),
      package.vatRate.map { .integer(Money.minorUnits($0, currency: "")) } ?? .null,
      package.ordered.map { .text($0.iso) } ?? .null,
      package.paid.map { .text($0.iso) } ?? .null,
      package.explicitValidUntil == nil
        ? (package.validYears.map { .integer(Int64($0)) } ?? .integer(25)) : .null,
      package.explicitValidUntil.map { .text($0.iso) } ?? .null,
      package.ref.map(SQLValue.text) ?? .null,
      package.taxPoint.map { .text($0.iso) } ?? .null,
    ]
  }

  /// Replaces a package's fields with `changes` (checked as `package add` checks a new one) and
  /// logs each field that changed; returns the package before and after.
  @discardableResult
  public func editPackage(id: Int64, _ changes: PackageChanges) throws -> (
    old: Package, new: Package
  ) {
    try inTransaction {
      let old = try package(id: id)
      var new = old
      if let code = changes.contractCode { new.contractCode = try contract(code: code).code }
      if let stamps = changes.stamps { new.stamps = stamps }
      if let currency = changes.currency { new.currency = currency }
      if let price = changes.price { new.price = price }
      if let vatRate = changes.vatRate { new.vatRate = vatRate }
      if let ordered = changes.ordered { new.ordered = ordered }
      if let paid = changes.paid { new.paid = paid }
      if let years = changes.validYears {
        new.validYears = years
        new.explicitValidUntil = nil
      }
      if let until = changes.validUntil {
        new.explicitValidUntil = until
        new.validYears = nil
      }
      if let ref = changes.ref { new.ref = ref }
      if let taxPoint = changes.taxPoint { new.taxPoint = taxPoint }
      for field in changes.clear {
        switch field {
        case .price: new.price = nil
        case .vatRate: new.vatRate = nil
        case .ordered: new.ordered = nil
        case .paid: new.paid = nil
        case .ref: new.ref = nil
        case .taxPoint: new.taxPoint = nil
        case .validUntil:
          new.explicitValidUntil = nil
          new.validYears = new.validYears ?? 25
        }
      }
      try check(new)
      try db.prepare(
        """
        UPDATE package SET contract_id = (SELECT id FROM contract WHERE code = ?), stamps = ?,
          price_minor = ?, currency = ?, vat_rate_bp = ?, ordered = ?, paid = ?, valid_years = ?,
          valid_until = ?, ref = ?, tax_point = ?
        WHERE id = ?
        """
      ).run([.text(new.contractCode)] + columns(of: new) + [.integer(id)])
      new = try package(id: id)
      try logEdits(
        .package, String(id),
        zip(old.logFields, new.logFields).map { ($0.0, $0.1, $1.1) })
      return (old, new)
    }
  }

  /// Removes a package and logs what it was. Whether its stamps may move is the caller's
  /// question (`Books.editPackage`).
  public func removePackage(id: Int64) throws -> Package {
    try inTransaction {
      let package = try package(id: id)
      try db.prepare("DELETE FROM package WHERE id = ?").run([.integer(id)])
      try logRemoved(.package, String(id), package.logFields)
      return package
    }
  }

  public func package(id: Int64) throws -> Package {
    guard let package = try packages().first(where: { $0.id == id }) else {
      throw StoreError.unknownPackage(id: id)
    }
    return package
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
    try inTransaction {
      try db.prepare("UPDATE package SET paid = ? WHERE id = ?").run([
        .text(date.iso), .integer(id),
      ])
      try logEdits(.package, String(id), [("paid", package.paid?.iso, date.iso)])
    }
    return package.paid
  }

  /// Every package, by contract and id.
  public func packages() throws -> [Package] {
    try db.prepare(
      """
      SELECT p.id, c.code, p.stamps, p.price_minor, p.currency, p.vat_rate_bp, p.ordered, p.paid,
             p.valid_years, p.valid_until, p.ref, p.tax_point
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
        ref: row.optionalText(10), taxPoint: row.optionalText(11).flatMap { LocalDate(iso: $0) })
    }
  }
}

extension Store {
  /// The most stamps a package holds (`package add` refuses more).
  public static let maxStamps: Int64 = 1_000_000_000
  /// The highest price in minor units (10¹² in a currency's major unit).
  static let maxPriceMinor: Int64 = 100_000_000_000_000
}
