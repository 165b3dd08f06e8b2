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
  /// An invoice reference as recorded: without surrounding spaces.
  static func trimmed(_ ref: String?) -> String? {
    ref?.trimmingCharacters(in: .whitespacesAndNewlines)
  }

  static func checkFields(
    stamps: Int64?, validYears: Int?, validUntil: LocalDate?, currency: String?, price: String?,
    vatRate: String?, ref: String?
  ) throws {
    if let ref, trimmed(ref)!.isEmpty {
      throw ValidationError(
        Speech.say(
          en: "--ref is empty: give the invoice or order number, e.g. FV-2026-0820 (package edit"
            + " --clear ref removes one).",
          cs: "--ref je prázdný: uveďte číslo faktury či objednávky, např. FV-2026-0820 (package"
            + " edit --clear ref ho odebere)."))
    }
    if let stamps, !(1...Add.maxStamps).contains(stamps) {
      throw ValidationError(
        Speech.say(
          en: "--stamps \(stamps) must be a number of stamps from 1 to 1,000,000,000.",
          cs: "--stamps \(stamps) musí být počet razítek od 1 do 1 000 000 000."))
    }
    if validYears != nil && validUntil != nil {
      throw ValidationError(
        Speech.say(
          en: "--valid-years and --valid-until both say when the package ends; give one.",
          cs: "--valid-years i --valid-until určují konec platnosti balíčku; uveďte jen jedno."))
    }
    if let validYears, !(1...100).contains(validYears) {
      throw ValidationError(
        Speech.say(
          en: "--valid-years \(validYears) must be from 1 to 100 years.",
          cs: "--valid-years \(validYears) musí být od 1 do 100 let."))
    }
    if let currency, currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isLetter }) {
      throw ValidationError(
        Speech.say(
          en: "--currency '\(currency)' is not an ISO 4217 code such as CZK or EUR.",
          cs: "--currency '\(currency)' není kód ISO 4217, jako CZK nebo EUR."))
    }
    let code = currency ?? "CZK"
    if let price {
      guard let amount = Money.parse(price, currency: code) else {
        throw ValidationError(
          Speech.say(
            en: "--price '\(price)' is not an amount in \(code.uppercased()); write it like 847 or"
              + " 847.50 (a dot before the \(Money.minorDigits(of: code)) decimals).",
            cs: "--price '\(price)' není částka v \(code.uppercased()); pište ji jako 847 nebo"
              + " 847.50 (tečka před \(Money.minorDigits(of: code)) desetinnými místy)."))
      }
      if amount > Add.maxPrice {
        throw ValidationError(
          Speech.say(
            en: "--price \(price) is more than any package costs (at most 1,000,000,000,000);"
              + " check it.",
            cs: "--price \(price) je víc, než stojí jakýkoli balíček (nejvýše 1 000 000 000 000);"
              + " zkontrolujte ji."))
      }
    }
    if let vatRate, Money.parse(vatRate, currency: "").map({ $0 < 0 || $0 > 100 }) ?? true {
      throw ValidationError(
        Speech.say(
          en: "--vat-rate '\(vatRate)' is not a percentage from 0 to 100; write it like 21 or"
            + " 12.5.",
          cs: "--vat-rate '\(vatRate)' není procento od 0 do 100; pište ho jako 21 nebo 12.5."))
    }
    // A fraction where a percentage belongs: 0.21 would tax at 0.21 %.
    if let vatRate, let rate = Money.parse(vatRate, currency: ""), rate > 0 && rate < 1 {
      throw ValidationError(
        Speech.say(
          en: "--vat-rate \(vatRate) is a rate in percent: did you mean \(rate * 100)? (Czech VAT"
            + " is 21, 12 or 0.)",
          cs: "--vat-rate \(vatRate) je sazba v procentech; nemysleli jste \(rate * 100)? (Sazby"
            + " DPH v Česku jsou 21, 12 a 0.)"))
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

    @Option(
      name: .customLong("tax-point"),
      help: ArgumentHelp(
        "The invoice's tax point, DUZP (YYYY-MM-DD).", valueName: "date"),
      transform: parseDate)
    var taxPoint: LocalDate?

    @Flag(
      help: ArgumentHelp(
        "Record it although a package with the same contract, stamps, price and days is"
          + " recorded already and this one has no --ref."))
    var force = false

    @OptionGroup var correction: CorrectionOptions

    func validate() throws {
      try PackageCommand.checkFields(
        stamps: stamps, validYears: validYears, validUntil: validUntil, currency: currency,
        price: price, vatRate: vatRate, ref: ref)
    }

    /// Far beyond any real package, and safe in every sum the ledger makes.
    static let maxStamps = Store.maxStamps
    static let maxPrice = Decimal(1_000_000_000_000)

    func run() throws {
      let context = try global.context()
      let store = try context.store()
      let code = currency.uppercased()
      let ref = PackageCommand.trimmed(ref)
      let draft = PackageDraft(
        contractCode: contract, stamps: stamps,
        price: price.flatMap { Money.parse($0, currency: code) },
        currency: code, vatRate: vatRate.flatMap { Money.parse($0, currency: "") },
        ordered: ordered, paid: paid, validYears: validYears ?? 25, validUntil: validUntil,
        ref: ref, taxPoint: taxPoint)
      // The same invoice entered twice looks like this: without a reference to tell them
      // apart, a second package of the same contract, stamps, price and days needs --force.
      if ref == nil && !force {
        let contractCode = try store.contract(code: contract).code
        let candidate = TSAModel.Package(
          id: 0, contractCode: contractCode, stamps: stamps, price: draft.price, currency: code,
          vatRate: draft.vatRate, ordered: ordered, paid: paid,
          validYears: validUntil == nil ? draft.validYears : nil, explicitValidUntil: validUntil,
          ref: nil)
        if let twin = try store.packages().first(where: { candidate.looksLike($0) }) {
          throw SystemError.usage(
            "package \(twin.named) has the same contract, stamps, price and days: is this the"
              + " same invoice entered twice? Nothing was recorded. Give this one's invoice"
              + " number as --ref, or --force to record it anyway.",
            cs: "balíček \(twin.named) má tutéž smlouvu, počet razítek, cenu i data: není to"
              + " tatáž faktura zadaná dvakrát? Nic nebylo zapsáno. Uveďte číslo faktury tohoto"
              + " balíčku jako --ref, nebo --force, má-li se přesto zapsat.")
        }
      }
      let package = try correction.run(context) { try store.addPackage(draft) }
      let words = Speech.words
      let until = package.validUntil.map(words.date)
      note(
        en: "Added package \(package.named): \(words.stamps(package.stamps))"
          + (package.paid == nil
            ? ", unpaid (record payment with: tsa-report package pay \(package.id) --date YYYY-MM-DD)"
            : until.map { ", valid until \($0)" } ?? "") + ".",
        cs: "Přidán balíček \(package.named): \(words.stamps(package.stamps))"
          + (package.paid == nil
            ? ", nezaplacený (platbu zapíšete příkazem: tsa-report package pay \(package.id)"
              + " --date RRRR-MM-DD)"
            : until.map { ", platný do \($0)" } ?? "") + ".")
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

    @OptionGroup var target: PackageArgument

    @Option(
      help: ArgumentHelp("The day it was paid (YYYY-MM-DD).", valueName: "date"),
      transform: parseDate)
    var date: LocalDate

    @Flag(help: "Change the day of a package paid already.")
    var force = false

    @OptionGroup var correction: CorrectionOptions

    func run() throws {
      let context = try global.context()
      let package = try target.resolve(context.store())
      let before = try correction.run(context) {
        try context.store().payPackage(id: package.id, on: date, force: force)
      }
      let words = Speech.words
      if let before, before != date {
        note(
          en: "Package \(package.named): paid on \(words.date(before)) → \(words.date(date)).",
          cs: "Balíček \(package.named): zaplaceno \(words.date(before)) → \(words.date(date)).")
      } else {
        note(
          en: "Package \(package.named) paid on \(words.date(date)).",
          cs: "Balíček \(package.named) zaplacen \(words.date(date)).")
      }
    }
  }

  struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Correct a package: any of its fields.",
      // Past 12 options argument-parser's synopsis collapses: see Usage.swift.
      usage: """
        tsa-report package edit <package> [--stamps <stamps>] [--price <amount>] [--paid <date>] \
        [--clear <field> ...] [<options>]
        """,
      discussion: """
        Each option given replaces the package's value, checked as package add checks a new one (a reference another package has, a paid day before the ordered day, a valid-until day before the paid day are refused); --clear empties a field: price, vat-rate, ordered, paid, valid-until or ref. The stamps are drawn from the packages again, and what moves from one package to another is said. Every change is kept in the change log (see tsa-report history).

        Example:
          tsa-report package edit 3 --stamps 1000 --price 3630 --ref FV-2026-0820
          tsa-report package edit 4 --clear paid
        """)

    @OptionGroup var global: GlobalOptions

    @OptionGroup var target: PackageArgument

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
      name: .customLong("tax-point"),
      help: ArgumentHelp(
        "The invoice's tax point, DUZP (YYYY-MM-DD).", valueName: "date"),
      transform: parseDate)
    var taxPoint: LocalDate?

    @Option(
      help: ArgumentHelp(
        "Empty a field: price, vat-rate, ordered, paid, valid-until, ref or tax-point"
          + " (repeatable).",
        valueName: "field"))
    var clear: [String] = []

    @OptionGroup var correction: CorrectionOptions

    func validate() throws {
      try PackageCommand.checkFields(
        stamps: stamps, validYears: validYears, validUntil: validUntil, currency: currency,
        price: price, vatRate: vatRate, ref: ref)
      for field in clear where PackageChanges.Field(rawValue: field) == nil {
        let fields = PackageChanges.Field.allCases.map(\.rawValue).joined(separator: ", ")
        throw ValidationError(
          Speech.say(
            en: "--clear '\(field)' is not a field that can be emptied; one of: \(fields).",
            cs: "--clear '\(field)' není údaj, který lze vyprázdnit; jeden z \(fields)."))
      }
      if ref.map({ $0.unicodeScalars.contains(where: TerminalText.needsEscape) }) == true {
        throw ValidationError(
          Speech.say(
            en: "--ref holds control characters (a line break?); give it without.",
            cs: "--ref obsahuje řídicí znaky (konec řádku?); uveďte ho bez nich."))
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
      changes.ref = PackageCommand.trimmed(ref)
      changes.taxPoint = taxPoint
      changes.clear = Set(clear.compactMap(PackageChanges.Field.init(rawValue:)))
      return changes
    }

    func run() throws {
      let context = try global.context()
      guard !changes.isEmpty else {
        throw SystemError.usage(
          "nothing to change: give a field to set (--stamps, --price, --paid, …) or --clear.",
          cs: "není co měnit: uveďte údaj k nastavení (--stamps, --price, --paid, …) nebo --clear.")
      }
      let zone = try context.zone()
      let package = try target.resolve(context.store())
      let (old, new, shift) = try correction.run(context) {
        try context.books().editPackage(
          id: package.id, changes: changes, zone: zone, today: zone.localDate(of: context.now))
      }
      let words = Speech.words
      let none = Speech.say(en: "(none)", cs: "(nic)")
      let fields = zip(Self.shown(old, words), Self.shown(new, words)).filter { $0.0.1 != $0.1.1 }
        .map { "\($0.0.0) \($0.0.1 ?? none) → \($0.1.1 ?? none)" }
      note(
        fields.isEmpty
          ? Speech.say(
            en: "Package \(old.named): nothing changed.",
            cs: "Balíček \(old.named): nic se nezměnilo.")
          : Speech.say(en: "Package", cs: "Balíček")
            + " \(old.named): \(fields.joined(separator: "; ")).")
      note(shift.description(in: Speech.language))
    }

    /// The fields as a person reads them: `price 11,500.00 CZK` / `cena 11 500,00 Kč`.
    static func shown(_ p: TSAModel.Package, _ words: Words) -> [(String, String?)] {
      func say(_ en: String, _ cs: String) -> String { words.language.pick(en: en, cs: cs) }
      return [
        (say("contract", "smlouva"), p.contractCode),
        (say("stamps", "razítek"), words.number(p.stamps)),
        (
          say("price", "cena"),
          p.price.map {
            words.money($0, currency: p.currency) + say(" \(p.currency)", "")
          }
        ),
        (say("VAT rate", "sazba DPH"), p.vatRate.map { "\(words.decimal(plainDecimal($0))) %" }),
        (say("ordered", "objednáno"), p.ordered.map(words.date)),
        (say("paid", "zaplaceno"), p.paid.map(words.date)),
        (say("valid until", "platnost do"), p.validUntil.map(words.date)),
        (say("ref", "označení"), p.ref), (say("tax point", "DUZP"), p.taxPoint.map(words.date)),
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

    @OptionGroup var target: PackageArgument

    @Flag(help: "Remove it although stamps are drawn from it.")
    var force = false

    @OptionGroup var correction: CorrectionOptions

    func run() throws {
      let context = try global.context()
      let zone = try context.zone()
      let named = try target.resolve(context.store())
      let (package, shift) = try correction.run(context) {
        try context.books().removePackage(
          id: named.id, force: force, zone: zone, today: zone.localDate(of: context.now))
      }
      note(
        en: "Removed package \(package.named): \(Speech.words.stamps(package.stamps)).",
        cs: "Odebrán balíček \(package.named): \(Speech.words.stamps(package.stamps)).")
      note(shift.description(in: Speech.language))
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
      let table = Listings.packages(packages, Speech.words)
      print(TextRenderer.renderTable(table, Speech.words), terminator: "")
    }
  }
}
