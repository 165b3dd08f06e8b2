/// The provider's contract or order number (`F2112000371`) that packages are bought under.
public struct Contract: Sendable, Equatable {
  public var id: Int64
  /// The provider's number, as the user types it.
  public var code: String
  public var name: String?
  /// Provider logins (Basic-auth user names) billed to this contract.
  public var accounts: [String]

  public init(id: Int64, code: String, name: String?, accounts: [String]) {
    self.id = id
    self.code = code
    self.name = name
    self.accounts = accounts
  }
}

extension Contract {
  /// Its fields as the change log names them.
  package var logFields: [(String, String?)] {
    [("name", name), ("accounts", accounts.isEmpty ? nil : accounts.joined(separator: ", "))]
  }
}
