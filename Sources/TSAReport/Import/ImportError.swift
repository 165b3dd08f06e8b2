/// Why an import could not run, with the path and what to do.
public enum ImportError: Error, Equatable, Sendable {
  case inputNotFound(path: String)
  case unreadable(path: String, reason: String)
  case malformedInStrictMode(path: String, line: Int64, reason: MalformedReason)
}

extension ImportError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .inputNotFound(let path):
      return "\(path): no such file or directory. Check the path (a log, a directory of logs)."
    case .unreadable(let path, let reason):
      return "\(path): cannot read it: \(reason). Check its permissions."
    case .malformedInStrictMode(let path, let line, let reason):
      return "\(path):\(line): \(reason). --strict stops at the first malformed line and"
        + " writes nothing; import without --strict to keep the good lines and list the bad"
        + " ones with `tsa-report rejects`."
    }
  }
}
