import Foundation
import Testing

@testable import TSAImport
@testable import TSAModel
@testable import TSASystem

/// Seeded random mutations of real inputs through every line parser: no crash, no hang, and
/// every line ends up a record or a reason. (`make fuzz` runs many more rounds.)
@Suite struct FuzzTests {
  static let rounds = Int(ProcessInfo.processInfo.environment["TSA_FUZZ_ROUNDS"] ?? "") ?? 3000

  nonisolated(unsafe) static let seeds: [(String, () -> any LineFormat)] = [
    (
      #"10.0.0.5 - alice [05/Oct/2026:10:00:00 +0200] "POST /TSS/TSS_user/ HTTP/1.1" 200 1551 "-" "JSignPdf/2.3""#,
      { CombinedFormat(minTokenBytes: 300) }
    ),
    (
      #"{"time":"2026-11-25T14:35:50+00:00","remote_addr":"127.0.0.1","remote_user":"alice","method":"POST","status":200,"body_bytes_sent":1551,"resp_content_type":"application/timestamp-reply","upstream_status":"502, 200"}"#,
      { ProxyJSONFormat(minTokenBytes: 300) }
    ),
    (
      #"{"time":"2026-11-25T09:15:02.120+01:00","user":"alice","status":"granted","tsa":"https://u:p@x/","serial":"0x7A3F","id":"e1"}"#,
      { EventJSONFormat() }
    ),
  ]

  func mutate(_ bytes: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
    var out = bytes
    for _ in 0..<Int.random(in: 1...6, using: &random) {
      guard !out.isEmpty else { break }
      let at = Int.random(in: 0..<out.count, using: &random)
      switch Int.random(in: 0..<5, using: &random) {
      case 0: out[at] = UInt8.random(in: 0...255, using: &random)
      case 1: out.remove(at: at)
      case 2: out.insert(UInt8.random(in: 0x20...0x7E, using: &random), at: at)
      case 3:
        out.insert(contentsOf: out[at...].prefix(Int.random(in: 1...20, using: &random)), at: at)
      default: out = Array(out.prefix(at))
      }
    }
    return out.filter { $0 != 0x0A }
  }

  @Test(arguments: 0..<3)
  func mutatedLinesNeverCrashAParser(_ which: Int) {
    let (seed, make) = Self.seeds[which]
    var random = SeededRandom(seed: UInt64(which + 11))
    var parser = make()
    var outcomes = [0, 0]
    for _ in 0..<Self.rounds {
      let bytes = mutate(Array(seed.utf8), &random)
      let result = bytes.withUnsafeBytes { raw in
        raw.textProblem.map { Result<Record?, MalformedReason>.failure($0) } ?? parser.parse(raw)
      }
      if case .success = result { outcomes[0] += 1 } else { outcomes[1] += 1 }
    }
    // the mutations break lines, and leave some readable: both paths are exercised
    #expect(outcomes[0] > 0)
    #expect(outcomes[1] > 0)
  }

  /// Every mutated header and row ends as a record, a header taken, or a malformed line with a
  /// reason; the mutations reach each of them.
  @Test func mutatedCSVEndsAsARecordOrAReason() {
    var random = SeededRandom(seed: 5)
    var outcomes: [String: Int] = [:]
    for _ in 0..<Self.rounds {
      var parser = EventCSVFormat()
      let header = mutate(Array("time,user,contract,status,serial".utf8), &random)
      let row = mutate(Array(#"2026-10-05T10:00:00Z,"Novák, Jan",F1,granted,"0a""#.utf8), &random)
      let headerResult = header.withUnsafeBytes { parser.parse($0) }
      switch headerResult {
      case .success(nil): outcomes["header taken", default: 0] += 1
      case .success(.some): outcomes["header read as a record", default: 0] += 1
      case .failure(let reason):
        #expect(!reason.description.isEmpty)
        outcomes["header refused", default: 0] += 1
        continue
      }
      switch row.withUnsafeBytes({ parser.parse($0) }) {
      case .success(let record?):
        #expect(
          record.outcome == .granted || record.outcome == .rejected || record.outcome == .error)
        outcomes["row a record", default: 0] += 1
      case .success(nil): outcomes["row read as nothing", default: 0] += 1
      case .failure(let reason):
        #expect(!reason.description.isEmpty)
        outcomes["row malformed", default: 0] += 1
      }
    }
    let count = { (kind: String) in outcomes[kind, default: 0] }
    #expect(count("header taken") + count("header refused") == Self.rounds)
    #expect(count("row a record") + count("row malformed") == count("header taken"))
    // A header is never a record, and a row after a header is always one or a reason.
    #expect(outcomes["header read as a record"] == nil && outcomes["row read as nothing"] == nil)
    for kind in ["header taken", "header refused", "row a record", "row malformed"] {
      #expect(outcomes[kind, default: 0] > 0, "no mutation ended as '\(kind)': \(outcomes)")
    }
  }

  @Test func randomBytesThroughTheWholeImporterStoreNothingTwice() throws {
    let folder = TemporaryFolder()
    let store = try makeStore(folder)
    var random = SeededRandom(seed: 99)
    var text: [UInt8] = []
    for _ in 0..<500 {
      text += mutate(Array(logLine("alice", "05/Oct/2026:10:00:00 +0200").utf8), &random) + [0x0A]
    }
    let path = folder.file("fuzzed.log")
    try Data(text).write(to: URL(fileURLWithPath: path))
    let first = try run(store, [path], ImportOptions(format: .combined, allowMalformed: true))[0]
    #expect(first.lines == 500)
    #expect(first.new.values.reduce(0, +) + first.malformed + first.duplicates == 500)
    let copy = folder.file("copy.log")
    try Data(text).write(to: URL(fileURLWithPath: copy))
    let again = try run(store, [copy], ImportOptions(format: .combined, allowMalformed: true))[0]
    #expect(again.new.values.reduce(0, +) == 0 && again.malformed == 0)
  }
}
