import Foundation
import Testing

/// The real logrotate, with `copytruncate` and `compress`, rotates a log while `tsa-report
/// import` is reading it; new lines then arrive in the live log. Whatever moment the rotation
/// hits, the books end with every line once: the copy (compressed) and the live log, imported in
/// either order, add exactly what was not read before.
@Suite struct LogrotateTests {
  static let lines = 300_000

  func line(_ n: Int) -> String {
    let time = String(
      format: "%02d/Oct/2026:%02d:%02d:%02d +0200", 1 + n / 86_400 % 28, n / 3600 % 24,
      n / 60 % 60, n % 60)
    return
      "10.0.0.\(n % 200 + 1) - user\(n % 41) [\(time)] \"POST /TSS/TSS_user/ HTTP/1.1\" 200 1551 \"-\" \"curl/7.88.1\"\n"
  }

  @Test(arguments: [true, false])
  func copytruncateUnderARunningImportCountsEveryLineOnce(copyFirst: Bool) throws {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    let log = session.folder + "/access.log"
    try (0..<Self.lines).map(line).joined().write(toFile: log, atomically: true, encoding: .utf8)
    let config = session.folder + "/logrotate.conf"
    try "\(log) {\n  copytruncate\n  compress\n  rotate 5\n  missingok\n}\n".write(
      toFile: config, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: config)

    // The import runs; a moment later logrotate copies the log, truncates it and compresses
    // the copy; then the server writes on.
    let importing = Process()
    importing.executableURL = URL(fileURLWithPath: binary)
    importing.arguments = ["import", log]
    importing.environment = session.environment
    importing.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    try importing.run()
    usleep(150_000)
    let rotate = try runProgram(
      "/usr/sbin/logrotate", ["-f", "-s", session.folder + "/logrotate.state", config])
    importing.waitUntilExit()
    #expect(rotate.status == 0, "\(rotate.stderr)")
    #expect(importing.terminationStatus == 0)
    #expect(FileManager.default.fileExists(atPath: log + ".1.gz"))
    let more = 7
    let handle = try #require(FileHandle(forWritingAtPath: log))
    handle.seekToEndOfFile()
    handle.write(Data((Self.lines..<Self.lines + more).map(line).joined().utf8))
    handle.closeFile()

    let order = copyFirst ? [log + ".1.gz", log] : [log, log + ".1.gz"]
    for path in order + order {
      let done = try session.run(["import", path])
      #expect(done.status == 0, "\(done.stderr)")
    }
    let usage = try session.run([
      "usage", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "csv",
    ])
    #expect(usage.stdout.contains("\(Self.lines + more)"), "\(usage.stdout)")
  }
}
