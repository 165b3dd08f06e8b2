import TSAModel

/// Decides what a proxied request was, the same way for every proxy log format (the
/// README's outcome table): a stamp is a POST answered 2xx with a body big enough to hold a
/// token. Every format finds the method with `methodLength` and asks `outcome`.
public enum Classification {
  /// A PKIStatus rejection is an HTTP 200 of about 57 bytes; a granted token is 600 bytes to
  /// several KiB.
  public static let defaultMinTokenBytes: Int64 = 300

  /// What the request was. `isPost` is nil when the log holds no readable request line (empty,
  /// `-`, a TLS hello sent to a plain port): an error when the server refused it or never
  /// answered, and a malformed line when it answered with success, since a request it served
  /// cannot have been unreadable.
  static func outcome(isPost: Bool?, status: Int, bodyBytes: Int64, minTokenBytes: Int64)
    -> Result<Outcome, MalformedReason>
  {
    guard let isPost else {
      return (200..<400).contains(status) ? .failure(.badRequest) : .success(.error)
    }
    if !isPost { return .success(.probe) }
    switch status {
    case 401, 403: return .success(.authFailure)
    case 200..<300: return .success(bodyBytes >= minTokenBytes ? .granted : .rejected)
    default: return .success(.error)
    }
  }

  /// The length of the method that starts a request line (`POST /TSS/TSS_user/ HTTP/1.1`): an
  /// HTTP token (RFC 9110 tchar: letters, digits, ``!#$%&'*+-.^_`|~``), then spaces and a target.
  /// Nil for a line that is not one. `PATCHp /x HTTP/1.1` has the method `PATCHp`: a probe.
  static func methodLength(_ line: UnsafeRawBufferPointer) -> Int? {
    var end = 0
    while end < line.count, isTokenByte[Int(line[end])] { end += 1 }
    var next = end
    while next < line.count && line[next] == 0x20 { next += 1 }
    guard end > 0, next > end, next < line.count else { return nil }
    return end
  }

  /// The method of a request line given as text (see `methodLength`).
  static func method(ofRequestLine text: String) -> String? {
    var line = text
    return line.withUTF8 { bytes in
      methodLength(UnsafeRawBufferPointer(bytes)).map {
        String(decoding: UnsafeRawBufferPointer(bytes)[0..<$0], as: UTF8.self)
      }
    }
  }

  /// A method named in a field of its own, when it is an HTTP token.
  static func method(named text: String) -> String? {
    !text.isEmpty && text.utf8.allSatisfy({ isTokenByte[Int($0)] }) ? text : nil
  }

  private static let isTokenByte: [Bool] = (0..<256).map { byte in
    let scalar = UInt8(byte)
    return (0x30...0x39).contains(scalar) || (0x41...0x5A).contains(scalar)
      || (0x61...0x7A).contains(scalar) || Array("!#$%&'*+-.^_`|~".utf8).contains(scalar)
  }
}
