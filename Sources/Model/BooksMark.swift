import Foundation

/// Which state of the books a report came from: the change counter the allocation follows
/// (stamps and packages), the last import run and the last change to contracts, packages and
/// users.
public struct BooksMark: Sendable, Equatable {
  public var version: Int64
  public var lastImportRun: Int64?
  public var lastChange: Int64?

  public init(version: Int64, lastImportRun: Int64?, lastChange: Int64?) {
    self.version = version
    self.lastImportRun = lastImportRun
    self.lastChange = lastChange
  }
}
