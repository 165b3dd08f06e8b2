import Foundation

/// JSON lines from an nginx `log_format … escape=json` with at least `time`, `remote_user`,
/// `remote_addr`, `method`, `status` and `body_bytes_sent`.
struct NginxJSONFormat: LineFormat {
  let minTokenBytes: Int64
  private var endpoints = EndpointNames()
  static let replyTypes: Set<String> = [
    "application/timestamp-reply", "application/timestamp-response",
  ]

  init(minTokenBytes: Int64) { self.minTokenBytes = minTokenBytes }

  mutating func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason> {
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
    // The TSA the proxy passed the request to (the last, when nginx retried), else the path.
    let lastUpstream = fields["upstream_addr"]?.text?.split(separator: ",").last
    let endpoint =
      lastUpstream.flatMap { endpoints.name(String($0)) }
      ?? fields["uri"]?.text.flatMap { endpoints.name($0) }
    return .success(
      Record(
        time: time, outcome: outcome, user: user ?? fields["remote_addr"]!.text!,
        httpStatus: status, bodyBytes: bytes, endpoint: method == "POST" ? endpoint : nil))
  }
}
