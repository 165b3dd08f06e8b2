import Foundation
import TSAModel

/// The tables of `contract list`, `package list` and `user list`: what the books hold, as they
/// were entered (English headers; the commands print them as text).
package enum Listings {
  package static func contracts(_ contracts: [Contract]) -> ReportTable {
    ReportTable(
      columns: [
        Column("contract", "Contract"), Column("name", "Name"), Column("accounts", "Accounts"),
      ],
      rows: contracts.map {
        Row(
          .body, [.text($0.code), .text($0.name ?? ""), .text($0.accounts.joined(separator: ", "))])
      })
  }

  package static func packages(_ packages: [Package]) -> ReportTable {
    ReportTable(
      columns: [
        Column("package", "Package"), Column("contract", "Contract"), Column("stamps", "Stamps"),
        Column("price", "Price"), Column("currency", "Currency"), Column("vat_rate", "VAT %"),
        Column("ordered", "Ordered"), Column("paid", "Paid"), Column("tax_point", "Tax point"),
        Column("valid_until", "Valid until"), Column("ref", "Ref"),
      ],
      rows: packages.map { p in
        Row(
          .body,
          [
            .integer(p.id), .text(p.contractCode), .integer(p.stamps),
            p.price.map { .money($0, currency: p.currency) } ?? .empty, .text(p.currency),
            p.vatRate.map { .text("\($0)") } ?? .empty, p.ordered.map(Cell.date) ?? .empty,
            p.paid.map(Cell.date) ?? .text("unpaid"), p.taxPoint.map(Cell.date) ?? .empty,
            p.validUntil.map(Cell.date) ?? .empty,
            .text(p.ref ?? ""),
          ])
      })
  }

  package static func users(_ users: [User]) -> ReportTable {
    ReportTable(
      columns: [
        Column("user", "User"), Column("display_name", "Display name"),
        Column("cost_centre", "Cost centre"), Column("alias_of", "Counts as"),
      ],
      rows: users.map {
        Row(
          .body,
          [
            .text($0.name), .text($0.displayName ?? ""), .text($0.costCentre ?? ""),
            .text($0.aliasOf ?? ""),
          ])
      })
  }
}
