import Foundation
import TSALedger
import TSAModel

/// Builds the balance report: every package's stamps, used, remaining and expired, a total row
/// per contract with its unfunded stamps, the runway, and warnings.
public enum BalanceReport {
  /// The balance sheet as a report in `language`.
  public static func build(_ sheet: BalanceSheet, language: Language = .en) -> Report {
    report(
      sheet.balances, contractCode: sheet.contractCode, asOf: sheet.asOf, zone: sheet.zone,
      newestLine: sheet.newestLine, language: language)
  }

  /// The balances as a report: a row per package, a total row per contract, the runway and
  /// warnings under the table.
  public static func report(
    _ balances: [ContractBalance], contractCode: String?, asOf: LocalDate, zone: ReportZone,
    newestLine: Instant?, language: Language
  ) -> Report {
    let words = Words(language)
    var rows: [Row] = []
    var notes: [String] = []
    for contract in balances {
      for item in contract.packages {
        let package = item.package
        rows.append(
          Row(
            .body,
            [
              .text(contract.contractCode), .integer(package.id), .text(package.ref ?? ""),
              package.paid.map(Cell.date) ?? .empty, package.validUntil.map(Cell.date) ?? .empty,
              words.term(item.status.label), .integer(package.stamps), .integer(item.used),
              .integer(item.remaining), .integer(item.expired), .integer(0),
              .text(package.currency),
              money(item.usedValue, package.currency), money(item.remainingValue, package.currency),
              money(item.expiredValue, package.currency),
            ]))
      }
      let values = contract.values
      let currency = contract.valueCurrency ?? ""
      rows.append(
        Row(
          .total,
          [
            words.contractTotal(contract.contractCode), .empty, .empty, .empty,
            .empty, .empty, .integer(contract.stamps), .integer(contract.used),
            .integer(contract.remaining), .integer(contract.expired), .integer(contract.unfunded),
            .text(currency), money(values?.used, currency), money(values?.remaining, currency),
            money(values?.expired, currency),
          ]))
      notes += describe(contract, words)
    }
    let end = zone.startOfDay(asOf.adding(days: 1))
    return Report(
      title: words[.balanceTitle],
      facts: [
        words.fact("as_of", .asOf) { $0.endOfDay(asOf, $0.instant(end, in: zone)) },
        Fact("time_zone", words[.timeZone], zone.identifier),
        words.fact("filters", .filters) { words in
          contractCode.map { "\(words[.contractFilter]) \($0)" } ?? words[.noFilter]
        },
        // When the logs stopped arriving: books that stopped growing look better, not worse.
        words.fact("newest_line", .newestLine) { words in
          newestLine.map { words.instant($0, in: zone) } ?? words[.noneYet]
        },
      ],
      table: ReportTable(
        columns: [
          words.column("contract", .contract), words.column("package", .package),
          words.column("ref", .ref), words.column("paid", .paid),
          words.column("valid_until", .validUntil), words.column("status", .status),
          words.column("stamps", .stamps), words.column("used", .used),
          words.column("remaining", .remaining), words.column("expired", .expired),
          words.column("unfunded", .unfunded), words.column("currency", .currency),
          words.column("used_value", .usedValue),
          words.column("remaining_value", .remainingValue),
          words.column("expired_value", .expiredValue),
        ],
        rows: rows),
      notes: notes + [words[.balanceValues]], moment: end, language: language)
  }

  static func money(_ amount: Decimal?, _ currency: String) -> Cell {
    amount.map { .money($0, currency: currency) } ?? .empty
  }

  /// The runway and the warnings of one contract, in sentences.
  package static func describe(_ contract: ContractBalance, _ words: Words) -> [String] {
    let code = contract.contractCode
    let runway = contract.runway
    var lines: [String]
    if let days = runway.daysLeft, let date = runway.runsOutOn {
      lines = [
        words.runway(
          code, left: contract.remaining, perDay: rate(runway.perDay), window: runway.windowDays,
          days: days, until: date)
      ]
    } else {
      lines = [words.noRecentUse(code, left: contract.remaining, window: runway.windowDays)]
    }
    for warning in contract.expiryWarnings {
      lines.append(
        words.expiryWarning(
          package: warning.package, until: warning.validUntil, unused: warning.unused))
    }
    if contract.unfunded > 0 { lines.append(words.unfundedWarning(code, contract.unfunded)) }
    let unpaid = contract.packages.filter { $0.status == .unpaid }.map(\.package)
    if !unpaid.isEmpty { lines.append(words.unpaidOutsideTotals(code, unpaid)) }
    return lines
  }

  /// Stamps a day to one decimal, `.` before it (the sentence words it for its language).
  private static func rate(_ perDay: Decimal) -> String {
    var value = perDay
    var rounded = Decimal()
    NSDecimalRound(&rounded, &value, 1, .plain)
    return "\(rounded)"
  }
}

extension PackageStatus {
  package var label: Label {
    switch self {
    case .unpaid: .unpaidStatus
    case .active: .activeStatus
    case .exhausted: .exhaustedStatus
    case .expired: .expiredStatus
    }
  }
}
