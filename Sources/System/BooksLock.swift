import Foundation

/// An exclusive lock on the books' own file (`flock`, which SQLite's byte-range locks do not
/// touch) held while an alert evaluates, sends and records: a second run meanwhile is UNKNOWN
/// (exit 3) and sends nothing. No lock file is made, so a run as root can never leave one the
/// books' owner cannot open.
package struct BooksLock {
  package let descriptor: Int32?

  package init(database: String) throws {
    let fd = open(database, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
    guard fd >= 0 else {
      // No books yet: the alert says so itself; nothing to keep apart.
      if errno == ENOENT {
        descriptor = nil
        return
      }
      let reason = String(cString: strerror(errno))
      throw SystemError.io(
        "cannot open \(database) to lock it: \(reason).",
        cs: "\(database) nelze otevřít a zamknout (\(reason)).")
    }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
      throw SystemError.io(
        "another tsa-report alert is running on \(database); this run sent nothing and the next"
          + " one will see what is still due.",
        cs: "nad \(database) právě běží jiné tsa-report alert; tento běh nic neodeslal a příští"
          + " uvidí, co je ještě třeba.")
    }
    descriptor = fd
  }

  /// Unlocks. The descriptor stays open until the process ends: closing a descriptor of the
  /// books would drop SQLite's own POSIX locks on them (a POSIX rule), were the store still open.
  package func release() {
    if let descriptor { flock(descriptor, LOCK_UN) }
  }
}
