/// An error the engine reports as it is: its description is the sentence the user reads, and
/// the command line gives it its exit code. Errors of other kinds met while writing a file are
/// said as "cannot write …" with their reason.
public protocol DescribedError: Error, CustomStringConvertible {}

/// An error of the machine around the books, or of what the user asked of it: something given
/// or set that cannot be used, an input that is not there, a file, folder or lock that cannot
/// be had, an output that would replace what is not ours. The command line gives each kind its
/// exit code.
public enum SystemError: DescribedError, Equatable {
  /// Something the user gave or set that cannot be used (exit 64).
  case usage(String, cs: String? = nil)
  /// A file, folder or lock that cannot be had (exit 74).
  case io(String, cs: String? = nil)
  /// An input that is not there (exit 66).
  case noInput(String, cs: String? = nil)
  /// An output that cannot be made without replacing what is not ours (exit 73).
  case cannotCreate(String, cs: String? = nil)

  /// The sentence itself, in English (never `usage("…")`).
  public var description: String {
    switch self {
    case .usage(let message, _), .io(let message, _), .noInput(let message, _),
      .cannotCreate(let message, _):
      message
    }
  }

  /// The sentence in Czech, where it has been said in Czech.
  public var czech: String? {
    switch self {
    case .usage(_, let czech), .io(_, let czech), .noInput(_, let czech),
      .cannotCreate(_, let czech):
      czech
    }
  }
}
