import Foundation
import TSAModel

/// The change log as a report: who changed which contract, package or user, when, and from
/// what to what. `tsa-report history` prints it; the monthly bundle lists the month's changes
/// under its packages.
public enum ChangeReport {
  /// The changes in `[from, before)` (unbounded where nil) of the log `changes` (the whole log,
  /// which names the packages).
  public static func report(
    _ changes: [ChangeRecord], from: Instant?, before: Instant?, zone: ReportZone,
    language: Language, moment: Instant
  ) -> Report {
    let words = Words(language)
    // What changed is an entity and its key: a package's id, a contract's number, a user's name.
    let columns = [
      words.column("changed_at", .changedAt), words.column("who", .changedBy),
      words.column("entity", .changedWhat), Column("key", language.pick(en: "Key", cs: "Označení")),
      words.column("action", .changeAction), words.column("field", .changedField),
      words.column("old", .oldValue), words.column("new", .newValue),
      words.column("note", .changeNote),
    ]
    let names = PackageNames(changes)
    var rows: [Row] = []
    for change in changes {
      guard from.map({ change.at >= $0 }) ?? true, before.map({ change.at < $0 }) ?? true else {
        continue
      }
      let local = zone.localDate(of: change.at)
      let second = Int(change.at.seconds - zone.startOfDay(local).seconds)
      let key: Cell =
        change.entity == .package
        ? .term(change.key, text: names.named(change.key)) : .text(change.key)
      rows.append(
        Row(
          .body,
          [
            .dateTime(local, secondOfDay: second), .text(change.who),
            words.term(entity(change.entity)), key, words.term(action(change.action)),
            change.field.map { .term($0, text: field($0, words)) } ?? .empty,
            change.old.map { names.value($0, field: change.field, of: change) } ?? .empty,
            change.new.map { names.value($0, field: change.field, of: change) } ?? .empty,
            .text(change.note ?? ""),
          ]))
    }
    var facts: [Fact] = []
    if from != nil || before != nil {
      facts.append(
        words.fact("interval", .interval) { words in
          let start = from.map { words.instant($0, in: zone) } ?? "…"
          let end = before.map { words.instant($0, in: zone) } ?? "…"
          return "\(start) … \(end)"
        })
    }
    facts.append(Fact("time_zone", words[.timeZone], zone.identifier))
    return Report(
      title: words[.changesTitle], facts: facts, table: ReportTable(columns: columns, rows: rows),
      notes: rows.isEmpty ? [words[.noChanges]] : [], moment: moment, language: language)
  }

  static func entity(_ entity: ChangeEntity) -> Label {
    switch entity {
    case .contract: .contract
    case .package: .package
    case .user: .user
    }
  }

  static func action(_ action: ChangeAction) -> Label {
    switch action {
    case .add: .addedAction
    case .edit: .editedAction
    case .remove: .removedAction
    }
  }

  /// A field's name as the reports title it.
  static func field(_ name: String, _ words: Words) -> String {
    let labels: [String: Label] = [
      "contract": .contract, "stamps": .stamps, "price": .price, "currency": .currency,
      "vat_rate": .vatRate, "ordered": .ordered, "paid": .paid, "valid_until": .validUntil,
      "ref": .ref, "tax_point": .taxPoint, "name": .name, "accounts": .accounts,
      "display_name": .displayName,
      "cost_centre": .costCentre, "alias_of": .aliasOf,
    ]
    if name == "valid_years" {
      return words.language.pick(en: "Valid (years)", cs: "Platnost (roky)")
    }
    if name == "code" { return words.language.pick(en: "Contract number", cs: "Číslo smlouvy") }
    return labels[name].map { words[$0] } ?? name
  }

}

/// What the change log says of each package — its contract, invoice reference and currency, as
/// last recorded — so that every change names the package as messages do (`3 (F2112000371,
/// FV-2026-0820)`) and writes its price as money, even when the package has been removed since.
struct PackageNames {
  private var fields: [String: [String: String]] = [:]

  /// What the whole of `log` says.
  init(_ log: [ChangeRecord]) {
    for change in log where change.entity == .package && change.action != .remove {
      guard let field = change.field, ["contract", "ref", "currency"].contains(field) else {
        continue
      }
      fields[change.key, default: [:]][field] = change.new
    }
  }

  /// `3 (F2112000371, FV-2026-0820)`, or the id alone when the log never said more.
  func named(_ id: String) -> String {
    guard let known = fields[id], let contract = known["contract"] else { return id }
    return "\(id) (\(contract)\(known["ref"].map { ", \($0)" } ?? ""))"
  }

  /// A stored value as a typed cell: a day a date, a price money in its package's currency, a
  /// number of stamps a number, a rate a decimal; anything else its text.
  func value(_ text: String, field: String?, of change: ChangeRecord) -> Cell {
    switch field {
    case "price":
      if let amount = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
        let currency = fields[change.key]?["currency"]
      {
        return .money(amount, currency: currency)
      }
    case "vat_rate":
      if let rate = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) {
        return .decimal(rate)
      }
    case "stamps", "valid_years":
      if let n = Int64(text) { return .integer(n) }
    default: break
    }
    if text.count == 10, let day = LocalDate(iso: text) { return .date(day) }
    return .text(text)
  }
}
