import Foundation
import Testing

@testable import TSAImport

/// The one list of line formats is what every place reads: the names `--format` takes, the
/// help, the detector, the parser, and the README's table of formats.
@Suite struct InputFormatRegistryTests {
  @Test func everyFormatIsNamedOnceAndByItsName() {
    let names = InputFormat.allCases.map(\.rawValue)
    #expect(Set(names).count == names.count)
    #expect(names.first == "auto" && names.last == "tsr")
    #expect(InputFormat.named.count == InputFormats.lines.count + 1)
    for format in InputFormat.allCases { #expect(InputFormat(rawValue: format.rawValue) == format) }
    #expect(InputFormat(rawValue: "apache") == nil)
  }

  @Test func theHelpNamesEveryFormat() {
    for entry in InputFormats.lines {
      #expect(InputFormat.described.contains(entry.format.rawValue))
      #expect(InputFormat.listed.contains(entry.format.rawValue))
    }
  }

  /// The README's table of formats has a row for every format, and none for a format that is
  /// not there.
  @Test func theReadmeHasARowForEveryFormat() throws {
    let readme = try String(
      contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../README.md").standardized, encoding: .utf8)
    // The first cell of every table row, and the names in backticks there.
    var rows = Set<String>()
    for line in readme.split(separator: "\n") where line.hasPrefix("| `") {
      let cell = line.dropFirst(2).prefix { $0 != "|" }
      let parts = cell.split(separator: "`", omittingEmptySubsequences: false)
      for (index, part) in parts.enumerated() where index % 2 == 1 { rows.insert(String(part)) }
    }
    for format in InputFormat.named {
      #expect(rows.contains(format.rawValue), "README: no row for \(format)")
    }
  }

  /// A format's first line is recognised as that format and no earlier one in the list (the
  /// detector takes the first that recognises it).
  @Test(arguments: [
    (
      "combined",
      "192.0.2.1 - alice [26/Nov/2026:13:40:00 +0100] \"POST /tsa HTTP/1.1\" 200 4712 \"-\" \"curl\""
    ),
    (
      "nginx-json",
      #"{"time_local":"26/Nov/2026:13:40:00 +0100","remote_addr":"192.0.2.1","request":"POST /tsa HTTP/1.1","status":"200","body_bytes_sent":"4712"}"#
    ),
    (
      "caddy",
      #"{"level":"info","logger":"http.log.access.log0","request":{"remote_ip":"192.0.2.1","method":"POST"},"status":200,"size":4712}"#
    ),
    (
      "traefik",
      #"{"ClientAddr":"192.0.2.1:4711","RequestMethod":"POST","DownstreamStatus":200,"DownstreamContentSize":4712}"#
    ),
    (
      "haproxy",
      "192.0.2.1:4711 [26/Nov/2026:13:40:00.123] tsa tsa/pfx 0/0/1/20/21 200 4912 - - ---- 1/1/0/0/0 0/0 \"POST /tsa HTTP/1.1\""
    ),
    ("jsonl", #"{"time":"2026-11-26T13:40:00+01:00","user":"alice","outcome":"granted"}"#),
    ("csv", "time,user,outcome"),
  ])
  func theFirstFormatThatRecognisesALineIsItsOwn(_ name: String, _ line: String) {
    let text = line
    let first = FirstLine(
      bytes: Array(line.utf8), text: text,
      fields: text.hasPrefix("{") ? Array(text.utf8).withUnsafeBytes { JSONLine.parse($0) } : nil)
    #expect(InputFormats.lines.first { $0.recognises(first) }?.format.rawValue == name)
  }
}
