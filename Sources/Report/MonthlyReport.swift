import Foundation
import TSALedger
import TSAModel

/// The accountant's bundle for one month: its typed summary, and every report it holds, made
/// from that summary in one language.
public struct MonthlyBundle: Sendable {
  public var month: String
  public var facts: MonthlySummary
  /// Per contract: opening balance + purchased − used − expired = closing balance, and costs.
  public var summary: Report
  public var byUser: Report
  /// The users under their cost centres, a subtotal per centre.
  public var byCentre: Report
  /// A statement per cost centre (written with `monthly --statements`).
  public var statements: [CostCentreReport.Statement]
  public var byDay: Report
  /// The packages ordered or paid by the end of the month, with prices.
  public var packages: Report
  /// The sheets the By user report takes: more than one where a sheet cannot hold it.
  public var byUserSheets: SheetSplit
  public var byCentreSheets: SheetSplit
  /// What was changed in the books' contracts, packages and users during the month (the
  /// Packages sheet lists it under the packages).
  public var changes: Report
  /// Corrections to closed months booked in this month (the Summary sheet lists them under the
  /// summary).
  public var adjustments: Report
  /// The list of every stamp of the month (its rows are handed out by `build` as they are read).
  public var stamps: StampList
}

/// The workbook's sheets in order, with the long reports' continuation sheets.
public struct MonthlySheets: Sendable {
  public var names: MonthlySheetNames
  public var stamps: SheetSplit
  public var byUser: SheetSplit
  public var byCentre: SheetSplit

  init(_ words: Words, stamps list: StampList, byUserRows: Int, byCentreRows: Int) {
    names = MonthlySheetNames(words)
    stamps = SheetSplit(name: names.stamps, report: list.report, bodyRows: list.count)
    // The By user report may be made later: its title block and notes fit in 32 rows.
    byUser = SheetSplit(
      name: names.byUser, bodyRows: byUserRows, rowsAround: MonthlyReport.byUserRowsAround)
    byCentre = SheetSplit(
      name: names.byCentre, bodyRows: byCentreRows, rowsAround: MonthlyReport.byUserRowsAround)
  }

  public var all: [String] {
    [names.summary] + byUser.names + byCentre.names + [names.byDay, names.packages]
      + stamps.names
  }
}

/// The workbook's sheets: Summary, By user, By day, Packages, Stamps, in the bundle's language.
public struct MonthlySheetNames: Sendable {
  public var summary, byUser, byCentre, byDay, packages, stamps: String

  public init(_ words: Words) {
    summary = words[.summarySheet]
    byUser = words[.byUserSheet]
    byCentre = words[.byCentreSheet]
    byDay = words[.byDaySheet]
    packages = words[.packagesSheet]
    stamps = words[.stampsSheet]
  }
}

public enum MonthlyReport {
  /// The By user sheet's title block and notes fit in 32 rows.
  static let byUserRowsAround = 32

  /// How many users the By user report can show on one sheet: with more, the month's users are
  /// counted before the workbook names its sheets.
  public static var byUserRowsPerSheet: Int {
    SheetSplit.excelRowLimit - byUserRowsAround
  }

  /// The list of stamps (its columns and count) and the workbook's sheets, from the month's
  /// outline: what the workbook needs before the stamps are read.
  public static func layout(_ outline: MonthOutline, language: Language) -> (
    StampList, MonthlySheets
  ) {
    let words = Words(language)
    let list = StampList(
      period: outline.period, count: outline.stamps, refs: outline.refs, words: words)
    return (
      list,
      MonthlySheets(
        words, stamps: list, byUserRows: outline.byUserRows, byCentreRows: outline.byCentreRows)
    )
  }

  /// Every report of the month's bundle in `language`, from the month's books.
  public static func build(_ month: MonthBooks, language: Language = .en) -> MonthlyBundle {
    let words = Words(language)
    let period = month.summary.period
    let refs = month.summary.packages.flatMap(\.packages).compactMap { item in
      item.package.ref.map { (item.package.id, $0) }
    }
    let list = StampList(
      period: period, count: month.stamps, refs: Dictionary(refs) { first, _ in first },
      words: words)
    let byCentre = CostCentreReport.byCentre(
      month.summary.byCentre ?? month.summary.byUser, language: language)
    let centreRows = byCentre.table.rows.count { $0.role.inBody }
    var sheets = MonthlySheets(
      words, stamps: list, byUserRows: month.summary.byUser.groups.count,
      byCentreRows: centreRows)
    sheets.byUser = SheetSplit(
      name: sheets.names.byUser, bodyRows: month.summary.byUser.groups.count,
      rowsAround: byUserRowsAround)
    var made = bundle(
      month.summary, stamps: list, sheets: sheets, changes: month.changes, words: words,
      byCentre: byCentre)
    // What the books had read when the bundle was made: the newest line and the last import.
    let zone = period.zone
    made.summary.facts += [
      words.fact("newest_line", .newestLine) { words in
        month.coverage.newestLine.map { words.instant($0, in: zone) } ?? words[.noneYet]
      },
      words.fact("last_import", .lastImport) { words in
        month.coverage.lastImportEnd.map { words.instant($0, in: zone) } ?? words[.noneYet]
      },
    ]
    // When it was made and from which state of the books: two versions of a month are told
    // apart by these.
    if let madeAt = month.madeAt {
      made.summary.facts.append(words.fact("made", .madeAt) { $0.instant(madeAt, in: zone) })
    }
    made.summary.facts.append(words.fact("books_state", .booksState) { $0.booksState(month.mark) })
    if month.version > 1 {
      made.summary.facts.append(
        Fact(
          "version", words[.bundleVersion],
          words.language.pick(
            en: "\(month.version) (the month was reopened after it was closed)",
            cs: "\(month.version) (měsíc byl po uzavření znovu otevřen)")))
    }
    // Written although no import read the books after the month ended (--allow-incomplete):
    // every report says so.
    if month.summary.state == .complete && !month.coverage.isRead {
      let warning = words.notRead(month.coverage, zone: period.zone)
      for report in [
        \MonthlyBundle.summary, \.byUser, \.byCentre, \.byDay, \.packages, \.changes,
        \.adjustments,
      ] {
        made[keyPath: report].notes.insert(warning, at: 0)
      }
    }
    return made
  }

  /// The name of the month's bundle and workbook: YYYY-MM.
  public static func label(month first: LocalDate) -> String { String(first.iso.prefix(7)) }

  /// Every report of the bundle, from the month's summary.
  static func bundle(
    _ month: MonthlySummary, stamps: StampList, sheets: MonthlySheets, changes: [ChangeRecord],
    words: Words, byCentre: Report? = nil
  ) -> MonthlyBundle {
    let language = words.language
    let label = label(month: month.period.firstDay)
    var stateNotes: [String] = []
    var facts = UsageReport.facts(month.byContract, words)
    // A list longer than a sheet holds goes on: the Summary says where.
    for (key, split, label) in [
      ("stamp_sheets", sheets.stamps, Label.stampsOnSheets),
      ("by_user_sheets", sheets.byUser, .byUserOnSheets),
      ("by_cost_centre_sheets", sheets.byCentre, .byCentreOnSheets),
    ] where split.names.count > 1 {
      facts.append(Fact(key, words[label], split.names.joined(separator: ", ")))
    }
    if let state = words.monthState(month.state, today: month.today) {
      facts.append(
        Fact(
          "month", words[.monthState], state,
          data: words.language == .en
            ? nil : Words.english.monthState(month.state, today: month.today)))
      stateNotes.append("\(label): \(state)")
    }
    let byUser = UsageReport.report(month.byUser, language: language, fixedColumns: true)
    let byDay = UsageReport.report(month.byDay, language: language)
    let centres = month.byCentre ?? month.byUser
    return MonthlyBundle(
      month: label, facts: month,
      summary: summary(month, facts: facts, notes: stateNotes, words: words),
      byUser: byUser,
      byCentre: byCentre ?? CostCentreReport.byCentre(centres, language: language),
      statements: CostCentreReport.statements(
        centres, month: words.month(month.period.firstDay), language: language),
      byDay: byDay,
      packages: packages(
        month.packages, asOf: month.period.lastDay, zone: month.period.zone,
        notes: stateNotes, words: words),
      byUserSheets: sheets.byUser, byCentreSheets: sheets.byCentre,
      changes: ChangeReport.report(
        changes, from: month.period.start, before: month.period.end, zone: month.period.zone,
        language: language, moment: month.period.end),
      adjustments: adjustments(month, log: changes, words: words),
      stamps: stamps)
  }

  /// The corrections to closed months the month books: per closed month and contract each
  /// figure the books now give otherwise than when the last closed month was closed, and its
  /// effect on the balance; a total per contract (its Adjustments in the Summary); the changes
  /// that caused them.
  static func adjustments(_ month: MonthlySummary, log: [ChangeRecord], words: Words) -> Report {
    let currency = month.valueCurrency
    var rows: [Row] = []
    var notes: [String] = []
    var facts: [Fact] = []
    func money(_ value: Decimal?) -> Cell {
      guard let currency, let value else { return .empty }
      return .money(value, currency: currency)
    }
    if let adjustments = month.adjustments {
      facts.append(
        Fact(
          "closed_through", words[.closedThrough],
          "\(adjustments.closedMonth) (v\(adjustments.version), "
            + words.instant(adjustments.closedAt, in: month.period.zone) + ")"))
      for contract in month.contracts {
        let lines = adjustments.lines.filter { $0.contract == contract.contractCode }
        guard !lines.isEmpty else { continue }
        for line in lines {
          rows.append(
            Row(
              .body,
              [
                .text(line.month), .text(line.contract), words.term(figureName(line.figure)),
                .integer(line.reported), .integer(line.now), .integer(line.effect),
                money(line.reportedValue), money(line.nowValue), money(line.valueEffect),
              ]))
        }
        rows.append(
          Row(
            .total,
            [
              words.contractTotal(contract.contractCode), .empty, .empty, .empty,
              .empty, .integer(contract.adjustment), .empty, .empty,
              money(contract.value?.adjustment),
            ]))
      }
      if adjustments.lateStamps > 0 {
        notes.append(
          words.language.pick(
            en: "\(adjustments.lateStamps) stamps dated in closed months were imported after"
              + " \(adjustments.closedMonth) was closed.",
            cs: "\(adjustments.lateStamps) razítek s datem v uzavřených měsících bylo naimportováno"
              + " po uzavření \(adjustments.closedMonth)."))
      }
      notes += causes(
        adjustments.changes, names: PackageNames(log), zone: month.period.zone, words: words)
    }
    if rows.isEmpty && notes.isEmpty { notes.append(words[.noAdjustments]) }
    var columns = [
      words.column("month", .month), words.column("contract", .contract),
      words.column("figure", .figure), words.column("reported", .reported),
      words.column("now", .booksNow), words.column("effect", .effect),
    ]
    columns += [
      words.column("reported_value", .reportedValue), words.column("now_value", .booksNowValue),
      words.column("effect_value", .effectValue),
    ]
    return Report(
      title: words[.adjustmentsTitle], facts: facts,
      table: ReportTable(columns: columns, rows: rows), notes: notes, moment: month.period.end,
      language: words.language)
  }

  /// The changes behind adjustments, a line each: an entity added or removed with its fields
  /// on one line, an edit as field old → new.
  static func causes(
    _ changes: [ChangeRecord], names: PackageNames, zone: ReportZone, words: Words
  ) -> [String] {
    var lines: [String] = []
    var index = changes.startIndex
    while index < changes.endIndex {
      let change = changes[index]
      var group = [change]
      if change.action != .edit {
        while index + group.count < changes.endIndex {
          let next = changes[index + group.count]
          guard next.at == change.at, next.entity == change.entity, next.key == change.key,
            next.action == change.action
          else { break }
          group.append(next)
        }
      }
      index += group.count
      let key = change.entity == .package ? names.named(change.key) : change.key
      let head =
        words.instant(change.at, in: zone) + " " + change.who + ": "
        + words[ChangeReport.entity(change.entity)] + " " + key + " "
        + words[ChangeReport.action(change.action)]
      func said(_ text: String?, of item: ChangeRecord) -> String? {
        text.map { words.text(names.value($0, field: item.field, of: item)) }
      }
      let fields = group.compactMap { item -> String? in
        guard let field = item.field else { return nil }
        let name = ChangeReport.field(field, words)
        switch item.action {
        case .add: return said(item.new, of: item).map { "\(name) \($0)" }
        case .remove: return said(item.old, of: item).map { "\(name) \($0)" }
        case .edit:
          return "\(name) \(said(item.old, of: item) ?? "—") → \(said(item.new, of: item) ?? "—")"
        }
      }
      let fieldText = fields.joined(separator: ", ")
      lines.append(
        head
          + (fields.isEmpty ? "" : change.action == .edit ? " \(fieldText)" : " (\(fieldText))")
          + (change.note.map { " — \($0)" } ?? "") + ".")
    }
    return lines
  }

  static func figureName(_ figure: AdjustedFigure) -> Label {
    switch figure {
    case .opening: .opening
    case .purchased: .purchased
    case .used: .used
    case .expired: .expired
    case .unfunded: .unfunded
    }
  }

  /// A row per contract with its balance equation and costs, and the total.
  static func summary(_ month: MonthlySummary, facts: [Fact], notes: [String], words: Words)
    -> Report
  {
    // The equation in money beside the one in stamps, when the packages share a currency.
    let valueCurrency = month.valueCurrency
    func cells(_ contract: ContractMonth, name: Cell) -> [Cell] {
      var cells: [Cell] = [
        name, .integer(contract.opening), .integer(contract.purchased), .integer(contract.used),
        .integer(contract.expired), .integer(contract.adjustment), .integer(contract.closing),
        .integer(contract.unfunded),
      ]
      if let valueCurrency {
        let value = contract.value ?? MonthValue()
        cells += [
          value.opening, value.purchased, value.used, value.expired, value.adjustment,
          value.closing,
        ].map { .money($0, currency: valueCurrency) }
      }
      return cells
    }
    var rows = month.contracts.map { Row(.body, cells($0, name: .text($0.contractCode))) }
    var total = Row(.total, cells(month.total, name: words.term(.total)))
    let currency = month.byContract.currency
    if let currency {
      // Each contract's amounts as in usage; the rounding line makes up the total.
      let amounts = month.contracts.map { RowAmounts($0.cost, currency: currency) }
      for index in rows.indices {
        rows[index].cells += UsageReport.moneyCells(amounts[index], currency)
      }
      // The rounding line is empty under every column before the costs: the stamps, and the
      // values when shown.
      let labelWidth = total.cells.count - 1
      let sum = RowAmounts(month.total.cost, currency: currency)
      total.cells += UsageReport.moneyCells(sum, currency)
      if let rounding = RowAmounts.rounding(rows: amounts, total: sum) {
        rows.append(UsageReport.roundingRow(rounding, currency, labelWidth: labelWidth, words))
      }
    }
    rows.append(total)
    var columns = [
      words.column("contract", .contract), words.column("opening", .opening),
      words.column("purchased", .purchased), words.column("used", .used),
      words.column("expired", .expired), words.column("adjustments", .adjustment),
      words.column("closing", .closing), words.column("unfunded", .unfunded),
    ]
    if valueCurrency != nil {
      columns += [
        words.column("opening_value", .openingValue),
        words.column("purchased_value", .purchasedValue), words.column("used_value", .usedValue),
        words.column("expired_value", .expiredValue),
        words.column("adjustment_value", .adjustmentValue),
        words.column("closing_value", .closingValue),
      ]
    }
    if currency != nil { columns += UsageReport.costColumns(words) }
    let usage = UsageReport.report(month.byContract, language: words.language)
    return Report(
      title: "\(words[.monthlyTitle]) — \(words.month(month.period.firstDay))", facts: facts,
      table: ReportTable(columns: columns, rows: rows),
      notes: notes + [words[.balanceEquation]]
        + (valueCurrency == nil ? [] : [words[.valueEquation]]) + usage.notes,
      moment: month.period.end,
      language: words.language)
  }

  /// The packages at the end of the month with their prices: ordered and paid days, validity,
  /// status, stamps used and left, price excluding VAT, the price of one stamp, the VAT rate.
  static func packages(
    _ balances: [ContractBalance], asOf: LocalDate, zone: ReportZone, notes: [String],
    words: Words
  ) -> Report {
    var rows: [Row] = []
    for contract in balances {
      for item in contract.packages {
        let package = item.package
        rows.append(
          Row(
            .body,
            [
              .text(contract.contractCode), .integer(package.id), .text(package.ref ?? ""),
              package.ordered.map(Cell.date) ?? .empty, package.paid.map(Cell.date) ?? .empty,
              package.taxPoint.map(Cell.date) ?? .empty,
              package.validUntil.map(Cell.date) ?? .empty, words.term(item.status.label),
              .integer(package.stamps), .integer(item.used), .integer(item.remaining),
              .integer(item.expired), .text(package.currency),
              package.price.map { .money($0, currency: package.currency) } ?? .empty,
              package.price.map {
                .unitPrice($0 / Decimal(package.stamps), currency: package.currency)
              }
                ?? .empty,
              package.vatRate.map(Cell.decimal) ?? .empty,
              BalanceReport.money(item.usedValue, package.currency),
              BalanceReport.money(item.remainingValue, package.currency),
              BalanceReport.money(item.expiredValue, package.currency),
            ]))
      }
      let values = contract.values
      let currency = contract.valueCurrency ?? ""
      rows.append(
        Row(
          .total,
          [
            words.contractTotal(contract.contractCode), .empty, .empty, .empty,
            .empty, .empty, .empty, .empty, .integer(contract.stamps), .integer(contract.used),
            .integer(contract.remaining), .integer(contract.expired), .text(currency), .empty,
            .empty, .empty, BalanceReport.money(values?.used, currency),
            BalanceReport.money(values?.remaining, currency),
            BalanceReport.money(values?.expired, currency),
          ]))
    }
    let end = zone.startOfDay(asOf.adding(days: 1))
    return Report(
      title: words[.packagesTitle],
      facts: [
        words.fact("as_of", .asOf) { $0.endOfDay(asOf, $0.instant(end, in: zone)) },
        Fact("time_zone", words[.timeZone], zone.identifier),
      ],
      table: ReportTable(
        columns: [
          words.column("contract", .contract), words.column("package", .package),
          words.column("ref", .ref), words.column("ordered", .ordered),
          words.column("paid", .paid), words.column("tax_point", .taxPoint),
          words.column("valid_until", .validUntil),
          words.column("status", .status), words.column("stamps", .stamps),
          words.column("used", .used), words.column("remaining", .remaining),
          words.column("expired", .expired), words.column("currency", .currency),
          words.column("price_excl_vat", .price), words.column("unit_price", .unitPrice),
          words.column("vat_rate", .vatRate), words.column("used_value", .usedValue),
          words.column("remaining_value", .remainingValue),
          words.column("expired_value", .expiredValue),
        ],
        rows: rows),
      notes: notes + balances.flatMap { BalanceReport.describe($0, words) }, moment: end,
      language: words.language)
  }
}
