import Foundation
import Testing

/// The shipped reference proxy (`contrib/nginx/tsa-proxy.conf`) run by the real nginx from
/// Debian, its upstreams pointed at local stand-ins of the provider (`tsa_responder.py`: HTTPS
/// with a certificate for www.postsignum.cz from a test CA, Basic auth required, replies made
/// by `openssl ts -reply`): the first primary answers 503, the second refuses connections, the
/// backup answers. Clients stamp documents with `openssl ts -query` and curl, from addresses of
/// their own, without credentials.
@Suite struct ReferenceProxyTests {
  /// The provider's stand-ins: www3 down (503), www refusing connections (nothing listens on
  /// its port), www4 answering, all with the test CA's certificate in `keys`.
  struct Provider {
    let keys: String
    let down = BackgroundServer.freePort()
    let refusing = BackgroundServer.freePort()
    let backup = BackgroundServer.freePort()
    let login = "tsa@example.cz:portal-secret"
    var servers: [BackgroundServer] = []

    init(folder: String) throws {
      keys = folder + "/provider"
      let responder = repositoryRoot.appendingPathComponent(
        "Tests/TSAReportCLITests/tsa_responder.py"
      ).path
      let made = try runProgram("/usr/bin/python3", [responder, keys, "setup"])
      try #require(made.status == 0, "\(made.stderr)")
      servers = [
        try BackgroundServer(
          ["/usr/bin/python3", responder, keys, String(down), "fail"], port: down),
        try BackgroundServer(
          ["/usr/bin/python3", responder, keys, String(backup), "tsa", login], port: backup),
      ]
    }
  }

  /// The shipped file with what differs on a test machine replaced; each piece must still be
  /// in the shipped file.
  func shipped(_ path: String, replacing pairs: [(String, String)]) throws -> String {
    var text = try String(
      contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    for (shipped, here) in pairs {
      #expect(text.contains(shipped), "\(path) no longer has \(shipped)")
      text = text.replacingOccurrences(of: shipped, with: here)
    }
    return text
  }

  /// Writes the provider's login into a credentials file, the way the shipped file's comment
  /// says (`format` is the line with %s for the base64 of the login).
  func writeCredentials(_ login: String, format: String, to path: String) throws {
    let made = try runProgram(
      "/bin/sh",
      [
        "-c", "printf \"$1\" \"$(printf '%s' \"$2\" | base64 -w0)\" > \"$3\"", "sh", format, login,
        path,
      ])
    try #require(made.status == 0, "\(made.stderr)")
  }

  /// alice stamps three documents from 127.0.0.2, bob two from 127.0.0.3, with `openssl ts
  /// -query` and curl, without credentials: how many replies were granted, per client address.
  func stampDocuments(through proxy: Int, folder: String) throws -> [String: Int] {
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
            curl -s -f --interface "$2" -H 'Content-Type: application/timestamp-query' \\
              --data-binary @"$1.tsq" -o "$1.tsr" "$3" &&
            openssl ts -reply -in "$1.tsr" -text 2>/dev/null | grep -q '^Status: Granted'
            """,
            "sh", document, client, "http://127.0.0.1:\(proxy)/",
          ])
        if stamped.status == 0 { granted[client, default: 0] += 1 }
      }
    }
    return granted
  }

  /// Imports `log` into books of its own (127.0.0.2 is alice, .3 bob) and reports `usage --by`.
  func usage(of log: String, by dimension: String, session: Session, db: String) throws
    -> String
  {
    let books = ["--db", db]
    if !FileManager.default.fileExists(atPath: db) {
      for command in [
        ["contract", "add", "F2112000371", "--account", "tsa@example.cz"],
        ["user", "alias", "127.0.0.2", "alice"], ["user", "alias", "127.0.0.3", "bob"],
        ["import", log],
      ] {
        let done = try session.run(books + command)
        try #require(done.status == 0, "\(command): \(done.stdout)\(done.stderr)")
      }
    }
    return try session.run(
      books + [
        "usage", "--from", "2000-01-01", "--to", "2099-12-31", "--by", dimension, "--format",
        "csv",
      ]
    ).stdout
  }

  @Test func clientsStampThroughTheProxyAndTheBooksFindEveryStampTheyGot() throws {
    let session = Session()
    let folder = session.folder
    let provider = try Provider(folder: folder)
    let proxy = BackgroundServer.freePort()
    let conf = try shipped(
      "contrib/nginx/tsa-proxy.conf",
      replacing: [
        ("www3.postsignum.cz:443", "127.0.0.1:\(provider.down)"),
        ("www.postsignum.cz:443", "127.0.0.1:\(provider.refusing)"),
        ("www4.postsignum.cz:443", "127.0.0.1:\(provider.backup)"),
        ("listen 8318;", "listen 127.0.0.1:\(proxy);"),
        ("allow 127.0.0.1;", "allow 127.0.0.0/8;"),
        ("/var/log/nginx/tsa-access.json", folder + "/tsa-access.json"),
        ("/etc/nginx/tsa-credentials.conf", folder + "/tsa-credentials.conf"),
        ("/etc/ssl/certs/ca-certificates.crt", provider.keys + "/ca.pem"),
      ])
    try writeCredentials(
      provider.login, format: "set $tsa_authorization \"Basic %s\";\\n",
      to: folder + "/tsa-credentials.conf")
    try FileManager.default.createDirectory(
      atPath: folder + "/nginx-tmp", withIntermediateDirectories: true)
    try Data(nginxConfig(folder: folder, http: conf).utf8).write(
      to: URL(fileURLWithPath: folder + "/nginx.conf"))
    var nginx: BackgroundServer? = try BackgroundServer(
      ["/usr/sbin/nginx", "-c", folder + "/nginx.conf"], port: proxy,
      environment: session.environment)
    try #require(BackgroundServer.listening(proxy), "nginx did not start")

    let granted = try stampDocuments(through: proxy, folder: folder)
    #expect(granted == ["127.0.0.2": 3, "127.0.0.3": 2])
    usleep(300_000)
    nginx = nil
    _ = nginx
    withExtendedLifetime(provider) {}
    usleep(300_000)

    // The proxy's own log, imported: the stamps the clients got, by user, all from the backup.
    let log = folder + "/tsa-access.json"
    let db = folder + "/books.sqlite"
    #expect(
      try usage(of: log, by: "user", session: session, db: db)
        == "user,stamps,row\r\nalice,3,body\r\nbob,2,body\r\ntotal,5,total\r\n")
    #expect(
      try usage(of: log, by: "endpoint", session: session, db: db)
        == "endpoint,stamps,row\r\n127.0.0.1:\(provider.backup),5,body\r\ntotal,5,total\r\n")
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
    let books = try Data(contentsOf: URL(fileURLWithPath: db))
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
    let provider = try Provider(folder: folder)
    let proxy = BackgroundServer.freePort()
    let conf = try shipped(
      "contrib/apache/tsa-proxy.conf",
      replacing: [
        // httpd checks the certificate against the name in the URL, and takes no IP address
        // for a name: the stand-ins' certificate names localhost too.
        ("https://www3.postsignum.cz", "https://localhost:\(provider.down)"),
        ("https://www.postsignum.cz", "https://localhost:\(provider.refusing)"),
        ("https://www4.postsignum.cz", "https://localhost:\(provider.backup)"),
        ("Listen 8319", "Listen 127.0.0.1:\(proxy)"), ("*:8319", "127.0.0.1:\(proxy)"),
        ("Require ip 10.0.0.0/8 127.0.0.1", "Require ip 127.0.0.0/8"),
        ("/var/log/apache2/", folder + "/"),
        ("/etc/apache2/tsa-credentials.conf", folder + "/tsa-credentials.conf"),
        ("/etc/ssl/certs/ca-certificates.crt", provider.keys + "/ca.pem"),
      ])
    try Data(conf.utf8).write(to: URL(fileURLWithPath: folder + "/tsa-proxy.conf"))
    try writeCredentials(
      provider.login, format: "Define TSA_AUTHORIZATION \"Basic %s\"\\n",
      to: folder + "/tsa-credentials.conf")
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
    try #require(BackgroundServer.listening(proxy), "httpd did not start")

    let granted = try stampDocuments(through: proxy, folder: folder)
    // At most the first request met the endpoint that answers 503; the rest were stamped.
    let total = granted.values.reduce(0, +)
    #expect(total >= 4, "\(granted)")
    usleep(300_000)
    httpd = nil
    _ = httpd
    withExtendedLifetime(provider) {}
    usleep(300_000)

    var expected = "user,stamps,row\r\n"
    for (name, address) in [("alice", "127.0.0.2"), ("bob", "127.0.0.3")] {
      if let count = granted[address] { expected += "\(name),\(count),body\r\n" }
    }
    expected += "total,\(total),total\r\n"
    for log in ["tsa-access.json", "tsa-access.log"] {
      let db = folder + "/\(log).sqlite"
      #expect(try usage(of: folder + "/" + log, by: "user", session: session, db: db) == expected)
    }
    // Every stamp came from the backup (the JSON log names the balancer's member).
    #expect(
      try usage(
        of: folder + "/tsa-access.json", by: "endpoint", session: session,
        db: folder + "/tsa-access.json.sqlite")
        == "endpoint,stamps,row\r\nhttps://localhost:\(provider.backup),\(total),body\r\ntotal,\(total),total\r\n"
    )
    let books = try Data(contentsOf: URL(fileURLWithPath: folder + "/tsa-access.json.sqlite"))
    #expect(books.range(of: Data("portal-secret".utf8)) == nil)
  }
}
