import Foundation
import TSAModel
import TSASystem
import Testing

/// The repository's root, found from this file's place in it.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// The built `tsa-report`: `TSA_REPORT_BIN` (set by `make test`), else the debug build.
let binary: String = {
  if let path = ProcessInfo.processInfo.environment["TSA_REPORT_BIN"], !path.isEmpty { return path }
  return repositoryRoot.appendingPathComponent(".build/debug/tsa-report").path
}()

/// What one run of a program did.
struct Outcome {
  var stdout: String
  var stderr: String
  var status: Int32
}

/// Runs a program to its end in the repository's root, with standard input from a file of the
/// repository (else empty), and collects what it wrote. A program still running after ten
/// minutes is killed (status 124): a hung command fails its test instead of the whole run.
@discardableResult
func runProgram(
  _ path: String, _ arguments: [String],
  environment: [String: String] = ProcessInfo.processInfo.environment, stdinFile: String? = nil
) throws -> Outcome {
  let result = try ChildProcess.run(
    [path] + arguments, environment: environment, directory: repositoryRoot.path,
    input: stdinFile.map {
      .file($0.hasPrefix("/") ? $0 : repositoryRoot.appendingPathComponent($0).path)
    } ?? .bytes([]),
    timeout: 600)
  return Outcome(
    stdout: String(decoding: result.stdout, as: UTF8.self),
    stderr: String(decoding: result.stderr, as: UTF8.self)
      + (result.termination == .timedOut ? "\n[killed after 600 s]\n" : ""),
    status: result.termination.status)
}

/// `2026-11-25T07:00:00Z`: an instant as a log would write it in UTC.
func utcText(_ instant: Instant) -> String {
  let second = instant.seconds % 86_400  // tests name instants after 1970
  func pad(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
  return LocalDate(daysSinceEpoch: instant.seconds / 86_400).iso + "T"
    + pad(second / 3600) + ":" + pad(second / 60 % 60) + ":" + pad(second % 60) + "Z"
}

/// What the test run's own environment says of the clock and the zone (libfaketime's
/// variables, NO_FAKE_STAT among them, and TZ), handed on to every program a test runs, so that a run with a shifted
/// clock or in another zone shifts the programs under test too.
let clockEnvironment = ProcessInfo.processInfo.environment.filter {
  ["TZ", "LD_PRELOAD", "NO_FAKE_STAT"].contains($0.key) || $0.key.hasPrefix("FAKETIME")
}

/// A temporary database and the environment commands run in; the working directory is the
/// repository root, so sample paths print the same on every machine.
final class Session {
  let folder: String
  var environment: [String: String]

  init() {
    folder = NSTemporaryDirectory() + "tsa-report-cli-" + UUID().uuidString
    try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "HOME": folder, "TSA_REPORT_DB": folder + "/books.sqlite", "TSA_REPORT_TZ": "Europe/Prague",
      "COLUMNS": "100", "LANG": "C.UTF-8",
      // An installed package's /etc/tsa-report/config.toml stays out of the tests' runs.
      "TSA_REPORT_SYSTEM_CONFIG": folder + "/etc-tsa-report-config.toml",
    ].merging(clockEnvironment) { own, _ in own }
  }

  deinit { try? FileManager.default.removeItem(atPath: folder) }

  /// Runs `tsa-report` with these arguments.
  @discardableResult
  func run(_ arguments: [String], stdinFile: String? = nil) throws -> Outcome {
    try runProgram(binary, arguments, environment: environment, stdinFile: stdinFile)
  }

  /// A copy of `Tests/Fixtures/NAME` in the session's folder whose files all carry the
  /// modification time `modified` (`touch -d`), whatever the checkout gave them.
  func copyOfFixture(_ name: String, modified: String) throws -> String {
    let copy = folder + "/" + name
    let fixture = repositoryRoot.appendingPathComponent("Tests/Fixtures/" + name).path
    for command in [
      ["/bin/cp", "-R", fixture, copy],
      ["/bin/sh", "-c", "find \"$0\" -exec touch -d \"$1\" {} +", copy, modified],
    ] {
      let done = try runProgram(command[0], Array(command.dropFirst()))
      try #require(done.status == 0, "\(command): \(done.stderr)")
    }
    return copy
  }

  /// The demo's books (`scripts/demo.sh`: a PostSignum contract, three packages, the sample
  /// log) as this session's database.
  func demoBooks() throws {
    var environment = self.environment
    environment["DEMO_DIR"] = folder + "/demo"
    let made = try runProgram(
      repositoryRoot.appendingPathComponent("scripts/demo.sh").path, [binary],
      environment: environment)
    try #require(made.status == 0, "\(made.stderr)")
    self.environment["TSA_REPORT_DB"] = folder + "/demo/books.sqlite"
  }

  /// A proxy log of `lines` lines in the session's folder, made by the benchmark's generator.
  func generatedLog(lines: Int) throws -> String {
    let log = folder + "/generated-\(lines).log"
    try runProgram(
      "/usr/bin/env",
      [
        "python3", repositoryRoot.appendingPathComponent("scripts/make-bench-log.py").path,
        String(lines), log,
        folder + "/generated-\(lines).csv",
      ])
    return log
  }

  /// Runs a command and writes it down as a transcript: the command line, its exit status,
  /// its standard output and standard error, with the temporary folder shown as $TMP.
  func transcript(_ arguments: [String], stdinFile: String? = nil) throws -> String {
    let result = try run(arguments, stdinFile: stdinFile)
    var text =
      "$ tsa-report " + arguments.map(quoted).joined(separator: " ")
      + (stdinFile.map { " < \($0)" } ?? "") + "\n"
    text += "[exit \(result.status)]\n"
    if !result.stdout.isEmpty { text += "--- stdout\n" + result.stdout }
    if !result.stderr.isEmpty { text += "--- stderr\n" + result.stderr }
    return text.replacingOccurrences(of: folder, with: "$TMP") + "\n"
  }

  /// An argument as a shell would need it, control characters shown as escapes.
  private func quoted(_ argument: String) -> String {
    let shown = TerminalText.escaped(argument)
    return shown.isEmpty || shown.contains(where: { $0 == " " || $0 == "\"" }) || shown != argument
      ? "'\(shown)'" : shown
  }
}

/// Compares `actual` with the committed file `Tests/Golden/NAME`, and on a difference records
/// it as a unified diff (`diff -u`, golden first). With `RECORD_GOLDEN=1` writes the file
/// instead and still fails, so that a new baseline is never taken without a look at its diff
/// (`git diff Tests/Golden`).
func expectGolden(
  _ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let url = repositoryRoot.appendingPathComponent("Tests/Golden/\(name)")
  let expected = try? String(contentsOf: url, encoding: .utf8)
  if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
    guard actual != expected else { return }
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(actual.utf8).write(to: url)
    let message =
      "recorded new baseline Tests/Golden/\(name) — review the diff (git diff Tests/Golden),"
      + " then run the tests again without RECORD_GOLDEN"
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    return
  }
  guard let expected else {
    Issue.record(
      "missing golden file Tests/Golden/\(name); record it with RECORD_GOLDEN=1",
      sourceLocation: sourceLocation)
    return
  }
  guard actual != expected else { return }
  let diff = try unifiedDiff(expected, actual, name: name)
  Issue.record(
    Comment(
      rawValue: "differs from Tests/Golden/\(name) (re-record with RECORD_GOLDEN=1 after reading"
        + " this):\n" + diff), sourceLocation: sourceLocation)
}

/// `diff -u` of two texts, labelled as the golden file and the actual output.
func unifiedDiff(_ expected: String, _ actual: String, name: String) throws -> String {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "tsa-report-diff-" + UUID().uuidString)
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: folder) }
  let old = folder.appendingPathComponent("expected")
  let new = folder.appendingPathComponent("actual")
  try Data(expected.utf8).write(to: old)
  try Data(actual.utf8).write(to: new)
  return try runProgram(
    "/usr/bin/diff",
    ["-u", "--label", "Tests/Golden/\(name)", "--label", "actual", old.path, new.path]
  ).stdout
}

/// A server a test runs in the background (nginx, Caddy, HAProxy, an SMTP sink) for as long as
/// the test holds it: it is started through `serve_while_open.sh`, which stops it when its
/// standard input closes, so a test run killed midway leaves no server behind.
final class BackgroundServer {
  let process = Process()
  private let lifeline = Pipe()

  /// Starts `arguments` and waits (up to 15 s) until it accepts connections on `port`.
  convenience init(
    _ arguments: [String], port: Int, environment: [String: String]? = nil,
    stdout: String? = nil
  ) throws {
    try self.init(
      arguments, ready: { BackgroundServer.listening(port) }, environment: environment,
      stdout: stdout)
  }

  /// Starts `arguments` and waits (up to 15 s) until `ready` says it is.
  init(
    _ arguments: [String], ready: () -> Bool, environment: [String: String]? = nil,
    stdout: String? = nil
  ) throws {
    process.executableURL = repositoryRoot.appendingPathComponent(
      "Tests/TSAReportCLITests/serve_while_open.sh")
    process.arguments = arguments
    if let environment { process.environment = environment }
    process.currentDirectoryURL = repositoryRoot
    process.standardInput = lifeline
    if let stdout {
      _ = FileManager.default.createFile(atPath: stdout, contents: nil)
      process.standardOutput = FileHandle(forWritingAtPath: stdout)
    } else {
      process.standardOutput = FileHandle.nullDevice
    }
    process.standardError = FileHandle.nullDevice
    try process.run()
    // Only the server's script may hold the pipe: no other program a test starts.
    _ = fcntl(lifeline.fileHandleForWriting.fileDescriptor, F_SETFD, FD_CLOEXEC)
    var waited = 0
    while waited < 150 && !ready() {
      usleep(100_000)
      waited += 1
    }
  }

  deinit {
    try? lifeline.fileHandleForWriting.close()
  }

  /// A free port on loopback, as the kernel hands one out.
  static func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
      }
    }
    return Int(UInt16(bigEndian: address.sin_port))
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
}
