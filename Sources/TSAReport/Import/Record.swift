/// What one input record says about one request, whatever its format. The importer attributes
/// it (user, contract) and stores it.
struct Record {
  var time: Instant
  var outcome: Outcome
  /// Who made the request, when the record knows.
  var user: String?
  var contractCode: String?
  /// The provider login used, whose contract the stamp is billed to.
  var account: String?
  var httpStatus: Int?
  var bodyBytes: Int64?
  var failInfo: Int?
  /// A client's own event id: the same id is the same event, whatever file it comes in.
  var eventID: String?
  /// Serial and TSA identity of the token, when known: the same pair is the same stamp.
  var serial: String?
  var tsaIdentity: String?
  /// The full facts, when the record is the token itself.
  var token: TokenFacts?
}

/// A line-oriented input format.
protocol LineFormat {
  /// The record on this line; nil for a line that holds none (a CSV header).
  mutating func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason>
}

/// nginx/Apache `combined` (and `common`) access logs of a proxy in front of the TSA.
struct CombinedFormat: LineFormat {
  let minTokenBytes: Int64

  func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason> {
    CombinedLogParser.parse(line).map { request in
      let isPost = request.method.map { line[$0].elementsEqual("POST".utf8) }
      return Record(
        time: request.time,
        outcome: Classification.outcome(
          isPost: isPost, status: request.status, bodyBytes: request.bodyBytes,
          minTokenBytes: minTokenBytes),
        user: String(decoding: line[request.remoteUser ?? request.remoteAddress], as: UTF8.self),
        httpStatus: request.status, bodyBytes: request.bodyBytes)
    }
  }
}

/// JSON lines from an nginx `log_format … escape=json` with at least `time`, `remote_user`,
/// `remote_addr`, `method`, `status` and `body_bytes_sent`.
struct NginxJSONFormat: LineFormat {
  let minTokenBytes: Int64
  static let replyTypes: Set<String> = [
    "application/timestamp-reply", "application/timestamp-response",
  ]

  func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason> {
    guard let fields = JSONLine.parse(line) else { return .failure(.badJSON) }
    for name in ["time", "remote_addr", "method", "status", "body_bytes_sent"]
    where fields[name]?.text == nil {
      return .failure(.missingField(name))
    }
    guard let time = parseInstant(fields["time"]!.text!) else {
      return .failure(.badValue(field: "time", value: fields["time"]!.text!))
    }
    guard let clientStatus = Int(fields["status"]!.text!) else {
      return .failure(.badValue(field: "status", value: fields["status"]!.text!))
    }
    guard let bytes = Int64(fields["body_bytes_sent"]!.text!) else {
      return .failure(.badValue(field: "body_bytes_sent", value: fields["body_bytes_sent"]!.text!))
    }
    // With retries nginx lists every upstream's status ("502, 200"): the last one answered.
    let upstream = fields["upstream_status"]?.text?.split(separator: ",").last
      .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    let status = upstream ?? clientStatus
    let method = fields["method"]!.text!
    var outcome = Classification.outcome(
      isPost: method.isEmpty ? nil : method == "POST", status: status, bodyBytes: bytes,
      minTokenBytes: minTokenBytes)
    if outcome == .granted, let type = fields["resp_content_type"]?.text, !type.isEmpty,
      !Self.replyTypes.contains(
        type.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased())
    {
      outcome = .error  // a 2xx page that is not a time-stamp reply: an error page, not a token
    }
    let user = fields["remote_user"]?.text.flatMap { $0.isEmpty || $0 == "-" ? nil : $0 }
    return .success(
      Record(
        time: time, outcome: outcome, user: user ?? fields["remote_addr"]!.text!,
        httpStatus: status, bodyBytes: bytes))
  }
}

/// The project's own stamp events: `time` (RFC 3339), `user`, and optionally `contract`,
/// `account`, `status` (granted, rejected, error; absent means granted), `tsa`, `serial` (hex),
/// `policy`, `request_id`, `id`. One JSON object a line (`jsonl`) or a CSV file with a header
/// row (`csv`).
enum StampEvent {
  static let fields = [
    "time", "user", "contract", "account", "status", "tsa", "serial", "policy", "request_id", "id",
  ]

  static func record(_ value: (String) -> String?) -> Result<Record?, MalformedReason> {
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
    let tsa = value("tsa").map(Redaction.redactURL)
    return .success(
      Record(
        time: time, outcome: outcome, user: user, contractCode: value("contract"),
        account: value("account"), eventID: value("id"), serial: serial,
        tsaIdentity: serial == nil ? nil : "tsa:" + (tsa ?? "")))
  }
}

struct EventJSONFormat: LineFormat {
  func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason> {
    guard let fields = JSONLine.parse(line) else { return .failure(.badJSON) }
    return StampEvent.record { name in fields[name]?.text.flatMap { $0.isEmpty ? nil : $0 } }
  }
}

struct EventCSVFormat: LineFormat {
  /// Column index of each field, from the header row.
  private var columns: [String: Int]?

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
    return StampEvent.record { name in
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

/// Drops credentials before anything is stored: a password in a URL, an `Authorization` value.
enum Redaction {
  /// `https://user:secret@host/path?x` → `https://host/path`.
  static func redactURL(_ text: String) -> String {
    guard let scheme = text.range(of: "://") else { return text }
    var rest = text[scheme.upperBound...]
    if let at = rest.firstIndex(of: "@"), !rest[..<at].contains("/") {
      rest = rest[rest.index(after: at)...]
    }
    if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }
    return String(text[..<scheme.upperBound]) + rest
  }

  /// Any text kept for people to read (a malformed line's excerpt): URL passwords and
  /// `Authorization` values are replaced by `[redacted]`.
  static func redactText(_ text: String) -> String {
    var out = text
    // user:password@ inside URLs
    while let match = out.range(of: #"://[^/\s@"]+:[^/\s@"]*@"#, options: .regularExpression) {
      out.replaceSubrange(match, with: "://[redacted]@")
    }
    if let match = out.range(
      of: #"(?i)(authorization|proxy-authorization)["']?\s*[:=]\s*["']?[A-Za-z]+ [^\s"',;]+"#,
      options: .regularExpression)
    {
      let header = out[match].prefix { $0 != ":" && $0 != "=" }
      out.replaceSubrange(match, with: header + ": [redacted]")
    }
    return out
  }
}
