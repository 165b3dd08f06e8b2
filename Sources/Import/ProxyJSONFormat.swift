import Foundation
import TSAModel

/// What a proxy's JSON log line must or may tell, whatever its keys are called.
public enum JSONFieldRole: String, Sendable, CaseIterable {
  case time, request, method, uri, status, bytes, client, user
  case forwardedFor = "forwarded-for"
  case upstream
  case upstreamStatus = "upstream-status"
  case contentType = "content-type"
  case requestID = "request-id"

  /// The keys looked for, in order: nginx's own variable names (the widely copied
  /// `json_combined` format and its relatives), the short names of this project's example,
  /// Caddy's access log (nested keys flattened: `request.method`), and Traefik's.
  var defaultKeys: [String] {
    switch self {
    case .time:
      ["time", "time_iso8601", "time_local", "msec", "timestamp", "@timestamp", "ts", "StartUTC"]
    case .request: ["request"]
    case .method: ["method", "request_method", "request.method", "RequestMethod"]
    case .uri: ["uri", "request_uri", "request.uri", "RequestPath"]
    case .status: ["status", "DownstreamStatus"]
    case .bytes: ["body_bytes_sent", "bytes_sent", "size", "DownstreamContentSize"]
    case .client:
      [
        "remote_addr", "client_ip", "client", "request.client_ip", "request.remote_ip",
        "ClientHost",
      ]
    case .user: ["remote_user", "user", "user_id", "ClientUsername"]
    case .forwardedFor:
      [
        "http_x_forwarded_for", "x_forwarded_for", "request.headers.X-Forwarded-For",
        "request_X-Forwarded-For",
      ]
    case .upstream: ["upstream_addr", "upstream", "ServiceAddr"]
    case .upstreamStatus: ["upstream_status", "OriginStatus"]
    case .contentType:
      [
        "resp_content_type", "sent_http_content_type", "resp_headers.Content-Type",
        "downstream_Content-Type",
      ]
    case .requestID: ["request_id", "request.headers.X-Request-Id", "request_X-Request-Id"]
    }
  }
}

/// A proxy's JSON access log, one request a line: nginx's `log_format … escape=json` keyed by
/// nginx's own variable names (`time_local`, `time_iso8601`, `msec`, `request` or
/// `request_method` + `request_uri`, `status`, `body_bytes_sent`, `remote_addr`, `remote_user`,
/// `upstream_addr`, …) or by short names (`time`, `method`, `uri`, `resp_content_type`); Caddy's
/// default access log (`ts`, `request.remote_ip`, `request.method`, `user_id`, `size`,
/// `resp_headers.Content-Type`); Traefik's (`StartUTC`, `ClientHost`, `ClientUsername`,
/// `RequestMethod`, `DownstreamStatus`, `DownstreamContentSize`). Numbers as JSON numbers or
/// strings. `--field ROLE=KEY` names the key of a role for anything else.
struct ProxyJSONFormat: LineFormat {
  let minTokenBytes: Int64
  /// `--client-ip-from x-forwarded-for`: the client is the first address of that header.
  let forwardedFor: Bool
  private let keys: [JSONFieldRole: [String]]
  private var endpoints = EndpointNames()
  static let replyTypes: Set<String> = [
    "application/timestamp-reply", "application/timestamp-response",
  ]

  init(minTokenBytes: Int64, fields: [JSONFieldRole: String] = [:], forwardedFor: Bool = false) {
    self.minTokenBytes = minTokenBytes
    self.forwardedFor = forwardedFor
    keys = Dictionary(
      uniqueKeysWithValues: JSONFieldRole.allCases.map { role in
        (role, (fields[role].map { [$0] } ?? []) + role.defaultKeys)
      })
  }

  mutating func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason> {
    let fields: [String: JSONScalar]
    switch JSONLine.fields(line) {
    case .success(let found): fields = found
    case .failure(let reason): return .failure(reason)
    }
    func value(_ role: JSONFieldRole) -> (key: String, text: String)? {
      for key in keys[role]! { if let text = fields[key]?.text { return (key, text) } }
      return nil
    }
    func missing(_ role: JSONFieldRole) -> MalformedReason {
      .missingField(
        "\(role.rawValue) field (looked for \(keys[role]!.joined(separator: ", ")); name it with"
          + " --field \(role.rawValue)=KEY)")
    }
    guard let timeField = value(.time) else { return .failure(missing(.time)) }
    guard let time = Self.time(timeField.text) else {
      return .failure(.badValue(field: timeField.key, value: timeField.text))
    }
    guard let statusField = value(.status) else { return .failure(missing(.status)) }
    // Any status up to 999 is read by the outcome table (Caddy writes 0 for a client that went
    // away before the reply).
    guard let clientStatus = Int(statusField.text), (0...999).contains(clientStatus) else {
      return .failure(.badValue(field: statusField.key, value: statusField.text))
    }
    // `request` is "POST /TSS/TSS_user/ HTTP/1.1"; separate fields win where there are both.
    let request = value(.request)?.text.split(separator: " ", omittingEmptySubsequences: true)
    let method =
      value(.method).map { Classification.method(named: $0.text) }
      ?? value(.request).flatMap { Classification.method(ofRequestLine: $0.text) }
    // The body size decides a POST's outcome; a probe needs none.
    let bytes: Int64
    if let bytesField = value(.bytes) {
      guard let size = Int64(bytesField.text), size >= 0 else {
        return .failure(.badValue(field: bytesField.key, value: bytesField.text))
      }
      bytes = size
    } else if method == "POST" {
      return .failure(missing(.bytes))
    } else {
      bytes = 0
    }
    let uri = value(.uri)?.text ?? request.flatMap { $0.count >= 2 ? String($0[1]) : nil }
    var client = value(.client)?.text
    if forwardedFor, let list = value(.forwardedFor)?.text, !list.isEmpty, list != "-" {
      client = list.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
    }
    if let address = client, !ClientAddress.isAddress(address) {
      return .failure(.notOneAddress(address))
    }
    let userText = value(.user)?.text ?? ""
    let user: String? = userText.isEmpty || userText == "-" ? nil : userText
    guard let who = user ?? client else { return .failure(missing(.client)) }
    // With retries nginx lists every upstream's status ("502, 200"): the last one answered.
    let upstreamStatuses = value(.upstreamStatus)?.text.split(separator: ",") ?? []
    let upstream = upstreamStatuses.last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    let status = upstream ?? clientStatus
    var outcome: Outcome
    switch Classification.outcome(
      isPost: method.map { $0 == "POST" }, status: status, bodyBytes: bytes,
      minTokenBytes: minTokenBytes)
    {
    case .success(let found): outcome = found
    case .failure(let reason): return .failure(reason)
    }
    if outcome == .granted, let type = value(.contentType)?.text, !type.isEmpty, type != "-",
      !Self.replyTypes.contains(
        type.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased())
    {
      outcome = .error  // a 2xx page that is not a time-stamp reply: an error page, not a token
    }
    // The TSA the proxy passed the request to (the last, when nginx retried), else the path.
    let upstreams = value(.upstream)?.text.split(separator: ",") ?? []
    let lastUpstream = upstreams.last.map { $0.trimmingCharacters(in: .whitespaces) }
      .flatMap { (name: String) -> String? in name.isEmpty || name == "-" ? nil : name }
    let endpoint = lastUpstream.flatMap { endpoints.name($0) } ?? uri.flatMap { endpoints.name($0) }
    return .success(
      Record(
        time: time, outcome: outcome, user: who, httpStatus: status, bodyBytes: bytes,
        endpoint: method == "POST" ? endpoint : nil))
  }

  /// A time as nginx writes it: `$time_iso8601` (`2026-11-25T14:35:50+01:00`), `$time_local`
  /// (`25/Nov/2026:14:35:50 +0100`) or `$msec` (`1795000000.123`, seconds since 1970).
  static func time(_ text: String) -> Instant? {
    if let instant = parseInstant(text) { return instant }
    if text.utf8.count == 26 {
      return Array(text.utf8).withUnsafeBytes { CombinedLogParser.parseTime($0, 0..<26) }
    }
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), let seconds = Int64(parts[0]), seconds >= 0,
      seconds < 253_402_300_800,  // before the year 10000
      parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
    else { return nil }
    let fraction = parts.count == 2 ? String(parts[1].prefix(6)) : ""
    let micros = Int64(fraction.padding(toLength: 6, withPad: "0", startingAt: 0)) ?? 0
    return Instant(microseconds: seconds * 1_000_000 + micros)
  }
}

extension InputFormat {
  /// An nginx `log_format … escape=json`, keyed by nginx's variable names.
  public static let nginxJSON = InputFormat(name: "nginx-json")
  /// Caddy's JSON access log (its default).
  public static let caddy = InputFormat(name: "caddy")
  /// Traefik's JSON access log.
  public static let traefik = InputFormat(name: "traefik")
}

extension LineFormatEntry {
  /// A proxy's JSON access log: one parser, keyed by each proxy's own names.
  private static func proxyJSON(
    _ format: InputFormat, help: String,
    recognises: @escaping @Sendable ([String: JSONScalar]) -> Bool
  ) -> LineFormatEntry {
    LineFormatEntry(
      format: format, help: help, recognises: { $0.fields.map(recognises) ?? false },
      parser: { options in
        SyslogWrapped(
          inner: ProxyJSONFormat(
            minTokenBytes: options.minTokenBytes, fields: options.fields,
            forwardedFor: options.clientFromForwardedFor))
      })
  }

  static let nginxJSON = proxyJSON(
    .nginxJSON,
    help: "an nginx log_format with escape=json, keyed by nginx's own variable names such as"
      + " time_local, request, status, body_bytes_sent, remote_addr, remote_user, or named with"
      + " --field",
    recognises: { $0["remote_addr"] != nil || $0["body_bytes_sent"] != nil })

  static let caddy = proxyJSON(
    .caddy, help: "their JSON access logs",
    recognises: {
      $0["logger"]?.text?.hasPrefix("http.log.access") == true || $0["request.remote_ip"] != nil
    })

  static let traefik = proxyJSON(
    .traefik, help: "their JSON access logs",
    recognises: { $0["RequestMethod"] != nil || $0["DownstreamStatus"] != nil })
}
