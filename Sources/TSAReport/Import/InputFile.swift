import Foundation

/// Expands the paths given to `import` into files: directories are searched recursively and
/// their files taken in name order, so that imports are reproducible.
enum InputFiles {
  static func expand(_ path: String) throws -> [String] {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ImportError.inputNotFound(path: path)
    }
    guard isDirectory.boolValue else { return [path] }
    guard let walker = FileManager.default.enumerator(atPath: path) else {
      throw ImportError.unreadable(path: path, reason: "cannot list the directory")
    }
    var files: [String] = []
    while let relative = walker.nextObject() as? String {
      let full = (path as NSString).appendingPathComponent(relative)
      var nested: ObjCBool = false
      if FileManager.default.fileExists(atPath: full, isDirectory: &nested), !nested.boolValue,
        !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") })
      {
        files.append(full)
      }
    }
    return files.sorted()
  }
}

/// An open input file: its first line (the source's fingerprint), checkpoints that tell
/// whether it continues a known source, and a line reader positioned anywhere in it.
final class InputFile {
  /// Bytes hashed before `importedBytes` to recognise a log that has only grown.
  static let checkpointWindow: Int64 = 4096

  let path: String
  let descriptor: Int32
  let size: Int64

  init(path: String) throws {
    self.path = path
    descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      let code = errno
      if code == ENOENT { throw ImportError.inputNotFound(path: path) }
      throw ImportError.unreadable(path: path, reason: String(cString: strerror(code)))
    }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      throw ImportError.unreadable(path: path, reason: reason)
    }
    size = Int64(info.st_size)
  }

  deinit { close(descriptor) }

  /// The first line with its newline, or its first 64 KiB when it is longer; nil while the
  /// file holds no complete line yet.
  func firstLine() throws -> [UInt8]? {
    let limit = Int64(LineReader.maxLineLength)
    let head = try bytes(in: 0..<min(size, limit))
    if let newline = head.firstIndex(of: 0x0A) { return Array(head[...newline]) }
    return size > limit ? head : nil
  }

  /// True when this file holds `source` as its beginning: it is that log, perhaps grown.
  func continues(_ source: SourceRecord) throws -> Bool {
    guard size >= source.importedBytes, source.importedBytes > 0 else { return false }
    return try checkpoint(endingAt: source.importedBytes) == source.checkpoint
  }

  /// SHA-256 of the bytes just before `end` (up to `checkpointWindow` of them).
  func checkpoint(endingAt end: Int64) throws -> String {
    Fingerprint.sha256(try bytes(in: max(0, end - Self.checkpointWindow)..<end))
  }

  /// A line reader that starts at `offset`.
  func reader(from offset: Int64) throws -> LineReader {
    guard lseek(descriptor, off_t(offset), SEEK_SET) == off_t(offset) else {
      throw ImportError.unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    return LineReader(descriptor: descriptor, path: path)
  }

  private func bytes(in range: Range<Int64>) throws -> [UInt8] {
    var buffer = [UInt8](repeating: 0, count: Int(range.count))
    var done = 0
    while done < buffer.count {
      let n = buffer.withUnsafeMutableBytes { raw in
        pread(
          descriptor, raw.baseAddress! + done, raw.count - done,
          off_t(range.lowerBound) + off_t(done))
      }
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else {
        if n == 0 { break }
        throw ImportError.unreadable(path: path, reason: String(cString: strerror(errno)))
      }
      done += n
    }
    return Array(buffer.prefix(done))
  }
}
