import Foundation
import TSAModel

/// The tables of `contract list`, `package list` and `user list`: what the books hold, as they
/// were entered, headed in the language of the run (the commands print them as text).
package enum Listings {
  package static func contracts(_ contracts: [Contract], _ words: Words) -> ReportTable {
    ReportTable(
      columns: [
        words.column("contract", .contract), words.column("name", .name),
        words.column("accounts", .accounts),
      ],
      rows: contracts.map {
        Row(
          .body, [.text($0.code), .text($0.name ?? ""), .text($0.accounts.joined(separator: ", "))])
      })
  }

  package static func packages(_ packages: [Package], _ words: Words) -> ReportTable {
    ReportTable(
      columns: [
        words.column("package", .package), words.column("contract", .contract),
        words.column("stamps", .stamps), words.column("price", .price),
        words.column("currency", .currency),
        Column("vat_rate", words.language.pick(en: "VAT %", cs: "DPH %")),
        words.column("ordered", .ordered), words.column("paid", .paid),
        words.column("tax_point", .taxPoint), words.column("valid_until", .validUntil),
        words.column("ref", .ref),
      ],
      rows: packages.map { p in
        Row(
          .body,
          [
            .integer(p.id), .text(p.contractCode), .integer(p.stamps),
            p.price.map { .money($0, currency: p.currency) } ?? .empty, .text(p.currency),
            p.vatRate.map(Cell.decimal) ?? .empty, p.ordered.map(Cell.date) ?? .empty,
            p.paid.map(Cell.date) ?? words.term(.unpaidStatus), p.taxPoint.map(Cell.date) ?? .empty,
            p.validUntil.map(Cell.date) ?? .empty,
            .text(p.ref ?? ""),
          ])
      })
  }

  package static func users(_ users: [User], _ words: Words) -> ReportTable {
    ReportTable(
      columns: [
        words.column("user", .user),
        Column("display_name", words.language.pick(en: "Display name", cs: words[.displayName])),
        words.column("cost_centre", .costCentre),
        Column("alias_of", words.language.pick(en: "Counts as", cs: "Počítá se jako")),
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
