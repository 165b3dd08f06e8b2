/// What narrowed a usage summary, as the user gave it.
public struct UsageFilters: Sendable, Equatable {
  public var contractCode: String?
  public var userName: String?
  public var costCentre: String?

  public init(contractCode: String? = nil, userName: String? = nil, costCentre: String? = nil) {
    self.contractCode = contractCode
    self.userName = userName
    self.costCentre = costCentre
  }
}
