import Testing

@testable import TSAImport
@testable import TSAModel
@testable import TSASystem

/// Classifies one log line the way the importer does.
func classify(_ text: String, minTokenBytes: Int64 = 300) -> Result<
  (Outcome, String), MalformedReason
> {
  Array(text.utf8).withUnsafeBytes { bytes in
    CombinedLogParser.parse(bytes).flatMap { request in
      let isPost = request.method.map { bytes[$0].elementsEqual("POST".utf8) }
      let user = String(decoding: bytes[request.remoteUser ?? request.remoteAddress], as: UTF8.self)
      return Classification.outcome(
        isPost: isPost, status: request.status, bodyBytes: request.bodyBytes,
        minTokenBytes: minTokenBytes
      ).map { ($0, user) }
    }
  }
}

@Suite struct CombinedLogParserTests {
  // The lines of Tests/Fixtures/nginx/access.log (../shared/samples), written by a real nginx.
  static let nginxSample: [(String, Outcome, String)] = [
    (
      #"127.0.0.1 - alice [25/Nov/2026:14:35:50 +0000] "POST /TSS/TSS_user/ HTTP/1.1" 200 1551 "-" "JSignPdf/2.3""#,
      .granted, "alice"
    ),
    (
      #"127.0.0.1 - bob [25/Nov/2026:14:35:50 +0000] "POST /TSS/TSS_user/ HTTP/1.1" 200 1550 "-" "curl/7.88.1""#,
      .granted, "bob"
    ),
    (
      #"127.0.0.1 - bob [25/Nov/2026:14:35:50 +0000] "POST /TSS/TSS_user/ HTTP/1.1" 200 57 "-" "curl/7.88.1""#,
      .rejected, "bob"
    ),
    (
      #"127.0.0.1 - bob [25/Nov/2026:14:35:50 +0000] "POST /TSS/TSS_user/ HTTP/1.1" 401 179 "-" "curl/7.88.1""#,
      .authFailure, "bob"
    ),
    (
      #"127.0.0.1 - alice [25/Nov/2026:14:35:50 +0000] "GET /TSS/TSS_user/ HTTP/1.1" 200 17 "-" "curl/7.88.1""#,
      .probe, "alice"
    ),
  ]

  @Test(arguments: nginxSample)
  func realNginxLinesAreClassified(_ line: String, _ outcome: Outcome, _ user: String) throws {
    let (got, gotUser) = try classify(line).get()
    #expect(got == outcome)
    #expect(gotUser == user)
  }

  @Test func everyOutcomeOfTheSpecification() throws {
    let base = #"10.0.0.5 - alice [05/Oct/2026:10:00:00 +0200] "#
    #expect(try classify(base + #""POST /tsa HTTP/1.1" 200 300"#).get().0 == .granted)
    #expect(try classify(base + #""POST /tsa HTTP/1.1" 200 299"#).get().0 == .rejected)
    #expect(try classify(base + #""POST /tsa HTTP/1.1" 201 1500"#).get().0 == .granted)
    #expect(try classify(base + #""POST /tsa HTTP/1.1" 403 150"#).get().0 == .authFailure)
    #expect(try classify(base + #""POST /tsa HTTP/1.1" 502 157"#).get().0 == .error)
    #expect(try classify(base + #""POST /tsa HTTP/1.1" 304 0"#).get().0 == .error)
    #expect(try classify(base + #""HEAD /tsa HTTP/1.1" 200 0"#).get().0 == .probe)
    #expect(try classify(base + #""OPTIONS * HTTP/1.1" 200 0"#).get().0 == .probe)
    #expect(
      try classify(base + #""POST /tsa HTTP/1.1" 200 1500"#, minTokenBytes: 2000).get().0
        == .rejected)
  }

  @Test func apacheWritesADashForAnEmptyBody() throws {
    let line = #"10.0.0.5 - - [05/Oct/2026:10:00:00 +0200] "POST /tsa HTTP/1.1" 200 - "-" "x""#
    let (outcome, user) = try classify(line).get()
    #expect(outcome == .rejected)
    #expect(user == "10.0.0.5")  // no $remote_user: the client address stands in
  }

  @Test func theCommonFormatWithoutRefererAndAgentIsRead() throws {
    #expect(
      try classify(#"10.0.0.5 - bob [05/Oct/2026:10:00:00 +0200] "POST /tsa HTTP/1.0" 200 1551"#)
        .get().0 == .granted)
  }

  @Test func escapedQuotesInsideTheRequestDoNotEndIt() throws {
    let apache =
      #"10.0.0.5 - bob [05/Oct/2026:10:00:00 +0200] "POST /tsa?q=\"x\" HTTP/1.1" 200 1551 "-" "a \"b\"""#
    #expect(try classify(apache).get().0 == .granted)
  }

  @Test func aUserNameWithASpaceIsKeptWhole() throws {
    let line =
      #"10.0.0.5 - jan novak [05/Oct/2026:10:00:00 +0200] "POST /tsa HTTP/1.1" 200 1551 "-" "-""#
    #expect(try classify(line).get().1 == "jan novak")
  }

  @Test func aTLSHelloOnThePlainPortIsAnErrorNotAStamp() throws {
    let line =
      #"185.220.101.4 - - [07/Oct/2026:05:12:44 +0200] "\x16\x03\x01\x00\xF4\x01" 400 157 "-" "-""#
    #expect(try classify(line).get().0 == .error)
    #expect(
      try classify(#"10.0.0.5 - - [07/Oct/2026:05:12:44 +0200] "-" 400 0 "-" "-""#).get().0
        == .error)
  }

  @Test func timesAreConvertedToUTCWithTheLinesOffset() {
    let line = Array("01/Oct/2026:00:30:00 +0200".utf8)
    let instant = line.withUnsafeBytes { CombinedLogParser.parseTime($0, 0..<$0.count) }
    #expect(
      instant
        == Instant(
          seconds: LocalDate(iso: "2026-09-30")!.daysSinceEpoch * 86_400 + 22 * 3600 + 30 * 60))
  }

  static let malformed: [(String, MalformedReason)] = [
    ("", .emptyLine),
    ("garbage", .badField("no client address")),
    (
      #"10.0.0.5 - bob 05/Oct/2026:10:00:00 +0200 "POST / HTTP/1.1" 200 1551"#,
      .badField("no [time]")
    ),
    (#"10.0.0.5 - bob [05/Okt/2026:10:00:00 +0200] "POST / HTTP/1.1" 200 1551"#, .badTime),
    (#"10.0.0.5 - bob [31/Sep/2026:10:00:00 +0200] "POST / HTTP/1.1" 200 1551"#, .badTime),
    (#"10.0.0.5 - bob [05/Oct/2026:25:00:00 +0200] "POST / HTTP/1.1" 200 1551"#, .badTime),
    (#"10.0.0.5 - bob [05/Oct/2026:10:00:00] "POST / HTTP/1.1" 200 1551"#, .badTime),
    (
      #"10.0.0.5 - bob [05/Oct/2026:10:00:00 +0200] "POST / HTTP/1.1 200 1551"#,
      .badField("no quoted request")
    ),
    (
      #"10.0.0.5 - bob [05/Oct/2026:10:00:00 +0200] "POST / HTTP/1.1" OK 1551"#,
      .badField("no HTTP status")
    ),
    (
      #"10.0.0.5 - bob [05/Oct/2026:10:00:00 +0200] "POST / HTTP/1.1" 200 big"#,
      .badField("no body size")
    ),
    (
      #"10.0.0.5 - bob [05/Oct/2026:10:00:00 +0200] "POST / HTTP/1.1" 200 15x1"#,
      .badField("unexpected text after the body size")
    ),
    (#"10.0.0.5 - bob [05/Oct/2026:10:00:00 +0200] "garbage" 200 1551"#, .badRequest),
    (#"10.20.1.12 - bob [14/Oct/2026:11:00:01 +0200] ""#, .badField("no quoted request")),
  ]

  @Test(arguments: malformed)
  func malformedLinesSayWhy(_ line: String, _ reason: MalformedReason) {
    #expect(throws: reason) { try classify(line).get() }
  }

  /// Lines real servers write that the first parser got wrong.
  @Test(arguments: [
    // Apache vhost_combined: the virtual host first
    (
      #"vhost1.example.cz:443 10.0.0.5 - alice [05/Oct/2026:10:00:00 +0200] "POST /tsa HTTP/1.1" 200 1551 "-" "curl/7.88.1""#,
      "alice", "POST"
    ),
    // a combined line with an extra trailing field ($request_time)
    (
      #"10.0.0.5 - alice [05/Oct/2026:10:00:00 +0200] "POST /tsa HTTP/1.1" 200 1551 "-" "curl/7.88.1" 0.120"#,
      "alice", "POST"
    ),
    // common format written with CRLF
    (
      "10.0.0.5 - alice [05/Oct/2026:10:00:00 +0200] \"POST /tsa HTTP/1.1\" 200 1551\r", "alice",
      "POST"
    ),
    // two spaces after the method
    (
      #"10.0.0.5 - alice [05/Oct/2026:10:00:00 +0200] "POST  /tsa HTTP/1.1" 200 1551 "-" "-""#,
      "alice", "POST"
    ),
    // a method with a dash, an IPv6 client
    (
      #"2001:db8::7 - - [05/Oct/2026:10:00:00 +0200] "M-SEARCH * HTTP/1.1" 200 0 "-" "-""#,
      "2001:db8::7", "M-SEARCH"
    ),
  ])
  func linesRealServersWrite(_ line: String, _ user: String, _ method: String) throws {
    let bytes = Array(line.utf8)
    let request = try bytes.withUnsafeBytes { raw in try CombinedLogParser.parse(raw).get() }
    bytes.withUnsafeBytes { raw in
      #expect(
        String(decoding: raw[request.remoteUser ?? request.remoteAddress], as: UTF8.self) == user)
      #expect(request.method.map { String(decoding: raw[$0], as: UTF8.self) } == method)
    }
    #expect(request.bodyBytes == (method == "POST" ? 1551 : 0))
  }

  @Test(arguments: [
    #"10.0.0.2, 10.0.0.1, 127.0.0.1 - - [05/Oct/2026:10:00:00 +0200] "GET / HTTP/1.1" 200 5 "-" "-""#,
    #"vhost1.example.cz 123.123.123.123, 10.0.0.1 - - [05/Oct/2026:10:00:00 +0200] "GET / HTTP/1.1" 200 5"#,
    #"server01 - - [05/Oct/2026:10:00:00 +0200] "GET / HTTP/1.1" 200 5 "-" "-""#,
  ])
  func anAddressFieldThatIsNotOneAddressIsMalformed(_ line: String) {
    let result = Array(line.utf8).withUnsafeBytes { CombinedLogParser.parse($0) }
    guard case .failure(.notOneAddress) = result else {
      Issue.record("\(result)")
      return
    }
  }
}
