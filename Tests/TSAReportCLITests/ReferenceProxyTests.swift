import Foundation
import Testing

/// The shipped reference proxy (`contrib/nginx/tsa-proxy.conf`) run by the real nginx from
/// Debian, its upstreams pointed at local stand-ins of the provider (`tsa_responder.py`: HTTPS
/// with a certificate for www.postsignum.cz from a test CA, Basic auth required, replies made
/// by `openssl ts -reply`): the first primary answers 503, the second refuses connections, the
/// backup answers. Clients stamp documents with `openssl ts -query` and curl, from addresses of
/// their own, without credentials.
@Suite struct ReferenceProxyTests {
  @Test func clientsStampThroughTheProxyAndTheBooksFindEveryStampTheyGot() throws {
    let session = Session()
    let folder = session.folder
    let responder = repositoryRoot.appendingPathComponent(
      "Tests/TSAReportCLITests/tsa_responder.py"
    ).path
    let keys = folder + "/provider"
    let made = try runProgram("/usr/bin/python3", [responder, keys, "setup"])
    try #require(made.status == 0, "\(made.stderr)")

    // The provider: www3 down (503), www refusing connections, www4 answering.
    let (down, refusing, backup, proxy) = (
      BackgroundServer.freePort(), BackgroundServer.freePort(), BackgroundServer.freePort(),
      BackgroundServer.freePort()
    )
    let login = "tsa@example.cz:portal-secret"
    let standIns = [
      try BackgroundServer(
        ["/usr/bin/python3", responder, keys, String(down), "fail"], port: down),
      try BackgroundServer(
        ["/usr/bin/python3", responder, keys, String(backup), "tsa", login], port: backup),
    ]

    // The shipped file, with only what differs on a test machine replaced.
    var conf = try String(
      contentsOf: repositoryRoot.appendingPathComponent("contrib/nginx/tsa-proxy.conf"),
      encoding: .utf8)
    for (shipped, here) in [
      ("www3.postsignum.cz:443", "127.0.0.1:\(down)"),
      ("www.postsignum.cz:443", "127.0.0.1:\(refusing)"),
      ("www4.postsignum.cz:443", "127.0.0.1:\(backup)"),
      ("listen 8318;", "listen 127.0.0.1:\(proxy);"),
      ("allow 127.0.0.1;", "allow 127.0.0.0/8;"),
      ("/var/log/nginx/tsa-access.json", folder + "/tsa-access.json"),
      ("/etc/nginx/tsa-credentials.conf", folder + "/tsa-credentials.conf"),
      ("/etc/ssl/certs/ca-certificates.crt", keys + "/ca.pem"),
    ] {
      #expect(conf.contains(shipped), "the shipped file no longer has \(shipped)")
      conf = conf.replacingOccurrences(of: shipped, with: here)
    }
    // The credentials file, made as the file's comment says.
    let credentials = try runProgram(
      "/bin/sh",
      [
        "-c",
        #"printf 'set $tsa_authorization "Basic %s";\n' "$(printf '%s' "$1" | base64 -w0)" > "$2""#,
        "sh", login, folder + "/tsa-credentials.conf",
      ])
    try #require(credentials.status == 0, "\(credentials.stderr)")
    try FileManager.default.createDirectory(
      atPath: folder + "/tmp", withIntermediateDirectories: true)
    let main = """
      user root;
      daemon off;
      pid \(folder)/nginx.pid;
      error_log \(folder)/error.log;
      events {}
      http {
        client_body_temp_path \(folder)/tmp/body;
        proxy_temp_path \(folder)/tmp/proxy;
        fastcgi_temp_path \(folder)/tmp/fastcgi;
        uwsgi_temp_path \(folder)/tmp/uwsgi;
        scgi_temp_path \(folder)/tmp/scgi;
        access_log off;
      \(conf)
      }
      """
    try Data(main.utf8).write(to: URL(fileURLWithPath: folder + "/nginx.conf"))
    var nginx: BackgroundServer? = try BackgroundServer(
      ["/usr/sbin/nginx", "-c", folder + "/nginx.conf"], port: proxy,
      environment: session.environment)
    try #require(
      BackgroundServer.listening(proxy),
      "nginx did not start: \((try? String(contentsOfFile: folder + "/error.log", encoding: .utf8)) ?? "")"
    )

    // alice stamps three documents from 127.0.0.2, bob two from 127.0.0.3.
    var granted: [String: Int] = [:]
    for (client, count) in [("127.0.0.2", 3), ("127.0.0.3", 2)] {
      for n in 0..<count {
        let document = folder + "/doc-\(client)-\(n).txt"
        try Data("document \(n) of \(client)\n".utf8).write(to: URL(fileURLWithPath: document))
        let stamped = try runProgram(
          "/bin/sh",
          [
            "-c",
            """
            openssl ts -query -data "$1" -sha256 -cert -out "$1.tsq" 2>/dev/null &&
            curl -s -f --interface "$2" -H 'Content-Type: application/timestamp-query' \
              --data-binary @"$1.tsq" -o "$1.tsr" "$3" &&
            openssl ts -reply -in "$1.tsr" -text 2>/dev/null | grep -q '^Status: Granted'
            """,
            "sh", document, client, "http://127.0.0.1:\(proxy)/",
          ])
        #expect(stamped.status == 0, "\(client) \(n): \(stamped.stderr)")
        if stamped.status == 0 { granted[client, default: 0] += 1 }
      }
    }
    #expect(granted == ["127.0.0.2": 3, "127.0.0.3": 2])
    usleep(300_000)
    nginx = nil
    _ = nginx
    withExtendedLifetime(standIns) {}
    usleep(300_000)

    // The proxy's own log, imported: the stamps the clients got, by user, all from the backup.
    let log = folder + "/tsa-access.json"
    for command in [
      ["contract", "add", "F2112000371", "--account", "tsa@example.cz"],
      ["user", "alias", "127.0.0.2", "alice"], ["user", "alias", "127.0.0.3", "bob"],
      ["import", log],
    ] {
      let done = try session.run(command)
      try #require(done.status == 0, "\(command): \(done.stdout)\(done.stderr)")
    }
    let period = ["--from", "2000-01-01", "--to", "2099-12-31", "--format", "csv"]
    let byUser = try session.run(["usage", "--by", "user"] + period)
    #expect(byUser.stdout == "user,stamps\r\nalice,3\r\nbob,2\r\nTotal,5\r\n", "\(byUser.stderr)")
    let byEndpoint = try session.run(["usage", "--by", "endpoint"] + period)
    #expect(
      byEndpoint.stdout == "endpoint,stamps\r\n127.0.0.1:\(backup),5\r\nTotal,5\r\n",
      "\(byEndpoint.stdout)")
    // The failover is in the log: the first requests tried www3 (503) and www (refused: 502)
    // before the backup; once both failed three times (max_fails) nginx goes to the backup
    // straight away. Every reply came from the backup.
    let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 5)
    #expect(lines.allSatisfy { $0.contains("200\",\"sent_http_content_type\"") }, "\(lines)")
    let first = try #require(lines.first)
    #expect(
      first.contains("\"upstream_status\":\"503, 502, 200\"")
        || first.contains("\"upstream_status\":\"502, 503, 200\""), "\(first)")
    // The portal password is in neither the log nor the books.
    let books = try Data(contentsOf: URL(fileURLWithPath: folder + "/books.sqlite"))
    #expect(books.range(of: Data("portal-secret".utf8)) == nil)
    #expect(!lines.contains { $0.contains("portal-secret") })
  }

  /// The Apache httpd equivalent (`contrib/apache/tsa-proxy.conf`) in the real httpd from
  /// Debian, against the same stand-ins. httpd does not resend a request that got a 5xx: a
  /// client may get that error (no stamp) and the endpoint is left alone afterwards. The books
  /// hold exactly the stamps the clients were granted, in the JSON log and in the vhost_combined
  /// log httpd writes beside it.
  @Test func theApacheProxyGivesTheStampsTheClientsGot() throws {
    let session = Session()
    let folder = session.folder
    let responder = repositoryRoot.appendingPathComponent(
      "Tests/TSAReportCLITests/tsa_responder.py"
    ).path
    let keys = folder + "/provider"
    let made = try runProgram("/usr/bin/python3", [responder, keys, "setup"])
    try #require(made.status == 0, "\(made.stderr)")
    let (down, refusing, backup, proxy) = (
      BackgroundServer.freePort(), BackgroundServer.freePort(), BackgroundServer.freePort(),
      BackgroundServer.freePort()
    )
    let login = "tsa@example.cz:portal-secret"
    let standIns = [
      try BackgroundServer(
        ["/usr/bin/python3", responder, keys, String(down), "fail"], port: down),
      try BackgroundServer(
        ["/usr/bin/python3", responder, keys, String(backup), "tsa", login], port: backup),
    ]
    var conf = try String(
      contentsOf: repositoryRoot.appendingPathComponent("contrib/apache/tsa-proxy.conf"),
      encoding: .utf8)
    for (shipped, here) in [
      // httpd checks the certificate against the name in the URL, and takes no IP address
      // for a name: the stand-ins' certificate names localhost too.
      ("https://www3.postsignum.cz", "https://localhost:\(down)"),
      ("https://www.postsignum.cz", "https://localhost:\(refusing)"),
      ("https://www4.postsignum.cz", "https://localhost:\(backup)"),
      ("Listen 8319", "Listen 127.0.0.1:\(proxy)"), ("*:8319", "127.0.0.1:\(proxy)"),
      ("Require ip 10.0.0.0/8 127.0.0.1", "Require ip 127.0.0.0/8"),
      ("/var/log/apache2/", folder + "/"),
      ("/etc/apache2/tsa-credentials.conf", folder + "/tsa-credentials.conf"),
      ("/etc/ssl/certs/ca-certificates.crt", keys + "/ca.pem"),
    ] {
      #expect(conf.contains(shipped), "the shipped file no longer has \(shipped)")
      conf = conf.replacingOccurrences(of: shipped, with: here)
    }
    try Data(conf.utf8).write(to: URL(fileURLWithPath: folder + "/tsa-proxy.conf"))
    let credentials = try runProgram(
      "/bin/sh",
      [
        "-c",
        #"printf 'Define TSA_AUTHORIZATION "Basic %s"\n' "$(printf '%s' "$1" | base64 -w0)" > "$2""#,
        "sh", login, folder + "/tsa-credentials.conf",
      ])
    try #require(credentials.status == 0, "\(credentials.stderr)")
    let modules = [
      "mpm_event", "authz_core", "authz_host", "headers", "proxy", "proxy_http",
      "proxy_balancer", "lbmethod_byrequests", "slotmem_shm", "ssl", "socache_shmcb",
    ].map { "LoadModule \($0)_module /usr/lib/apache2/modules/mod_\($0).so" }
    // What Debian's apache2.conf sets, for a configuration of the test's own.
    let main =
      modules.joined(separator: "\n") + """

        ServerName localhost
        PidFile \(folder)/httpd.pid
        DefaultRuntimeDir \(folder)
        Mutex file:\(folder) default
        ErrorLog \(folder)/httpd-error.log
        User nobody
        Group nogroup
        LogFormat "%v:%p %h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"" vhost_combined
        Include \(folder)/tsa-proxy.conf

        """
    try Data(main.utf8).write(to: URL(fileURLWithPath: folder + "/httpd.conf"))
    var httpd: BackgroundServer? = try BackgroundServer(
      ["/usr/sbin/apache2", "-DFOREGROUND", "-f", folder + "/httpd.conf"], port: proxy,
      environment: session.environment)
    try #require(
      BackgroundServer.listening(proxy),
      "httpd did not start: \((try? String(contentsOfFile: folder + "/httpd-error.log", encoding: .utf8)) ?? "")"
    )
    var granted: [String: Int] = [:]
    for (client, count) in [("127.0.0.2", 3), ("127.0.0.3", 2)] {
      for n in 0..<count {
        let document = folder + "/doc-\(client)-\(n).txt"
        try Data("document \(n) of \(client)\n".utf8).write(to: URL(fileURLWithPath: document))
        let stamped = try runProgram(
          "/bin/sh",
          [
            "-c",
            """
            openssl ts -query -data "$1" -sha256 -cert -out "$1.tsq" 2>/dev/null &&
            curl -s -f --interface "$2" -H 'Content-Type: application/timestamp-query' \
              --data-binary @"$1.tsq" -o "$1.tsr" "$3" &&
            openssl ts -reply -in "$1.tsr" -text 2>/dev/null | grep -q '^Status: Granted'
            """,
            "sh", document, client, "http://127.0.0.1:\(proxy)/",
          ])
        if stamped.status == 0 { granted[client, default: 0] += 1 }
      }
    }
    // At most the first request met the endpoint that answers 503; the rest were stamped.
    let total = granted.values.reduce(0, +)
    #expect(total >= 4, "\(granted)")
    usleep(300_000)
    httpd = nil
    _ = httpd
    withExtendedLifetime(standIns) {}
    usleep(300_000)

    let names = ["alice": "127.0.0.2", "bob": "127.0.0.3"]
    var expected = "user,stamps\r\n"
    for (name, address) in names.sorted(by: { $0.key < $1.key }) where granted[address] != nil {
      expected += "\(name),\(granted[address]!)\r\n"
    }
    expected += "Total,\(total)\r\n"
    for log in ["tsa-access.json", "tsa-access.log"] {
      let db = ["--db", folder + "/\(log).sqlite"]
      for command in [
        ["contract", "add", "F2112000371"], ["user", "alias", "127.0.0.2", "alice"],
        ["user", "alias", "127.0.0.3", "bob"], ["import", folder + "/" + log],
      ] {
        let done = try session.run(db + command)
        try #require(done.status == 0, "\(log) \(command): \(done.stdout)\(done.stderr)")
      }
      let byUser = try session.run(
        db + [
          "usage", "--from", "2000-01-01", "--to", "2099-12-31", "--by", "user", "--format", "csv",
        ])
      #expect(byUser.stdout == expected, "\(log)")
    }
    // Every stamp came from the backup (the JSON log names the balancer's member).
    let byEndpoint = try session.run([
      "--db", folder + "/tsa-access.json.sqlite", "usage", "--from", "2000-01-01", "--to",
      "2099-12-31", "--by", "endpoint", "--format", "csv",
    ])
    #expect(
      byEndpoint.stdout
        == "endpoint,stamps\r\nhttps://localhost:\(backup),\(total)\r\nTotal,\(total)\r\n",
      "\(byEndpoint.stdout)")
    let books = try Data(contentsOf: URL(fileURLWithPath: folder + "/tsa-access.json.sqlite"))
    #expect(books.range(of: Data("portal-secret".utf8)) == nil)
  }
}
