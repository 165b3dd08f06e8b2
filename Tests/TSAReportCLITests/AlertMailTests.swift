import Foundation
import Testing

/// `alert` end to end through a real MTA: msmtp as the sendmail program, delivering over SMTP to
/// aiosmtpd on loopback, which writes a Maildir the test reads.
@Suite(.serialized) struct AlertMailTests {
  final class SMTPServer {
    let process = Process()
    let maildir: String
    let port: Int

    init(folder: String) throws {
      maildir = folder + "/maildir"
      port = Int.random(in: 20_000..<60_000)
      process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
      process.arguments = [
        "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox",
        maildir,
      ]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      // Wait (up to 15 s on a busy machine) until it accepts connections.
      for _ in 0..<150 where !SMTPServer.listening(port) { usleep(100_000) }
    }

    static func listening(_ port: Int) -> Bool {
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
      defer { close(fd) }
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = in_port_t(UInt16(port).bigEndian)
      address.sin_addr.s_addr = inet_addr("127.0.0.1")
      return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
      }
    }

    deinit {
      // aiosmtpd ignores SIGTERM; a server left behind would outlive the test run.
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }

    func messages() -> [String] {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: maildir + "/new")) ?? []
      return names.sorted().compactMap {
        try? String(contentsOfFile: maildir + "/new/" + $0, encoding: .utf8)
      }
    }
  }

  func setUp(_ session: Session, stampsUsed: Int) throws -> String {
    try session.run(["contract", "add", "F2112000371"])
    try session.run([
      "package", "add", "--contract", "F2112000371", "--stamps", "200", "--price", "847", "--paid",
      "2025-01-01",
    ])
    let now = Date().timeIntervalSince1970
    let events =
      (0..<stampsUsed).map { n in
        let time = ISO8601DateFormatter().string(
          from: Date(timeIntervalSince1970: now - Double(3600 + n * 60)))
        return #"{"time":"\#(time)","user":"alice","id":"e\#(n)"}"#
      }.joined(separator: "\n") + "\n"
    let path = session.folder + "/events.jsonl"
    try Data(events.utf8).write(to: URL(fileURLWithPath: path))
    try session.run(["import", path])
    return path
  }

  func msmtp(_ session: Session, port: Int) throws -> String {
    let config = session.folder + "/msmtprc"
    try Data(
      "account default\nhost 127.0.0.1\nport \(port)\nfrom tsa@example.cz\nauth off\ntls off\n".utf8
    )
    .write(to: URL(fileURLWithPath: config))
    chmod(config, 0o600)
    return "/usr/bin/msmtp -C \(config)"
  }

  @Test func aCriticalStateIsMailedOnceThroughARealMTA() throws {
    let session = Session()
    let server = try SMTPServer(folder: session.folder)
    _ = try setUp(session, stampsUsed: 193)
    let command = [
      "alert", "--mail-to", "ucetni@example.cz", "--mail-from", "tsa@example.cz", "--sendmail",
      try msmtp(session, port: server.port),
    ]
    let first = try session.run(command)
    #expect(first.status == 2, "\(first.stdout)\(first.stderr)")
    #expect(first.stdout.hasPrefix("TSA CRITICAL - F2112000371: 7 stamps left (3.5%), runway "))
    let second = try session.run(command)  // five minutes later, say: nothing new
    #expect(second.status == 2)
    #expect(second.stdout.isEmpty)

    let messages = server.messages()
    #expect(messages.count == 1)
    let message = try #require(messages.first)
    let headers = message.components(separatedBy: "\n\n")[0]
    #expect(headers.contains("Subject: [TSA CRITICAL] F2112000371: 7 stamps left (3.5%), runway "))
    #expect(headers.contains("From: tsa@example.cz"))
    #expect(headers.contains("To: ucetni@example.cz"))
    #expect(headers.contains("Auto-Submitted: auto-generated"))
    #expect(headers.contains("Content-Type: text/plain; charset=utf-8"))
    #expect(
      headers.range(
        of: #"Date: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0000"#,
        options: .regularExpression) != nil)
    #expect(
      headers.range(of: #"Message-ID: <[0-9a-f-]+@[^>]+>"#, options: .regularExpression) != nil)
    #expect(message.contains("F2112000371 is now CRITICAL (was OK)."))
    #expect(message.contains("Packages of F2112000371:"))
    #expect(message.contains("What to do: order a new package"))
  }

  @Test func aSendmailThatFailsIsExit3AndTheNextRunSends() throws {
    let session = Session()
    _ = try setUp(session, stampsUsed: 193)
    let failed = try session.run(["alert", "--mail-to", "a@example.cz", "--sendmail", "/bin/false"])
    #expect(failed.status == 3)
    #expect(failed.stdout.hasPrefix("TSA UNKNOWN - /bin/false refused the message"))
    let server = try SMTPServer(folder: session.folder)
    let retried = try session.run([
      "alert", "--mail-to", "a@example.cz", "--sendmail", try msmtp(session, port: server.port),
    ])
    #expect(retried.status == 2)
    #expect(server.messages().count == 1)
  }

  @Test func monitoringGetsItsStatusEveryTime() throws {
    let session = Session()
    _ = try setUp(session, stampsUsed: 150)
    for _ in 0..<2 {
      let check = try session.run([
        "alert", "--always", "--warn-runway", "0d", "--crit-runway", "0d",
      ])
      #expect(check.status == 0)
      #expect(check.stdout.hasPrefix("TSA OK - F2112000371: 50 stamps left (25%)"))
    }
    let warning = try session.run([
      "alert", "--always", "--warn-below", "60", "--warn-runway", "0d", "--crit-runway", "0d",
    ])
    #expect(warning.status == 1)
    #expect(warning.stdout.hasPrefix("TSA WARNING - "))
  }

  @Test func aSettingsFileKeepsTheCrontabLineShort() throws {
    let session = Session()
    let server = try SMTPServer(folder: session.folder)
    _ = try setUp(session, stampsUsed: 193)
    let config = session.folder + "/config.toml"
    try Data(
      """
      # tsa-report settings
      mail_to = ["ucetni@example.cz", "it@example.cz"]
      mail_from = "tsa@example.cz"
      sendmail = "\(try msmtp(session, port: server.port))"
      warn_below = ["20%"]
      remind_after = "7d"
      """.utf8
    ).write(to: URL(fileURLWithPath: config))
    session.environment["TSA_REPORT_CONFIG"] = config
    let result = try session.run(["alert"])
    #expect(result.status == 2, "\(result.stderr)")
    let message = try #require(server.messages().first)
    #expect(message.contains("To: ucetni@example.cz, it@example.cz"))
  }
}
