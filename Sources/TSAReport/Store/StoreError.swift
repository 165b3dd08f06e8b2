import CSQLite

/// What can go wrong in the store, in words a user can act on. Raw SQLite messages are kept
/// for the rare case nothing better is known, together with the database's path.
public enum StoreError: Error, Equatable, Sendable {
  case cannotOpen(path: String, reason: String)
  case cannotCreateFolder(path: String, reason: String)
  case notADatabase(path: String)
  case newerSchema(path: String, found: Int, supported: Int)
  case readOnly(path: String)
  case busy(path: String)
  case diskFull(path: String)
  case ioFailure(path: String, reason: String)
  case sqlite(code: Int32, message: String, path: String)
  case unknownContract(code: String, known: [String])
  case noContract
  case ambiguousContract(known: [String])
  case duplicateContract(code: String)
  case unknownPackage(id: Int64)
  case accountTaken(login: String, contract: String)
  case aliasLoop(alias: String, user: String)
}

extension StoreError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .cannotOpen(let path, let reason):
      return "cannot open the database \(path): \(reason). Check the path and its permissions,"
        + " or choose another with --db or TSA_REPORT_DB."
    case .cannotCreateFolder(let path, let reason):
      return "cannot create the folder \(path) for the database: \(reason)."
    case .notADatabase(let path):
      return "\(path) is not a tsa-report database (not an SQLite file). Point --db at the"
        + " right file, or move this one away."
    case .newerSchema(let path, let found, let supported):
      return "\(path) was written by a newer tsa-report (schema \(found); this one knows up to"
        + " \(supported)). Upgrade tsa-report."
    case .readOnly(let path):
      return "the database \(path) is read-only. Check its permissions and its folder's."
    case .busy(let path):
      return "the database \(path) stayed locked by another tsa-report for too long. Try again"
        + " when the other import has finished."
    case .diskFull(let path):
      return "the disk holding \(path) is full; nothing was written. Free some space and retry."
    case .ioFailure(let path, let reason):
      return
        "the system refused to read or write \(path) (\(reason)): is the disk full, failing, or"
        + " a file size limit reached? The books are as they were before this command."
    case .sqlite(_, let message, let path):
      return "database error in \(path): \(message)."
    case .unknownContract(let code, let known):
      return "unknown contract '\(code)'. "
        + (known.isEmpty
          ? "There are no contracts yet."
          : "Known contracts: \(known.joined(separator: ", ")).")
        + " Add one with: tsa-report contract add \(code)"
    case .noContract:
      return "there is no contract to bill stamps to. Add one first, e.g.: tsa-report contract"
        + " add F2112000371 --name \"PostSignum TSA\""
    case .ambiguousContract(let known):
      return "there are several contracts (\(known.joined(separator: ", "))) and nothing in the"
        + " input says which one these stamps belong to. Choose one with --contract ID."
    case .duplicateContract(let code):
      return "contract '\(code)' already exists. See: tsa-report contract list"
    case .unknownPackage(let id):
      return "there is no package with id \(id). See: tsa-report package list"
    case .accountTaken(let login, let contract):
      return "the account '\(login)' is already billed to contract \(contract); an account"
        + " belongs to one contract."
    case .aliasLoop(let alias, let user):
      return "'\(alias)' cannot be an alias of '\(user)': '\(user)' already stands for"
        + " '\(alias)'. See: tsa-report user list"
    }
  }
}

extension StoreError {
  /// Turns an SQLite result code into a message that names the file and says what to do.
  init(code: Int32, message: String, path: String) {
    switch code & 0xFF {
    case SQLITE_NOTADB: self = .notADatabase(path: path)
    case SQLITE_READONLY: self = .readOnly(path: path)
    case SQLITE_BUSY, SQLITE_LOCKED: self = .busy(path: path)
    case SQLITE_FULL: self = .diskFull(path: path)
    case SQLITE_IOERR: self = .ioFailure(path: path, reason: message)
    case SQLITE_CANTOPEN: self = .cannotOpen(path: path, reason: "permission denied or not a file")
    default: self = .sqlite(code: code, message: message, path: path)
    }
  }
}
