import TSAModel

/// A scalar JSON value of a log line. Nested objects and arrays are skipped: no format here
/// needs them.
enum JSONScalar: Equatable {
  case string(String)
  case number(String)
  case bool(Bool)
  case null

  /// The value as text: a string's content, a number's digits; nil for null or a boolean.
  var text: String? {
    switch self {
    case .string(let s): s
    case .number(let n): n
    case .bool, .null: nil
    }
  }
}

/// Parses one line holding one JSON object (nginx `escape=json` logs, Caddy's and Traefik's
/// access logs, the project's own `jsonl` events) into its scalar fields. Nested objects are
/// flattened to dotted keys (`request.method`); an array stands for its first scalar
/// (`resp_headers.Content-Type` of `{"resp_headers":{"Content-Type":["application/…"]}}`).
enum JSONLine {
  static func parse(_ line: UnsafeRawBufferPointer) -> [String: JSONScalar]? {
    try? fields(line).get()
  }

  /// The fields, or why the line is not one JSON object. A string holding `\u0000` is refused:
  /// C and SQLite end text at a NUL, so `bob\u0000by` would be billed as `bob`.
  static func fields(_ line: UnsafeRawBufferPointer) -> Result<
    [String: JSONScalar], MalformedReason
  > {
    var parser = Parser(bytes: line)
    var fields: [String: JSONScalar] = [:]
    parser.skipSpace()
    guard parser.take(0x7B), parser.members(prefix: "", depth: 0, into: &fields),
      parser.atEndAfterSpace()
    else { return .failure(parser.heldNUL ? .nulInValue : .badJSON) }
    return .success(fields)
  }

  private struct Parser {
    let bytes: UnsafeRawBufferPointer
    var i = 0
    /// Set when a string held `\u0000`.
    var heldNUL = false

    /// The members of an object whose `{` was just read, up to its `}`.
    mutating func members(prefix: String, depth: Int, into fields: inout [String: JSONScalar])
      -> Bool
    {
      guard depth < 32 else { return false }
      skipSpace()
      if take(0x7D) { return true }
      while true {
        skipSpace()
        guard let name = string() else { return false }
        let key = prefix.isEmpty ? name : prefix + name
        skipSpace()
        guard take(0x3A) else { return false }
        skipSpace()
        guard i < bytes.count else { return false }
        switch bytes[i] {
        case 0x7B:
          i += 1
          guard members(prefix: key + ".", depth: depth + 1, into: &fields) else { return false }
        case 0x5B:
          guard let first = firstScalar(depth: depth + 1) else { return false }
          if let first { fields[key] = first }
        default:
          guard let value = value(depth: depth) else { return false }
          if let value { fields[key] = value }
        }
        skipSpace()
        if take(0x2C) { continue }
        return take(0x7D)
      }
    }

    /// An array's first scalar element: `.some(scalar)`, `.some(nil)` when it has none, nil when
    /// the text is not JSON.
    mutating func firstScalar(depth: Int) -> JSONScalar?? {
      guard depth < 32, take(0x5B) else { return nil }
      var first: JSONScalar?
      skipSpace()
      if take(0x5D) { return .some(nil) }
      while true {
        skipSpace()
        guard let value = value(depth: depth + 1) else { return nil }
        if first == nil, let value { first = value }
        skipSpace()
        if take(0x2C) { continue }
        return take(0x5D) ? .some(first) : nil
      }
    }

    /// A value: `.some(scalar)`, `.some(nil)` for a nested value that was skipped, nil when
    /// the text is not JSON.
    mutating func value(depth: Int) -> JSONScalar?? {
      guard i < bytes.count, depth < 32 else { return nil }
      switch bytes[i] {
      case 0x22: return string().map { .some(.string($0)) }
      case 0x7B, 0x5B: return skipNested(depth: depth) ? .some(nil) : nil
      case 0x74: return literal("true") ? .some(.bool(true)) : nil
      case 0x66: return literal("false") ? .some(.bool(false)) : nil
      case 0x6E: return literal("null") ? .some(.null) : nil
      default: return number().map { .some(.number($0)) }
      }
    }

    mutating func skipNested(depth: Int) -> Bool {
      let close: UInt8 = bytes[i] == 0x7B ? 0x7D : 0x5D
      i += 1
      skipSpace()
      if take(close) { return true }
      while true {
        skipSpace()
        if close == 0x7D {
          guard string() != nil else { return false }
          skipSpace()
          guard take(0x3A) else { return false }
          skipSpace()
        }
        guard value(depth: depth + 1) != nil else { return false }
        skipSpace()
        if take(0x2C) { continue }
        return take(close)
      }
    }

    mutating func number() -> String? {
      let start = i
      while i < bytes.count,
        (0x30...0x39).contains(bytes[i]) || [0x2D, 0x2B, 0x2E, 0x65, 0x45].contains(bytes[i])
      {
        i += 1
      }
      guard i > start else { return nil }
      let text = String(decoding: bytes[start..<i], as: UTF8.self)
      return Double(text) == nil ? nil : text
    }

    mutating func literal(_ word: StaticString) -> Bool {
      let count = word.utf8CodeUnitCount
      guard i + count <= bytes.count else { return false }
      for k in 0..<count where bytes[i + k] != word.utf8Start[k] { return false }
      i += count
      return true
    }

    mutating func string() -> String? {
      guard take(0x22) else { return nil }
      var out: [UInt8] = []
      while i < bytes.count {
        let byte = bytes[i]
        i += 1
        switch byte {
        case 0x22: return String(validating: out, as: UTF8.self)
        case 0x5C:
          guard i < bytes.count else { return nil }
          let escape = bytes[i]
          i += 1
          switch escape {
          case 0x22, 0x5C, 0x2F: out.append(escape)
          case 0x62: out.append(0x08)
          case 0x66: out.append(0x0C)
          case 0x6E: out.append(0x0A)
          case 0x72: out.append(0x0D)
          case 0x74: out.append(0x09)
          case 0x75:
            guard var scalar = hex4() else { return nil }
            if (0xD800..<0xDC00).contains(scalar) {
              guard take(0x5C), take(0x75), let low = hex4(), (0xDC00..<0xE000).contains(low) else {
                return nil
              }
              scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            if scalar == 0 {
              heldNUL = true
              return nil
            }
            guard let unicode = Unicode.Scalar(scalar) else { return nil }
            out += Array(String(Character(unicode)).utf8)
          default: return nil
          }
        case 0..<0x20: return nil
        default: out.append(byte)
        }
      }
      return nil
    }

    mutating func hex4() -> UInt32? {
      guard i + 4 <= bytes.count else { return nil }
      var value: UInt32 = 0
      for _ in 0..<4 {
        guard let digit = Character(Unicode.Scalar(bytes[i])).hexDigitValue else { return nil }
        value = value << 4 | UInt32(digit)
        i += 1
      }
      return value
    }

    mutating func take(_ byte: UInt8) -> Bool {
      guard i < bytes.count, bytes[i] == byte else { return false }
      i += 1
      return true
    }

    mutating func skipSpace() {
      while i < bytes.count, [0x20, 0x09, 0x0D].contains(bytes[i]) { i += 1 }
    }

    mutating func atEndAfterSpace() -> Bool {
      skipSpace()
      return i == bytes.count
    }
  }
}
