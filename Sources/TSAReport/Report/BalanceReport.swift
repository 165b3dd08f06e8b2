/// Builds the balance report: every package's stamps, used and remaining, and a total row per
/// contract with its unfunded stamps.
public enum BalanceReport {
  /// The balance at the end of the local day `asOf`.
  public static func build(store: Store, asOf: LocalDate, zone: ReportZone) throws -> Report {
    let end = zone.startOfDay(asOf.adding(days: 1))
    let balances = Ledger.balances(
      packages: try store.packages(),
      stampsByContract: try store.stampTotalsByContract(before: end),
      today: asOf)
    var rows: [Row] = []
    for contract in balances {
      for item in contract.packages {
        let package = item.package
        rows.append(
          Row(
            .body,
            [
              .text(contract.contractCode), .integer(package.id), .text(package.ref ?? ""),
              package.paid.map(Cell.date) ?? .empty, package.validUntil.map(Cell.date) ?? .empty,
              .text(item.status.rawValue), .integer(package.stamps), .integer(item.used),
              .integer(item.remaining), .integer(0),
            ]))
      }
      rows.append(
        Row(
          .total,
          [
            .text("\(contract.contractCode) total"), .empty, .empty, .empty, .empty, .empty,
            .integer(contract.stamps), .integer(contract.used), .integer(contract.remaining),
            .integer(contract.unfunded),
          ]))
    }
    let warnings = balances.filter { $0.unfunded > 0 }.map {
      "Warning: \($0.contractCode) has \($0.unfunded) stamps that no paid package covers"
        + " (unfunded). Record the purchase with `tsa-report package add`."
    }
    return Report(
      title: "TSA stamp balance",
      facts: [
        ("As of", "end of \(asOf.iso) (\(zone.format(end)))"), ("Time zone", zone.identifier),
      ],
      table: ReportTable(
        columns: [
          Column("contract", "Contract"), Column("package", "Package"), Column("ref", "Ref"),
          Column("paid", "Paid"), Column("valid_until", "Valid until"),
          Column("status", "Status"), Column("stamps", "Stamps"), Column("used", "Used"),
          Column("remaining", "Remaining"), Column("unfunded", "Unfunded"),
        ],
        rows: rows),
      notes: warnings)
  }
}
