import Foundation
import TSAModel
import TSASystem

/// A line as the reading thread hands it to the importer: where it was, and what it held.
struct ParsedLine: Sendable {
  enum Content: Sendable {
    case record(Record)
    /// A line that holds no record (a CSV header).
    case nothing
    /// Why the line could not be read, its first bytes for the excerpt, and its time when one
    /// can be made out.
    case malformed(MalformedReason, excerpt: [UInt8], time: Instant?)
  }

  var offset: Int64
  var number: Int64
  var content: Content
  /// What the line is known by (`LineDigest`).
  var digest: UInt32
}

/// Reads and parses the lines of one input on a thread of its own, a few batches ahead of the
/// importer, which stores them: parsing a line overlaps SQLite's storing of the one before
/// instead of adding to it. The reader and its input belong to the reading thread until
/// `finish` returns; only then may the caller look at them again.
final class LinePipeline: @unchecked Sendable {
  struct Batch: Sendable {
    var lines: [ParsedLine] = []
    /// How far into the file on disk the reader had got, for a progress bar.
    var diskPosition: Int64 = 0
  }

  static let batchSize = 4096
  /// Batches read ahead at most: memory stays constant however long the input.
  static let depth = 4

  private let batches = Channel<Batch>(capacity: depth)
  private let finished = DispatchSemaphore(value: 0)
  /// Set by the reading thread before it signals `finished`.
  private var end: Result<Int64, Error>?
  private struct Stopped: Error {}

  private struct Owned: @unchecked Sendable {
    let reader: LineReader
    let parser: any LineFormat
  }

  /// Starts reading `reader` from `start` (the input must already be positioned there).
  init(
    reader: LineReader, from start: Int64, firstLineNumber: Int64, format: LineFormatEntry,
    parser: any LineFormat, digest: LineDigest
  ) {
    // Handed over whole: nothing else touches the reader or the parser until the end.
    let owned = Owned(reader: reader, parser: parser)
    Thread.detachNewThread { [self] in
      let reader = owned.reader
      var parser = owned.parser
      var batch = Batch()
      batch.lines.reserveCapacity(Self.batchSize)
      let outcome = Result {
        let end = try reader.forEachLine(from: start, firstLineNumber: firstLineNumber) { line in
          batch.lines.append(
            ParsedLine(
              offset: line.offset, number: line.number,
              content: Self.content(of: line, format: format, parser: &parser),
              digest: digest(offset: line.offset, line.bytes)))
          if batch.lines.count == Self.batchSize {
            batch.diskPosition = reader.input.diskPosition
            guard batches.send(batch) else { throw Stopped() }
            batch.lines.removeAll(keepingCapacity: true)
          }
          return true
        }
        batch.diskPosition = reader.input.diskPosition
        if !batch.lines.isEmpty { batches.send(batch) }
        return end
      }
      end = outcome
      if case .failure(let error) = outcome {
        batches.close(throwing: error)
      } else {
        batches.close()
      }
      finished.signal()
    }
  }

  /// The next batch of lines; nil after the last. Throws what stopped the reading.
  func next() throws -> Batch? { try batches.receive() }

  /// Waits for the reading thread to end; returns the offset just after the last complete
  /// line it read. Only then may the reader be used again.
  func finish() throws -> Int64 {
    finished.wait()
    return try end!.get()
  }

  /// Tells the reading thread to stop, without waiting for it: it ends at its next batch (or
  /// when its current read returns, which on a pipe may be much later). For when the lines are
  /// no longer wanted, since the import failed.
  func stop() { batches.abandon() }

  /// What a line holds: a record, nothing, or why it is malformed.
  static func content(of line: Line, format: LineFormatEntry, parser: inout any LineFormat)
    -> ParsedLine.Content
  {
    let parsed: Result<Record?, MalformedReason> =
      if line.isOverlong {
        .failure(.overlong(limit: LineReader.maxLineLength))
      } else if let problem = line.bytes.textProblem {
        // A proxy's line is read by its bytes: bytes that are not UTF-8 in a URL or a user agent
        // (a Big5 URL) do not stop it, as long as the user it names is text.
        if problem == .invalidUTF8 && format.readsRawBytes {
          parser.parse(line.bytes).flatMap { record in
            record?.user?.contains("\u{FFFD}") == true
              ? .failure(.invalidUTF8) : .success(record)
          }
        } else {
          .failure(problem)
        }
      } else {
        parser.parse(line.bytes)
      }
    switch parsed {
    case .success(let record?): return .record(record)
    case .success(nil): return .nothing
    case .failure(let reason):
      let time = line.isOverlong ? nil : format.timeOfMalformedLine?(line.bytes)
      return .malformed(
        reason, excerpt: Array(line.bytes.prefix(LineReader.excerptWindow)), time: time)
    }
  }
}
