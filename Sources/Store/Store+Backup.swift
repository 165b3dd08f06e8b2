import Foundation

extension Store {
  /// A consistent copy of the books at `destination` (a new file, mode 0600), taken with
  /// `VACUUM INTO` in one read transaction — imports may run meanwhile — and checked with
  /// `PRAGMA integrity_check` before it is reported good. Returns its size in bytes.
  public func backup(to destination: String) throws -> Int64 {
    // The file is made here, new (O_EXCL: anything at the path, a symbolic link too, even one
    // pointing nowhere, is refused), and VACUUM INTO fills it: a link planted at the
    // destination can never send the books somewhere else.
    let made = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard made >= 0 else {
      if errno == EEXIST { throw StoreError.backupExists(path: destination) }
      throw StoreError.cannotCreateBackup(
        path: destination, reason: String(cString: strerror(errno)))
    }
    close(made)
    do {
      try db.prepare("VACUUM INTO ?").run([.text(destination)])
    } catch let error as StoreError {
      // What failed is the copy (a full disk, a file size limit), not the books.
      unlink(destination)
      let reason: String =
        switch error {
        case .diskFull: "the disk is full, or a file size limit was reached"
        case .ioFailure(_, let message), .sqlite(_, let message, _): message
        case .readOnly: "it may not be written"
        default: "\(error)"
        }
      throw StoreError.cannotCreateBackup(path: destination, reason: reason)
    }
    let copy = try SQLiteConnection(path: destination)
    let check = try copy.prepare("PRAGMA integrity_check").rows { $0.text(0) }
    guard check == ["ok"] else {
      throw StoreError.backupDamaged(
        path: destination, reason: check.prefix(3).joined(separator: "; "))
    }
    let attributes = try FileManager.default.attributesOfItem(atPath: destination)
    return (attributes[.size] as? NSNumber)?.int64Value ?? 0
  }
}
