import Foundation
import Testing

@testable import TSAImport

/// The settings file's `logs`: each log with its rotated copies, oldest first, each file once.
@Suite struct ConfiguredLogsTests {
  @Test func aLogBringsItsNumberedCopiesOldestFirst() {
    let folder = TemporaryFolder()
    for name in [
      "tsa-access.log", "tsa-access.log.1", "tsa-access.log.2.gz", "tsa-access.log.10.gz",
      "tsa-access.log.bak", "tsa-access.log.1.swp", "other.log", "other.log.1",
    ] {
      folder.write(name, "")
    }
    let expansion = ConfiguredLogs.expand([folder.file("tsa-access.log")])
    #expect(
      expansion.paths == [
        folder.file("tsa-access.log.10.gz"), folder.file("tsa-access.log.2.gz"),
        folder.file("tsa-access.log.1"), folder.file("tsa-access.log"),
      ])
    #expect(expansion.unmatched.isEmpty)
  }

  @Test func dateextCopiesComeByDate() {
    let folder = TemporaryFolder()
    for name in ["access.log", "access.log-20261101.gz", "access.log-20261026", "access.log-x"] {
      folder.write(name, "")
    }
    #expect(
      ConfiguredLogs.expand([folder.file("access.log")]).paths == [
        folder.file("access.log-20261026"), folder.file("access.log-20261101.gz"),
        folder.file("access.log"),
      ])
  }

  @Test func aGlobAndARotatedCopyAreEachTakenOnce() {
    let folder = TemporaryFolder()
    for name in ["a.log", "a.log.1", "b.log"] { folder.write(name, "") }
    let expansion = ConfiguredLogs.expand([folder.file("*.log*"), folder.file("a.log")])
    #expect(
      expansion.paths == [folder.file("a.log.1"), folder.file("a.log"), folder.file("b.log")])
  }

  @Test func aPatternThatMatchesNothingIsSaid() {
    let folder = TemporaryFolder()
    folder.write("a.log", "")
    let expansion = ConfiguredLogs.expand([folder.file("missing.log"), folder.file("a.log")])
    #expect(expansion.paths == [folder.file("a.log")])
    #expect(expansion.unmatched == [folder.file("missing.log")])
  }

  @Test func rotationSuffixes() {
    #expect(ConfiguredLogs.rotationAge(".1") == 1)
    #expect(ConfiguredLogs.rotationAge(".12.gz") == 12)
    #expect(ConfiguredLogs.rotationAge("-20261126") == -20_261_126)
    #expect(ConfiguredLogs.rotationAge("-2026112615.gz") == -2_026_112_615)
    for text in ["", ".gz", ".bak", ".1.swp", "-1", "-x2026", ".12345", "1"] {
      #expect(ConfiguredLogs.rotationAge(text) == nil, "\(text)")
    }
  }
}
