import ArgumentParser
import Foundation
import TSALedger
import TSAModel
import TSARender
import TSAReport
import TSAStore
import TSASystem

struct PackageCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "package",
    abstract: "Packages of stamps bought under a contract.",
    subcommands: [Add.self, Pay.self, Edit.self, Remove.self, List.self])

  /// The checks `package add` and `package edit` make of the fields they are given.
  static func checkFields(
    stamps: Int64?, validYears: Int?, validUntil: LocalDate?, currency: String?, price: String?,
    vatRate: String?
  ) throws {
    if let stamps, !(1...Add.maxStamps).contains(stamps) {
      throw ValidationError(
        "--stamps \(stamps) must be a number of stamps from 1 to 1 000 000 000.")
    }
    if validYears != nil && validUntil != nil {
      throw ValidationError(
        "--valid-years and --valid-until both say when the package ends; give one.")
    }
    if let validYears, !(1...100).contains(validYears) {
      throw ValidationError("--valid-years \(validYears) must be from 1 to 100 years.")
    }
    if let currency, currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isLetter }) {
      throw ValidationError("--currency '\(currency)' is not an ISO 4217 code such as CZK or EUR.")
    }
    let code = currency ?? "CZK"
    if let price {
      guard let amount = Money.parse(price, currency: code) else {
        throw ValidationError(
          "--price '\(price)' is not an amount in \(code.uppercased()); write it like 847 or"
            + " 847.50 (a dot before the \(Money.minorDigits(of: code)) decimals).")
      }
      if amount > Add.maxPrice {
        throw ValidationError(
          "--price \(price) is more than any package costs (at most 1 000 000 000 000); check it.")
      }
    }
    if let vatRate, Money.parse(vatRate, currency: "").map({ $0 < 0 || $0 > 100 }) ?? true {
      throw ValidationError(
        "--vat-rate '\(vatRate)' is not a percentage from 0 to 100; write it like 21 or 12.5.")
    }
  }

  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Record a purchase of stamps.",
      // Past 12 options argument-parser's synopsis collapses: see Usage.swift.
      usage: """
        tsa-report package add --contract <id> --stamps <stamps> [--price <amount>] \
        [--paid <date>] [<options>]
        """,
      discussion: """
        A package is usable from the day it is paid through its valid-until day (default: the paid day plus 25 years, same calendar day). Prices are excluding VAT.

        Example:
          tsa-report package add --contract F2112000371 --stamps 200 --price 847 \\
            --currency CZK --vat-rate 21 --paid 2026-01-05 --ref FV-2026-0012
        """)

    @OptionGroup var global: GlobalOptions

    @Option(help: ArgumentHelp("The contract it is bought under.", valueName: "id"))
    var contract: String

    @Option(help: "How many stamps it holds.")
    var stamps: Int64

    @Option(
      help: ArgumentHelp(
        "Price of the whole package excluding VAT, e.g. 847.00.", valueName: "amount"))
    var price: String?

    @Option(help: "ISO 4217 currency of the price.")
    var currency: String = "CZK"

    @Option(
      name: .customLong("vat-rate"),
      help: ArgumentHelp("VAT rate in percent, e.g. 21.", valueName: "percent"))
    var vatRate: String?

    @Option(
      help: ArgumentHelp("Day it was ordered (YYYY-MM-DD).", valueName: "date"),
      transform: parseDate)
    var ordered: LocalDate?

    @Option(
      help: ArgumentHelp(
        "Day it was paid (YYYY-MM-DD); unpaid packages are never drawn from.", valueName: "date"),
      transform: parseDate)
    var paid: LocalDate?

    @Option(
      name: .customLong("valid-years"),
      help: ArgumentHelp("Years of validity from the paid day.", valueName: "years"))
    var validYears: Int?

    @Option(
      name: .customLong("valid-until"),
      help: ArgumentHelp(
        "Last day of validity (YYYY-MM-DD), instead of --valid-years.", valueName: "date"),
      transform: parseDate)
    var validUntil: LocalDate?

    @Option(help: ArgumentHelp("The order or invoice reference.", valueName: "ref"))
    var ref: String?

    @OptionGroup var closedMonths: IntoOpenMonthOption

    func validate() throws {
      try PackageCommand.checkFields(
        stamps: stamps, validYears: validYears, validUntil: validUntil, currency: currency,
        price: price, vatRate: vatRate)
    }

    /// Far beyond any real package, and safe in every sum the ledger makes.
    static let maxStamps = Store.maxStamps
    static let maxPrice = Decimal(1_000_000_000_000)

    func run() throws {
      let context = try global.context()
      let code = currency.uppercased()
      let package = try closedMonths.run(context) {
        try context.store().addPackage(
          PackageDraft(
            contractCode: contract, stamps: stamps,
            price: price.flatMap { Money.parse($0, currency: code) },
            currency: code, vatRate: vatRate.flatMap { Money.parse($0, currency: "") },
            ordered: ordered, paid: paid, validYears: validYears ?? 25, validUntil: validUntil,
            ref: ref))
      }
      let until = package.validUntil.map { ", valid until \($0.iso)" } ?? ""
      note(
        "Added package \(package.id): \(package.stamps) stamps for \(package.contractCode)"
          + (package.paid == nil
            ? ", unpaid (record payment with: tsa-report package pay \(package.id) --date YYYY-MM-DD)"
            : until) + ".")
    }
  }

  struct Pay: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Record the day a package was paid.",
      discussion: """
        Example:
          tsa-report package pay 3 --date 2026-11-02
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The package's id (see: tsa-report package list).")
    var id: Int64

    @Option(
      help: ArgumentHelp("The day it was paid (YYYY-MM-DD).", valueName: "date"),
      transform: parseDate)
    var date: LocalDate

    @Flag(help: "Change the day of a package paid already.")
    var force = false

    @OptionGroup var closedMonths: IntoOpenMonthOption

    func run() throws {
      let context = try global.context()
      let before = try closedMonths.run(context) {
        try context.store().payPackage(id: id, on: date, force: force)
      }
      if let before, before != date {
        note("Package \(id): paid on \(before.iso) → \(date.iso).")
      } else {
        note("Package \(id) paid on \(date.iso).")
      }
    }
  }

  struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Correct a package: any of its fields.",
      // Past 12 options argument-parser's synopsis collapses: see Usage.swift.
      usage: """
        tsa-report package edit <id> [--stamps <stamps>] [--price <amount>] [--paid <date>] \
        [--clear <field> ...] [<options>]
        """,
      discussion: """
        Each option given replaces the package's value, checked as package add checks a new one (a reference another package has, a paid day before the ordered day, a valid-until day before the paid day are refused); --clear empties a field: price, vat-rate, ordered, paid, valid-until or ref. The stamps are drawn from the packages again, and what moves from one package to another is said. Every change is kept in the change log (see tsa-report history).

        Example:
          tsa-report package edit 3 --stamps 1000 --price 3630 --ref FV-2026-0820
          tsa-report package edit 4 --clear paid
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The package's id (see: tsa-report package list).")
    var id: Int64

    @Option(help: ArgumentHelp("Move it to this contract.", valueName: "id"))
    var contract: String?

    @Option(help: "How many stamps it holds.")
    var stamps: Int64?

    @Option(
      help: ArgumentHelp(
        "Price of the whole package excluding VAT, e.g. 847.00.", valueName: "amount"))
    var price: String?

    @Option(help: "ISO 4217 currency of the price.")
    var currency: String?

    @Option(
      name: .customLong("vat-rate"),
      help: ArgumentHelp("VAT rate in percent, e.g. 21.", valueName: "percent"))
    var vatRate: String?

    @Option(
      help: ArgumentHelp("Day it was ordered (YYYY-MM-DD).", valueName: "date"),
      transform: parseDate)
    var ordered: LocalDate?

    @Option(
      help: ArgumentHelp("Day it was paid (YYYY-MM-DD).", valueName: "date"), transform: parseDate)
    var paid: LocalDate?

    @Option(
      name: .customLong("valid-years"),
      help: ArgumentHelp("Years of validity from the paid day.", valueName: "years"))
    var validYears: Int?

    @Option(
      name: .customLong("valid-until"),
      help: ArgumentHelp("Last day of validity (YYYY-MM-DD).", valueName: "date"),
      transform: parseDate)
    var validUntil: LocalDate?

    @Option(help: ArgumentHelp("The order or invoice reference.", valueName: "ref"))
    var ref: String?

    @Option(
      help: ArgumentHelp(
        "Empty a field: price, vat-rate, ordered, paid, valid-until or ref (repeatable).",
        valueName: "field"))
    var clear: [String] = []

    @OptionGroup var closedMonths: IntoOpenMonthOption

    func validate() throws {
      try PackageCommand.checkFields(
        stamps: stamps, validYears: validYears, validUntil: validUntil, currency: currency,
        price: price, vatRate: vatRate)
      for field in clear where PackageChanges.Field(rawValue: field) == nil {
        throw ValidationError(
          "--clear '\(field)' is not a field that can be emptied; one of: "
            + PackageChanges.Field.allCases.map(\.rawValue).joined(separator: ", ") + ".")
      }
      if ref.map({ $0.unicodeScalars.contains(where: TerminalText.needsEscape) }) == true {
        throw ValidationError("--ref holds control characters (a line break?); give it without.")
      }
    }

    var changes: PackageChanges {
      var changes = PackageChanges()
      let code = currency?.uppercased()
      changes.contractCode = contract
      changes.stamps = stamps
      changes.currency = code
      changes.price = price.flatMap { Money.parse($0, currency: code ?? "CZK") }
      changes.vatRate = vatRate.flatMap { Money.parse($0, currency: "") }
      changes.ordered = ordered
      changes.paid = paid
      changes.validYears = validYears
      changes.validUntil = validUntil
      changes.ref = ref
      changes.clear = Set(clear.compactMap(PackageChanges.Field.init(rawValue:)))
      return changes
    }

    func run() throws {
      let context = try global.context()
      guard !changes.isEmpty else {
        throw SystemError.usage(
          "nothing to change: give a field to set (--stamps, --price, --paid, …) or --clear.")
      }
      let zone = try context.zone()
      let (old, new, shift) = try closedMonths.run(context) {
        try context.books().editPackage(
          id: id, changes: changes, zone: zone, today: zone.localDate(of: context.now))
      }
      let fields = zip(Self.shown(old), Self.shown(new)).filter { $0.0.1 != $0.1.1 }.map {
        "\($0.0.0) \($0.0.1 ?? "(none)") → \($0.1.1 ?? "(none)")"
      }
      note(
        fields.isEmpty
          ? "Package \(id): nothing changed."
          : "Package \(id): \(fields.joined(separator: "; ")).")
      note(shift.description)
    }

    /// The fields as a person reads them.
    static func shown(_ p: TSAModel.Package) -> [(String, String?)] {
      [
        ("contract", p.contractCode), ("stamps", String(p.stamps)),
        ("price", p.price.map { "\(Money.format($0, currency: p.currency)) \(p.currency)" }),
        ("VAT rate", p.vatRate.map { "\($0) %" }), ("ordered", p.ordered?.iso),
        ("paid", p.paid?.iso), ("valid until", p.validUntil?.iso), ("ref", p.ref),
      ]
    }
  }

  struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remove a package recorded by mistake.",
      discussion: """
        Refused while stamps are drawn from it, unless --force: its stamps then move to the contract's other packages or become unfunded, and what moves where is said. The removal is kept in the change log (see tsa-report history).

        Example:
          tsa-report package remove 4
        """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The package's id (see: tsa-report package list).")
    var id: Int64

    @Flag(help: "Remove it although stamps are drawn from it.")
    var force = false

    @OptionGroup var closedMonths: IntoOpenMonthOption

    func run() throws {
      let context = try global.context()
      let zone = try context.zone()
      let (package, shift) = try closedMonths.run(context) {
        try context.books().removePackage(
          id: id, force: force, zone: zone, today: zone.localDate(of: context.now))
      }
      note(
        "Removed package \(id) (\(package.stamps) stamps of \(package.contractCode)"
          + "\(package.ref.map { ", \($0)" } ?? ""))."
      )
      note(shift.description)
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the packages.",
      discussion: """
        Example:
          tsa-report package list
        """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
      let context = try global.context()
      let packages = try context.store().packages()
      let table = Listings.packages(packages)
      print(TextRenderer.renderTable(table, .english), terminator: "")
    }
  }
}
