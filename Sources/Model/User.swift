/// A user as `user list` shows it.
public struct User: Sendable, Equatable {
  public var name: String
  public var displayName: String?
  public var costCentre: String?
  /// The user this name stands for in reports, when it is an alias (an address, an old name).
  public var aliasOf: String?
  /// The contract the user's stamps are billed to, when set (`user set --contract`).
  public var contractCode: String?

  package init(
    name: String, displayName: String? = nil, costCentre: String? = nil, aliasOf: String? = nil,
    contractCode: String? = nil
  ) {
    self.contractCode = contractCode
    self.name = name
    self.displayName = displayName
    self.costCentre = costCentre
    self.aliasOf = aliasOf
  }
}
