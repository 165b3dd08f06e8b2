import Foundation
import TSAModel

/// HAProxy's HTTP log line (`option httplog`), as `log stdout format raw` writes it (a syslog
/// prefix, when there is one, is taken off before):
/// `127.0.0.1:41234 [26/Nov/2026:13:40:00.123] fe be/srv 0/0/0/1/1 200 1720 - - ---- 1/1/0/0/0
/// 0/0 "POST /tsa HTTP/1.1"`.
///
/// The accept date has no UTC offset: it is HAProxy's local time, read in the import's zone
/// (`--tz`). The default format names no user: the client address stands for it. The size is
/// what was sent to the client, headers included (a rejection's stays far under
/// `--min-token-bytes`).
struct HAProxyLogFormat: LineFormat {
  let minTokenBytes: Int64
  let zone: ReportZone
  private var endpoints = EndpointNames()

  init(minTokenBytes: Int64, zone: ReportZone) {
    self.minTokenBytes = minTokenBytes
    self.zone = zone
  }

  mutating func parse(_ whole: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason> {
    let line = whole.last == 0x0D ? UnsafeRawBufferPointer(rebasing: whole.dropLast()) : whole
    let text = String(decoding: line, as: UTF8.self)
    guard !text.isEmpty else { return .failure(.emptyLine) }
    var fields = text.split(separator: " ", omittingEmptySubsequences: true)[...]
    // client:port
    guard let clientField = fields.popFirst(), let colon = clientField.lastIndex(of: ":") else {
      return .failure(.haproxy("no client address and port"))
    }
    let client = String(clientField[..<colon]).trimmingCharacters(
      in: CharacterSet(charactersIn: "[]"))
    guard ClientAddress.isAddress(client) else { return .failure(.notOneAddress(client)) }
    // [26/Nov/2026:13:40:00.123]
    guard let dateField = fields.popFirst(), dateField.hasPrefix("["), dateField.hasSuffix("]"),
      let time = Self.time(dateField.dropFirst().dropLast(), zone: zone)
    else { return .failure(.haproxy("no [accept date] like [26/Nov/2026:13:40:00.123]")) }
    // frontend, backend/server, timers
    guard fields.count >= 4, fields[fields.startIndex + 1].contains("/") else {
      return .failure(.haproxy("no frontend and backend/server"))
    }
    fields = fields.dropFirst(3)
    guard let statusField = fields.popFirst(), let status = Int(statusField),
      (-1...599).contains(status)
    else { return .failure(.haproxy("no HTTP status")) }
    guard let bytesField = fields.popFirst(), let bytes = Int64(bytesField.drop { $0 == "+" }),
      bytes >= 0
    else { return .failure(.haproxy("no byte count")) }
    // The request is the quoted text at the end of the line.
    guard let open = text.firstIndex(of: "\""), text.last == "\"",
      open < text.index(before: text.endIndex)
    else { return .failure(.haproxy("no quoted request")) }
    let requestLine = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
    let request = requestLine.split(separator: " ", omittingEmptySubsequences: true)
    let method = Classification.method(ofRequestLine: requestLine)
    // -1: the connection ended before a response (HAProxy's <BADREQ>, a timeout).
    let outcome: Outcome
    switch Classification.outcome(
      isPost: method.map { $0 == "POST" }, status: max(status, 0), bodyBytes: bytes,
      minTokenBytes: minTokenBytes)
    {
    case .success(let found): outcome = found
    case .failure(let reason): return .failure(reason)
    }
    return .success(
      Record(
        time: time, outcome: outcome, user: client, httpStatus: status, bodyBytes: bytes,
        endpoint: method == "POST" ? endpoints.name(String(request[1])) : nil))
  }

  /// `26/Nov/2026:13:40:00.123` in `zone`, to the millisecond.
  static func time(_ text: Substring, zone: ReportZone) -> Instant? {
    let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    guard let wall = parts.first else { return nil }  // `[]`: no date at all
    let bytes = Array((wall + " +0000").utf8)
    guard bytes.count == 26,
      let asUTC = bytes.withUnsafeBytes({ CombinedLogParser.parseTime($0, 0..<26) })
    else { return nil }
    var micros: Int64 = 0
    if parts.count == 2 {
      let digits = String(parts[1].prefix(6))
      guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int64(digits) else {
        return nil
      }
      micros = value * Int64(String("1" + String(repeating: "0", count: 6 - digits.count)))!
    }
    return zone.instant(ofWall: asUTC.seconds).adding(microseconds: micros)
  }
}

extension InputFormat {
  /// HAProxy's HTTP log line (`option httplog`).
  public static let haproxy = InputFormat(name: "haproxy")
}

extension LineFormatEntry {
  static let haproxy = LineFormatEntry(
    format: .haproxy,
    help: "HAProxy's HTTP log line; its times have no offset and are read in --tz",
    recognises: { $0.fields == nil && $0.parses(HAProxyLogFormat(minTokenBytes: 1, zone: .utc)) },
    parser: { options in
      SyslogWrapped(
        inner: HAProxyLogFormat(minTokenBytes: options.minTokenBytes, zone: options.zone))
    },
    readsRawBytes: true)
}
