import Foundation
import Testing

@testable import TSAImport
@testable import TSAModel
@testable import TSASystem

/// Values that used to lose, merge or split stamps: a NUL inside a JSON value, an empty live log
/// right after rotation, one name in two Unicode forms.
@Suite struct ExactlyOnceTests {
  let folder = TemporaryFolder()

  /// `\u0000` would cut the text at the NUL in SQLite and C: two event ids would become one and
  /// `bob\u0000by` would be billed as `bob`. Such a line is malformed, with that reason.
  @Test func aNULInAJSONValueIsMalformedNeverCut() throws {
    let store = try makeStore(folder)
    let events = folder.write(
      "events.jsonl",
      #"{"time":"2026-10-05T10:00:00Z","user":"alice","id":"a\u0000x"}"# + "\n"
        + #"{"time":"2026-10-05T10:01:00Z","user":"alice","id":"a\u0000y"}"# + "\n"
        + #"{"time":"2026-10-05T10:02:00Z","user":"bob\u0000by","id":"b-1"}"# + "\n"
        + #"{"time":"2026-10-05T10:03:00Z","user":"carol","id":"c-1"}"# + "\n"
        + #"{"time":"2026-10-05T10:04:00Z","user":"dave","id":"d-1"}"# + "\n"
        + #"{"time":"2026-10-05T10:05:00Z","user":"erin","id":"e-1"}"# + "\n"
        + #"{"time":"2026-10-05T10:06:00Z","user":"frank","id":"f-1"}"# + "\n")
    let summary = try run(store, [events])[0]
    #expect(summary.newStamps == 4)
    #expect(summary.malformed == 3)
    #expect(summary.firstMalformed.map(\.reason) == Array(repeating: .nulInValue, count: 3))
    #expect(try store.stampsByUser(october()).keys.sorted() == ["carol", "dave", "erin", "frank"])
    // The same in a proxy's JSON log.
    let proxy = folder.write(
      "access.json",
      #"{"time_local":"05/Oct/2026:10:00:00 +0200","remote_addr":"10.0.0.1","remote_user":"bob\u0000by","request":"POST /TSS/TSS_user/ HTTP/1.1","status":"200","body_bytes_sent":"1551"}"#
        + "\n")
    let json = try run(store, [proxy], ImportOptions(allowMalformed: true))[0]
    #expect(json.firstMalformed.map(\.reason) == [.nulInValue])
    #expect(try store.totalStamps() == 4)
  }

  /// Right after logrotate the live log is empty: nothing to import and nothing wrong, and the
  /// rotated copy's new lines are still read.
  @Test func anEmptyLiveLogAfterRotationIsNothingToImport() throws {
    let store = try makeStore(folder)
    folder.write("access.log", logLine("alice", "05/Oct/2026:10:00:00 +0200"))
    _ = try run(store, [folder.file("access.log")])
    folder.append("access.log", logLine("bob", "05/Oct/2026:11:00:00 +0200"))
    try FileManager.default.moveItem(
      atPath: folder.file("access.log"), toPath: folder.file("access.log.1"))
    folder.write("access.log", "")
    let summaries = try run(store, [folder.file("access.log.1"), folder.file("access.log")])
    #expect(summaries.map(\.newStamps) == [1, 0])
    #expect(summaries[1].lines == 0 && summaries[1].unfinishedBytes == 0)
    #expect(ImportSummaryText.render(summaries[1]).contains("empty, nothing to import"))
    #expect(try store.totalStamps() == 2)
    // Only half a line so far: left for the next import, not an error either.
    folder.write("access.log", String(logLine("carol", "05/Oct/2026:12:00:00 +0200").prefix(20)))
    let half = try run(store, [folder.file("access.log")])[0]
    #expect(half.unfinishedBytes == 20 && half.newStamps == 0)
  }

  /// "Dvořák" precomposed (NFC) and with a combining caron (NFD) is one user, imported together
  /// or apart, and `user set` reaches both.
  @Test func oneNameInTwoUnicodeFormsIsOneUser() throws {
    let nfc = "Dvo\u{0159}\u{00E1}k"
    let nfd = "Dvor\u{030C}a\u{0301}k"
    #expect(Array(nfc.utf8) != Array(nfd.utf8))
    let store = try makeStore(folder)
    _ = try run(store, [folder.write("a.log", logLine(nfd, "05/Oct/2026:10:00:00 +0200"))])
    _ = try run(store, [folder.write("b.log", logLine(nfc, "05/Oct/2026:11:00:00 +0200"))])
    _ = try run(
      store,
      [
        folder.write(
          "c.log",
          logLine(nfd, "05/Oct/2026:12:00:00 +0200") + logLine(nfc, "05/Oct/2026:13:00:00 +0200"))
      ])
    try store.setUser(name: nfd, displayName: nil, costCentre: "CC-7")
    let users = try store.users()
    #expect(users.count == 1)
    #expect(users.map { Array($0.name.utf8) } == [Array(nfc.utf8)])
    #expect(users.first?.costCentre == "CC-7")
    #expect(try store.stampsByUser(october()).count == 1)
    #expect(try store.stampsByUser(october()).values.first == 4)
    try store.aliasUser("10.0.0.9", to: nfd)
    #expect(
      try store.users().first { $0.name == "10.0.0.9" }?.aliasOf.map { Array($0.utf8) }
        == Array(nfc.utf8))
  }
}

/// The line digest is SipHash-2-4 (the reference paper's test vector: key 00…0f, message
/// 00…0e), over the line's offset (8 bytes, little-endian) and its bytes.
@Test func theLineDigestIsSipHash24() {
  let digest = LineDigest(key: Array(0..<16))
  let message: [UInt8] = Array(8..<15)
  let value = message.withUnsafeBytes { digest.sipHash(offset: 0x0706_0504_0302_0100, $0) }
  #expect(value == 0xa129_ca61_49be_45e5)
  let empty = [UInt8]().withUnsafeBytes { digest.sipHash(offset: 0x0706_0504_0302_0100, $0) }
  #expect(empty == 0x93f5_f579_9a93_2462)  // the vector for 00…07
}

/// A client's event and the `.tsr` token of the same stamp are one stamp, in either order: the
/// event names the token's content hash, or its serial within a minute of the token's genTime.
@Suite struct OneStampAcrossFormatsTests {
  let folder = TemporaryFolder()

  func token() throws -> (path: String, facts: TokenFacts) {
    let path = repositoryFile("Tests/Fixtures/tokens/resp1.tsr")
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    return (path, try TokenReader.read(bytes).token!)
  }

  func event(_ facts: TokenFacts, secondsLater: Int64, serial: String? = nil, hash: String? = nil)
    -> String
  {
    let time = Instant(microseconds: facts.genTime.microseconds + secondsLater * 1_000_000)
    var fields = #""time":"\#(utcText(time))","user":"alice","tsa":"https://tsa.example/""#
    if let serial { fields += #","serial":"\#(serial)""# }
    if let hash { fields += #","token_sha256":"\#(hash)""# }
    return "{\(fields)}\n"
  }

  func utcText(_ instant: Instant) -> String {
    let formatter = ISO8601DateFormatter()
    return formatter.string(
      from: Date(timeIntervalSince1970: Double(instant.microseconds / 1_000_000)))
  }

  @Test(arguments: [true, false])
  func anEventAndItsTokenAreOneStamp(eventFirst: Bool) throws {
    let (tsr, facts) = try token()
    let store = try makeStore(folder)
    let events = folder.write(
      "client.jsonl",
      event(facts, secondsLater: 3, serial: "0x" + facts.serial.uppercased()))
    let order = eventFirst ? [events, tsr] : [tsr, events]
    let summaries = try order.map { try run(store, [$0])[0] }
    #expect(summaries.map(\.newStamps) == [1, 0])
    #expect(summaries.map(\.duplicates) == [0, 1])
    #expect(try store.totalStamps() == 1)
    // The event's stamp now carries the token's facts: the token is known by content again.
    #expect(try run(store, [tsr])[0].duplicates == 1)
  }

  @Test func anEventNamingTheTokensHashIsThatStamp() throws {
    let (tsr, facts) = try token()
    let store = try makeStore(folder)
    _ = try run(store, [tsr])
    let named = try run(
      store,
      [
        folder.write(
          "client.jsonl", event(facts, secondsLater: 3600, hash: facts.contentSHA256.uppercased()))
      ])[0]
    #expect(named.newStamps == 0 && named.duplicates == 1)
    #expect(try store.totalStamps() == 1)
  }

  /// The same serial an hour away is not the same stamp (another TSA's serial, or a reused
  /// one): two stamps.
  @Test func theSameSerialFarApartIsTwoStamps() throws {
    let (tsr, facts) = try token()
    let store = try makeStore(folder)
    _ = try run(store, [tsr])
    let far = try run(
      store, [folder.write("client.jsonl", event(facts, secondsLater: 3600, serial: facts.serial))])[
        0]
    #expect(far.newStamps == 1)
    #expect(try store.totalStamps() == 2)
  }
}

/// Lines real servers write that were read wrong: a status 0, two addresses before the user, a
/// list in the address field, bytes that are not UTF-8 in a URL, a probe without a body size.
@Suite struct RealLogLinesTests {
  func parse(_ line: String, forwardedList: Bool = false) -> Result<ProxyRequest, MalformedReason> {
    Array(line.utf8).withUnsafeBytes { CombinedLogParser.parse($0, forwardedList: forwardedList) }
  }

  @Test func twoAddressesBeforeTheUserAreMalformedNeverAUser() {
    let line =
      #"10.225.192.17 10.2.2.121 - - [05/Oct/2026:10:00:00 +0200] "POST /TSS/ HTTP/1.1" 200 1551 "-" "x""#
    guard case .failure(.notOneAddress(let text)) = parse(line) else {
      Issue.record("read as \(parse(line))")
      return
    }
    #expect(text == "10.225.192.17 10.2.2.121")
  }

  @Test(arguments: ["10.0.0.2, 10.0.0.1", "10.0.0.3, 10.0.0.2, 10.0.0.1"])
  func aListInTheAddressFieldIsRefusedOrReadByTheOption(list: String) {
    let line =
      #"\#(list) - alice [05/Oct/2026:10:00:00 +0200] "POST /TSS/ HTTP/1.1" 200 1551 "-" "x""#
    guard case .failure(.notOneAddress) = parse(line) else {
      Issue.record("read as \(parse(line))")
      return
    }
    guard case .success(let request) = parse(line, forwardedList: true) else {
      Issue.record("not read with --client-ip-from")
      return
    }
    #expect(Array(line.utf8)[request.remoteAddress].elementsEqual(list.prefix(8).utf8))
  }

  /// Caddy writes status 0 when the client went away: read by the outcome table.
  @Test func aStatusOutsideHTTPsRangeIsReadByTheOutcomeTable() throws {
    let folder = TemporaryFolder()
    let store = try makeStore(folder)
    func caddy(_ method: String, _ status: Int) -> String {
      #"{"level":"info","ts":1791201600.5,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"10.0.0.7","method":"\#(method)","uri":"/TSS/TSS_user/"},"user_id":"alice","size":0,"status":\#(status),"resp_headers":{}}"#
        + "\n"
    }
    let log = folder.write(
      "caddy.log",
      caddy("POST", 0) + caddy("GET", 0)
        + caddy("POST", 200).replacingOccurrences(
          of: #""size":0"#, with: #""size":1551"#))
    let summary = try run(store, [log])[0]
    #expect(summary.format == .caddy)
    #expect(summary.malformed == 0)
    #expect(summary.new[.error] == 1 && summary.new[.probe] == 1 && summary.newStamps == 1)
    let combined = folder.write(
      "access.log",
      #"10.0.0.5 - alice [05/Oct/2026:10:00:00 +0200] "POST /TSS/ HTTP/1.1" 499 0 "-" "x""# + "\n")
    #expect(try run(store, [combined])[0].new[.error] == 1)
  }

  /// A Big5 URL in a real log: the fields the books need are read; the user must be text.
  @Test func bytesThatAreNotUTF8InAURLDoNotStopTheLine() throws {
    let folder = TemporaryFolder()
    let store = try makeStore(folder)
    var bytes = Array(#"10.0.0.5 - alice [05/Oct/2026:10:00:00 +0200] "GET /"#.utf8)
    bytes += [0xA4, 0xA4, 0xA4, 0xE5]  // 中文 in Big5
    bytes += Array(#" HTTP/1.1" 404 0 "-" "x""#.utf8) + [0x0A]
    var badUser = Array(#"10.0.0.5 - "#.utf8) + [0xA4, 0xA4]
    badUser += Array(#" [05/Oct/2026:10:00:00 +0200] "POST / HTTP/1.1" 200 1551 "-" "x""#.utf8)
    try Data(bytes).write(to: URL(fileURLWithPath: folder.file("big5.log")))
    let one = try run(store, [folder.file("big5.log")], ImportOptions(format: .combined))[0]
    #expect(one.malformed == 0 && one.new[.probe] == 1)
    try Data(bytes + badUser + [0x0A]).write(to: URL(fileURLWithPath: folder.file("user.log")))
    let two = try run(
      store, [folder.file("user.log")], ImportOptions(format: .combined, allowMalformed: true))[0]
    #expect(two.firstMalformed.map(\.reason) == [.invalidUTF8])
  }

  /// nginx JSON: a probe needs no body size; a POST does.
  @Test func aProbeWithoutABodySizeIsAProbe() throws {
    let folder = TemporaryFolder()
    let store = try makeStore(folder)
    let log = folder.write(
      "access.json",
      #"{"time_local":"05/Oct/2026:10:00:00 +0200","remote_addr":"10.0.0.1","request":"GET / HTTP/1.1","status":"200"}"#
        + "\n"
        + #"{"time_local":"05/Oct/2026:10:00:01 +0200","remote_addr":"10.0.0.1","request":"POST / HTTP/1.1","status":"200","body_bytes_sent":"1551"}"#
        + "\n")
    let summary = try run(store, [log])[0]
    #expect(summary.new[.probe] == 1 && summary.newStamps == 1 && summary.malformed == 0)
  }
}

/// Caddy (2.7 and later) writes `remote_ip` (the peer) and `client_ip` (with `trusted_proxies`,
/// the client its proxies forwarded): the client is the user when no login is logged.
@Test func caddysClientIPIsTheClient() throws {
  let folder = TemporaryFolder()
  let store = try makeStore(folder)
  let log = folder.write(
    "caddy.log",
    #"{"level":"info","ts":1791201600.5,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"10.9.9.9","client_ip":"192.0.2.44","method":"POST","uri":"/TSS/TSS_user/"},"size":1551,"status":200,"resp_headers":{"Content-Type":["application/timestamp-reply"]}}"#
      + "\n"
      + #"{"level":"info","ts":1791201601.5,"logger":"http.log.access.log0","msg":"handled request","request":{"remote_ip":"192.0.2.45","method":"POST","uri":"/TSS/TSS_user/"},"size":1551,"status":200,"resp_headers":{}}"#
      + "\n")
  _ = try run(store, [log])
  #expect(try store.stampsByUser(october()).keys.sorted() == ["192.0.2.44", "192.0.2.45"])
}

/// One outcome table for every proxy format: the same request line, status and size give the
/// same outcome in a combined line, an HAProxy line and an nginx JSON line.
@Suite struct OneOutcomeTableTests {
  typealias Expected = Result<Outcome, MalformedReason>

  static let cases: [(request: String, status: Int, bytes: Int, expected: Expected)] = [
    ("POST /TSS/TSS_user/ HTTP/1.1", 200, 1551, .success(.granted)),
    ("POST /TSS/TSS_user/ HTTP/1.1", 200, 57, .success(.rejected)),
    ("POST /TSS/TSS_user/ HTTP/1.1", 401, 0, .success(.authFailure)),
    ("POST /TSS/TSS_user/ HTTP/1.1", 0, 0, .success(.error)),
    ("POST /TSS/TSS_user/ HTTP/1.1", 502, 150, .success(.error)),
    ("GET / HTTP/1.1", 200, 612, .success(.probe)),
    ("PATCHp /x HTTP/1.1", 400, 150, .success(.probe)),
    ("-", 400, 150, .success(.error)),
    (#"\x16\x03\x01\x00\xF4\x01"#, 400, 150, .success(.error)),
    ("-", 200, 150, .failure(.badRequest)),
  ]

  func combined(_ c: (request: String, status: Int, bytes: Int, expected: Expected)) -> Expected {
    var format = CombinedFormat(minTokenBytes: 300)
    let line =
      #"10.0.0.5 - alice [05/Oct/2026:10:00:00 +0200] "\#(c.request)" \#(c.status) \#(c.bytes) "-" "x""#
    return Array(line.utf8).withUnsafeBytes { format.parse($0) }.map { $0!.outcome }
  }

  func haproxy(_ c: (request: String, status: Int, bytes: Int, expected: Expected)) -> Expected {
    var format = HAProxyLogFormat(minTokenBytes: 300, zone: .utc)
    let line =
      #"10.0.0.5:51234 [05/Oct/2026:10:00:00.123] tsa tsa_back/tsa1 0/0/1/20/21 \#(c.status) \#(c.bytes) - - ---- 1/1/0/0/0 0/0 "\#(c.request)""#
    return Array(line.utf8).withUnsafeBytes { format.parse($0) }.map { $0!.outcome }
  }

  func nginxJSON(_ c: (request: String, status: Int, bytes: Int, expected: Expected)) -> Expected {
    var format = ProxyJSONFormat(minTokenBytes: 300, fields: [:], forwardedFor: false)
    let request = c.request.replacingOccurrences(of: "\\", with: "\\\\")
    let line =
      #"{"time_local":"05/Oct/2026:10:00:00 +0200","remote_addr":"10.0.0.5","remote_user":"alice","request":"\#(request)","status":"\#(c.status)","body_bytes_sent":"\#(c.bytes)"}"#
    return Array(line.utf8).withUnsafeBytes { format.parse($0) }.map { $0!.outcome }
  }

  @Test func everyFormatGivesTheSameOutcome() {
    for c in Self.cases {
      #expect(combined(c) == c.expected, "combined: \(c.request) \(c.status)")
      #expect(haproxy(c) == c.expected, "haproxy: \(c.request) \(c.status)")
      #expect(nginxJSON(c) == c.expected, "nginx-json: \(c.request) \(c.status)")
    }
  }
}

/// A 10-byte reply whose outer length field claims more than an Int holds (`30 88 7f ff …`)
/// once trapped: every long form, every fill, is a malformed token with a sentence.
@Test func aLengthThatOverflowsIsASentenceNotASignal() throws {
  let folder = TemporaryFolder()
  let store = try makeStore(folder)
  var index = 0
  for form in UInt8(0x81)...0x8F {
    for fill: UInt8 in [0x7F, 0xFF, 0x80, 0x00] {
      let bytes = [0x30, form] + [UInt8](repeating: fill, count: 8)
      #expect(throws: TokenError.self) { try TokenReader.read(bytes) }
      index += 1
      let path = folder.file("r\(index).tsr")
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      let summary = try run(store, [path])[0]
      #expect(summary.malformed == 1)
      #expect(
        summary.firstMalformed.first.map { "\($0.reason)" }?.contains("not a time-stamp") == true)
    }
  }
}

/// The message for a file whose format cannot be told names every format `--format` takes (it
/// once left out caddy, traefik and haproxy).
@Test func anUnknownFormatListsEveryFormat() {
  let said = ImportError.unknownFormat(path: "x.dat").description
  for name in ["combined", "nginx-json", "caddy", "traefik", "haproxy", "jsonl", "csv", "tsr"] {
    #expect(said.contains(name), "\(name): \(said)")
  }
  #expect(!said.contains("auto"))
}
