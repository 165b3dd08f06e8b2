import Foundation
import TSAModel

/// The project's own stamp events: `time` (RFC 3339), `user`, and optionally `contract`,
/// `account`, `status` (granted, rejected, error; absent means granted), `tsa`, `serial` (hex),
/// `policy`, `request_id`, `id`, `token_sha256` (the SHA-256 of the token's signed TSTInfo, as
/// `tsa-report` keeps it). One JSON object a line (`jsonl`) or a CSV file with a header row
/// (`csv`).
enum StampEvent {
  static let fields = [
    "time", "user", "contract", "account", "status", "tsa", "serial", "policy", "request_id", "id",
    "token_sha256",
  ]

  static func record(endpoints: inout EndpointNames, _ value: (String) -> String?) -> Result<
    Record?, MalformedReason
  > {
    guard let timeText = value("time") else { return .failure(.missingField("time")) }
    guard let time = parseInstant(timeText) else {
      return .failure(.badValue(field: "time", value: timeText))
    }
    guard let user = value("user") else { return .failure(.missingField("user")) }
    let outcome: Outcome
    switch value("status")?.lowercased() {
    case nil, "granted", "grantedwithmods": outcome = .granted
    case "rejected", "rejection": outcome = .rejected
    case "error": outcome = .error
    case let other?: return .failure(.badValue(field: "status", value: other))
    }
    var serial: String?
    if let text = value("serial") {
      guard let hex = canonicalHex(text) else {
        return .failure(.badValue(field: "serial", value: text))
      }
      serial = hex
    }
    var tokenSHA256: String?
    if let text = value("token_sha256") {
      let hex = text.lowercased()
      guard hex.utf8.count == 64,
        hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
      else { return .failure(.badValue(field: "token_sha256", value: text)) }
      tokenSHA256 = hex
    }
    let tsa = value("tsa").map(Redaction.redactURL)
    return .success(
      Record(
        time: time, outcome: outcome, user: user, contractCode: value("contract"),
        account: value("account"), endpoint: value("tsa").flatMap { endpoints.name($0) },
        eventID: value("id"), serial: serial,
        tsaIdentity: serial == nil ? nil : "tsa:" + (tsa ?? ""), tokenSHA256: tokenSHA256))
  }
}

struct EventJSONFormat: LineFormat {
  private var endpoints = EndpointNames()

  mutating func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason> {
    let fields: [String: JSONScalar]
    switch JSONLine.fields(line) {
    case .success(let found): fields = found
    case .failure(let reason): return .failure(reason)
    }
    return StampEvent.record(endpoints: &endpoints) { name in
      fields[name]?.text.flatMap { $0.isEmpty ? nil : $0 }
    }
  }
}

struct EventCSVFormat: LineFormat {
  /// Column index of each field, from the header row.
  private var columns: [String: Int]?
  private var endpoints = EndpointNames()

  mutating func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason> {
    var text = String(decoding: line, as: UTF8.self)
    if text.hasSuffix("\r") { text.removeLast() }
    if columns == nil, text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    guard let cells = CSVLine.split(text) else { return .failure(.badCSV) }
    guard let columns else {
      let names = cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
      guard names.contains("time"), names.contains("user") else {
        return .failure(.missingField("time and user columns in the header"))
      }
      self.columns = Dictionary(
        names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
      return .success(nil)
    }
    return StampEvent.record(endpoints: &endpoints) { name in
      columns[name].flatMap { $0 < cells.count ? cells[$0] : nil }.flatMap { $0.isEmpty ? nil : $0 }
    }
  }
}

/// Splits one CSV record (RFC 4180: `"` quotes, `""` inside quotes). Nil when a quote is left
/// open: a field with a line break in it, which a line-oriented import cannot take.
enum CSVLine {
  static func split(_ text: String) -> [String]? {
    var cells: [String] = []
    var cell = ""
    var quoted = false
    var iterator = text.makeIterator()
    var atFieldStart = true
    while let ch = iterator.next() {
      if quoted {
        if ch == "\"" {
          guard let next = iterator.next() else {
            quoted = false
            break
          }
          if next == "\"" {
            cell.append("\"")
          } else {
            quoted = false
            if next == "," {
              cells.append(cell)
              cell = ""
              atFieldStart = true
              continue
            }
            cell.append(next)
          }
        } else {
          cell.append(ch)
        }
      } else if ch == "," {
        cells.append(cell)
        cell = ""
        atFieldStart = true
        continue
      } else if ch == "\"" && atFieldStart {
        quoted = true
      } else {
        cell.append(ch)
      }
      atFieldStart = false
    }
    guard !quoted else { return nil }
    cells.append(cell)
    return cells
  }
}

extension InputFormat {
  /// Stamp events written by clients, one JSON object a line.
  public static let jsonl = InputFormat(name: "jsonl")
  /// Stamp events written by clients, CSV with a header naming the columns.
  public static let csv = InputFormat(name: "csv")
}

extension LineFormatEntry {
  /// Any JSON object no proxy format claims.
  static let jsonl = LineFormatEntry(
    format: .jsonl, help: "stamp events written by clients", recognises: { $0.fields != nil },
    parser: { _ in EventJSONFormat() })

  /// A header naming at least a time and a user.
  static let csv = LineFormatEntry(
    format: .csv, help: "stamp events written by clients",
    recognises: { first in
      guard first.fields == nil,
        let header = CSVLine.split(first.text)?.map({
          $0.lowercased().trimmingCharacters(in: .whitespaces)
        })
      else { return false }
      return header.contains("time") && header.contains("user")
    },
    parser: { _ in EventCSVFormat() })
}
