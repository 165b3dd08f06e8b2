import Foundation
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
/// repository (else empty), and collects what it wrote.
@discardableResult
func runProgram(
  _ path: String, _ arguments: [String],
  environment: [String: String] = ProcessInfo.processInfo.environment, stdinFile: String? = nil
) throws -> Outcome {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  process.environment = environment
  process.currentDirectoryURL = repositoryRoot
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput =
    stdinFile.flatMap {
      FileHandle(forReadingAtPath: repositoryRoot.appendingPathComponent($0).path)
    }
    ?? FileHandle.nullDevice
  try process.run()
  // Read both pipes to the end before waiting, so a large output cannot block the child.
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  let errData = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return Outcome(
    stdout: String(decoding: outData, as: UTF8.self),
    stderr: String(decoding: errData, as: UTF8.self),
    status: process.terminationStatus)
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
    ]
  }

  deinit { try? FileManager.default.removeItem(atPath: folder) }

  /// Runs `tsa-report` with these arguments.
  @discardableResult
  func run(_ arguments: [String], stdinFile: String? = nil) throws -> Outcome {
    try runProgram(binary, arguments, environment: environment, stdinFile: stdinFile)
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

  private func quoted(_ argument: String) -> String {
    argument.contains(where: { $0 == " " || $0 == "\"" }) ? "'\(argument)'" : argument
  }
}

/// Compares `actual` with the committed file `Tests/Golden/NAME`; with `RECORD_GOLDEN=1`
/// writes it instead (review the diff before committing).
func expectGolden(
  _ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
) throws {
  let url = repositoryRoot.appendingPathComponent("Tests/Golden/\(name)")
  if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(actual.utf8).write(to: url)
    return
  }
  guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
    Issue.record(
      "missing golden file Tests/Golden/\(name); record it with RECORD_GOLDEN=1",
      sourceLocation: sourceLocation)
    return
  }
  #expect(actual == expected, "differs from Tests/Golden/\(name)", sourceLocation: sourceLocation)
}
