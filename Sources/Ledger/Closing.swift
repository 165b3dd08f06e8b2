import Foundation
import TSAModel
import TSAStore
import TSASystem

/// One contract's month in stamps and money (excluding VAT) as kept with a closed month: as it
/// was reported, or as the books gave it then.
public struct ContractFigures: Codable, Sendable, Equatable {
  public var contract: String
  public var opening: Int64
  public var purchased: Int64
  public var used: Int64
  public var expired: Int64
  public var adjustment: Int64
  public var closing: Int64
  public var unfunded: Int64
  /// Money as decimal text in `MonthFigures.currency`; nil without one.
  public var openingValue, purchasedValue, usedValue, expiredValue, adjustmentValue,
    closingValue: String?

  init(_ month: ContractMonth) {
    contract = month.contractCode
    opening = month.opening
    purchased = month.purchased
    used = month.used
    expired = month.expired
    adjustment = month.adjustment
    closing = month.closing
    unfunded = month.unfunded
    if let value = month.value {
      openingValue = "\(value.opening)"
      purchasedValue = "\(value.purchased)"
      usedValue = "\(value.used)"
      expiredValue = "\(value.expired)"
      adjustmentValue = "\(value.adjustment)"
      closingValue = "\(value.closing)"
    }
  }

  /// A figure by name, in stamps and in money.
  func figure(_ name: AdjustedFigure) -> (stamps: Int64, value: Decimal?) {
    func money(_ text: String?) -> Decimal? { text.flatMap { Decimal(string: $0) } }
    switch name {
    case .opening: return (opening, money(openingValue))
    case .purchased: return (purchased, money(purchasedValue))
    case .used: return (used, money(usedValue))
    case .expired: return (expired, money(expiredValue))
    case .unfunded: return (unfunded, nil)
    }
  }
}

/// A month's contracts as kept with a close.
public struct MonthFigures: Codable, Sendable, Equatable {
  /// YYYY-MM.
  public var month: String
  public var currency: String?
  public var contracts: [ContractFigures]
}

/// What a close keeps besides the files: the month as reported, and the books' view of every
/// closed month at that moment, from which the next adjustments are measured.
struct CloseFigures: Codable, Sendable {
  var reported: MonthFigures
  var books: [MonthFigures]

  func encoded() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
  }

  static func decode(_ text: String?) -> CloseFigures? {
    text.flatMap { try? JSONDecoder().decode(CloseFigures.self, from: Data($0.utf8)) }
  }
}

extension MonthClose {
  /// The month's figures as it was reported with this close.
  public var reportedFigures: MonthFigures? { CloseFigures.decode(figures)?.reported }
}

/// The figures a prior-period adjustment is told by.
public enum AdjustedFigure: String, Sendable, CaseIterable {
  /// The first closed month's opening: what changed before any closed month.
  case opening
  case purchased, used, expired
  /// Stamps no package covered (not in the balance: shown for what it says of late stamps).
  case unfunded

  /// How a difference in this figure moves the balance: +1 for what adds to it, −1 for what
  /// takes from it, 0 for what does not enter it.
  public var sign: Int64 {
    switch self {
    case .opening, .purchased: 1
    case .used, .expired: -1
    case .unfunded: 0
    }
  }
}

/// One figure of a closed month that the books now give otherwise than when the month (or the
/// last closed month) was closed.
public struct AdjustmentLine: Sendable, Equatable {
  public var month: String
  public var contract: String
  public var figure: AdjustedFigure
  public var reported: Int64
  public var now: Int64
  public var reportedValue: Decimal?
  public var nowValue: Decimal?
  public var currency: String?

  /// "F2112000371 used in 2026-10: 537 → 540 stamps, value 1,949.31 → 1,620.00 CZK".
  var described: Phrase {
    var en: [String] = []
    var cs: [String] = []
    if reported != now {
      en.append("\(reported) → \(now) stamps")
      cs.append("razítek \(reported) → \(now)")
    }
    if let reportedValue, let nowValue, let currency, reportedValue != nowValue {
      let from = Money.format(reportedValue, currency: currency)
      let to = Money.format(nowValue, currency: currency)
      en.append("value \(from) → \(to) \(currency)")
      cs.append(
        "hodnota \(Money.written(reportedValue, currency: currency, in: .cs)) →"
          + " \(Money.written(nowValue, currency: currency, in: .cs))")
    }
    let figureCS =
      switch figure {
      case .opening: "počáteční zůstatek"
      case .purchased: "nakoupeno"
      case .used: "použito"
      case .expired: "propadlo"
      case .unfunded: "nekrytých"
      }
    return Phrase(
      en: "\(contract) \(figure.rawValue) in \(month): " + en.joined(separator: ", "),
      cs: "\(contract) \(figureCS) v \(month): " + cs.joined(separator: ", "))
  }

  /// What the difference does to the balance, in stamps and in money.
  public var effect: Int64 { (now - reported) * figure.sign }
  public var valueEffect: Decimal? {
    guard let reportedValue, let nowValue else { return nil }
    return (nowValue - reportedValue) * Decimal(figure.sign)
  }
}

/// The corrections to closed months the first open month books: what the books now give for
/// the closed months against what they gave when the last of them was closed, the closing each
/// contract was reported with, and the changes accepted into the open month that caused them.
public struct MonthAdjustments: Sendable {
  /// The last closed month, YYYY-MM.
  public var closedMonth: String
  /// When it was closed, and its bundle's version.
  public var closedAt: Instant
  public var version: Int
  /// Its contracts as reported (their closing opens this month).
  public var reported: [String: ContractFigures]
  public var lines: [AdjustmentLine]
  /// Changes accepted with --into-open-month since it was closed.
  public var changes: [ChangeRecord]
  /// Stamps dated in closed months that were imported after the last of them was closed.
  public var lateStamps: Int64
}

/// The months closed, as they stand now.
public struct ClosedMonths: Sendable {
  /// Every close and reopen, oldest first.
  public var history: [MonthClose]
  /// The close each closed month stands by, in month order.
  public var closed: [MonthClose]

  init(history: [MonthClose]) {
    self.history = history
    var latest: [String: MonthClose] = [:]
    for row in history { latest[row.month] = row }
    closed = latest.values.filter { $0.action == .close }.sorted { $0.month < $1.month }
  }

  /// The last closed month.
  public var last: MonthClose? { closed.last }

  public func isClosed(_ month: String) -> Bool { closed.contains { $0.month == month } }

  /// Versions made of `month` so far.
  public func versions(of month: String) -> Int {
    history.filter { $0.month == month && $0.action == .close }.count
  }

  /// The zone the closed months were cut in (the last close's).
  public var zone: ReportZone? { last.flatMap { ReportZone(identifier: $0.zone) } }

  /// The first moment after the last closed month: changes with an effect before it alter a
  /// closed month.
  public var end: Instant? {
    guard let last, let zone, let first = LocalDate(iso: last.month + "-01") else { return nil }
    return zone.startOfDay(first.adding(months: 1))
  }
}

/// Why a month cannot be closed or reopened.
public struct CloseRefused: DescribedError, SaidInLanguages, Sendable {
  public var why: Phrase
  /// Exit 64 (the command asked for something the books cannot do) or 1 (the books changed).
  public var isUsage: Bool

  package init(en: String, cs: String, isUsage: Bool) {
    why = Phrase(en: en, cs: cs)
    self.isUsage = isUsage
  }

  public var description: String { why.en }
  public func description(in language: Language) -> String { why.said(in: language) }
}

/// What a change made in a transaction did to closed months: it is rolled back.
private struct AltersClosedMonths: Error {
  var effects: [Phrase]
}

/// A change that would alter closed months' figures, asked for without --into-open-month.
public struct ClosedMonthChange: DescribedError, SaidInLanguages, Sendable {
  public var closedThrough: String
  /// What it would change, as sentences.
  public var effects: [Phrase]
  /// Whether the command can book it as an adjustment (--into-open-month).
  public var adjustable = true

  public var description: String { description(in: .en) }

  public func description(in language: Language) -> String {
    let effects = self.effects.map { $0.said(in: language) }.joined(separator: "; ")
    return language.pick(
      en: "this change would alter the books of closed months (closed through"
        + " \(closedThrough)): \(effects). Their bundles stay as reported. "
        + (adjustable
          ? "To book the change as a prior-period adjustment in the first open month, run it"
            + " again with --into-open-month; to correct a closed month itself, reopen it first"
          : "To make it, reopen the closed months first")
        + " (tsa-report reopen --month \(closedThrough) --reason …).",
      cs: "tato změna by změnila evidenci uzavřených měsíců (uzavřeno do \(closedThrough)"
        + " včetně): \(effects). Jejich balíky zůstávají, jak byly vykázány. "
        + (adjustable
          ? "Chcete-li změnu zaúčtovat jako opravu minulého období v prvním otevřeném měsíci,"
            + " spusťte ji znovu s --into-open-month; chcete-li opravit uzavřený měsíc samotný,"
            + " nejprve ho znovu otevřete"
          : "Chcete-li ji provést, nejprve znovu otevřete uzavřené měsíce")
        + " (tsa-report reopen --month \(closedThrough) --reason …).")
  }
}

extension Books {
  // MARK: - Closed months

  public func closedMonths() throws -> ClosedMonths {
    ClosedMonths(history: try store.monthCloses())
  }

  /// Stamps dated in closed months (all contracts) and the last closed month; nil when no month
  /// is closed. An import compares them before and after to say it brought stamps late.
  public func stampsInClosedMonths() throws -> (through: String, stamps: Int64)? {
    let closed = try closedMonths()
    guard let last = closed.last, let end = closed.end else { return nil }
    return (last.month, try store.stampTotalsByContract(before: end).values.reduce(0, +))
  }

  /// The months' figures as the books give them now, in `zone`.
  func figures(months: [LocalDate], zone: ReportZone) throws -> [MonthFigures] {
    try store.reading {
      try months.map { first in
        let opening = try balances(contractCode: nil, asOf: first.adding(days: -1), zone: zone)
        let closing = try balances(
          contractCode: nil, asOf: first.adding(months: 1).adding(days: -1), zone: zone)
        let (contracts, currency) = ContractMonth.figures(
          opening: opening, closing: closing, first: first)
        return MonthFigures(
          month: String(first.iso.prefix(7)), currency: currency,
          contracts: contracts.map(ContractFigures.init))
      }
    }
  }

  /// Every closed month's figures as the books give them now.
  func closedFigures(_ closed: ClosedMonths) throws -> [MonthFigures] {
    guard let zone = closed.zone else { return [] }
    return try figures(
      months: closed.closed.compactMap { LocalDate(iso: $0.month + "-01") }, zone: zone)
  }

  /// Runs a change to packages or users, refusing it when it would alter a closed month's
  /// figures (or, for `users`, who a closed month's stamps were taken by) unless
  /// `intoOpenMonth`: then it is made and logged as an adjustment of the last closed month, which
  /// the first open month books.
  public func changing<T>(
    intoOpenMonth: Bool, users: [String] = [], adjustable: Bool = true, _ change: () throws -> T
  ) throws -> T {
    let closed = try closedMonths()
    guard let last = closed.last, let end = closed.end else { return try change() }
    var effects: [Phrase] = []
    let stampsOfUsers = try store.stampCount(users: users, before: end)
    if stampsOfUsers > 0 {
      let names = users.joined(separator: ", ")
      effects.append(
        Phrase(
          en: "\(names) took \(stampsOfUsers) stamps in closed months, and those months' reports"
            + " by user and cost centre name them as they were",
          cs: "\(names) v uzavřených měsících vzal(i) \(stampsOfUsers) razítek a přehledy těch"
            + " měsíců podle uživatelů a středisek je uvádějí, jak byli"))
    }
    // Made in a transaction that is kept when it alters no closed month's figures; one that
    // does is rolled back, then refused or made again as an adjustment (logged as one).
    if effects.isEmpty {
      do {
        return try store.inTransaction {
          let before = try closedFigures(closed)
          let result = try change()
          let found = Self.differences(before: before, after: try closedFigures(closed))
          if !found.isEmpty { throw AltersClosedMonths(effects: found.map(\.described)) }
          return result
        }
      } catch let alters as AltersClosedMonths {
        effects = alters.effects
      }
    }
    guard intoOpenMonth else {
      throw ClosedMonthChange(
        closedThrough: last.month, effects: effects, adjustable: adjustable)
    }
    store.adjusting = last.month
    defer { store.adjusting = nil }
    return try change()
  }

  /// The figures that differ, figure by figure: the first month's opening, and every month's
  /// flows and unfunded stamps.
  static func differences(before: [MonthFigures], after: [MonthFigures]) -> [AdjustmentLine] {
    var lines: [AdjustmentLine] = []
    for (index, month) in after.enumerated() {
      let old = before.first { $0.month == month.month }
      let codes = Set(month.contracts.map(\.contract)).union(old?.contracts.map(\.contract) ?? [])
      for code in codes.sorted() {
        let was = old?.contracts.first { $0.contract == code }
        let now = month.contracts.first { $0.contract == code }
        for figure in AdjustedFigure.allCases where figure != .opening || index == 0 {
          let a: (stamps: Int64, value: Decimal?) =
            was?.figure(figure) ?? (0, old?.currency == nil || figure == .unfunded ? nil : 0)
          let b: (stamps: Int64, value: Decimal?) =
            now?.figure(figure) ?? (0, month.currency == nil || figure == .unfunded ? nil : 0)
          guard a.stamps != b.stamps || a.value != b.value else { continue }
          lines.append(
            AdjustmentLine(
              month: month.month, contract: code, figure: figure, reported: a.stamps,
              now: b.stamps, reportedValue: a.value, nowValue: b.value,
              currency: month.currency ?? old?.currency))
        }
      }
    }
    return lines
  }

  /// Why `first` cannot be closed now, or nil: it must be over and read after its end, not
  /// closed already, and the month after the last closed one (the first close may be any).
  public func closeRefusal(month first: LocalDate, today: LocalDate, zone: ReportZone) throws
    -> CloseRefused?
  {
    let label = String(first.iso.prefix(7))
    let closed = try closedMonths()
    if closed.isClosed(label) {
      return CloseRefused(
        en: "\(label) is closed already (version \(closed.versions(of: label))); its"
          + " bundle is kept as reported: tsa-report monthly --month \(label) writes it again,"
          + " tsa-report closed lists the closes. Reopen it first to close it anew.",
        cs: "\(label) je už uzavřen (verze \(closed.versions(of: label))); jeho balík je uložen,"
          + " jak byl vykázán: tsa-report monthly --month \(label) ho zapíše znovu, tsa-report"
          + " closed vypíše uzavření. Chcete-li ho uzavřít znovu, nejprve ho znovu otevřete.",
        isUsage: true)
    }
    if first.adding(months: 1) > today {
      return CloseRefused(
        en: "\(label) is not over yet (today is \(today.iso) in \(zone.identifier)):"
          + " a month is closed once it has ended and its last stamps are imported.",
        cs: "\(label) ještě neskončil (dnes je \(today.written(in: .cs))"
          + " v zóně \(zone.identifier)): měsíc se uzavírá, až skončí a jeho poslední razítka"
          + " jsou importována.",
        isUsage: true)
    }
    if let last = closed.last {
      if last.zone != zone.identifier {
        return CloseRefused(
          en: "the closed months were cut in \(last.zone), and this run's zone is"
            + " \(zone.identifier): close months in the zone they were reported in (--tz"
            + " \(last.zone)).",
          cs: "uzavřené měsíce byly vymezeny v zóně \(last.zone) a tento běh má zónu"
            + " \(zone.identifier): uzavírejte měsíce v zóně, ve které byly vykázány (--tz"
            + " \(last.zone)).", isUsage: true)
      }
      let next = LocalDate(iso: last.month + "-01")!.adding(months: 1)
      if first != next {
        return CloseRefused(
          en: first < next
            ? "\(label) is before \(last.month), the last closed month: the books are closed"
              + " through it."
            : "months are closed in order: the last closed month is \(last.month), so"
              + " \(String(next.iso.prefix(7))) is next.",
          cs: first < next
            ? "\(label) je před \(last.month), posledním uzavřeným měsícem: evidence je uzavřena"
              + " do něj včetně."
            : "měsíce se uzavírají postupně: poslední uzavřený je \(last.month), takže další je"
              + " \(String(next.iso.prefix(7))).",
          isUsage: true)
      }
    }
    let coverage = try coverage(ofMonth: first, zone: zone)
    if !coverage.isRead {
      let notRead = MonthNotRead(month: label, coverage: coverage, zone: zone, bundle: false)
      return CloseRefused(
        en: notRead.description(in: .en)
          + " A month is closed only once its books were read after it ended.",
        cs: notRead.description(in: .cs)
          + " Měsíc se uzavírá, až když byla jeho evidence načtena po jeho konci.",
        isUsage: false)
    }
    return nil
  }

  /// Closes the month the bundle `files` was made for, from the books in the state `month.mark`
  /// (refused when they changed since: the bundle would not be theirs).
  @discardableResult
  public func close(
    _ month: MonthBooks, files: [KeptFile], folder: String, at: Instant, who: String
  ) throws -> MonthClose {
    try store.inTransaction {
      let period = month.summary.period
      let label = String(period.firstDay.iso.prefix(7))
      if let refusal = try closeRefusal(
        month: period.firstDay, today: month.summary.today,
        zone: period.zone)
      {
        throw refusal
      }
      guard try store.booksMark() == month.mark else {
        throw CloseRefused(
          en: "the books changed while \(label)'s bundle was made (an import or a"
            + " change landed): nothing was closed; run the close again.",
          cs: "evidence se změnila, zatímco se vytvářel balík \(label) (proběhl import nebo"
            + " změna): nic nebylo uzavřeno; spusťte uzavření znovu.", isUsage: false)
      }
      let closed = try closedMonths()
      let months = (closed.closed.map(\.month) + [label]).compactMap {
        LocalDate(iso: $0 + "-01")
      }
      let figures = CloseFigures(
        reported: MonthFigures(
          month: label, currency: month.summary.valueCurrency,
          contracts: month.summary.contracts.map(ContractFigures.init)),
        books: try figures(months: months, zone: period.zone))
      var close = MonthClose(
        month: label, action: .close, version: closed.versions(of: label) + 1, at: at, who: who,
        zone: period.zone.identifier, folder: folder, mark: month.mark,
        figures: figures.encoded())
      close.id = try store.recordClose(close, files: files)
      return close
    }
  }

  /// Reopens the last closed month, for `reason`; its kept bundle stays in the books.
  @discardableResult
  public func reopen(month label: String, reason: String, at: Instant, who: String) throws
    -> MonthClose
  {
    try store.inTransaction {
      let closed = try closedMonths()
      guard let close = closed.closed.first(where: { $0.month == label }) else {
        throw CloseRefused(
          en: "\(label) is not closed"
            + (closed.last.map { "; the last closed month is \($0.month)" } ?? "; no month is")
            + ".",
          cs: "\(label) není uzavřen"
            + (closed.last.map { "; poslední uzavřený měsíc je \($0.month)" }
              ?? "; není uzavřen žádný měsíc") + ".", isUsage: true)
      }
      guard close == closed.last else {
        throw CloseRefused(
          en: "\(label) is followed by closed months (the last is"
            + " \(closed.last!.month)): reopen months from the last one back.",
          cs: "po \(label) následují uzavřené měsíce (poslední je \(closed.last!.month)):"
            + " otevírejte měsíce od posledního zpět.", isUsage: true)
      }
      var reopen = MonthClose(
        month: label, action: .reopen, version: close.version, at: at, who: who,
        zone: close.zone, reason: reason)
      reopen.id = try store.recordClose(reopen, files: [])
      return reopen
    }
  }

  /// The prior-period adjustments the month starting `first` books: nil unless the month before
  /// it is the last closed month.
  func adjustments(ofMonth first: LocalDate, zone: ReportZone) throws -> MonthAdjustments? {
    let closed = try closedMonths()
    guard let last = closed.last, last.month == String(first.adding(months: -1).iso.prefix(7)),
      last.zone == zone.identifier, let kept = CloseFigures.decode(last.figures)
    else { return nil }
    let now = try closedFigures(closed)
    let lines = Self.differences(before: kept.books, after: now)
    let late = lines.filter { $0.figure == .used || $0.figure == .unfunded }
      .reduce(Int64(0)) { $0 + $1.now - $1.reported }
    return MonthAdjustments(
      closedMonth: last.month, closedAt: last.at, version: last.version,
      reported: Dictionary(
        kept.reported.contracts.map { ($0.contract, $0) }, uniquingKeysWith: { a, _ in a }),
      lines: lines,
      changes: try store.changes(from: last.at).filter { $0.adjusts != nil },
      lateStamps: max(0, late))
  }
}
