import Foundation

extension Store {
  /// A consistent copy of the books at `destination` (a new file, mode 0600), taken with
  /// `VACUUM INTO` in one read transaction — imports may run meanwhile — and checked with
  /// `PRAGMA integrity_check` before it is reported good. Returns its size in bytes.
  public func backup(to destination: String) throws -> Int64 {
    guard !FileManager.default.fileExists(atPath: destination) else {
      throw StoreError.backupExists(path: destination)
    }
    let previousMask = umask(0o077)
    defer { umask(previousMask) }
    try db.prepare("VACUUM INTO ?").run([.text(destination)])
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
