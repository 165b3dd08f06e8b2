import TSAStore

/// What a source's lines are known by: 32 bits of a SipHash-2-4 of each line's place and bytes,
/// keyed by a secret of the books (`books_state.digest_key`, random per database), so that
/// nobody can make two different lines share one (two lines that differ share a digest by chance
/// once in four billion; four bytes a line keep the import near SQLite's own speed). An input whose lines 1…n have a source's first n digests
/// holds that source's first n lines, whatever its name, its compression or how it was copied.
struct LineDigest: Sendable {
  private let k0: UInt64
  private let k1: UInt64

  init(key: [UInt8]) {
    precondition(key.count == 16)
    k0 = Self.load(key, 0)
    k1 = Self.load(key, 8)
  }

  private static func load(_ bytes: [UInt8], _ at: Int) -> UInt64 {
    (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * $1) }
  }

  /// The digest of the line that starts at `offset` and holds `bytes` (without its newline; an
  /// over-long line's first bytes: the next line's place says how long it was).
  func callAsFunction(offset: Int64, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    UInt32(truncatingIfNeeded: sipHash(offset: offset, bytes))
  }

  /// SipHash-2-4 of the offset (8 bytes, little-endian) followed by the bytes.
  func sipHash(offset: Int64, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var v0: UInt64 = 0x736f_6d65_7073_6575 ^ k0
    var v1: UInt64 = 0x646f_7261_6e64_6f6d ^ k1
    var v2: UInt64 = 0x6c79_6765_6e65_7261 ^ k0
    var v3: UInt64 = 0x7465_6462_7974_6573 ^ k1

    @inline(__always) func round() {
      v0 &+= v1
      v1 = v1.rotatedLeft(13) ^ v0
      v0 = v0.rotatedLeft(32)
      v2 &+= v3
      v3 = v3.rotatedLeft(16) ^ v2
      v0 &+= v3
      v3 = v3.rotatedLeft(21) ^ v0
      v2 &+= v1
      v1 = v1.rotatedLeft(17) ^ v2
      v2 = v2.rotatedLeft(32)
    }
    @inline(__always) func compress(_ m: UInt64) {
      v3 ^= m
      round()
      round()
      v0 ^= m
    }

    compress(UInt64(bitPattern: offset))
    let count = bytes.count
    var index = 0
    while index + 8 <= count {
      compress(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)))
      index += 8
    }
    var last = UInt64(truncatingIfNeeded: count + 8) << 56
    var shift: UInt64 = 0
    while index < count {
      last |= UInt64(bytes[index]) << shift
      shift += 8
      index += 1
    }
    compress(last)
    v2 ^= 0xFF
    round()
    round()
    round()
    round()
    return v0 ^ v1 ^ v2 ^ v3
  }
}

extension UInt64 {
  @inline(__always) fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 {
    self << count | self >> (64 - count)
  }
}

/// A source's line digests read in order from the books, a block at a time.
final class DigestCursor {
  let source: SourceRecord
  private var block: [UInt32] = []
  private var blockStart: Int64 = 1

  init(source: SourceRecord) { self.source = source }

  /// The digest of line `line` (from 1, asked in increasing order); nil past the source's end.
  func digest(line: Int64, store: Store) throws -> UInt32? {
    guard line <= source.importedLines else { return nil }
    if line < blockStart || line >= blockStart + Int64(block.count) {
      block = try store.digests(source: source.id, from: line, limit: Int(DigestBuffer.rowSize))
      blockStart = line
    }
    let index = Int(line - blockStart)
    return index < block.count ? block[index] : nil
  }
}

/// The digests of the lines an import reads, written to the books a row at a time.
struct DigestBuffer {
  /// Digests a row of `source_digest` holds (256 KiB).
  static let rowSize: Int64 = 65_536

  /// Nil for a source that keeps no digests (one from before schema version 7).
  let source: Int64?
  private var firstLine: Int64
  private var pending: [UInt32] = []

  init(source: Int64?, firstLine: Int64) {
    self.source = source
    self.firstLine = firstLine
  }

  mutating func add(_ digest: UInt32, store: Store) throws {
    guard source != nil else { return }
    pending.append(digest)
    if pending.count == Int(Self.rowSize) { try flush(store: store) }
  }

  mutating func flush(store: Store) throws {
    guard let source, !pending.isEmpty else { return }
    try store.addDigests(source: source, firstLine: firstLine, pending)
    firstLine += Int64(pending.count)
    pending.removeAll(keepingCapacity: true)
  }
}
