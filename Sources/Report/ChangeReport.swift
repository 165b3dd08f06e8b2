import Foundation
import TSAModel

/// The change log as a report: who changed which contract, package or user, when, and from
/// what to what. `tsa-report history` prints it; the monthly bundle lists the month's changes
/// under its packages.
public enum ChangeReport {
  /// The changes in `[from, before)` (unbounded where nil).
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
    let rows = changes.map { change -> Row in
      let local = zone.localDate(of: change.at)
      let second = Int(change.at.seconds - zone.startOfDay(local).seconds)
      return Row(
        .body,
        [
          .dateTime(local, secondOfDay: second), .text(change.who),
          .text(entity(change.entity, words)), .text(change.key),
          .text(action(change.action, words)),
          change.field.map { .text(field($0, words)) } ?? .empty,
          change.old.map { .text(value($0, words)) } ?? .empty,
          change.new.map { .text(value($0, words)) } ?? .empty,
          .text(change.note ?? ""),
        ])
    }
    var facts: [Fact] = []
    if from != nil || before != nil {
      let start = from.map { words.instant($0, in: zone) } ?? "…"
      let end = before.map { words.instant($0, in: zone) } ?? "…"
      facts.append(Fact("interval", words[.interval], "\(start) … \(end)"))
    }
    facts.append(Fact("time_zone", words[.timeZone], zone.identifier))
    return Report(
      title: words[.changesTitle], facts: facts, table: ReportTable(columns: columns, rows: rows),
      notes: changes.isEmpty ? [words[.noChanges]] : [], moment: moment, language: language)
  }

  static func entity(_ entity: ChangeEntity, _ words: Words) -> String {
    switch entity {
    case .contract: words[.contract]
    case .package: words[.package]
    case .user: words[.user]
    }
  }

  static func action(_ action: ChangeAction, _ words: Words) -> String {
    switch action {
    case .add: words[.addedAction]
    case .edit: words[.editedAction]
    case .remove: words[.removedAction]
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

  /// A stored value; a day as the language writes it.
  static func value(_ text: String, _ words: Words) -> String {
    if text.count == 10, let day = LocalDate(iso: text) { return words.date(day) }
    return text
  }
}
