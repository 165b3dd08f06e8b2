import Foundation
import Testing

@testable import TSAReport

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
