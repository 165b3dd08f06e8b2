/// Why an import could not run, with the path and what to do.
public enum ImportError: Error, Equatable, Sendable {
  case inputNotFound(path: String)
  case unreadable(path: String, reason: String)
  case malformedInStrictMode(path: String, line: Int64, reason: MalformedReason)
  case unknownFormat(path: String)
  case unknownContractInRecord(path: String, line: Int64, code: String, known: [String])
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
    case .unknownFormat(let path):
      return "\(path): cannot tell its format from its name or its first line. Choose one with"
        + " --format (combined, nginx-json, jsonl, csv, tsr)."
    case .unknownContractInRecord(let path, let line, let code, let known):
      return "\(path):\(line): the record names contract '\(code)', which the books do not know"
        + (known.isEmpty ? "" : " (known: \(known.joined(separator: ", ")))")
        + ". Add it with `tsa-report contract add \(code)` and import again; nothing was written."
    }
  }
}
