/// One stamp as the monthly list shows it.
public struct ListedStamp: Sendable {
  public var time: Instant
  public var user: String
  public var contract: String
  public var package: Int64?
  public var source: String
  public var serial: String?

  public init(
    time: Instant, user: String, contract: String, package: Int64?, source: String,
    serial: String?
  ) {
    self.time = time
    self.user = user
    self.contract = contract
    self.package = package
    self.source = source
    self.serial = serial
  }
}
