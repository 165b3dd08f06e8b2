import Foundation
import TSAModel

extension Store {
  /// Appends to the change log; called inside the transaction of the change itself.
  func logChange(
    _ entity: ChangeEntity, _ key: String, _ action: ChangeAction, field: String? = nil,
    old: String? = nil, new: String? = nil
  ) throws {
    try db.prepare(
      """
      INSERT INTO change_log (at, who, entity, entity_key, action, field, old_value, new_value,
                              adjusts, note)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """
    ).run([
      .integer(changeActor.now().microseconds), .text(changeActor.who), .text(entity.rawValue),
      .text(key), .text(action.rawValue), field.map(SQLValue.text) ?? .null,
      old.map(SQLValue.text) ?? .null, new.map(SQLValue.text) ?? .null,
      adjusting.map(SQLValue.text) ?? .null, changeNote.map(SQLValue.text) ?? .null,
    ])
  }

  /// Logs an entity added: a line per field it has (one bare line when it has none).
  func logAdded(_ entity: ChangeEntity, _ key: String, _ fields: [(String, String?)]) throws {
    let present = fields.compactMap { name, value in value.map { (name, $0) } }
    if present.isEmpty { try logChange(entity, key, .add) }
    for (field, value) in present { try logChange(entity, key, .add, field: field, new: value) }
  }

  /// Logs an entity removed, with what each of its fields held.
  func logRemoved(_ entity: ChangeEntity, _ key: String, _ fields: [(String, String?)]) throws {
    let present = fields.compactMap { name, value in value.map { (name, $0) } }
    if present.isEmpty { try logChange(entity, key, .remove) }
    for (field, value) in present { try logChange(entity, key, .remove, field: field, old: value) }
  }

  /// Logs each field whose value differs.
  func logEdits(
    _ entity: ChangeEntity, _ key: String, _ fields: [(String, String?, String?)]
  ) throws {
    for (field, old, new) in fields where old != new {
      try logChange(entity, key, .edit, field: field, old: old, new: new)
    }
  }

  /// The change log in `[from, before)` (all of it by default), oldest first.
  public func changes(from: Instant? = nil, before: Instant? = nil) throws -> [ChangeRecord] {
    try db.prepare(
      """
      SELECT at, who, entity, entity_key, action, field, old_value, new_value, adjusts, note
      FROM change_log WHERE at >= ? AND at < ? ORDER BY at, id
      """
    ).rows([.integer(from?.microseconds ?? .min), .integer(before?.microseconds ?? .max)]) {
      ChangeRecord(
        at: Instant(microseconds: $0.int(0)), who: $0.text(1),
        entity: ChangeEntity(rawValue: $0.text(2)) ?? .package, key: $0.text(3),
        action: ChangeAction(rawValue: $0.text(4)) ?? .edit, field: $0.optionalText(5),
        old: $0.optionalText(6), new: $0.optionalText(7), adjusts: $0.optionalText(8),
        note: $0.optionalText(9))
    }
  }
}

// MARK: - Descriptions kept in the log

extension Package {
  /// Its fields as the log names them, as text.
  var logFields: [(String, String?)] {
    [
      ("contract", contractCode), ("stamps", String(stamps)), ("price", price.map { "\($0)" }),
      ("currency", currency), ("vat_rate", vatRate.map { "\($0)" }), ("ordered", ordered?.iso),
      ("paid", paid?.iso),
      ("valid_years", explicitValidUntil == nil ? validYears.map(String.init) : nil),
      ("valid_until", explicitValidUntil?.iso), ("ref", ref), ("tax_point", taxPoint?.iso),
    ]
  }
}
