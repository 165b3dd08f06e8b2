import Foundation

/// One line handed out by `LineReader`: its bytes without the newline, where it starts, and
/// whether it was cut because it exceeded the length limit.
struct Line {
  var bytes: UnsafeRawBufferPointer
  var offset: Int64
  var number: Int64
  var isOverlong: Bool
}

/// Streams complete lines from an input in constant memory. A last line without its newline is
/// not handed out: it is still being written and waits for the next import.
final class LineReader {
  static let maxLineLength = 64 * 1024
  /// How much of a malformed line is kept to be read: its first 200 characters, cut after the
  /// credentials in a longer window (`excerptWindow`, all an over-long line hands out) are
  /// redacted, so that a secret at the cut keeps none of its characters.
  static let excerptLength = 200
  static let excerptWindow = 4096
  private static let chunkSize = 1 << 20

  let input: InputFile
  /// The last bytes (up to `InputFile.checkpointWindow`) before the end of the last complete
  /// line read: the checkpoint of an input that cannot be read again. Seed it with the bytes
  /// before the starting point.
  var tail: [UInt8] = []

  init(input: InputFile) { self.input = input }

  /// Calls `body` for every complete line from `startOffset` on (the input must already be
  /// positioned there) and returns the offset just after the last complete line. When `body`
  /// returns false, reading stops before that line: its bytes and those after it are given back
  /// to the input, and its offset is returned.
  func forEachLine(
    from startOffset: Int64, firstLineNumber: Int64, _ body: (Line) throws -> Bool
  ) throws -> Int64 {
    let capacity = Self.chunkSize + Self.maxLineLength
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 8)
    defer { buffer.deallocate() }
    var filled = 0  // bytes in buffer[0..<filled] not yet handed out
    var bufferOffset = startOffset  // input offset of buffer[0]
    var lineNumber = firstLineNumber
    var skippingOverlong = false  // inside a line already reported as over-long
    var lastLineEnd = startOffset

    while true {
      let count = try input.read(
        into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<capacity]))
      if count == 0 { break }
      filled += count
      var start = 0
      while let newline = Self.indexOfNewline(in: buffer, from: start, to: filled) {
        if skippingOverlong {
          skippingOverlong = false
        } else {
          let isOverlong = newline - start > Self.maxLineLength
          let goOn = try body(
            Line(
              bytes: UnsafeRawBufferPointer(
                rebasing: buffer[start..<(isOverlong ? start + Self.excerptWindow : newline)]),
              offset: bufferOffset + Int64(start), number: lineNumber, isOverlong: isOverlong))
          if !goOn { return stop(buffer, at: start, filled: filled, bufferOffset: bufferOffset) }
        }
        lineNumber += 1
        start = newline + 1
        lastLineEnd = bufferOffset + Int64(start)
      }
      keepTail(UnsafeRawBufferPointer(rebasing: buffer[0..<start]))
      if filled - start > Self.maxLineLength && !skippingOverlong {
        // Report the line once, with its beginning, then drop bytes until its newline.
        let goOn = try body(
          Line(
            bytes: UnsafeRawBufferPointer(rebasing: buffer[start..<start + Self.excerptWindow]),
            offset: bufferOffset + Int64(start), number: lineNumber, isOverlong: true))
        if !goOn {  // the bytes before it are in the tail already
          input.unread(UnsafeRawBufferPointer(rebasing: buffer[start..<filled]))
          return bufferOffset + Int64(start)
        }
        skippingOverlong = true
      }
      if skippingOverlong {
        tail = []  // the dropped bytes cannot be hashed: a later import re-reads instead
        bufferOffset += Int64(filled)
        filled = 0
        continue
      }
      // Keep the unfinished line at the front of the buffer.
      if start > 0 {
        let rest = filled - start
        if rest > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, rest) }
        filled = rest
        bufferOffset += Int64(start)
      }
    }
    return lastLineEnd
  }

  /// Gives the bytes from `start` back to the input; the offset of `start`.
  private func stop(
    _ buffer: UnsafeMutableRawBufferPointer, at start: Int, filled: Int, bufferOffset: Int64
  ) -> Int64 {
    keepTail(UnsafeRawBufferPointer(rebasing: buffer[0..<start]))
    input.unread(UnsafeRawBufferPointer(rebasing: buffer[start..<filled]))
    return bufferOffset + Int64(start)
  }

  private func keepTail(_ consumed: UnsafeRawBufferPointer) {
    let window = Int(InputFile.checkpointWindow)
    if consumed.count >= window {
      tail = Array(consumed.suffix(window))
    } else if !consumed.isEmpty {
      tail += consumed
      if tail.count > window { tail.removeFirst(tail.count - window) }
    }
  }

  private static func indexOfNewline(
    in buffer: UnsafeMutableRawBufferPointer, from start: Int, to end: Int
  ) -> Int? {
    guard start < end else { return nil }
    guard let found = memchr(buffer.baseAddress! + start, 0x0A, end - start) else { return nil }
    return buffer.baseAddress!.distance(to: found)
  }
}
