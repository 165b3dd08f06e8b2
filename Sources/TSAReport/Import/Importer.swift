import Foundation

/// The input formats tsa-report reads.
public enum InputFormat: String, Sendable, CaseIterable {
  case combined
}

/// How an import runs; one set for all its inputs.
public struct ImportOptions: Sendable {
  public var format: InputFormat
  /// Bill every stamp of this import to this contract.
  public var contractCode: String?
  /// Attribute every request of this import to this user, whatever the log says.
  public var user: String?
  public var minTokenBytes: Int64
  /// Compute the summary, write nothing.
  public var dryRun: Bool
  /// Any malformed line fails the whole import.
  public var strict: Bool

  public init(
    format: InputFormat = .combined, contractCode: String? = nil, user: String? = nil,
    minTokenBytes: Int64 = Classification.defaultMinTokenBytes, dryRun: Bool = false,
    strict: Bool = false
  ) {
    self.format = format
    self.contractCode = contractCode
    self.user = user
    self.minTokenBytes = minTokenBytes
    self.dryRun = dryRun
    self.strict = strict
  }
}

/// A line kept aside because it could not be read.
public struct MalformedLine: Sendable, Equatable {
  public var line: Int64
  public var reason: MalformedReason
  public var excerpt: String
}

/// What one import did with one input.
public struct SourceSummary: Sendable {
  public var path: String
  public var format: InputFormat
  /// Complete lines read this time.
  public var lines: Int64 = 0
  /// Lines already imported before and skipped without reading (the file grew).
  public var alreadyImportedLines: Int64 = 0
  /// Requests newly stored, by outcome (`.granted` are the new stamps).
  public var new: [Outcome: Int64] = [:]
  /// Lines that were already in the books.
  public var duplicates: Int64 = 0
  public var malformed: Int64 = 0
  /// The first few malformed lines, to show right away.
  public var firstMalformed: [MalformedLine] = []
  /// Bytes of an unfinished last line, left for the next import.
  public var unfinishedBytes: Int64 = 0

  public var newStamps: Int64 { new[.granted, default: 0] }
}

/// Reads inputs into the books: every line becomes an attempt or a malformed line, every
/// granted request a stamp, each exactly once. One `run` is one transaction.
public struct Importer {
  public static let malformedShown = 5
  static let excerptLength = LineReader.excerptLength

  let store: Store
  let options: ImportOptions
  let now: Instant

  public init(store: Store, options: ImportOptions, now: Instant) {
    self.store = store
    self.options = options
    self.now = now
  }

  /// Imports every path (files, or directories searched recursively) in one transaction.
  public func run(paths: [String]) throws -> [SourceSummary] {
    let files = try paths.flatMap(InputFiles.expand)
    return try store.inTransaction(commit: !options.dryRun) {
      let contract = try store.defaultContract(explicit: options.contractCode)
      let writer = try AttemptWriter(store: store)
      return try files.map { try importFile($0, contractID: contract.id, writer: writer) }
    }
  }

  private func importFile(_ path: String, contractID: Int64, writer: AttemptWriter) throws
    -> SourceSummary
  {
    let file = try InputFile(path: path)
    var summary = SourceSummary(path: path, format: options.format)
    guard let firstLine = try file.firstLine() else {
      summary.unfinishedBytes = file.size
      return summary
    }
    let fingerprint = Fingerprint.sha256(firstLine)
    let known = try store.sources(fingerprint: fingerprint)
    var source: SourceRecord
    var start: Int64 = 0
    if let grown = try known.first(where: { try file.continues($0) }) {
      // The same log, possibly grown: only what follows the last imported line is new.
      source = grown
      start = grown.importedBytes
      summary.alreadyImportedLines = grown.importedLines
    } else if let longer = known.first(where: { $0.importedBytes > file.size }) {
      // An earlier, shorter copy of a source already imported further: re-read, store nothing twice.
      source = longer
    } else {
      source = try store.createSource(
        fingerprint: fingerprint, format: options.format.rawValue, path: path, now: now)
    }

    let end = try file.reader(from: start).forEachLine(
      from: start, firstLineNumber: start == 0 ? 1 : source.importedLines + 1
    ) { line in
      summary.lines += 1
      try importLine(line, source: source.id, contract: contractID, writer: writer, into: &summary)
    }
    summary.unfinishedBytes = file.size - end
    if end > source.importedBytes {
      source.importedLines = (start == 0 ? 0 : source.importedLines) + summary.lines
      source.importedBytes = end
      source.checkpoint = try file.checkpoint(endingAt: end)
    }
    source.path = path
    try store.updateSource(source, now: now)
    return summary
  }

  private func importLine(
    _ line: Line, source: Int64, contract: Int64, writer: AttemptWriter,
    into summary: inout SourceSummary
  ) throws {
    let parsed: Result<ProxyRequest, MalformedReason>
    if line.isOverlong {
      parsed = .failure(.overlong(limit: LineReader.maxLineLength))
    } else if !line.bytes.isValidUTF8 {
      parsed = .failure(.invalidUTF8)
    } else {
      parsed = CombinedLogParser.parse(line.bytes)
    }
    switch parsed {
    case .success(let request):
      let userName =
        options.user
        ?? String(decoding: line.bytes[request.remoteUser ?? request.remoteAddress], as: UTF8.self)
      let isPost = request.method.map { line.bytes[$0].elementsEqual("POST".utf8) }
      let outcome = Classification.outcome(
        isPost: isPost, status: request.status, bodyBytes: request.bodyBytes,
        minTokenBytes: options.minTokenBytes)
      let added = try writer.add(
        source: source, offset: line.offset, time: request.time, outcome: outcome,
        user: try writer.userID(userName), contract: contract, httpStatus: request.status,
        bodyBytes: request.bodyBytes)
      if added { summary.new[outcome, default: 0] += 1 } else { summary.duplicates += 1 }
    case .failure(let reason):
      let excerpt = String(decoding: line.bytes.prefix(Self.excerptLength), as: UTF8.self)
      if options.strict {
        throw ImportError.malformedInStrictMode(
          path: summary.path, line: line.number, reason: reason)
      }
      let added = try writer.addMalformed(
        source: source, offset: line.offset, line: line.number,
        time: line.isOverlong ? nil : CombinedLogParser.bestEffortTime(line.bytes), reason: reason,
        excerpt: excerpt)
      guard added else {
        summary.duplicates += 1
        return
      }
      summary.malformed += 1
      if summary.firstMalformed.count < Self.malformedShown {
        summary.firstMalformed.append(
          MalformedLine(line: line.number, reason: reason, excerpt: excerpt))
      }
    }
  }
}

extension UnsafeRawBufferPointer {
  /// True when the bytes are well-formed UTF-8; pure ASCII is checked without decoding.
  var isValidUTF8: Bool {
    if allSatisfy({ $0 < 0x80 }) { return true }
    return String(validating: self, as: UTF8.self) != nil
  }
}
