import Foundation
import Testing

/// Logs written by the real servers from Debian, started by the test on loopback: the same
/// requests, sent by curl, through a proxy that logs them in several formats at once. Each log
/// imported alone gives the same books.
@Suite struct RealProxyTests {
  /// The requests every proxy is sent: user (nil: no credentials), password, method, path.
  static let requests: [(user: String?, password: String, method: String, path: String)] = [
    ("alice", "alice-pw", "POST", "/tsa"), ("alice", "alice-pw", "POST", "/tsa"),
    ("alice", "alice-pw", "POST", "/tsa"), ("bob", "bob-pw", "POST", "/tsa"),
    ("bob", "bob-pw", "POST", "/tsa"),
    ("bob", "bob-pw", "POST", "/reject"),  // a PKIStatus rejection: HTTP 200, 57 bytes
    ("mallory", "guess", "POST", "/tsa"),  // wrong password: 401
    (nil, "", "POST", "/tsa"),  // no credentials: 401
    (nil, "", "GET", "/health"),  // a monitoring probe
  ]

  /// What the books must say of them, worked out by hand: alice 3 stamps, bob 2; one
  /// rejection, two auth failures, one probe.
  static let expectedUsage = "user,stamps,row\r\nalice,3,body\r\nbob,2,body\r\ntotal,5,total\r\n"
  static let expectedUnbilled =
    "Seen but not billed: 1 rejected by TSA · 2 auth failures · 1 probe · 0 errors · 0 malformed"

  /// Sends the requests with curl, a request body like a time-stamp query.
  func send(to port: Int, folder: String) throws {
    let query = folder + "/query.tsq"
    try Data(repeating: 0x30, count: 59).write(to: URL(fileURLWithPath: query))
    for request in Self.requests {
      var arguments = [
        "-s", "-o", "/dev/null", "-X", request.method, "http://127.0.0.1:\(port)\(request.path)",
      ]
      if request.method == "POST" {
        arguments += [
          "-H", "Content-Type: application/timestamp-query", "--data-binary", "@" + query,
        ]
      }
      if let user = request.user { arguments += ["-u", "\(user):\(request.password)"] }
      let sent = try runProgram("/usr/bin/curl", arguments)
      try #require(sent.status == 0, "curl \(arguments): \(sent.stderr)")
    }
  }

  /// Imports one log into books of its own and reports usage by user, and the unbilled line.
  func books(of log: String, in session: Session, name: String, extra: [String] = [])
    throws -> (csv: String, text: String, imported: String)
  {
    let db = ["--db", session.folder + "/\(name).sqlite"]
    try session.run(db + ["contract", "add", "F2112000371"])
    let imported = try session.run(db + ["import", log] + extra)
    #expect(imported.status == 0, "\(name): \(imported.stdout)\(imported.stderr)")
    let all = ["usage", "--from", "2000-01-01", "--to", "2099-12-31", "--by", "user"]
    return (
      try session.run(db + all + ["--format", "csv"]).stdout, try session.run(db + all).stdout,
      imported.stdout
    )
  }

  /// A real nginx as the Basic-auth proxy in front of a stand-in TSA (nginx too), writing the
  /// predefined combined format, the widely copied `json_combined` (nginx's own variable names,
  /// every value a string) and a JSON log of nginx variables with JSON numbers, side by side.
  @Test func nginxLogsInEveryFormatGiveTheSameBooks() throws {
    let session = Session()
    let folder = session.folder
    try Data("alice:{PLAIN}alice-pw\nbob:{PLAIN}bob-pw\n".utf8).write(
      to: URL(fileURLWithPath: folder + "/htpasswd"))
    let (tsa, proxy) = (BackgroundServer.freePort(), BackgroundServer.freePort())
    let standIn = try standInTSA(port: tsa, folder: folder, environment: session.environment)
    try FileManager.default.createDirectory(
      atPath: folder + "/nginx-tmp", withIntermediateDirectories: true)
    let config = nginxConfig(
      folder: folder,
      http: """
        log_format json_combined escape=json
          '{'
            '"time_local":"$time_local",'
            '"remote_addr":"$remote_addr",'
            '"remote_user":"$remote_user",'
            '"request":"$request",'
            '"status": "$status",'
            '"body_bytes_sent":"$body_bytes_sent",'
            '"request_time":"$request_time",'
            '"http_referrer":"$http_referer",'
            '"http_user_agent":"$http_user_agent"'
          '}';
        log_format nginx_vars escape=json
          '{"time_iso8601":"$time_iso8601","msec":$msec,"remote_addr":"$remote_addr",'
          '"remote_user":"$remote_user","request_method":"$request_method",'
          '"request_uri":"$request_uri","status":$status,"body_bytes_sent":$body_bytes_sent,'
          '"upstream_addr":"$upstream_addr","upstream_status":"$upstream_status",'
          '"sent_http_content_type":"$sent_http_content_type","request_id":"$request_id"}';
        server {
          listen 127.0.0.1:\(proxy);
          access_log \(folder)/access.log combined;
          access_log \(folder)/access-json_combined.json json_combined;
          access_log \(folder)/access-vars.json nginx_vars;
          location / {
            auth_basic "TSA";
            auth_basic_user_file \(folder)/htpasswd;
            proxy_pass http://127.0.0.1:\(tsa);
          }
          location = /health { return 200 "ok"; }
        }
        """)
    try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/nginx.conf"))
    var nginx: BackgroundServer? = try BackgroundServer(
      ["/usr/sbin/nginx", "-c", folder + "/nginx.conf"], port: proxy,
      environment: session.environment)
    try #require(BackgroundServer.listening(proxy), "nginx did not start")
    try send(to: proxy, folder: folder)
    nginx = nil  // stopped: its logs are complete
    _ = nginx
    withExtendedLifetime(standIn) {}
    usleep(500_000)

    let combined = try books(of: folder + "/access.log", in: session, name: "combined")
    #expect(combined.csv == Self.expectedUsage)
    #expect(combined.text.contains(Self.expectedUnbilled), "\(combined.text)")
    for log in ["access-json_combined.json", "access-vars.json"] {
      let json = try books(of: folder + "/" + log, in: session, name: log)
      #expect(json.imported.contains("[auto: nginx-json]: 9 lines"), "\(log): \(json.imported)")
      #expect(json.csv == combined.csv, "\(log)")
      #expect(json.text.contains(Self.expectedUnbilled), "\(log): \(json.text)")
    }
  }

  /// A real Caddy (Debian's) as the Basic-auth proxy, with its default JSON access log; the
  /// stand-in TSA is a second site of the same Caddy.
  @Test func caddysJSONLogGivesTheSameBooks() throws {
    let session = Session()
    let folder = session.folder
    let (tsa, proxy) = (BackgroundServer.freePort(), BackgroundServer.freePort())
    func hash(_ password: String) throws -> String {
      let made = try runProgram("/usr/bin/caddy", ["hash-password", "--plaintext", password])
      try #require(made.status == 0, "\(made.stderr)")
      return made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
    let caddyfile = """
      {
        admin off
        auto_https off
      }
      http://127.0.0.1:\(tsa) {
        handle /tsa {
          header Content-Type application/timestamp-reply
          respond "\(String(repeating: "T", count: 1551))" 200
        }
        handle /reject {
          header Content-Type application/timestamp-reply
          respond "\(String(repeating: "R", count: 57))" 200
        }
      }
      http://127.0.0.1:\(proxy) {
        log {
          output file \(folder)/caddy-access.json
          format json
        }
        handle /health {
          respond "ok" 200
        }
        handle {
          basicauth {
            alice \(try hash("alice-pw"))
            bob \(try hash("bob-pw"))
          }
          reverse_proxy 127.0.0.1:\(tsa)
        }
      }
      """
    try Data(caddyfile.utf8).write(to: URL(fileURLWithPath: folder + "/Caddyfile"))
    var environment = session.environment
    environment["XDG_DATA_HOME"] = folder + "/caddy-data"
    environment["XDG_CONFIG_HOME"] = folder + "/caddy-config"
    var caddy: BackgroundServer? = try BackgroundServer(
      ["/usr/bin/caddy", "run", "--config", folder + "/Caddyfile", "--adapter", "caddyfile"],
      port: proxy, environment: environment)
    try #require(BackgroundServer.listening(proxy), "Caddy did not start")
    try send(to: proxy, folder: folder)
    usleep(300_000)
    caddy = nil
    _ = caddy
    usleep(500_000)
    let books = try books(of: folder + "/caddy-access.json", in: session, name: "caddy")
    #expect(books.imported.contains("[auto: caddy]: 9 lines"), "\(books.imported)")
    #expect(books.csv == Self.expectedUsage, "\(books.imported)")
    #expect(books.text.contains(Self.expectedUnbilled), "\(books.text)")
  }

  /// A real HAProxy (Debian's) checks the Basic credentials (a userlist) and logs its default
  /// HTTP log line to standard output; the stand-in TSA is nginx. HAProxy's line names no user:
  /// the client address stands for one, and its local time is read in the report zone.
  @Test func haproxysHTTPLogGivesTheSameStamps() throws {
    let session = Session()
    let folder = session.folder
    let (tsa, proxy) = (BackgroundServer.freePort(), BackgroundServer.freePort())
    let haproxy = haproxyConfig(log: "log stdout format raw local0", port: proxy, tsa: tsa)
    try Data(haproxy.utf8).write(to: URL(fileURLWithPath: folder + "/haproxy.cfg"))
    // HAProxy writes its local time: make it the report zone's.
    var environment = session.environment
    environment["TZ"] = "Europe/Prague"
    let standIn = try standInTSA(port: tsa, folder: folder, environment: environment)
    var server: BackgroundServer? = try BackgroundServer(
      ["/usr/sbin/haproxy", "-db", "-f", folder + "/haproxy.cfg"], port: proxy,
      environment: environment, stdout: folder + "/haproxy.log")
    try #require(BackgroundServer.listening(proxy), "HAProxy did not start")
    try send(to: proxy, folder: folder)
    usleep(300_000)
    server = nil
    _ = server
    withExtendedLifetime(standIn) {}
    usleep(500_000)
    let books = try books(of: folder + "/haproxy.log", in: session, name: "haproxy")
    #expect(books.imported.contains("[auto: haproxy]: 9 lines"), "\(books.imported)")
    #expect(
      books.csv == "user,stamps,row\r\n127.0.0.1,5,body\r\ntotal,5,total\r\n", "\(books.imported)")
    #expect(books.text.contains(Self.expectedUnbilled), "\(books.text)")
  }

  /// A central log host: two HAProxy proxies (`log-send-hostname proxy-a`, `proxy-b`) send
  /// RFC 5424 syslog to one receiver, and nginx sends RFC 3164 (`access_log syslog:`) to
  /// another; the files hold what arrived. The syslog-wrapped lines give the books the plain
  /// ones give, and `usage --by host` tells the proxies apart.
  @Test func proxiesLoggingThroughSyslogAreToldApartByHost() throws {
    let session = Session()
    let folder = session.folder
    var environment = session.environment
    environment["TZ"] = "Europe/Prague"
    let tsa = BackgroundServer.freePort()
    let standIn = try standInTSA(port: tsa, folder: folder, environment: environment)
    let sinks = (BackgroundServer.freePort(), BackgroundServer.freePort())
    let sink = repositoryRoot.appendingPathComponent("Tests/TSAReportCLITests/syslog_sink.py").path
    let central5424 = try BackgroundServer(
      ["/usr/bin/python3", sink, folder + "/central-rfc5424.log", String(sinks.0)], port: sinks.0)
    let central3164 = try BackgroundServer(
      ["/usr/bin/python3", sink, folder + "/central-rfc3164.log", String(sinks.1)], port: sinks.1)

    var proxies: [BackgroundServer] = []
    for name in ["proxy-a", "proxy-b"] {
      let port = BackgroundServer.freePort()
      let config = haproxyConfig(
        log: "log 127.0.0.1:\(sinks.0) format rfc5424 local0\n  log-send-hostname \(name)",
        port: port, tsa: tsa)
      try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/\(name).cfg"))
      proxies.append(
        try BackgroundServer(
          ["/usr/sbin/haproxy", "-db", "-f", folder + "/\(name).cfg"], port: port,
          environment: environment))
      try send(to: port, folder: folder)
    }
    try FileManager.default.createDirectory(
      atPath: folder + "/nginx-tmp", withIntermediateDirectories: true)
    try Data("alice:{PLAIN}alice-pw\nbob:{PLAIN}bob-pw\n".utf8).write(
      to: URL(fileURLWithPath: folder + "/htpasswd"))
    let nginxPort = BackgroundServer.freePort()
    let nginx = nginxConfig(
      folder: folder,
      http: """
        server {
          listen 127.0.0.1:\(nginxPort);
          access_log \(folder)/access.log combined;
          access_log syslog:server=127.0.0.1:\(sinks.1),tag=nginx combined;
          location / {
            auth_basic "TSA";
            auth_basic_user_file \(folder)/htpasswd;
            proxy_pass http://127.0.0.1:\(tsa);
          }
          location = /health { return 200 "ok"; }
        }
        """)
    try Data(nginx.utf8).write(to: URL(fileURLWithPath: folder + "/nginx.conf"))
    var proxy: BackgroundServer? = try BackgroundServer(
      ["/usr/sbin/nginx", "-c", folder + "/nginx.conf"], port: nginxPort,
      environment: environment)
    try send(to: nginxPort, folder: folder)
    usleep(500_000)
    proxy = nil
    proxies = []
    _ = proxy
    withExtendedLifetime((standIn, central5424, central3164)) {}
    usleep(500_000)

    // HAProxy through RFC 5424: 18 lines, two hosts.
    let haproxy = try books(of: folder + "/central-rfc5424.log", in: session, name: "rfc5424")
    #expect(haproxy.imported.contains("[auto: haproxy]: 18 lines"), "\(haproxy.imported)")
    #expect(haproxy.csv == "user,stamps,row\r\n127.0.0.1,10,body\r\ntotal,10,total\r\n")
    let byHost = try session.run([
      "--db", folder + "/rfc5424.sqlite", "usage", "--from", "2000-01-01", "--to", "2099-12-31",
      "--by", "host", "--format", "csv",
    ])
    #expect(
      byHost.stdout == "host,stamps,row\r\nproxy-a,5,body\r\nproxy-b,5,body\r\ntotal,10,total\r\n")

    // nginx through RFC 3164: the books of its own file log, and the machine's name as host.
    let wrapped = try books(of: folder + "/central-rfc3164.log", in: session, name: "rfc3164")
    let plain = try books(of: folder + "/access.log", in: session, name: "plain")
    #expect(wrapped.imported.contains("[auto: combined]: 9 lines"), "\(wrapped.imported)")
    #expect(wrapped.csv == Self.expectedUsage)
    #expect(wrapped.csv == plain.csv)
    let hostname = try runProgram("/bin/hostname", []).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let nginxHost = try session.run([
      "--db", folder + "/rfc3164.sqlite", "usage", "--from", "2000-01-01", "--to", "2099-12-31",
      "--by", "host", "--format", "csv",
    ])
    #expect(nginxHost.stdout == "host,stamps,row\r\n\(hostname),5,body\r\ntotal,5,total\r\n")
  }
}

/// An nginx configuration for a test: run as root in the foreground, everything it writes in
/// `folder` (files named after `name`), and `http` inside its http block.
func nginxConfig(folder: String, name: String = "nginx", http: String) -> String {
  """
  user root;
  daemon off;
  pid \(folder)/\(name).pid;
  error_log \(folder)/\(name)-error.log;
  events {}
  http {
    client_body_temp_path \(folder)/\(name)-tmp/body;
    proxy_temp_path \(folder)/\(name)-tmp/proxy;
    fastcgi_temp_path \(folder)/\(name)-tmp/fastcgi;
    uwsgi_temp_path \(folder)/\(name)-tmp/uwsgi;
    scgi_temp_path \(folder)/\(name)-tmp/scgi;
    access_log off;
  \(http)
  }
  """
}

/// A stand-in TSA (nginx) on `port`: a token-sized reply at /tsa, a rejection-sized one at
/// /reject.
func standInTSA(port: Int, folder: String, environment: [String: String]) throws
  -> BackgroundServer
{
  try FileManager.default.createDirectory(
    atPath: folder + "/tsa-tmp", withIntermediateDirectories: true)
  let config = nginxConfig(
    folder: folder, name: "tsa",
    http: """
      server {
        listen 127.0.0.1:\(port);
        default_type application/timestamp-reply;
        location /tsa { return 200 "\(String(repeating: "T", count: 1551))"; }
        location /reject { return 200 "\(String(repeating: "R", count: 57))"; }
      }
      """)
  try Data(config.utf8).write(to: URL(fileURLWithPath: folder + "/tsa-nginx.conf"))
  return try BackgroundServer(
    ["/usr/sbin/nginx", "-c", folder + "/tsa-nginx.conf"], port: port, environment: environment)
}

/// HAProxy as the Basic-auth proxy (a userlist) on `port` in front of the stand-in TSA, its
/// default HTTP log sent where `log` (global lines) says; connections without a request are
/// not logged, as in Debian's default configuration.
func haproxyConfig(log: String, port: Int, tsa: Int) -> String {
  """
  global
    \(log)
  defaults
    mode http
    log global
    option httplog
    option dontlognull
    timeout connect 5s
    timeout client 5s
    timeout server 5s
  userlist tsa_users
    user alice insecure-password alice-pw
    user bob insecure-password bob-pw
  frontend tsa_proxy
    bind 127.0.0.1:\(port)
    http-request return status 200 content-type text/plain string ok if { path /health }
    http-request auth realm TSA unless { http_auth(tsa_users) }
    default_backend tsa
  backend tsa
    server stand_in 127.0.0.1:\(tsa)

  """
}
