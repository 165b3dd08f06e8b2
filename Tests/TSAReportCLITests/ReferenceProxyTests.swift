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
}
