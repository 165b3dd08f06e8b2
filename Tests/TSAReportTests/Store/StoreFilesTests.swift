import Foundation
import Testing

@testable import TSAStore

/// A backup is made as a new file: a symbolic link at its path — even one pointing nowhere — is
/// refused, and nothing is written where it points.
@Test func aBackupNeverFollowsALinkAtItsPath() throws {
  let folder = TemporaryFolder()
  let store = try makeStore(folder)
  let target = folder.file("elsewhere.sqlite")
  try FileManager.default.createSymbolicLink(
    atPath: folder.file("backup.sqlite"), withDestinationPath: target)
  #expect(throws: StoreError.backupExists(path: folder.file("backup.sqlite"))) {
    try store.backup(to: folder.file("backup.sqlite"))
  }
  #expect(!FileManager.default.fileExists(atPath: target))
  #expect(throws: StoreError.self) { try store.backup(to: folder.file("no/such/folder/b.sqlite")) }
  #expect(try store.backup(to: folder.file("good.sqlite")) > 0)
}

/// Books at a FIFO, a device or a folder are named for what they are — not blamed on a failing
/// disk — and nothing is created or written there.
@Test func booksThatAreNoRegularFileAreNamedForWhatTheyAre() throws {
  let folder = TemporaryFolder()
  let fifo = folder.file("pipe")
  #expect(mkfifo(fifo, 0o600) == 0)
  for (path, kind) in [
    (fifo, "a FIFO (named pipe)"), (folder.path, "a folder"), ("/dev/null", "a device"),
  ] {
    #expect(throws: StoreError.notAFile(path: path, kind: kind)) { try Store(path: path) }
  }
  #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pipe"])
}
