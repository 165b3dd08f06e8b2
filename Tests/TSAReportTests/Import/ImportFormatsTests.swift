import Foundation
import Testing

@testable import TSAImport
@testable import TSALedger
@testable import TSAModel
@testable import TSAReport
@testable import TSAStore

@Suite struct ImportFormatsTests {
  let folder = TemporaryFolder()

  /// Stamps of all time, per user.
  func stampsByUser(_ store: Store) throws -> [String: Int64] {
    try store.stampsByUser(
      Period(
        from: LocalDate(iso: "2000-01-01")!, through: LocalDate(iso: "2099-12-31")!, zone: .utc))
  }

  // MARK: nginx JSON

  @Test func theRealNginxJSONSampleIsClassifiedLikeItsCombinedTwin() throws {
    let store = try makeStore(folder)
    let summary = try run(store, [repositoryFile("Tests/Fixtures/nginx/access.json")])[0]
    #expect(summary.format == .nginxJSON)
    #expect(summary.detected)
    #expect(summary.newStamps == 3)
    #expect(summary.new[.rejected] == 1)
    #expect(summary.new[.authFailure] == 1)
    #expect(summary.new[.probe] == 1)
    #expect(try stampsByUser(store) == ["alice": 2, "bob": 1])
  }

  func nginxJSON(
    status: Int = 200, upstream: String = "200", type: String = "application/timestamp-reply",
    bytes: Int = 1551, user: String = "alice"
  ) -> String {
    #"{"time":"2026-10-05T10:00:00+02:00","remote_addr":"10.0.0.5","remote_user":"\#(user)","method":"POST","uri":"/TSS/TSS_user/","status":\#(status),"body_bytes_sent":\#(bytes),"resp_content_type":"\#(type)","upstream_addr":"10.1.1.1:443, 10.1.1.2:443","upstream_status":"\#(upstream)","request_id":"x"}"#
      + "\n"
  }

  @Test func theLastUpstreamStatusCountsAndOnlyATimestampReplyIsAStamp() throws {
    let store = try makeStore(folder)
    let log = folder.write(
      "access.json",
      nginxJSON(upstream: "502, 200") + nginxJSON(upstream: "200, 502", user: "bob")
        + nginxJSON(type: "text/html", user: "carol")
        + nginxJSON(type: "application/timestamp-response; charset=binary", user: "dave")
        + nginxJSON(user: "-"))
    let summary = try run(store, [log])[0]
    #expect(summary.newStamps == 3)
    #expect(summary.new[.error] == 2)
    #expect(try stampsByUser(store) == ["alice": 1, "dave": 1, "10.0.0.5": 1])
  }

  @Test func nginxJSONWithoutItsFieldsIsMalformed() throws {
    let store = try makeStore(folder)
    let log = folder.write(
      "access.json",
      #"{"time":"2026-10-05T10:00:00+02:00","remote_addr":"10.0.0.5","method":"POST","status":200}"#
        + "\n"
        + #"{"time":"yesterday","remote_addr":"10.0.0.5","remote_user":"a","method":"POST","status":200,"body_bytes_sent":1551}"#
        + "\n"
        + #"{"time":"2026-10-05T10:00:00+02:00", "# + "\n")
    let summary = try run(store, [log], ImportOptions(format: .nginxJSON, allowMalformed: true))[0]
    #expect(summary.malformed == 3)
    #expect(
      summary.firstMalformed.map(\.reason) == [
        .missingField(
          "bytes field (looked for body_bytes_sent, bytes_sent, size, DownstreamContentSize; name"
            + " it with --field bytes=KEY)"),
        .badValue(field: "time", value: "yesterday"), .badJSON,
      ])
  }

  /// nginx JSON as people write it: the widely copied `json_combined` (nginx's own variable
  /// names, every value a string, `$time_local`, `$request`), `$time_iso8601` with
  /// `$request_method` + `$request_uri`, `$msec` with JSON numbers — the same three stamps.
  @Test(arguments: [
    #"{"time_local":"05/Oct/2026:10:00:00 +0200","remote_addr":"10.0.0.5","remote_user":"alice","request":"POST /TSS/TSS_user/ HTTP/1.1","status": "200","body_bytes_sent":"1551","request_time":"0.120","http_referrer":"","http_user_agent":"JSignPdf/2.3"}"#,
    #"{"time_iso8601":"2026-10-05T10:00:00+02:00","remote_addr":"10.0.0.5","remote_user":"alice","request_method":"POST","request_uri":"/TSS/TSS_user/","status":"200","bytes_sent":"1780","upstream_addr":"10.1.1.1:443","upstream_status":"200","sent_http_content_type":"application/timestamp-reply","request_id":"5f1c"}"#,
    #"{"msec":1791187200.125,"remote_addr":"10.0.0.5","remote_user":"alice","request":"POST /TSS/TSS_user/ HTTP/2.0","status":200,"body_bytes_sent":1551}"#,
  ])
  func nginxJSONByNginxsOwnNames(_ line: String) throws {
    let store = try makeStore(folder)
    let probe = line.replacingOccurrences(of: "POST", with: "GET").replacingOccurrences(
      of: "alice", with: "bob")
    let log = folder.write("access.json", line + "\n" + probe + "\n")
    let summary = try run(store, [log])[0]
    #expect(summary.format == .nginxJSON)
    #expect(summary.malformed == 0, "\(summary.firstMalformed)")
    #expect(summary.newStamps == 1)
    #expect(summary.new[.probe] == 1)
    #expect(try stampsByUser(store) == ["alice": 1])
  }

  /// Traefik's JSON access log, from its documented fields: a stamp, a probe, an auth failure.
  @Test func traefiksAccessLogIsRead() throws {
    let store = try makeStore(folder)
    func line(_ method: String, _ status: Int, _ size: Int, _ user: String) -> String {
      #"{"ClientAddr":"10.0.0.5:41234","ClientHost":"10.0.0.5","ClientPort":"41234","ClientUsername":"\#(user)","DownstreamContentSize":\#(size),"DownstreamStatus":\#(status),"Duration":1200000,"OriginContentSize":\#(size),"OriginDuration":1000000,"OriginStatus":\#(status),"Overhead":200000,"RequestAddr":"tsa.example.cz","RequestContentSize":59,"RequestCount":1,"RequestHost":"tsa.example.cz","RequestMethod":"\#(method)","RequestPath":"/TSS/TSS_user/","RequestPort":"-","RequestProtocol":"HTTP/1.1","RequestScheme":"https","RetryAttempts":0,"RouterName":"tsa@file","ServiceAddr":"10.1.1.1:443","ServiceName":"tsa@file","ServiceURL":{"Scheme":"https","Host":"10.1.1.1:443"},"StartLocal":"2026-10-05T10:00:00.123+02:00","StartUTC":"2026-10-05T08:00:00.123Z","entryPointName":"websecure","level":"info","msg":"","time":"2026-10-05T10:00:00+02:00"}"#
        + "\n"
    }
    let log = folder.write(
      "traefik.json",
      line("POST", 200, 1551, "alice") + line("GET", 200, 2, "-") + line("POST", 401, 17, "bob"))
    let summary = try run(store, [log])[0]
    #expect(summary.format == .traefik)
    #expect(summary.malformed == 0, "\(summary.firstMalformed)")
    #expect(summary.newStamps == 1)
    #expect(summary.new[.probe] == 1 && summary.new[.authFailure] == 1)
    #expect(try stampsByUser(store) == ["alice": 1])
  }

  /// Syslog prefixes are taken off and the sending host kept, whatever the form.
  @Test(arguments: [
    ("<190>Oct  5 10:00:00 proxy1 nginx: ", "proxy1"),  // RFC 3164, as nginx sends it
    ("Oct  5 10:00:00 proxy2 nginx[812]: ", "proxy2"),  // rsyslog's traditional file
    ("2026-10-05T10:00:00.123456+02:00 proxy3 nginx: ", "proxy3"),  // rsyslog's precise file
    ("<134>1 2026-10-05T10:00:00.1+02:00 proxy4 nginx 812 - - ", "proxy4"),  // RFC 5424
    (
      #"<134>1 2026-10-05T10:00:00Z proxy5 nginx - ID47 [origin ip="10.0.0.1" x="a\]b"] "#, "proxy5"
    ),
  ])
  func syslogPrefixesAreTakenOffAndTheHostKept(_ prefix: String, _ host: String) throws {
    let store = try makeStore(folder)
    let line = logLine("alice", "05/Oct/2026:10:00:00 +0200")
    let log = folder.write("central.log", prefix + line)
    let summary = try run(store, [log])[0]
    #expect(summary.format == .combined)
    #expect(summary.newStamps == 1, "\(summary.firstMalformed)")
    let hosts = try Books(store).usage(
      period: october(), dimensions: [.host])
    #expect(hosts.groups.map(\.key) == [[.name(host)]])
  }

  /// A malformed line whose time cannot be read counts in the period it was imported in.
  @Test func aMalformedLineWithoutATimeCountsWhenItWasImported() throws {
    let store = try makeStore(folder)
    let log = folder.write(
      "access.json",
      nginxJSON(user: "alice") + #"{"time":"never","remote_addr":"10.0.0.5"}"# + "\n"
        + nginxJSON(user: "bob"))
    _ = try run(store, [log])
    let importedIn = Period(
      from: prague.localDate(of: testNow), through: prague.localDate(of: testNow), zone: prague)
    #expect(
      try Books(store).usage(period: importedIn, dimensions: []).malformed == 1)
    #expect(try Books(store).usage(period: october(), dimensions: []).malformed == 0)
  }

  /// A log with keys of its own: `--field` names them.
  @Test func fieldsOfOtherNamesAreNamedByRole() throws {
    let store = try makeStore(folder)
    let log = folder.write(
      "access.json",
      #"{"ts":"2026-10-05T10:00:00+02:00","ip":"10.0.0.5","login":"alice","verb":"POST","code":200,"size":1551}"#
        + "\n")
    // Without them nothing can be read: the import fails and says what to do.
    #expect {
      try run(store, [log], ImportOptions(format: .nginxJSON))
    } throws: { error in
      "\(error)".contains("name it with --field status=KEY")
        && "\(error)".contains("or the log's keys with --field ROLE=KEY")
    }
    let fields: [JSONFieldRole: String] = [
      .time: "ts", .client: "ip", .user: "login", .method: "verb", .status: "code", .bytes: "size",
    ]
    let with = try run(store, [log], ImportOptions(format: .nginxJSON, fields: fields))[0]
    #expect(with.newStamps == 1, "\(with.firstMalformed)")
    #expect(try stampsByUser(store) == ["alice": 1])
  }

  /// The address must be one address; behind a load balancer the client comes from
  /// X-Forwarded-For, its first address, when asked.
  @Test func theClientIsOneAddressOrTheFirstOfXForwardedFor() throws {
    let store = try makeStore(folder)
    let json =
      #"{"time":"2026-10-05T10:00:00+02:00","remote_addr":"10.9.9.9","http_x_forwarded_for":"192.0.2.7, 10.9.9.9","method":"POST","status":200,"body_bytes_sent":1551}"#
      + "\n"
      + #"{"time":"2026-10-05T10:00:01+02:00","remote_addr":"10.0.0.2, 10.0.0.1","method":"POST","status":200,"body_bytes_sent":1551}"#
      + "\n"
    let combined =
      #"10.0.0.2, 10.0.0.1, 127.0.0.1 - - [05/Oct/2026:10:00:02 +0200] "POST /tsa HTTP/1.1" 200 1551 "-" "curl/7.88.1""#
      + "\n"
    let plain = try run(
      store, [folder.write("a.json", json), folder.write("a.log", combined)],
      ImportOptions(dryRun: true, allowMalformed: true))
    #expect(plain.map(\.newStamps) == [1, 0])
    #expect(plain.map(\.malformed) == [1, 1])
    #expect(plain[1].firstMalformed.first?.reason == .notOneAddress("10.0.0.2,"))
    let forwarded = try run(
      store, [folder.write("b.json", json), folder.write("b.log", combined)],
      ImportOptions(clientFromForwardedFor: true))
    #expect(forwarded.map(\.newStamps) == [1, 1])
    #expect(try stampsByUser(store) == ["192.0.2.7": 1, "10.0.0.2": 1])
  }

  // MARK: Stamp events (jsonl, csv)

  @Test func stampEventsAreAttributedByContractThenAccountThenTheOnlyContract() throws {
    let store = try Store(path: folder.file("books.sqlite"))
    try store.addContract(code: "F1", name: nil, accounts: ["portal@example.cz"])
    try store.addContract(code: "F2", name: nil, accounts: [])
    let log = folder.write(
      "events.jsonl",
      #"{"time":"2026-10-05T10:00:00Z","user":"alice","contract":"F2"}"# + "\n"
        + #"{"time":"2026-10-05T10:00:01.250Z","user":"alice","account":"portal@example.cz"}"#
        + "\n"
        + #"{"time":"2026-10-05T10:00:02+02:00","user":"bob","status":"rejected"}"# + "\n")
    let summary = try run(store, [log], ImportOptions(contractCode: "F2"))[0]
    #expect(summary.newStamps == 2)
    #expect(try store.stampTotalsByContract() == ["F1": 0, "F2": 2])  // --contract wins

    let other = try Store(path: folder.file("other.sqlite"))
    try other.addContract(code: "F1", name: nil, accounts: ["portal@example.cz"])
    try other.addContract(code: "F2", name: nil, accounts: [])
    let granted = folder.write(
      "granted.jsonl",
      #"{"time":"2026-10-05T10:00:00Z","user":"alice","contract":"F2"}"# + "\n"
        + #"{"time":"2026-10-05T10:00:01.250Z","user":"alice","account":"portal@example.cz"}"#
        + "\n")
    _ = try run(other, [granted])
    #expect(try other.stampTotalsByContract() == ["F1": 1, "F2": 1])
  }

  @Test func aRecordNamingAnUnknownContractStopsTheImport() throws {
    let store = try makeStore(folder)
    let log = folder.write(
      "events.jsonl", #"{"time":"2026-10-05T10:00:00Z","user":"alice","contract":"F9"}"# + "\n")
    #expect(
      throws: ImportError.unknownContractInRecord(
        path: log, line: 1, code: "F9", known: ["F2112000371"])
    ) {
      try run(store, [log])
    }
  }

  @Test func aTokenSerialIsOneStampWhateverFileItComesIn() throws {
    let store = try makeStore(folder)
    let jsonl = folder.write(
      "client-a.jsonl",
      #"{"time":"2026-10-05T10:00:00Z","user":"alice","tsa":"https://www3.postsignum.cz/TSS/TSS_user/","serial":"0x1F"}"#
        + "\n")
    let csv = folder.write(
      "client-b.csv",
      "time,user,tsa,serial\r\n2026-10-05T10:00:00Z,alice,https://www3.postsignum.cz/TSS/TSS_user/,00:1f\r\n"
    )
    _ = try run(store, [jsonl])
    let second = try run(store, [csv])[0]
    #expect(second.format == .csv)
    #expect(second.newStamps == 0)
    #expect(second.duplicates == 1)
    #expect(try store.totalStamps() == 1)
  }

  @Test func anEventIDIsOneEventWhateverFileItComesIn() throws {
    let store = try makeStore(folder)
    let event = #"{"time":"2026-10-05T10:00:00Z","user":"alice","id":"4f1c2a"}"# + "\n"
    _ = try run(store, [folder.write("a.jsonl", event)])
    let again = try run(
      store, [folder.write("b.jsonl", #"{"note":"another file"}"# + "\n" + event)])[0]
    #expect(again.newStamps == 0)
    #expect(again.duplicates == 1)
  }

  @Test func csvEventsWithQuotesBOMAndCRLF() throws {
    let store = try makeStore(folder)
    let csv = folder.write(
      "events.csv",
      "\u{FEFF}time,user,status,policy\r\n"
        + "2026-10-05T10:00:00Z,\"Novák, Jan\",granted,1.2.3\r\n"
        + "2026-10-05T10:00:01Z,\"say \"\"hi\"\"\",,\r\n"
        + "2026-10-05T10:00:02Z,bob,rejected,\r\n"
        + "2026-10-05T10:00:03Z,\"open,granted\r\n"
        + "not a time,bob,granted,\r\n")
    let summary = try run(store, [csv])[0]
    #expect(summary.newStamps == 2)
    #expect(summary.new[.rejected] == 1)
    #expect(summary.firstMalformed.map(\.line) == [5, 6])
    #expect(try stampsByUser(store) == ["Novák, Jan": 1, "say \"hi\"": 1])
  }

  @Test func credentialsInATSAURLAreNeverStored() throws {
    let store = try makeStore(folder)
    let log = folder.write(
      "events.jsonl",
      #"{"time":"2026-10-05T10:00:00Z","user":"alice","tsa":"https://portal%40example.cz:S3cr3t@www3.postsignum.cz/TSS/TSS_user/?pw=S3cr3t","serial":"2a"}"#
        + "\n"
        + #"garbage Authorization: Basic cG9ydGFsOlMzY3IzdA== https://u:S3cr3t@x/"# + "\n")
    let proxy = folder.write(
      "access.log",
      #"10.0.0.5 - alice [05/Oct/2026:10:00:00 +0200] "POST /TSS/TSS_user/?password=S3cr3t HTTP/1.1" 200 1551 "-" "curl/7.88.1""#
        + "\n")
    _ = try run(store, [log, proxy])
    let database = try Data(contentsOf: URL(fileURLWithPath: folder.file("books.sqlite")))
    let wal =
      (try? Data(contentsOf: URL(fileURLWithPath: folder.file("books.sqlite-wal")))) ?? Data()
    for secret in ["S3cr3t", "cG9ydGFsOlMzY3IzdA"] {
      #expect(database.range(of: Data(secret.utf8)) == nil)
      #expect(wal.range(of: Data(secret.utf8)) == nil)
    }
    #expect(
      try store.malformedLines(sourceContaining: nil).first?.excerpt.contains("[redacted]") == true)
  }

  // MARK: Endpoints

  /// Each request's endpoint is where it went, as its log says: the path a proxy was asked
  /// for, the upstream nginx passed it to (the last, after retries), a client's TSA URL —
  /// without query or credentials; a token file does not say, and a probe has none.
  @Test func usageByEndpointShowsWhereTheStampsCameFrom() throws {
    let store = try makeStore(folder)
    let combined = folder.write(
      "access.log",
      [
        #"10.0.0.5 - alice [05/Oct/2026:10:00:00 +0200] "POST /TSS/TSS_user/?x=1 HTTP/1.1" 200 1551 "-" "curl""#,
        #"10.0.0.5 - bob [05/Oct/2026:11:00:00 +0200] "POST /backup/ HTTP/1.1" 200 1551 "-" "curl""#,
        #"10.9.9.9 - - [05/Oct/2026:12:00:00 +0200] "GET /wp-admin/ HTTP/1.1" 404 150 "-" "scan""#,
      ].joined(separator: "\n") + "\n")
    let json = folder.write(
      "access.json",
      nginxJSON()
        + nginxJSON(user: "carol").replacingOccurrences(
          of: #""upstream_addr":"10.1.1.1:443, 10.1.1.2:443","#, with: ""))
    let events = folder.write(
      "events.jsonl",
      #"{"time":"2026-10-05T10:00:00Z","user":"dave","tsa":"https://www4.postsignum.cz/TSS/TSS_user/"}"#
        + "\n")
    _ = try run(
      store, [combined, json, events, repositoryFile("Tests/Fixtures/tokens/resp1.tsr")])
    let allTime = Period(
      from: LocalDate(iso: "2000-01-01")!, through: LocalDate(iso: "2099-12-31")!, zone: .utc)
    let report = try UsageReport.build(
      UsageQuery(period: allTime, dimensions: [.endpoint]), store: store)
    #expect(
      report.table.rows.map { Array($0.cells.prefix(2)) } == [
        [.text("/TSS/TSS_user/"), .integer(2)],
        [.text("/backup/"), .integer(1)],
        [.text("10.1.1.2:443"), .integer(1)],
        [.text("https://www4.postsignum.cz/TSS/TSS_user/"), .integer(1)],
        [.term("unknown", text: "(unknown)"), .integer(1)],  // what no name is known for comes last
        [.term("total", text: "Total"), .integer(6)],
      ])
    let names = try store.db.prepare("SELECT name FROM endpoint").rows { $0.text(0) }
    #expect(!names.contains { $0.contains("wp-admin") })
  }

  // MARK: Tokens

  @Test func tokenFilesAreStampsAndRejectionsAndEachCountsOnce() throws {
    let store = try makeStore(folder)
    let tokens = repositoryFile("Tests/Fixtures/tokens")
    let summary = try run(store, [tokens], ImportOptions(user: "archive"))
    #expect(summary.count == 1)  // one line for the directory
    #expect(summary[0].format == .tsr)
    #expect(summary[0].lines == 9)
    #expect(summary[0].newStamps == 6)  // resp1, resp2, token2, proxy-r1..3
    // resp_badalg.tsr and proxy-rsha1.tsr are byte for byte the same reply (`cmp` says so): a
    // source is known by its content, so they are one.
    #expect(summary[0].new[.rejected] == 2)
    #expect(summary[0].duplicates == 1)
    let again = try run(store, [tokens], ImportOptions(user: "archive"))[0]
    #expect(again.newStamps == 0)
    #expect(again.duplicates == 9)
    // the same token under another name
    try FileManager.default.copyItem(
      atPath: tokens + "/resp1.tsr", toPath: folder.file("copy-of-resp1.tsr"))
    #expect(try run(store, [folder.file("copy-of-resp1.tsr")])[0].duplicates == 1)
    #expect(try stampsByUser(store) == ["archive": 6])
  }

  @Test func aFileThatIsNotATokenIsKeptAsMalformed() throws {
    let store = try makeStore(folder)
    let bogus = folder.write("bogus.tsr", "this is not DER")
    let summary = try run(store, [bogus])[0]
    #expect(summary.malformed == 1)
    #expect(summary.newStamps == 0)
    #expect(try store.malformedLines(sourceContaining: "bogus").count == 1)
  }

  // MARK: Auto

  @Test func autoDetectionNamesWhatItPicked() throws {
    let store = try makeStore(folder)
    let inputs = [
      folder.write("a.log", logLine("alice", "05/Oct/2026:10:00:00 +0200")),
      folder.write("b.json", nginxJSON()),
      folder.write("c.ndjson", #"{"time":"2026-10-05T10:00:00Z","user":"alice"}"# + "\n"),
      folder.write("d.txt", "time,user\n2026-10-05T10:00:00Z,bob\n"),
      repositoryFile("Tests/Fixtures/tokens/resp1.tsr"),
    ]
    let formats = try run(store, inputs).map(\.format)
    #expect(formats == [.combined, .nginxJSON, .jsonl, .csv, .tsr])
    let unknown = folder.write("notes", "dear diary\n")
    #expect(throws: ImportError.unknownFormat(path: unknown)) { try run(store, [unknown]) }
  }
}
