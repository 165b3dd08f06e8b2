import Foundation
import TSALedger
import TSAModel

/// Every fixed word or phrase a report shows a person. Each language's text is an exhaustive
/// `switch`, so a label without its Czech words does not compile; machine names (CSV headers,
/// JSON keys) are not labels and never change with the language.
public enum Label: CaseIterable, Sendable {
  // Titles
  case usageTitle, balanceTitle, stampListTitle, monthlyTitle, packagesTitle
  // Facts above a table
  case interval, timeZone, filters, currency, asOf, monthState, newestLine, lastImport, noneYet
  // Filters
  case noFilter, contractFilter, userFilter, costCentreFilter
  // Columns
  case openingValue, purchasedValue, usedValue, expiredValue, closingValue, valueEquation
  case day, week, month, quarter, year, contract, user, displayName, costCentre, package, source
  case endpoint, host, group, stamps, costExclVAT, vat, costInclVAT, ref, ordered, paid, validUntil
  case status, used, remaining, expired, unfunded, opening, purchased, closing, localTime, serial
  case price, unitPrice, vatRate, utcOffset
  // Values
  case total, rounding, contractTotal, unfundedValue, noCostCentre, unknownValue, allStamps
  case unpaidStatus, activeStatus, exhaustedStatus, expiredStatus
  // Workbook sheets and chart
  case summarySheet, byUserSheet, byDaySheet, packagesSheet, stampsSheet, stampsPerDay
  case usageSheet, balanceSheet
  // Notes
  case balanceEquation
  // The change log
  case changesTitle, changedAt, changedBy, changedWhat, changeAction, changedField, oldValue
  case newValue, addedAction, editedAction, removedAction, name, accounts, aliasOf, noChanges
  // Lists longer than a sheet
  case stampsOnSheets, byUserOnSheets
  // Closed months
  case adjustment, adjustmentValue, adjustmentsTitle, figure, reported, booksNow, effect
  case reportedValue, booksNowValue, effectValue, noAdjustments, closedThrough
  case remainingValue, balanceValues, madeAt, booksState, bundleVersion, changeNote, taxPoint
  // Cost centres
  case byCentreSheet, byCentreTitle, noCostCentreStatement, centreSubtotals, statementTitle
  case statementNote, byCentreOnSheets

  package var english: String {
    switch self {
    case .usageTitle: "TSA stamp usage"
    case .balanceTitle: "TSA stamp balance"
    case .stampListTitle: "TSA stamps, one by one"
    case .monthlyTitle: "TSA stamps"
    case .packagesTitle: "Packages of TSA stamps"
    case .interval: "Interval"
    case .timeZone: "Time zone"
    case .filters: "Filters"
    case .currency: "Currency"
    case .asOf: "As of"
    case .monthState: "Month"
    case .newestLine: "Newest line"
    case .lastImport: "Last import"
    case .openingValue: "Opening value"
    case .purchasedValue: "Purchased value"
    case .usedValue: "Used value"
    case .expiredValue: "Expired value"
    case .closingValue: "Closing value"
    case .valueEquation:
      "Values excl. VAT at the packages' unit prices: opening + purchased − used − expired +"
        + " adjustments = closing, to the haléř. The used value is the month's expense; it can differ by a"
        + " haléř from the cost columns, which round each row on its own."
    case .noneYet: "none yet"
    case .noFilter: "none"
    case .contractFilter: "contract"
    case .userFilter: "user"
    case .costCentreFilter: "cost centre"
    case .day: "Day"
    case .week: "Week"
    case .month: "Month"
    case .quarter: "Quarter"
    case .year: "Year"
    case .contract: "Contract"
    case .user: "User"
    case .displayName: "Name"
    case .costCentre: "Cost centre"
    case .package: "Package"
    case .source: "Source"
    case .endpoint: "Endpoint"
    case .host: "Host"
    case .group: "Group"
    case .stamps: "Stamps"
    case .costExclVAT: "Cost excl. VAT"
    case .vat: "VAT"
    case .costInclVAT: "Cost incl. VAT"
    case .ref: "Ref"
    case .ordered: "Ordered"
    case .paid: "Paid"
    case .validUntil: "Valid until"
    case .status: "Status"
    case .used: "Used"
    case .remaining: "Remaining"
    case .expired: "Expired"
    case .unfunded: "Unfunded"
    case .opening: "Opening balance"
    case .purchased: "Purchased"
    case .closing: "Closing balance"
    case .localTime: "Local time"
    case .serial: "Serial"
    case .price: "Price excl. VAT"
    case .unitPrice: "Unit price"
    case .utcOffset: "UTC offset"
    case .vatRate: "VAT rate %"
    case .total: "Total"
    case .adjustment: "Adjustments"
    case .remainingValue: "Value left"
    case .madeAt: "Made"
    case .byCentreSheet: "By cost centre"
    case .byCentreOnSheets: "By cost centre on the sheets"
    case .byCentreTitle: "TSA stamps by cost centre"
    case .noCostCentreStatement: "no cost centre"
    case .centreSubtotals:
      "Each cost centre's subtotal is its stamps as one amount, as usage --by cost-centre gives"
        + " it; a rounding line makes up the difference to its users' rows."
    case .statementTitle: "TSA stamps, statement for cost centre"
    case .statementNote:
      "Stamps of the centre's users in the month, by the package they were drawn from, at the"
        + " package's price excl. VAT; the total is the centre's subtotal in the month's By cost"
        + " centre sheet."
    case .changeNote: "Why"
    case .taxPoint: "Tax point"
    case .booksState: "Books state"
    case .bundleVersion: "Version"
    case .balanceValues:
      "Values excl. VAT at the packages' unit prices: what the stamps used cost, what the paid"
        + " stamps left are worth (prepaid, not yet spent) and what expired unused (a write-off)."
    case .adjustmentValue: "Adjustments value"
    case .adjustmentsTitle: "Adjustments to closed months"
    case .figure: "Figure"
    case .reported: "Reported"
    case .booksNow: "Books now"
    case .effect: "Effect on balance"
    case .reportedValue: "Reported value"
    case .booksNowValue: "Value now"
    case .effectValue: "Effect on value"
    case .noAdjustments: "No closed month was changed after it was closed."
    case .closedThrough: "Closed through"
    case .rounding: "Rounding"
    case .contractTotal: "total"
    case .unfundedValue: "unfunded"
    case .noCostCentre: "(none)"
    case .unknownValue: "(unknown)"
    case .allStamps: "all stamps"
    case .unpaidStatus: "unpaid"
    case .activeStatus: "active"
    case .exhaustedStatus: "exhausted"
    case .expiredStatus: "expired"
    case .summarySheet: "Summary"
    case .byUserSheet: "By user"
    case .byDaySheet: "By day"
    case .packagesSheet: "Packages"
    case .stampsSheet: "Stamps"
    case .stampsPerDay: "Stamps per day"
    case .usageSheet: "Usage"
    case .balanceSheet: "Balance"
    case .balanceEquation:
      "Opening balance + purchased − used − expired + adjustments = closing balance (stamps of"
        + " paid packages); adjustments are corrections to closed months booked in this one."
    case .changesTitle: "Changes to the books"
    case .changedAt: "When"
    case .changedBy: "Who"
    case .changedWhat: "What"
    case .changeAction: "Action"
    case .changedField: "Field"
    case .oldValue: "Was"
    case .newValue: "Now"
    case .addedAction: "added"
    case .editedAction: "changed"
    case .removedAction: "removed"
    case .name: "Name"
    case .accounts: "Accounts"
    case .aliasOf: "Alias of"
    case .noChanges: "No changes to contracts, packages or users in this period."
    case .stampsOnSheets: "Stamps on the sheets"
    case .byUserOnSheets: "By user on the sheets"
    }
  }

  package var czech: String {
    switch self {
    case .usageTitle: "Spotřeba časových razítek"
    case .balanceTitle: "Stav časových razítek"
    case .stampListTitle: "Seznam časových razítek"
    case .monthlyTitle: "Časová razítka"
    case .packagesTitle: "Balíčky časových razítek"
    case .interval: "Období"
    case .timeZone: "Časové pásmo"
    case .filters: "Filtry"
    case .currency: "Měna"
    case .asOf: "Ke dni"
    case .monthState: "Měsíc"
    case .newestLine: "Nejnovější řádek"
    case .lastImport: "Poslední import"
    case .openingValue: "Počáteční hodnota"
    case .purchasedValue: "Nakoupeno v hodnotě"
    case .usedValue: "Spotřebováno v hodnotě"
    case .expiredValue: "Propadlo v hodnotě"
    case .closingValue: "Konečná hodnota"
    case .valueEquation:
      "Hodnoty bez DPH v jednotkových cenách balíčků, počáteční + nakoupeno − spotřebováno −"
        + " propadlo + opravy = konečná, na haléř. Spotřebovaná hodnota je náklad měsíce; od sloupců"
        + " nákladů se může lišit o haléř, protože ty zaokrouhlují každý řádek zvlášť."
    case .noneYet: "zatím žádný"
    case .noFilter: "žádné"
    case .contractFilter: "smlouva"
    case .userFilter: "uživatel"
    case .costCentreFilter: "nákladové středisko"
    case .day: "Den"
    case .week: "Týden"
    case .month: "Měsíc"
    case .quarter: "Čtvrtletí"
    case .year: "Rok"
    case .contract: "Smlouva"
    case .user: "Uživatel"
    case .displayName: "Jméno"
    case .costCentre: "Nákladové středisko"
    case .package: "Balíček"
    case .source: "Zdroj"
    case .endpoint: "Koncový bod"
    case .host: "Server"
    case .group: "Skupina"
    case .stamps: "Razítka"
    case .costExclVAT: "Náklady bez DPH"
    case .vat: "DPH"
    case .costInclVAT: "Náklady s DPH"
    case .ref: "Doklad"
    case .ordered: "Objednáno"
    case .paid: "Zaplaceno"
    case .validUntil: "Platnost do"
    case .status: "Stav"
    case .used: "Použito"
    case .remaining: "Zbývá"
    case .expired: "Propadlo"
    case .unfunded: "Nekrytých"
    case .opening: "Počáteční zůstatek"
    case .purchased: "Nakoupeno"
    case .closing: "Konečný zůstatek"
    case .localTime: "Místní čas"
    case .serial: "Sériové číslo"
    case .price: "Cena bez DPH"
    case .unitPrice: "Cena za razítko"
    case .utcOffset: "Posun od UTC"
    case .vatRate: "Sazba DPH %"
    case .total: "Celkem"
    case .adjustment: "Opravy"
    case .remainingValue: "Hodnota zbývajících"
    case .madeAt: "Vytvořeno"
    case .byCentreSheet: "Podle nákladových středisek"
    case .byCentreOnSheets: "Podle nákladových středisek na listech"
    case .byCentreTitle: "Časová razítka podle nákladových středisek"
    case .noCostCentreStatement: "bez střediska"
    case .centreSubtotals:
      "Mezisoučet střediska je částka za všechna jeho razítka najednou, stejně jako v usage"
        + " --by cost-centre; řádek zaokrouhlení dorovná rozdíl k řádkům jeho uživatelů."
    case .statementTitle: "Vyúčtování časových razítek střediska"
    case .statementNote:
      "Razítka uživatelů střediska za měsíc podle balíčku, ze kterého byla čerpána, v ceně"
        + " balíčku bez DPH; celkem odpovídá mezisoučtu střediska na listu Podle nákladových"
        + " středisek."
    case .changeNote: "Důvod"
    case .taxPoint: "DUZP"
    case .booksState: "Stav evidence"
    case .bundleVersion: "Verze"
    case .balanceValues:
      "Hodnoty bez DPH v jednotkových cenách balíčků: spotřebovaná razítka, zbývající zaplacená"
        + " razítka (zaplacená záloha, dosud nespotřebovaná) a razítka propadlá nevyužitá (odpis)."
    case .adjustmentValue: "Opravy v hodnotě"
    case .adjustmentsTitle: "Opravy minulých období"
    case .figure: "Údaj"
    case .reported: "Vykázáno"
    case .booksNow: "Evidence nyní"
    case .effect: "Dopad na stav"
    case .reportedValue: "Vykázaná hodnota"
    case .booksNowValue: "Hodnota nyní"
    case .effectValue: "Dopad na hodnotu"
    case .noAdjustments: "Žádný uzavřený měsíc nebyl po uzavření změněn."
    case .closedThrough: "Uzavřeno do"
    case .rounding: "Zaokrouhlení"
    case .contractTotal: "celkem"
    case .unfundedValue: "nekrytá"
    case .noCostCentre: "(žádné)"
    case .unknownValue: "(neznámý)"
    case .allStamps: "všechna razítka"
    case .unpaidStatus: "nezaplaceno"
    case .activeStatus: "aktivní"
    case .exhaustedStatus: "vyčerpáno"
    case .expiredStatus: "propadlo"
    case .summarySheet: "Souhrn"
    case .byUserSheet: "Podle uživatelů"
    case .byDaySheet: "Podle dnů"
    case .packagesSheet: "Balíčky"
    case .stampsSheet: "Razítka"
    case .stampsPerDay: "Razítka za den"
    case .usageSheet: "Spotřeba"
    case .balanceSheet: "Stav"
    case .balanceEquation:
      "Počáteční zůstatek + nakoupeno − použito − propadlo + opravy = konečný zůstatek (razítka"
        + " zaplacených balíčků); opravy jsou změny uzavřených měsíců zaúčtované v tomto měsíci."
    case .changesTitle: "Změny v evidenci"
    case .changedAt: "Kdy"
    case .changedBy: "Kdo"
    case .changedWhat: "Co"
    case .changeAction: "Změna"
    case .changedField: "Údaj"
    case .oldValue: "Bylo"
    case .newValue: "Je"
    case .addedAction: "přidáno"
    case .editedAction: "změněno"
    case .removedAction: "odebráno"
    case .name: "Název"
    case .accounts: "Účty"
    case .aliasOf: "Alias pro"
    case .noChanges: "Ve smlouvách, balíčcích ani uživatelích se v tomto období nic nezměnilo."
    case .stampsOnSheets: "Razítka na listech"
    case .byUserOnSheets: "Podle uživatelů na listech"
    }
  }
}

extension Label {
  /// The machine name of a label used as a value in a table (a status, a total's label, a
  /// change's action, a figure).
  fileprivate var valueName: String {
    switch self {
    case .total: "total"
    case .rounding: "rounding"
    case .unfundedValue: "unfunded"
    case .noCostCentre: "no_cost_centre"
    case .unknownValue: "unknown"
    case .allStamps: "all_stamps"
    case .unpaidStatus: "unpaid"
    case .activeStatus: "active"
    case .exhaustedStatus: "exhausted"
    case .expiredStatus: "expired"
    case .addedAction: "added"
    case .editedAction: "changed"
    case .removedAction: "removed"
    case .opening: "opening"
    case .purchased: "purchased"
    case .used: "used"
    case .expired: "expired"
    case .closing: "closing"
    case .unfunded: "unfunded"
    case .contract: "contract"
    case .package: "package"
    case .user: "user"
    default: preconditionFailure("\(self) is a label, not a value")
    }
  }
}

/// The words of reports in one language: labels, sentences with numbers in them, and how
/// numbers, money and dates are written for a person (English `1,949.31` and `2026-10-31`;
/// Czech `1 949,31 Kč` and `31. 10. 2026`).
public struct Words: Sendable {
  public let language: Language

  public init(_ language: Language) { self.language = language }

  public static let english = Words(.en)

  /// A label in this language.
  public subscript(_ label: Label) -> String {
    language.pick(en: label.english, cs: label.czech)
  }

  /// A column: its machine name (CSV header, JSON key), the same in every language, and its
  /// title in this language.
  package func column(_ key: String, _ label: Label) -> Column { Column(key, self[label]) }

  /// A fact whose value is worded: said in this language, and in English for programs (JSON).
  package func fact(_ key: String, _ label: Label, _ value: (Words) -> String) -> Fact {
    Fact(key, self[label], value(self), data: language == .en ? nil : value(.english))
  }

  /// A fixed value in a table: its machine name (what the standard CSV and JSON hold, the same in
  /// every language) and its words in this language.
  package func term(_ label: Label) -> Cell { .term(label.valueName, text: self[label]) }

  /// A contract's total row's first cell: `F2112000371` to a program, `F2112000371 celkem` to a
  /// person.
  package func contractTotal(_ code: String) -> Cell {
    .term(code, text: "\(code) \(self[.contractTotal])")
  }

  // MARK: - Numbers, money and dates for a person

  /// A cell as a person reads it: `1,949.31` or `1 949,31 Kč`, `2026-10-31` or `31. 10. 2026`.
  public func text(_ cell: Cell) -> String {
    switch cell {
    case .text(let text), .term(_, let text): text
    case .integer(let n): number(n)
    case .money(let amount, let currency): money(amount, currency: currency)
    case .decimal(let value): decimal(plainDecimal(value))
    case .unitPrice(let value, let currency):
      language.pick(
        en: decimal(plainDecimal(value)),
        cs: decimal(plainDecimal(value)) + " " + (currency == "CZK" ? "Kč" : currency))
    case .date(let day): date(day)
    case .dateTime(let date, let second): dateTime(date, secondOfDay: second)
    case .empty: ""
    }
  }

  /// `1,087` in English, `1 087` in Czech.
  public func number(_ n: Int64) -> String { PlainCount.number(n, language) }

  /// A decimal with its digits as given: `17.3`, in Czech `17,3`, thousands grouped.
  package func decimal(_ text: String) -> String { PlainCount.decimal(text, language) }

  /// Money rounded to the currency's minor unit: `1,949.31`; in Czech `1 949,31 Kč`.
  public func money(_ amount: Decimal, currency: String) -> String {
    Money.written(amount, currency: currency, in: language)
  }

  /// `2026-10-31`; in Czech `31. 10. 2026`.
  public func date(_ date: LocalDate) -> String {
    date.written(in: language)
  }

  /// `2026-10-05 14:03:07`; in Czech `5. 10. 2026 14:03:07`.
  package func dateTime(_ date: LocalDate, secondOfDay second: Int) -> String {
    self.date(date) + " " + twoDigits(Int64(second / 3600)) + ":"
      + twoDigits(Int64(second / 60 % 60)) + ":" + twoDigits(Int64(second % 60))
  }

  /// An instant in a zone with its offset: `2026-10-01 00:00 +02:00`; in Czech
  /// `1. 10. 2026 00:00 +02:00`.
  package func instant(_ instant: Instant, in zone: ReportZone) -> String {
    zone.format(instant, in: language)
  }

  /// A period of whole days as an accountant writes it: `2026-10-01 – 2026-10-31`; in Czech
  /// `1. 10. 2026 – 31. 10. 2026` (the zone is a fact of its own).
  package func interval(_ period: Period) -> String {
    period.firstDay == period.lastDay
      ? date(period.firstDay) : "\(date(period.firstDay)) – \(date(period.lastDay))"
  }

  /// A month by its name: `October 2026`; in Czech `říjen 2026`.
  public func month(_ first: LocalDate) -> String {
    let names = language.pick(
      en: [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
      ],
      cs: [
        "leden", "únor", "březen", "duben", "květen", "červen", "červenec", "srpen", "září",
        "říjen", "listopad", "prosinec",
      ])
    return "\(names[first.month - 1]) \(first.year)"
  }

  // MARK: - Counted nouns

  public typealias Noun = CountedNoun

  /// A number and its noun in the form the number takes: `1 day`, `2 days`; in Czech `1 den`,
  /// `2 dny`, `5 dní`.
  public func counted(_ n: Int64, _ noun: Noun) -> String {
    "\(number(n)) \(form(n, noun))"
  }

  /// The noun's form for `n`.
  package func form(_ n: Int64, _ noun: Noun) -> String { noun.form(n, language) }

  /// `1 stamp`, `1,087 stamps`; in Czech `1 razítko`, `3 razítka`, `5 razítek`.
  package func stamps(_ n: Int64) -> String { counted(n, .stamp) }

  // MARK: - Sentences

  package func unbilled(_ counts: [Outcome: Int64], malformed: Int64) -> String {
    let c = { (outcome: Outcome) in counts[outcome, default: 0] }
    switch language {
    case .en:
      return
        "Seen but not billed: \(number(c(.rejected))) rejected by TSA"
        + " · \(counted(c(.authFailure), .authFailure)) · \(counted(c(.probe), .probe))"
        + " · \(counted(c(.error), .error)) · \(number(malformed)) malformed"
    case .cs:
      return "Zaznamenáno, ale neúčtováno: odmítnuto TSA \(number(c(.rejected)))"
        + " · neúspěšná přihlášení \(number(c(.authFailure)))"
        + " · kontroly dostupnosti \(number(c(.probe))) · chyby \(number(c(.error)))"
        + " · vadné řádky \(number(malformed))"
    }
  }

  package func unpriced(_ n: Int64) -> String {
    language.pick(
      en: "\(stamps(n)) without a known price (unfunded, or drawn from a package without a price):"
        + " counted, not in the costs.",
      cs: "\(stamps(n)) bez známé ceny (nekrytá, nebo z balíčku bez ceny): v počtech jsou, v"
        + " nákladech ne.")
  }

  package func mixedCurrencies(_ currencies: [String]) -> String {
    language.pick(
      en: "Costs are not shown: the packages are priced in \(currencies.joined(separator: ", "));"
        + " report one contract at a time with --contract.",
      cs: "Náklady nejsou uvedeny: balíčky mají ceny v různých měnách"
        + " (\(currencies.joined(separator: ", "))); vyberte jednu smlouvu pomocí --contract.")
  }

  package func endOfDay(_ day: LocalDate, _ instant: String) -> String {
    language.pick(en: "end of \(date(day)) (\(instant))", cs: "konec dne \(date(day)) (\(instant))")
  }

  package func runway(
    _ code: String, left: Int64, perDay: String, window: Int, days: Int, until: LocalDate
  )
    -> String
  {
    language.pick(
      en: "\(code): \(stamps(left)) left; \(decimal(perDay)) a day over the last"
        + " \(counted(Int64(window), .day)); runway \(counted(Int64(days), .day)), until about"
        + " \(date(until)).",
      cs: "\(code): \(czechLeft(left)); \(czechRate(perDay)) denně za posledních"
        + " \(counted(Int64(window), .day)); vystačí na \(counted(Int64(days), .day)), přibližně"
        + " do \(date(until)).")
  }

  package func noRecentUse(_ code: String, left: Int64, window: Int) -> String {
    language.pick(
      en: "\(code): \(stamps(left)) left; none used in the last \(counted(Int64(window), .day)).",
      cs: "\(code): \(czechLeft(left)); za posledních \(counted(Int64(window), .day)) žádná"
        + " spotřeba.")
  }

  /// `15,3 razítka`, `1 razítko`, `2 razítka`, `5 razítek`: a decimal takes the genitive
  /// singular, a whole number its plural form.
  private func czechRate(_ perDay: String) -> String {
    if let whole = Int64(perDay) { return stamps(whole) }
    return "\(decimal(perDay)) razítka"
  }

  /// `zbývá 1 razítko`, `zbývají 3 razítka`, `zbývá 5 razítek`: the verb agrees with the count.
  private func czechLeft(_ n: Int64) -> String {
    ((2...4).contains(n) ? "zbývají " : "zbývá ") + stamps(n)
  }

  package func expiryWarning(package: Package, until: LocalDate, unused: Int64) -> String {
    let name = "\(package.id)\(package.ref.map { " (\($0))" } ?? "")"
    return language.pick(
      en: "Warning: package \(name) expires on \(date(until)) with about \(stamps(unused)) unused"
        + " at this pace.",
      cs: "Upozornění: balíček \(name) propadne \(date(until)) a při této spotřebě v něm zůstane"
        + " asi \(stamps(unused)).")
  }

  /// Why a contract's total is not the sum of its rows: its unpaid packages are listed but not
  /// counted until paid.
  package func unpaidOutsideTotals(_ code: String, _ packages: [Package]) -> String {
    let list = packages.map { "\($0.named), \(stamps($0.stamps))" }.joined(separator: "; ")
    return language.pick(
      en: "\(code): the total is of paid packages; "
        + (packages.count == 1
          ? "package \(list), is unpaid: listed above, counted once paid."
          : "packages \(list) are unpaid: listed above, counted once paid."),
      cs: "\(code): součet je za zaplacené balíčky; "
        + (packages.count == 1
          ? "balíček \(list), není zaplacen: je uveden výše, započte se až po zaplacení."
          : "balíčky \(list) nejsou zaplaceny: jsou uvedeny výše, započtou se až po zaplacení."))
  }

  package func unfundedWarning(_ code: String, _ n: Int64) -> String {
    language.pick(
      en: "Warning: \(code) has \(stamps(n)) that no paid, valid package covers (unfunded). Record"
        + " the purchase or its payment: tsa-report package add / package pay.",
      cs: "Upozornění: smlouva \(code) má \(stamps(n)) bez krytí zaplaceným platným balíčkem."
        + " Zaznamenejte nákup nebo platbu: tsa-report package add / package pay.")
  }

  /// Where a month stands against today: nil when it is over.
  /// The warning of a bundle written although no import read the books after its month ended.
  /// "version 845 (import 1, change 28)": the books' change counter, the last import run and
  /// the last change to contracts, packages and users.
  package func booksState(_ mark: BooksMark) -> String {
    let run = mark.lastImportRun.map(String.init) ?? "–"
    let change = mark.lastChange.map(String.init) ?? "–"
    return language.pick(
      en: "version \(mark.version) (import \(run), change \(change))",
      cs: "verze \(mark.version) (import \(run), změna \(change))")
  }

  package func notRead(_ coverage: MonthCoverage, zone: ReportZone) -> String {
    let last = coverage.lastImportEnd.map { instant($0, in: zone) }
    let newest = coverage.newestLine.map { instant($0, in: zone) }
    return language.pick(
      en: "Incomplete: no import read the books after this month ended (last import: "
        + "\(last ?? "none"); newest line: \(newest ?? "none")); stamps of its last days may be"
        + " missing.",
      cs: "Neúplné: po skončení měsíce evidenci nenačetl žádný import (poslední import "
        + "\(last ?? "žádný"), nejnovější řádek \(newest ?? "žádný")); razítka posledních dnů"
        + " mohou chybět.")
  }

  public func monthState(_ state: MonthState, today: LocalDate) -> String? {
    switch (state, language) {
    case (.complete, _): nil
    case (.inProgress, .en):
      "not over yet: the books as of \(date(today)); the figures will still change"
    case (.inProgress, .cs):
      "ještě neskončil, stav ke dni \(date(today)); čísla se ještě změní"
    case (.future, .en): "has not begun yet (today is \(date(today))): there is nothing to report"
    case (.future, .cs): "ještě nezačal (dnes je \(date(today))), není co vykazovat"
    }
  }
}

/// An exact number with at most four decimals and no trailing zeros, `.` before them:
/// `21`, `4.235`.
public func plainDecimal(_ value: Decimal) -> String {
  var input = value
  var rounded = Decimal()
  NSDecimalRound(&rounded, &input, 4, .plain)
  return NSDecimalNumber(decimal: rounded).description(
    withLocale: Locale(identifier: "en_US_POSIX"))
}
