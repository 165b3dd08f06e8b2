import Foundation
import TSAModel
import TSAStore
import TSASystem

/// How an import runs; one set for all its inputs.
public struct ImportOptions: Sendable {
  public var format: InputFormat
  /// Bill every stamp of this import to this contract.
  public var contractCode: String?
  /// Attribute every request of this import to this user, whatever the input says.
  public var user: String?
  public var minTokenBytes: Int64
  /// Compute the summary, write nothing.
  public var dryRun: Bool
  /// Any malformed line fails the whole import.
  public var strict: Bool
  /// `--field ROLE=KEY`: the JSON key of a role in a proxy's JSON log.
  public var fields: [JSONFieldRole: String]
  /// `--client-ip-from x-forwarded-for`: the client is the first address of the
  /// X-Forwarded-For list (a combined log's address field, a JSON log's header field).
  public var clientFromForwardedFor: Bool
  /// Import an input even when more than half of its lines are malformed.
  public var allowMalformed: Bool
  /// The zone of logs whose times carry no offset (HAProxy's): the report zone, `--tz`.
  public var zone: ReportZone
  /// Malformed lines kept per source at most; the rest are counted only (a 10 KB `.gz` of
  /// newlines must not become millions of rows).
  public var keepMalformed: Int64

  public init(
    format: InputFormat = .auto, contractCode: String? = nil, user: String? = nil,
    minTokenBytes: Int64 = Classification.defaultMinTokenBytes, dryRun: Bool = false,
    strict: Bool = false, fields: [JSONFieldRole: String] = [:],
    clientFromForwardedFor: Bool = false, allowMalformed: Bool = false,
    zone: ReportZone = .utc, keepMalformed: Int64 = 1000
  ) {
    self.format = format
    self.contractCode = contractCode
    self.user = user
    self.minTokenBytes = minTokenBytes
    self.dryRun = dryRun
    self.strict = strict
    self.fields = fields
    self.clientFromForwardedFor = clientFromForwardedFor
    self.allowMalformed = allowMalformed
    self.zone = zone
    self.keepMalformed = keepMalformed
  }
}

/// A line kept aside because it could not be read.
public struct MalformedLine: Sendable, Equatable {
  public var line: Int64
  public var reason: MalformedReason
  public var excerpt: String
}

/// What one import did with one input (or, for token files, with all those under one path).
public struct SourceSummary: Sendable, Equatable {
  public var path: String
  /// `.auto` when the input held no complete line to tell a format by (an empty log): nothing
  /// was read.
  public var format: InputFormat
  /// True when `--format auto` chose the format.
  public var detected: Bool
  /// Complete lines (or token files) read this time.
  public var lines: Int64 = 0
  /// Lines already imported before and skipped without reading (the file grew).
  public var alreadyImportedLines: Int64 = 0
  /// Requests newly stored, by outcome (`.granted` are the new stamps).
  public var new: [Outcome: Int64] = [:]
  /// Records that were already in the books.
  public var duplicates: Int64 = 0
  public var malformed: Int64 = 0
  /// Of those, counted only: empty lines, and those past `--keep-malformed`.
  public var notKept: Int64 = 0
  /// The first few malformed lines, to show right away.
  public var firstMalformed: [MalformedLine] = []
  /// Bytes of an unfinished last line, left for the next import.
  public var unfinishedBytes: Int64 = 0
  /// A gzip file that ended before its end marker (cut short, or still being written).
  public var endedEarly = false
  /// A plain file cut short while it was read (logrotate's `copytruncate`): the lines read before
  /// are imported; the rest are in its rotated copy.
  public var truncatedWhileReading = false

  /// Serials of new tokens that another token of the same TSA already has: two stamps, and a
  /// TSA that broke RFC 3161's promise of unique serials.
  public var reusedSerials: [String] = []
  public var newStamps: Int64 { new[.granted, default: 0] }

  /// More than half of the lines read were malformed (a lone bad line among good ones is not).
  /// Token files are each a whole of their own: one that is not a token is kept and listed.
  public var isMostlyMalformed: Bool { format != .tsr && lines > 0 && malformed * 2 > lines }

  mutating func merge(_ other: SourceSummary) {
    lines += other.lines
    new.merge(other.new, uniquingKeysWith: +)
    duplicates += other.duplicates
    malformed += other.malformed
    firstMalformed += other.firstMalformed.prefix(Importer.malformedShown - firstMalformed.count)
    reusedSerials += other.reusedSerials
    notKept += other.notKept
  }
}

/// What an import did: a summary per input, and the files of a directory it did not recognise.
public struct ImportResult: Sendable {
  public var summaries: [SourceSummary] = []
  public var skipped: [String] = []
  /// Symbolic links and special files found in directories, not read.
  public var notRegular: [String] = []
}

/// How far an import has got, for a progress bar.
public struct ImportProgress: Sendable {
  public var path: String
  public var bytesRead: Int64
  /// Size on disk, when known (not for standard input).
  public var totalBytes: Int64?
}

/// Reads inputs into the books: every line becomes an attempt or a malformed line, every
/// granted request a stamp, each exactly once. One `run` is one transaction.
public struct Importer {
  public static let malformedShown = 5
  /// A token file is a few KiB; anything much bigger is something else.
  static let maxTokenFileSize = 1 << 20

  let store: Store
  let options: ImportOptions
  let now: Instant
  let progress: ((ImportProgress) -> Void)?

  public init(
    store: Store, options: ImportOptions, now: Instant,
    progress: ((ImportProgress) -> Void)? = nil
  ) {
    self.store = store
    self.options = options
    self.now = now
    self.progress = progress
  }

  /// `run`, remembered in the books whatever its end (`tsa-report imports`): kept, a dry run,
  /// or failed with the reason; `clock` times it.
  public func runRemembered(paths: [String], clock: () -> Instant) throws -> ImportResult {
    func remember(_ outcome: String, _ summaries: [SourceSummary]) {
      try? store.recordImport(
        ImportRun(
          started: now, seconds: Double(clock().microseconds - now.microseconds) / 1_000_000,
          outcome: outcome, paths: paths, lines: summaries.reduce(0) { $0 + $1.lines },
          stampsNew: summaries.reduce(0) { $0 + $1.newStamps },
          malformed: summaries.reduce(0) { $0 + $1.malformed }))
    }
    do {
      let result = try run(paths: paths)
      remember(options.dryRun ? "dry run" : "ok", result.summaries)
      return result
    } catch ImportError.mostlyMalformed(let summaries) {
      remember("failed: mostly malformed, nothing written", summaries)
      throw ImportError.mostlyMalformed(summaries: summaries)
    } catch {
      remember("failed: \(error)", [])
      throw error
    }
  }

  /// Imports every path (files, `.gz` files, directories searched recursively, `-` for standard
  /// input) in one transaction. Files found in a directory whose format `auto` cannot tell are
  /// skipped and listed; a file named explicitly must be readable.
  public func run(paths: [String]) throws -> ImportResult {
    var notRegular: [String] = []
    let inputs = try paths.flatMap { path in
      try InputFiles.expand(path, notRegular: &notRegular).map { (path, $0) }
    }
    return try store.inBulkTransaction(commit: !options.dryRun) {
      var context = try ImportContext(store: store, options: options)
      var result = ImportResult()
      result.notRegular = notRegular
      var tokenSummaries: [String: Int] = [:]  // token files are summed per path given
      for (argument, file) in inputs {
        let summary: SourceSummary
        do {
          summary = try importInput(file, context: &context)
        } catch ImportError.unknownFormat(let path) where argument != file {
          result.skipped.append(path)
          continue
        }
        if summary.format == .tsr, let index = tokenSummaries[argument] {
          result.summaries[index].merge(summary)
        } else if summary.format == .tsr {
          tokenSummaries[argument] = result.summaries.count
          result.summaries.append(summary)
          result.summaries[result.summaries.count - 1].path = argument
        } else {
          result.summaries.append(summary)
        }
      }
      try context.writer.flushQuarters()
      // An input read mostly as malformed lines is almost always read in the wrong format:
      // storing it would mark its lines imported, and a second try with the right format
      // would then skip them. Nothing is written.
      if !options.allowMalformed && result.summaries.contains(where: \.isMostlyMalformed) {
        throw ImportError.mostlyMalformed(summaries: result.summaries)
      }
      return result
    }
  }

  // MARK: - One input

  private func importInput(_ path: String, context: inout ImportContext) throws -> SourceSummary {
    let input = try InputFile(path: path)
    let detected = try options.format == .auto ? FormatDetector.detect(input) : options.format
    guard let format = detected else {
      if input.endedEarly {
        throw ImportError.unreadable(
          path: input.displayName,
          reason: "its gzip data ends before the first complete line (cut short, or not gzip)")
      }
      // No complete line yet: an empty file is an empty file, whatever its format.
      var summary = SourceSummary(path: input.displayName, format: .auto, detected: true)
      summary.unfinishedBytes = Int64(try input.head(LineReader.maxLineLength).count)
      return summary
    }
    var summary = SourceSummary(
      path: input.displayName, format: format, detected: options.format == .auto)
    if format == .tsr {
      try importTokenFile(input, context: &context, into: &summary)
    } else {
      try importLines(input, format: format, context: &context, into: &summary)
    }
    progress?(
      ImportProgress(
        path: input.displayName, bytesRead: input.diskPosition, totalBytes: input.diskSize))
    return summary
  }

  private func importLines(
    _ opened: InputFile, format: InputFormat, context: inout ImportContext,
    into summary: inout SourceSummary
  ) throws {
    var input = opened
    guard let firstLine = try input.firstLine() else {
      summary.unfinishedBytes = Int64(try input.head(LineReader.maxLineLength).count)
      return
    }
    let (resume, source) = try openSource(
      &input, firstLine: firstLine, format: format, context: context)
    var record = source
    summary.alreadyImportedLines = resume.line - 1
    guard resume.readOn else {
      // Every line is already in the books, as lines of a longer source: nothing to read on.
      summary.unfinishedBytes = input.position - resume.offset
      record.path = input.displayName
      try store.updateSource(record, now: now)
      return
    }
    // `auto` is decided and token files are read whole before any line is parsed.
    guard let entry = InputFormats.entry(format) else {
      preconditionFailure("\(format) has no line parser")
    }
    var parser = entry.parser(options)
    if resume.line > 1 {
      // A CSV's columns are named by its first line: read it again before the lines after it.
      _ = Array(firstLine.dropLast()).withUnsafeBytes { parser.parse($0) }
    }
    let reader = LineReader(input: input)
    reader.tail = resume.tail
    let lines = LinePipeline(
      reader: reader, from: resume.offset, firstLineNumber: resume.line, format: entry,
      parser: parser, digest: context.digest)
    defer { lines.stop() }
    try readLines(
      lines, of: input, source: record, firstLine: resume.line, context: &context,
      into: &summary)
    let end = try lines.finish()
    summary.endedEarly = input.endedEarly
    summary.truncatedWhileReading = input.truncatedWhileReading
    summary.unfinishedBytes = input.position - end
    // The checkpoint: how far the source is imported, and what its last bytes were.
    if end > record.importedBytes {
      record.importedLines = resume.line - 1 + summary.lines
      record.importedBytes = end
      record.checkpoint = Fingerprint.sha256(reader.tail)
    }
    if end >= record.importedBytes, input.isSeekable { record.fileID = input.fileID }
    record.path = input.displayName
    try store.updateSource(record, now: now)
  }

  /// Where the input's new lines begin, and the source they go to: the one they continue, or a
  /// new one (with the digests of the lines it shares with another).
  private func openSource(
    _ input: inout InputFile, firstLine: [UInt8], format: InputFormat, context: ImportContext
  ) throws -> (Resume, SourceRecord) {
    let fingerprint = Fingerprint.sha256(firstLine)
    let resume = try resumePoint(
      &input, known: store.sources(fingerprint: fingerprint), digest: context.digest)
    if let source = resume.source { return (resume, source) }
    let record = try store.createSource(
      fingerprint: fingerprint, format: format.rawValue, path: input.displayName, now: now)
    if let shared = resume.sharedWith {
      try copyDigests(of: shared, lines: resume.line - 1, to: record.id)
    }
    return (resume, record)
  }

  /// Stores every line the pipeline hands out: its digest, and its record or why it is
  /// malformed.
  private func readLines(
    _ lines: LinePipeline, of input: InputFile, source record: SourceRecord, firstLine: Int64,
    context: inout ImportContext, into summary: inout SourceSummary
  ) throws {
    var kept = try store.malformedCount(source: record.id)
    var digests = DigestBuffer(source: record.digested ? record.id : nil, firstLine: firstLine)
    // New attempts per outcome, counted here and added to the summary at the end (a dictionary
    // updated for every line costs more than the line's insert is worth).
    var added = [Int64](repeating: 0, count: Outcome.allCases.count)
    defer {
      for outcome in Outcome.allCases where added[outcome.rawValue] > 0 {
        summary.new[outcome, default: 0] += added[outcome.rawValue]
      }
    }
    while let batch = try lines.next() {
      // By index: each line is read where it lies, not copied out of the batch.
      for index in batch.lines.indices {
        summary.lines += 1
        try digests.add(batch.lines[index].digest, store: store)
        switch batch.lines[index].content {
        case .record(let parsedRecord):
          if let outcome = try store(
            parsedRecord, source: record.id, offset: batch.lines[index].offset,
            line: batch.lines[index].number, context: &context, into: &summary)
          {
            added[outcome.rawValue] += 1
          }
        case .nothing:
          break
        case .malformed(let reason, let excerpt, let time):
          try keepMalformed(
            batch.lines[index], reason: reason, excerpt: excerpt, time: time, source: record.id,
            context: context, kept: &kept, into: &summary)
        }
      }
      if summary.lines / 65_536 != (summary.lines - Int64(batch.lines.count)) / 65_536 {
        progress?(
          ImportProgress(
            path: input.displayName, bytesRead: batch.diskPosition, totalBytes: input.diskSize))
      }
    }
    try digests.flush(store: store)
  }

  // MARK: - Where an input's new lines begin

  /// Where an input's lines stop being in the books, and whose they are.
  private struct Resume {
    /// The source the lines from `offset` on continue; nil for a new source.
    var source: SourceRecord?
    var offset: Int64
    /// The number of the line at `offset`.
    var line: Int64
    /// The bytes (up to the checkpoint window) before `offset`.
    var tail: [UInt8]
    /// For a new source: the source whose first `line - 1` lines it shares.
    var sharedWith: Int64?
    /// False when the input holds only lines already in the books (a shorter copy).
    var readOn = true
  }

  /// Finds where `input` (its first line read ahead) resumes. The same file grown since it was
  /// read (same device and inode, the bytes before the imported end as they were read) resumes
  /// there at once. Anything else is read line by line from its beginning and compared with the
  /// digests of the sources that share its first line: the lines they share are in the books
  /// already; the input resumes a source after that source's last line, or starts a new one at
  /// the first line no source has.
  private func resumePoint(_ input: inout InputFile, known: [SourceRecord], digest: LineDigest)
    throws -> Resume
  {
    if input.isSeekable, let size = input.size {
      for candidate in known
      where candidate.importedBytes > 0 && size >= candidate.importedBytes
        && (candidate.fileID == input.fileID || !candidate.digested)
      {
        let window = try input.window(endingAt: candidate.importedBytes)
        if Fingerprint.sha256(window) == candidate.checkpoint {
          try input.seek(to: candidate.importedBytes)
          return Resume(
            source: candidate, offset: candidate.importedBytes, line: candidate.importedLines + 1,
            tail: window)
        }
      }
    } else if input.kind == .gzip,
      let legacy = known.first(where: { !$0.digested && $0.importedBytes > 0 })
    {
      // A source imported before line digests were kept: known by the bytes before its end.
      if let window = try input.skip(to: legacy.importedBytes),
        Fingerprint.sha256(window) == legacy.checkpoint
      {
        return Resume(
          source: legacy, offset: legacy.importedBytes, line: legacy.importedLines + 1,
          tail: window)
      }
      input = try InputFile(path: input.path)
      _ = try input.firstLine()
    }
    let candidates = known.filter { $0.digested && $0.importedLines > 0 }.map {
      DigestCursor(source: $0)
    }
    guard !candidates.isEmpty else { return Resume(source: nil, offset: 0, line: 1, tail: []) }
    var live = candidates
    var matched: Int64 = 0
    var shared: SourceRecord?
    var continued: SourceRecord?
    let reader = LineReader(input: input)
    let stop = try reader.forEachLine(from: 0, firstLineNumber: 1) { line in
      let value = digest(offset: line.offset, line.bytes)
      let ended = live.first { $0.source.importedLines == matched }
      live = try live.filter { try $0.digest(line: matched + 1, store: store) == value }
      guard !live.isEmpty else {
        continued = ended?.source
        return false
      }
      shared = live[0].source
      matched += 1
      return true
    }
    if let continued {
      return Resume(source: continued, offset: stop, line: matched + 1, tail: reader.tail)
    }
    if !live.isEmpty {
      // The input ended with every line in the books.
      let longest = live.max { $0.source.importedLines < $1.source.importedLines }!.source
      return Resume(
        source: longest, offset: stop, line: matched + 1, tail: reader.tail, readOn: false)
    }
    return Resume(
      source: nil, offset: stop, line: matched + 1, tail: reader.tail, sharedWith: shared?.id)
  }

  /// Gives a new source the digests of the lines it shares with another.
  private func copyDigests(of source: Int64, lines: Int64, to target: Int64) throws {
    var line: Int64 = 1
    while line <= lines {
      let chunk = try store.digests(
        source: source, from: line, limit: Int(min(lines - line + 1, DigestBuffer.rowSize)))
      guard !chunk.isEmpty else { return }
      try store.addDigests(source: target, firstLine: line, chunk)
      line += Int64(chunk.count)
    }
  }

  private func importTokenFile(
    _ input: InputFile, context: inout ImportContext, into summary: inout SourceSummary
  ) throws {
    summary.lines = 1
    guard let bytes = try input.readAll(limit: Self.maxTokenFileSize) else {
      try keepMalformedToken(
        input, reason: .notAToken("larger than 1 MiB"), bytes: [], context: context, into: &summary)
      return
    }
    let fingerprint = Fingerprint.sha256(bytes)
    if !(try store.sources(fingerprint: fingerprint)).isEmpty {
      summary.duplicates += 1  // this very file was imported before
      return
    }
    let reply: TimeStampReply
    do {
      reply = try TokenReader.read(bytes)
    } catch {
      try keepMalformedToken(
        input, reason: .notAToken(error.description), bytes: bytes, context: context, into: &summary
      )
      return
    }
    var source = try store.createSource(
      fingerprint: fingerprint, format: InputFormat.tsr.rawValue, path: input.displayName, now: now)
    let outcome: Outcome = reply.isStamp ? .granted : reply.status == 2 ? .rejected : .error
    let time = reply.token?.genTime ?? input.modificationTime() ?? now
    if let added = try store(
      Record(
        time: time, outcome: outcome, failInfo: reply.failInfo, serial: reply.token?.serial,
        tsaIdentity: reply.token?.tsaIdentity, token: reply.token),
      source: source.id, offset: 0, line: 1, context: &context, into: &summary)
    {
      summary.new[added, default: 0] += 1
    }
    source.importedBytes = Int64(bytes.count)
    source.importedLines = 1
    source.checkpoint = fingerprint
    try store.updateSource(source, now: now)
  }

  // MARK: - Storing

  /// Stores one record; its outcome when it is new to the books, nil when it is not.
  private func store(
    _ record: Record, source: Int64, offset: Int64, line: Int64, context: inout ImportContext,
    into summary: inout SourceSummary
  ) throws -> Outcome? {
    if let token = record.token {
      // A token is one stamp whatever file holds it: known by its signed content, or by a
      // client's event of the same stamp (its serial, within a minute) that it then completes.
      if try context.writer.tokenExists(token) {
        summary.duplicates += 1
        return nil
      }
      if try context.writer.tokenCount(tsaIdentity: token.tsaIdentity, serial: token.serial) > 0 {
        summary.reusedSerials.append(token.serial)
      }
    } else if try context.writer.eventNamesAStampInTheBooks(record) {
      summary.duplicates += 1  // a client's event of a stamp already in the books
      return nil
    }
    let contract = try context.contract(for: record, path: summary.path, line: line)
    let user = try context.writer.userID(options.user ?? record.user ?? "unknown")
    let endpoint = try record.endpoint.map(context.writer.endpointID)
    let host = try record.host.map(context.writer.hostID)
    let added = try context.writer.add(
      source: source, offset: offset, record: record, user: user, contract: contract,
      endpoint: endpoint, host: host)
    guard added else {
      summary.duplicates += 1
      return nil
    }
    if let serial = record.serial, let tsa = record.tsaIdentity {
      try context.writer.addToken(tsaIdentity: tsa, serial: serial, facts: record.token)
    }
    return record.outcome
  }

  private func keepMalformed(
    _ line: ParsedLine, reason: MalformedReason, excerpt bytes: [UInt8], time: Instant?,
    source: Int64, context: ImportContext, kept: inout Int64, into summary: inout SourceSummary
  ) throws {
    // Worked out only for a line that is kept or shown: redaction is the costly part.
    func excerpt() -> String {
      String(
        Redaction.redactText(String(decoding: bytes, as: UTF8.self)).prefix(
          LineReader.excerptLength))
    }
    if options.strict {
      throw ImportError.malformedInStrictMode(path: summary.path, line: line.number, reason: reason)
    }
    // Empty lines, and lines past the limit of a source, are counted, not stored.
    if reason == .emptyLine || kept >= options.keepMalformed {
      summary.notKept += 1
    } else {
      guard
        try context.writer.addMalformed(
          source: source, offset: line.offset, line: line.number, time: time ?? now,
          reason: reason, excerpt: excerpt())
      else {
        summary.duplicates += 1
        return
      }
      kept += 1
    }
    summary.malformed += 1
    if summary.firstMalformed.count < Self.malformedShown {
      summary.firstMalformed.append(
        MalformedLine(line: line.number, reason: reason, excerpt: excerpt()))
    }
  }

  private func keepMalformedToken(
    _ input: InputFile, reason: MalformedReason, bytes: [UInt8], context: ImportContext,
    into summary: inout SourceSummary
  ) throws {
    if options.strict {
      throw ImportError.malformedInStrictMode(path: input.displayName, line: 1, reason: reason)
    }
    // Known by its bytes, whatever it is called: a renamed copy is the same file.
    let fingerprint = Fingerprint.sha256(bytes)
    if !(try store.sources(fingerprint: fingerprint)).isEmpty {
      summary.duplicates += 1
      return
    }
    let source = try store.createSource(
      fingerprint: fingerprint, format: InputFormat.tsr.rawValue, path: input.displayName, now: now)
    _ = try context.writer.addMalformed(
      source: source.id, offset: 0, line: 1, time: now, reason: reason,
      excerpt: input.displayName)
    summary.malformed += 1
    summary.firstMalformed.append(
      MalformedLine(line: 1, reason: reason, excerpt: input.displayName))
  }
}

/// What an import resolves once and re-uses: the writer, the contracts and the accounts billed
/// to them, and the contract of records that name none.
struct ImportContext {
  let writer: AttemptWriter
  /// The books' line digest (keyed by their secret).
  let digest: LineDigest
  private let store: Store
  private let options: ImportOptions
  private let contractIDs: [String: Int64]
  private let accountContracts: [String: Int64]
  private let userContracts: [String: Int64]
  private var fallback: Int64?

  init(store: Store, options: ImportOptions) throws {
    self.store = store
    self.options = options
    writer = try AttemptWriter(store: store)
    digest = LineDigest(key: try store.digestKey())
    let contracts = try store.contracts()
    contractIDs = Dictionary(uniqueKeysWithValues: contracts.map { ($0.code, $0.id) })
    accountContracts = Dictionary(
      contracts.flatMap { contract in contract.accounts.map { ($0, contract.id) } },
      uniquingKeysWith: { first, _ in first })
    userContracts = try store.userContracts()
    if let code = options.contractCode { fallback = try store.contract(code: code).id }
  }

  /// `--contract`, else the record's contract, else its login's (the provider account, or the
  /// user as the proxy logged it, among the contracts' `--account` logins), else the user's
  /// (`user set --contract`), else the only contract; with several and no rule, the line is
  /// refused with the rule to add.
  mutating func contract(for record: Record, path: String, line: Int64) throws -> Int64 {
    if options.contractCode == nil {
      if let code = record.contractCode {
        guard let id = contractIDs[code] else {
          throw ImportError.unknownContractInRecord(
            path: path, line: line, code: code, known: contractIDs.keys.sorted())
        }
        return id
      }
      if let account = record.account, let id = accountContracts[account] { return id }
      if let user = record.user {
        if let id = accountContracts[user] { return id }
        if let id = userContracts[UserName.normalized(user)] { return id }
      }
    }
    if let fallback { return fallback }
    guard contractIDs.count > 1 else {
      let id = try store.defaultContract(explicit: nil).id
      fallback = id
      return id
    }
    // A request that is no stamp (a probe, a refusal) bills nothing: it is kept under the
    // first contract rather than stop the import.
    if record.outcome != .granted, let first = contractIDs.keys.sorted().first {
      return contractIDs[first]!
    }
    throw ImportError.noContractFor(
      path: path, line: line, user: record.user, account: record.account,
      known: contractIDs.keys.sorted())
  }
}

extension UnsafeRawBufferPointer {
  /// Why the bytes are not a line of text, in one pass: control characters (loggers escape
  /// them, so a raw NUL is a damaged line; tab and CR pass), or invalid UTF-8 (pure ASCII is
  /// never decoded). Nil for good text.
  var textProblem: MalformedReason? {
    var ascii = true
    for byte in self {
      if byte < 0x20 {
        if byte != 0x09 && byte != 0x0D { return .controlCharacters }
      } else if byte >= 0x80 {
        ascii = false
      }
    }
    return ascii || String(validating: self, as: UTF8.self) != nil ? nil : .invalidUTF8
  }
}
