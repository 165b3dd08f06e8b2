import Foundation

/// Who makes changes, and their clock (the command line's "now").
public struct ChangeActor: Sendable {
  public var who: String
  public var now: @Sendable () -> Instant

  public init(who: String, now: @escaping @Sendable () -> Instant) {
    self.who = who
    self.now = now
  }
}

/// What a change touched.
public enum ChangeEntity: String, Sendable, CaseIterable {
  case contract, package, user
}

public enum ChangeAction: String, Sendable {
  case add, edit, remove
}

/// One line of the change log: an entity added or removed (with its description), or one field
/// of it edited, old → new.
public struct ChangeRecord: Sendable, Equatable {
  public var at: Instant
  public var who: String
  public var entity: ChangeEntity
  public var key: String
  public var action: ChangeAction
  public var field: String?
  public var old: String?
  public var new: String?
  /// The closed month this change alters, when it was accepted into the first open month as a
  /// prior-period adjustment (`--into-open-month`).
  public var adjusts: String?
  /// Why it was made, as given with `--note`.
  public var note: String?

  package init(
    at: Instant, who: String, entity: ChangeEntity, key: String, action: ChangeAction,
    field: String? = nil, old: String? = nil, new: String? = nil, adjusts: String? = nil,
    note: String? = nil
  ) {
    self.adjusts = adjusts
    self.note = note
    self.at = at
    self.who = who
    self.entity = entity
    self.key = key
    self.action = action
    self.field = field
    self.old = old
    self.new = new
  }
}
