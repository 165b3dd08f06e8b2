import Foundation
import TSALedger
import TSAModel

/// Re-billing by cost centre: the month's users under their centres with a subtotal per centre
/// (equal to `usage --by cost-centre`), and a statement per centre to send to each department
/// (its users, the packages their stamps were drawn from, the money).
public enum CostCentreReport {
  /// One centre's stamps: by user, and by user and package.
  struct Centre {
    var key: GroupValue
    var users: [(name: String, tally: Tally)] = []
    var byPackage: [(user: String, package: GroupValue, tally: Tally)] = []
    var tally = Tally()
  }

  /// The centres of a summary by cost centre, user and package, in order (no centre last).
  static func centres(_ summary: UsageSummary) -> [Centre] {
    var centres: [Centre] = []
    for group in summary.groups {
      guard group.key.count == 3, case .name(let user) = group.key[1] else { continue }
      if centres.last?.key != group.key[0] { centres.append(Centre(key: group.key[0])) }
      var centre = centres.removeLast()
      if centre.users.last?.name == user {
        centre.users[centre.users.count - 1].tally.merge(group.tally)
      } else {
        centre.users.append((user, group.tally))
      }
      centre.byPackage.append((user, group.key[2], group.tally))
      centre.tally.merge(group.tally)
      centres.append(centre)
    }
    return centres
  }

  /// A body row: `cells`, then the tally's base, VAT and total when priced (kept in `amounts`
  /// for the rounding line under them).
  static func priced(
    _ cells: [Cell], _ tally: Tally, _ currency: String?, into amounts: inout [RowAmounts]
  ) -> Row {
    guard let currency else { return Row(.body, cells) }
    let row = RowAmounts(tally, currency: currency)
    amounts.append(row)
    return Row(.body, cells + UsageReport.moneyCells(row, currency))
  }

  /// A centre's name as the reports show it.
  static func name(_ key: GroupValue, _ words: Words) -> String {
    if case .name(let code) = key { return code }
    return words[.noCostCentreStatement]
  }

  /// A centre's name as a cell: `no_cost_centre` to a program.
  static func nameCell(_ key: GroupValue, _ words: Words) -> Cell {
    if case .name(let code) = key { return .text(code) }
    return .term("no_cost_centre", text: words[.noCostCentreStatement])
  }

  /// The month's users under their cost centres: a row per user, a subtotal per centre (its
  /// stamps as one set, rounded as `usage --by cost-centre` rounds them, with a rounding line
  /// where its users' rows do not add up to it) and the total.
  public static func byCentre(_ summary: UsageSummary, language: Language) -> Report {
    let words = Words(language)
    let currency = summary.currency
    var rows: [Row] = []
    var subtotals: [RowAmounts] = []
    let labelWidth = 3  // centre, user, name
    for centre in centres(summary) {
      let label = name(centre.key, words)
      let labelCell = nameCell(centre.key, words)
      var amounts: [RowAmounts] = []
      for user in centre.users {
        rows.append(
          priced(
            [
              labelCell, .text(user.name), .text(summary.displayNames[user.name] ?? ""),
              .integer(user.tally.stamps),
            ], user.tally, currency, into: &amounts))
      }
      var subtotal = Row(
        .subtotal,
        [
          .term(
            centre.key == .noCostCentre ? "no_cost_centre" : label,
            text: "\(label) \(words[.contractTotal])"),
          .empty, .empty, .integer(centre.tally.stamps),
        ])
      if let currency {
        let sum = RowAmounts(centre.tally, currency: currency)
        subtotals.append(sum)
        if let rounding = RowAmounts.rounding(rows: amounts, total: sum) {
          var line = UsageReport.roundingRow(rounding, currency, labelWidth: labelWidth, words)
          line.role = .subtotal
          rows.append(line)
        }
        subtotal.cells += UsageReport.moneyCells(sum, currency)
      }
      rows.append(subtotal)
    }
    var total = Row(
      .total, [words.term(.total), .empty, .empty, .integer(summary.total.stamps)])
    var columns = [
      words.column("cost_centre", .costCentre), words.column("user", .user),
      words.column("display_name", .displayName), words.column("stamps", .stamps),
    ]
    if let currency {
      let sum = RowAmounts(summary.total, currency: currency)
      if let rounding = RowAmounts.rounding(rows: subtotals, total: sum) {
        rows.append(UsageReport.roundingRow(rounding, currency, labelWidth: labelWidth, words))
      }
      total.cells += UsageReport.moneyCells(sum, currency)
      columns += UsageReport.costColumns(words)
    }
    rows.append(total)
    return Report(
      title: words[.byCentreTitle], facts: UsageReport.facts(summary, words),
      table: ReportTable(columns: columns, rows: rows), notes: [words[.centreSubtotals]],
      moment: summary.period.end, language: language)
  }

  /// One cost centre's statement: its name, the file it goes in, and the report.
  public struct Statement: Sendable {
    public var centre: String
    /// A file name made of the centre's code (letters, digits, `.`, `-`, `_`; anything else
    /// `_`), without extension; unique among the month's statements.
    public var fileName: String
    public var report: Report
  }

  /// A statement per cost centre of the month: the centre's users, the packages their stamps
  /// were drawn from, stamps and money, and the centre's total (its subtotal in By cost
  /// centre). Stamps of users without a centre make the "no cost centre" statement.
  public static func statements(_ summary: UsageSummary, month: String, language: Language)
    -> [Statement]
  {
    let words = Words(language)
    let currency = summary.currency
    var used: Set<String> = []
    return centres(summary).map { centre in
      let label = name(centre.key, words)
      var rows: [Row] = []
      var amounts: [RowAmounts] = []
      for item in centre.byPackage {
        let ref: String
        if case .package(let id) = item.package {
          ref = summary.packageRefs[id] ?? ""
        } else {
          ref = ""
        }
        rows.append(
          priced(
            [
              .text(item.user), .text(summary.displayNames[item.user] ?? ""),
              UsageReport.cell(item.package, words), .text(ref), .integer(item.tally.stamps),
            ], item.tally, currency, into: &amounts))
      }
      var total = Row(
        .total, [words.term(.total), .empty, .empty, .empty, .integer(centre.tally.stamps)])
      var columns = [
        words.column("user", .user), words.column("display_name", .displayName),
        words.column("package", .package), words.column("ref", .ref),
        words.column("stamps", .stamps),
      ]
      if let currency {
        let sum = RowAmounts(centre.tally, currency: currency)
        if let rounding = RowAmounts.rounding(rows: amounts, total: sum) {
          rows.append(UsageReport.roundingRow(rounding, currency, labelWidth: 4, words))
        }
        total.cells += UsageReport.moneyCells(sum, currency)
        columns += UsageReport.costColumns(words)
      }
      rows.append(total)
      var facts = UsageReport.facts(summary, words)
      facts.insert(Fact("cost_centre", words[.costCentre], label), at: 0)
      // A file name of the code alone; the no-centre statement in every language alike.
      var file: String
      if case .name(let code) = centre.key {
        file = String(
          code.unicodeScalars.map { scalar -> Character in
            scalar.isASCII
              && (CharacterSet.alphanumerics.contains(scalar)
                || "._-".unicodeScalars.contains(scalar))
              ? Character(scalar) : "_"
          })
        if file.hasPrefix(".") { file = "_" + file.dropFirst() }
        if file.isEmpty { file = "_" }
      } else {
        file = "no-cost-centre"
      }
      var unique = file
      var n = 2
      while used.contains(unique.lowercased()) {
        unique = "\(file)-\(n)"
        n += 1
      }
      used.insert(unique.lowercased())
      return Statement(
        centre: label, fileName: unique,
        report: Report(
          title: "\(words[.statementTitle]) \(label) — \(month)", facts: facts,
          table: ReportTable(columns: columns, rows: rows), notes: [words[.statementNote]],
          moment: summary.period.end, language: language))
    }
  }
}
