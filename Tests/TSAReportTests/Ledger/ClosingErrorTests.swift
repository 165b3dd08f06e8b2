import Foundation
import Testing

@testable import TSALedger
@testable import TSASystem

/// A close refused while its bundle is being written (the books changed meanwhile) is said as
/// the refusal it is, not as a failure to write the folder, and nothing is put in place.
@Suite struct ClosingErrorTests {
  let folder = TemporaryFolder()

  @Test func aRefusalInsideTheBundlesFolderIsSaidAsItIs() throws {
    let path = folder.file("reports/2026-10")
    let refusal = CloseRefused(
      en: "the books changed while it was made", cs: "evidence se mezitím změnila", isUsage: false)
    let thrown = #expect(throws: CloseRefused.self) {
      try writeFolderAtomically(path) { _ in throw refusal }
    }
    #expect(thrown?.description == refusal.description)
    #expect(!FileManager.default.fileExists(atPath: path))
  }
}
