import Foundation
import Testing

/// Every command under a fuzzer of its arguments: paths (of one character, devices, missing
/// folders, links), numbers (extremes, signs, decimal commas), periods and dates (almost
/// right), names (escapes, other scripts, empty). Each run ends with a documented exit code —
/// never a signal (a trap is 132 or 133, a crash 134 and above) and never a hang. Seeded, so a
/// failure is the same on the next run; the books are a fresh copy for each command.
@Suite struct ArgumentFuzzTests {
  /// The values an operator might type, and some nobody should.
  static let values: [String] = [
    "", "-", "b", "r", ".", "..", "/", "/dev/full", "/dev/null", "/nonexistent/folder/x",
    "dangling", "out.csv", "out.xlsx", "out.json", "out.txt", "reports",
    String(repeating: "a", count: 5000),
    "0", "1", "-1", "+1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
    "1e9", "5,5", "5,5%", "10%", "100%", "101%", "-5%", "0.0001%", "30d", "0d", "-3d",
    "99999999999h",
    "2026-10", "2026-13", "2026-+1", "+202-01", "2026-Q4", "2026-Q0", "2026-q5", "2026",
    "2026-10-05", "2026-02-30", "0001-01-01", "9999-12-31", "10000-01-01", "this month",
    "last quarter", "2026-10-05T10:00:00Z", "2026-10-05T10:00:60+99:59", "F2112000371", "F999",
    "alice", "Dvořák", "Dvor\u{030C}a\u{0301}k", "\u{1B}[31mred", "=cmd|' /C calc'!A0", "%s%n",
    "$(touch pwned)", "a@example.cz", "a@b\r\nBcc: x@y", "Europe/Prague", "UTC+5", "Mars/Olympus",
    "cs", "en", "de", "csv", "xlsx", "json", "text", "pdf", "day", "user", "colour",
  ]

  /// Command lines with holes (`?`) the fuzzer fills.
  static let shapes: [[String]] = [
    ["--db", "?", "contract", "list"], ["contract", "add", "?", "--name", "?", "--account", "?"],
    ["package", "add", "--contract", "?", "--stamps", "?", "--price", "?", "--vat-rate", "?"],
    [
      "package", "add", "--contract", "F2112000371", "--stamps", "?", "--paid", "?",
      "--valid-years", "?",
    ],
    ["package", "pay", "?", "--date", "?"], ["package", "edit", "?", "--price", "?"],
    ["package", "remove", "?"], ["user", "set", "?", "--display-name", "?", "--cost-centre", "?"],
    ["user", "alias", "?", "?"], ["user", "remove", "?"],
    ["usage", "--period", "?", "--by", "?", "--format", "?"],
    ["usage", "--from", "?", "--to", "?", "--user", "?", "-o", "?"],
    ["usage", "--period", "2026-10", "--contract", "?", "--csv-dialect", "?", "--lang", "?"],
    ["--tz", "?", "usage", "--period", "?"],
    ["balance", "--as-of", "?", "--format", "?", "-o", "?"],
    ["monthly", "--month", "?", "--out", "?", "--lang", "?"],
    ["alert", "--dry-run", "--warn-below", "?", "--crit-below", "?", "--warn-runway", "?"],
    ["alert", "--always", "--as-of", "?", "--warn-expiry", "?", "--remind-after", "?"],
    ["alert", "--dry-run", "--mail-to", "?", "--mail-from", "?"],
    ["reconcile", "--contract", "?", "--provider-used", "?", "--as-of", "?"],
    ["import", "--format", "?", "--user", "?", "--min-token-bytes", "?", "--dry-run", "?"],
    [
      "import", "--contract", "?", "--keep-malformed", "?", "--dry-run", "samples/proxy/access.log",
    ],
    ["rejects", "--source", "?"], ["history", "--from", "?", "--to", "?"], ["imports"],
    ["backup", "?"], ["doctor"],
  ]

  /// SplitMix64: the same sequence on every machine.
  struct Random {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z >> 31)) % UInt64(bound))
    }
  }

  @Test func everyCommandLineEndsWithADocumentedExitCode() throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    try session.run([
      "package", "add", "--contract", "F2112000371", "--stamps", "200", "--price", "847",
      "--paid", "2026-01-05",
    ])
    try session.run(["import", "samples/proxy/access.log"])
    try FileManager.default.createSymbolicLink(
      atPath: session.folder + "/dangling", withDestinationPath: session.folder + "/nowhere")
    let books = session.folder + "/books.sqlite"
    let rounds = Int(ProcessInfo.processInfo.environment["TSA_ARGUMENT_FUZZ_ROUNDS"] ?? "") ?? 3
    var random = Random(state: 20_261_203)
    var tried = 0
    for _ in 0..<rounds {
      for shape in Self.shapes {
        let arguments = shape.map { $0 == "?" ? Self.values[random.next(Self.values.count)] : $0 }
        // Each command on a copy of the books, in the session's folder: relative paths land there.
        try? FileManager.default.removeItem(atPath: session.folder + "/copy.sqlite")
        try FileManager.default.copyItem(atPath: books, toPath: session.folder + "/copy.sqlite")
        var environment = session.environment
        environment["TSA_REPORT_DB"] = session.folder + "/copy.sqlite"
        let done = try runProgram(
          "/usr/bin/timeout",
          [
            "60", "/bin/sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", session.folder,
            binary,
          ]
            + arguments, environment: environment)
        #expect(
          [0, 1, 2, 3, 64, 65, 66, 73, 74].contains(done.status),
          "\(arguments): exit \(done.status) \(done.stderr.prefix(400))")
        tried += 1
      }
    }
    #expect(tried == rounds * Self.shapes.count)
    #expect(!FileManager.default.fileExists(atPath: session.folder + "/pwned"))
  }
}
