import Foundation
import TSAModel

/// One import run as the books remember it.
public struct ImportRun: Sendable, Equatable {
  public var started: Instant
  public var seconds: Double
  /// `ok`, `dry run`, or `failed: …` with the reason.
  public var outcome: String
  public var paths: [String]
  public var lines: Int64
  public var stampsNew: Int64
  public var malformed: Int64

  public init(
    started: Instant, seconds: Double, outcome: String, paths: [String], lines: Int64,
    stampsNew: Int64, malformed: Int64
  ) {
    self.started = started
    self.seconds = seconds
    self.outcome = outcome
    self.paths = paths
    self.lines = lines
    self.stampsNew = stampsNew
    self.malformed = malformed
  }
}

extension Store {
  /// Remembers an import run — also one that wrote nothing (a dry run, a failure): "did last
  /// night's import run?" has its answer in the books.
  public func recordImport(_ run: ImportRun) throws {
    try inTransaction {
      try db.prepare(
        """
        INSERT INTO import_run (started, seconds, outcome, paths, lines, stamps_new, malformed)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """
      ).run([
        .integer(run.started.microseconds), .real(run.seconds), .text(run.outcome),
        .text(run.paths.joined(separator: "\n")), .integer(run.lines), .integer(run.stampsNew),
        .integer(run.malformed),
      ])
    }
  }

  /// When the last import that read into the books ended (a kept run: not a dry run, not a
  /// failure); nil when none did.
  package func lastImportEnd() throws -> Instant? {
    try db.prepare(
      "SELECT max(started + CAST(seconds * 1000000 AS INTEGER)) FROM import_run WHERE outcome = 'ok'"
    ).rows { $0.optionalInt(0).map(Instant.init(microseconds:)) }.first ?? nil
  }

  /// The import runs, newest first, at most `limit`.
  public func importRuns(limit: Int) throws -> [ImportRun] {
    try db.prepare(
      """
      SELECT started, seconds, outcome, paths, lines, stamps_new, malformed FROM import_run
      ORDER BY started DESC, id DESC LIMIT ?
      """
    ).rows([.integer(Int64(limit))]) {
      ImportRun(
        started: Instant(microseconds: $0.int(0)), seconds: $0.real(1), outcome: $0.text(2),
        paths: $0.text(3).split(separator: "\n").map(String.init), lines: $0.int(4),
        stampsNew: $0.int(5), malformed: $0.int(6))
    }
  }
}
