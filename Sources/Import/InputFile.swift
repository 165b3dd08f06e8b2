import CZlib
import Foundation
import TSAModel

/// The bytes of one input as the importers read them: a plain file (seekable, so a grown log
/// is resumed without reading its beginning), a gzip file (read decompressed, so a rotated and
/// compressed log is the same source as before), or standard input.
final class InputFile {
  enum Kind { case file, gzip, standardInput }

  /// Bytes hashed before a source's `importedBytes` to recognise a log that has only grown.
  static let checkpointWindow: Int64 = 4096

  /// The path as given; `-` is standard input.
  let path: String
  let kind: Kind
  /// Size of a plain file; nil for gzip files and standard input, whose length is unknown
  /// until read.
  let size: Int64?
  /// Size on disk, for progress (compressed bytes for gzip).
  let diskSize: Int64?
  /// True when the gzip data ended before its end marker (a truncated or still-written file).
  private(set) var endedEarly = false
  /// True when the plain file became shorter than what had been read of it (logrotate's
  /// `copytruncate` while the import ran): reading stopped there, and the last bytes read after
  /// the file was cut are dropped, since they may be the new file's.
  private(set) var truncatedWhileReading = false
  /// Device and inode of a plain file: the same file grown resumes without being re-read.
  let fileID: String?

  private let descriptor: Int32
  private var inflater: UnsafeMutablePointer<z_stream>?
  private var compressed: UnsafeMutableRawBufferPointer?
  /// Bytes already read ahead (the first line) and not yet handed out.
  private var pending: [UInt8] = []
  /// Decompressed (or raw) bytes handed out so far.
  private(set) var position: Int64 = 0
  /// Raw bytes read from the descriptor so far, for progress.
  private(set) var diskPosition: Int64 = 0

  var displayName: String { path == "-" ? "standard input" : path }
  var isSeekable: Bool { kind == .file }

  init(path: String) throws {
    self.path = path
    let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      let code = errno
      if code == ENOENT { throw ImportError.inputNotFound(path: path) }
      throw ImportError.unreadable(path: path, reason: String(cString: strerror(code)))
    }
    descriptor = fd
    var info = stat()
    let isRegular = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    diskSize = isRegular ? Int64(info.st_size) : nil
    fileID = isRegular ? "\(info.st_dev):\(info.st_ino)" : nil
    var magic = [UInt8](repeating: 0, count: 2)
    let isGzip =
      isRegular && magic.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 2, 0) } == 2
      && magic == [0x1F, 0x8B]
    if isGzip {
      kind = .gzip
      size = nil
      try startInflating()
    } else {
      kind = isRegular ? .file : .standardInput
      size = isRegular ? Int64(info.st_size) : nil
    }
  }

  deinit {
    if let inflater {
      inflateEnd(inflater)
      inflater.deallocate()
    }
    compressed?.deallocate()
    if descriptor != STDIN_FILENO { close(descriptor) }
  }

  // MARK: - Reading

  /// Reads up to `buffer.count` bytes; 0 at the end.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    if !pending.isEmpty {
      let count = min(buffer.count, pending.count)
      buffer.copyMemory(
        from: UnsafeRawBufferPointer(rebasing: pending.withUnsafeBytes { $0 }[0..<count]))
      pending.removeFirst(count)
      position += Int64(count)
      return count
    }
    let count = kind == .gzip ? try inflate(into: buffer) : try readRaw(into: buffer)
    position += Int64(count)
    return count
  }

  /// Gives back bytes just read: the next `read` hands them out again.
  func unread(_ bytes: UnsafeRawBufferPointer) {
    pending = Array(bytes) + pending
    position -= Int64(bytes.count)
  }

  /// The first line with its newline (or the first 64 KiB of a longer one), read ahead and kept
  /// for `read`; nil when the input holds no complete line yet.
  func firstLine() throws -> [UInt8]? {
    let limit = LineReader.maxLineLength
    var chunk = [UInt8](repeating: 0, count: 16 * 1024)
    while pending.firstIndex(of: 0x0A) == nil && pending.count < limit {
      let count = try chunk.withUnsafeMutableBytes { raw in
        kind == .gzip ? try inflate(into: raw) : try readRaw(into: raw)
      }
      if count == 0 { break }
      pending += chunk[0..<count]
    }
    if let newline = pending.firstIndex(of: 0x0A) { return Array(pending[...newline]) }
    return pending.count >= limit ? Array(pending.prefix(limit)) : nil
  }

  /// Up to `count` bytes from the start, read ahead and kept for `read` (format detection).
  func head(_ count: Int) throws -> [UInt8] {
    var chunk = [UInt8](repeating: 0, count: 4096)
    while pending.count < count {
      let n = try chunk.withUnsafeMutableBytes { raw in
        kind == .gzip ? try inflate(into: raw) : try readRaw(into: raw)
      }
      if n == 0 { break }
      pending += chunk[0..<n]
    }
    return Array(pending.prefix(count))
  }

  /// Everything, when it is at most `limit` bytes; nil when there is more (not a token file).
  func readAll(limit: Int) throws -> [UInt8]? {
    var all: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 64 * 1024)
    while true {
      let n = try chunk.withUnsafeMutableBytes { try read(into: $0) }
      if n == 0 { return all }
      all += chunk[0..<n]
      if all.count > limit { return nil }
    }
  }

  /// When the file was last modified: the best time known for a rejection reply, which holds
  /// no time of its own.
  func modificationTime() -> Instant? {
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return nil }
    return Instant(seconds: Int64(info.st_mtim.tv_sec))
  }

  /// Moves to `offset` of a plain file.
  func seek(to offset: Int64) throws {
    precondition(kind == .file)
    guard lseek(descriptor, off_t(offset), SEEK_SET) == off_t(offset) else {
      throw ImportError.unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    pending = []
    position = offset
  }

  /// Reads and drops bytes up to `offset`, returning the last of them (up to the checkpoint
  /// window), or nil when the input ends first.
  func skip(to offset: Int64) throws -> [UInt8]? {
    let windowSize = Int(InputFile.checkpointWindow)
    var window: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while position < offset {
      let wanted = Int(min(Int64(chunk.count), offset - position))
      let count = try chunk.withUnsafeMutableBytes {
        try read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<wanted]))
      }
      if count == 0 { return nil }
      window += chunk[0..<count]
      if window.count > windowSize { window.removeFirst(window.count - windowSize) }
    }
    return window
  }

  /// The bytes (up to the checkpoint window) just before `end` of a plain file, read without
  /// moving.
  func window(endingAt end: Int64) throws -> [UInt8] {
    let start = max(0, end - InputFile.checkpointWindow)
    var buffer = [UInt8](repeating: 0, count: Int(end - start))
    var done = 0
    while done < buffer.count {
      let n = buffer.withUnsafeMutableBytes { raw in
        pread(descriptor, raw.baseAddress! + done, raw.count - done, off_t(start) + off_t(done))
      }
      if n < 0 && errno == EINTR { continue }
      if n < 0 {
        throw ImportError.unreadable(path: path, reason: String(cString: strerror(errno)))
      }
      if n == 0 { break }
      done += n
    }
    return Array(buffer.prefix(done))
  }

  private func readRaw(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    if truncatedWhileReading { return 0 }
    while true {
      let count = Foundation.read(descriptor, buffer.baseAddress, buffer.count)
      if count >= 0 {
        if kind == .file && wasCut() {
          truncatedWhileReading = true
          return 0
        }
        diskPosition += Int64(count)
        return count
      }
      if errno == EINTR { continue }
      throw ImportError.unreadable(path: displayName, reason: String(cString: strerror(errno)))
    }
  }

  /// True when the plain file is now shorter than the offset read up to.
  private func wasCut() -> Bool {
    var info = stat()
    let offset = lseek(descriptor, 0, SEEK_CUR)
    return fstat(descriptor, &info) == 0 && offset >= 0 && Int64(info.st_size) < Int64(offset)
  }

  // MARK: - gzip

  private static let compressedChunk = 1 << 18

  private func startInflating() throws {
    let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    stream.initialize(to: z_stream())
    guard czlib_inflate_init(stream) == Z_OK else {
      stream.deallocate()
      throw ImportError.unreadable(path: path, reason: "zlib could not start")
    }
    inflater = stream
    compressed = UnsafeMutableRawBufferPointer.allocate(
      byteCount: Self.compressedChunk, alignment: 8)
  }

  private func inflate(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    guard let stream = inflater, let compressed, !endedEarly else { return 0 }
    stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
    stream.pointee.avail_out = uInt(buffer.count)
    while stream.pointee.avail_out == uInt(buffer.count) {
      if stream.pointee.avail_in == 0 {
        let count = try readRaw(into: compressed)
        if count == 0 {
          // Input over: a clean end only right after a member's end marker.
          if stream.pointee.total_in > 0 || stream.pointee.total_out > 0 { endedEarly = true }
          break
        }
        stream.pointee.next_in = compressed.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = uInt(count)
      }
      let status = CZlib.inflate(stream, Z_NO_FLUSH)
      switch status {
      case Z_OK, Z_BUF_ERROR: continue
      case Z_STREAM_END:
        // Another gzip member may follow (concatenated files); start it on the next call.
        inflateReset(stream)
        if stream.pointee.avail_in == 0 {
          let produced = buffer.count - Int(stream.pointee.avail_out)
          if produced > 0 { return produced }
        }
      default:
        let message = stream.pointee.msg.map { String(cString: $0) } ?? "corrupt data"
        throw ImportError.unreadable(
          path: path, reason: "not a valid gzip file (\(message) after \(diskPosition) bytes)")
      }
    }
    return buffer.count - Int(stream.pointee.avail_out)
  }
}
