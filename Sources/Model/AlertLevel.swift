/// Monitoring levels, ordered; their raw values are the exit codes of `alert`.
public enum AlertLevel: Int, Sendable, Comparable, CaseIterable {
  case ok = 0
  case warning = 1
  case critical = 2

  public var name: String {
    switch self {
    case .ok: "OK"
    case .warning: "WARNING"
    case .critical: "CRITICAL"
    }
  }

  public static func < (a: AlertLevel, b: AlertLevel) -> Bool { a.rawValue < b.rawValue }
}

/// What the last notification said about a contract.
public struct AlertState: Sendable, Equatable {
  public var level: AlertLevel
  public var since: Instant
  public var lastSent: Instant

  package init(
    level: AlertLevel, since: Instant, lastSent: Instant
  ) {
    self.level = level
    self.since = since
    self.lastSent = lastSent
  }
}
