import Foundation
import TSAModel

/// One request as a proxy's access log tells it, before attribution. Text fields are byte
/// ranges into the line, so that parsing allocates nothing.
struct ProxyRequest {
  var remoteAddress: Range<Int>
  /// `$remote_user`; nil when the log has `-`.
  var remoteUser: Range<Int>?
  var time: Instant
  /// The HTTP method; nil when the request line is empty or unreadable and the server
  /// answered it with an error (a connection that sent nothing, a TLS hello on a plain port).
  var method: Range<Int>?
  /// The request target after the method (`/TSS/TSS_user/`), query included.
  var target: Range<Int>?
  var status: Int
  var bodyBytes: Int64
}

/// Parses the nginx/Apache combined log format from bytes:
/// `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer"
/// "$http_user_agent"`. The referer and user agent are optional (the common format lacks them),
/// and fields after them are ignored; Apache's `vhost_combined` puts the virtual host first. The
/// address must be one IPv4 or IPv6 address (or `-`): a list such as an X-Forwarded-For header
/// written there is refused unless `forwardedList` says to take its first address.
enum CombinedLogParser {
  static func parse(_ whole: UnsafeRawBufferPointer, forwardedList: Bool = false)
    -> Result<ProxyRequest, MalformedReason>
  {
    // A line written with CRLF (a log from Windows, or copied through one) ends the same.
    let line = whole.last == 0x0D ? UnsafeRawBufferPointer(rebasing: whole.dropLast()) : whole
    var cursor = ByteCursor(line)
    guard !line.isEmpty else { return .failure(.emptyLine) }
    guard var address = cursor.token(), !address.isEmpty, cursor.skip(0x20) else {
      return .failure(.badField("no client address"))
    }
    if forwardedList, line[address.upperBound - 1] == 0x2C {
      // `client, proxy1, proxy2 - user [...]`: the first address is the client's.
      address = address.lowerBound..<address.upperBound - 1
      while let next = cursor.token(), cursor.skip(0x20) {
        if line[next.upperBound - 1] != 0x2C { break }
      }
      guard ClientAddress.isAddress(line[address]) else {
        return .failure(.notOneAddress(String(decoding: line[address], as: UTF8.self)))
      }
    } else if !ClientAddress.isAddress(line[address]) {
      // vhost_combined: `host[:port] address - user [...]`
      var ahead = cursor
      // (never a list: `10.0.0.2, 10.0.0.1 - - […]` is an X-Forwarded-For header, not a host)
      if line[address.upperBound - 1] != 0x2C, let second = ahead.token(), ahead.skip(0x20),
        second.count > 1, ClientAddress.isAddress(line[second]), ahead.peek == 0x2D
      {
        address = second
        cursor = ahead
      } else {
        return .failure(.notOneAddress(String(decoding: line[address], as: UTF8.self)))
      }
    }
    guard let ident = cursor.token(), cursor.skip(0x20) else {
      return .failure(.badField("no ident field"))
    }
    // Two addresses before the user (`10.225.192.17 10.2.2.121 - - […]`): a format with a field
    // of its own there, never a user named after them.
    if ident.count > 1, ClientAddress.isAddress(line[ident]) {
      return .failure(
        .notOneAddress(String(decoding: line[address.lowerBound..<ident.upperBound], as: UTF8.self))
      )
    }
    // $remote_user runs up to " [" (it may itself contain spaces).
    guard let userEnd = cursor.find(0x20, followedBy: 0x5B) else {
      return .failure(.badField("no [time]"))
    }
    let user = cursor.position..<userEnd
    cursor.position = userEnd + 2
    guard let timeEnd = cursor.find(0x5D), let time = parseTime(line, cursor.position..<timeEnd)
    else { return .failure(.badTime) }
    cursor.position = timeEnd + 1
    guard cursor.skip(0x20), cursor.skip(0x22), let requestEnd = cursor.endOfQuoted() else {
      return .failure(.badField("no quoted request"))
    }
    let request = cursor.position..<requestEnd
    cursor.position = requestEnd + 1
    // Any three-digit status is read by the outcome table (Caddy and nginx write 0 or 499 for a
    // client that went away): a POST without 2xx is an error, another method a probe.
    guard cursor.skip(0x20), let status = cursor.number(), (0...999).contains(status),
      cursor.skip(0x20)
    else { return .failure(.badField("no HTTP status")) }
    let bytes: Int64
    if cursor.skip(0x2D) {
      bytes = 0  // Apache writes "-" for an empty body
    } else if let n = cursor.number() {
      bytes = Int64(n)
    } else {
      return .failure(.badField("no body size"))
    }
    guard cursor.atEnd || cursor.peek == 0x20 else {
      return .failure(.badField("unexpected text after the body size"))
    }
    let method = Classification.methodLength(UnsafeRawBufferPointer(rebasing: line[request])).map {
      request.lowerBound..<request.lowerBound + $0
    }
    let target = method.map { method in
      var start = method.upperBound
      while start < request.upperBound && line[start] == 0x20 { start += 1 }
      var end = start
      while end < request.upperBound && line[end] != 0x20 { end += 1 }
      return start..<end
    }
    let isDash = user.count == 1 && line[user.lowerBound] == 0x2D
    return .success(
      ProxyRequest(
        remoteAddress: address, remoteUser: isDash || user.isEmpty ? nil : user, time: time,
        method: method, target: target, status: status, bodyBytes: bytes))
  }

  /// The time of a line that failed to parse, when its `[time]` field can still be read: it
  /// places the malformed line in a report's period.
  static func bestEffortTime(_ line: UnsafeRawBufferPointer) -> Instant? {
    var cursor = ByteCursor(line)
    guard let open = cursor.find(0x5B) else { return nil }
    cursor.position = open + 1
    guard let close = cursor.find(0x5D) else { return nil }
    return parseTime(line, open + 1..<close)
  }

  /// The method of `METHOD SP target [SP protocol]`, or nil when the request is not one. A
  /// method is capitals, `-` and `_` (`M-SEARCH`); spaces after it may be several.
  private static let months: [UInt32] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ].map { name in name.utf8.reduce(0) { $0 << 8 | UInt32($1) } }

  /// `25/Nov/2026:14:35:50 +0100` → the UTC instant.
  static func parseTime(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> Instant? {
    guard range.count == 26 else { return nil }
    let b = range.lowerBound
    func digits(_ at: Int, _ count: Int) -> Int? {
      var value = 0
      for i in at..<at + count {
        let d = Int(line[b + i]) - 0x30
        guard (0...9).contains(d) else { return nil }
        value = value * 10 + d
      }
      return value
    }
    let monthKey = UInt32(line[b + 3]) << 16 | UInt32(line[b + 4]) << 8 | UInt32(line[b + 5])
    guard line[b + 2] == 0x2F, line[b + 6] == 0x2F, line[b + 11] == 0x3A, line[b + 14] == 0x3A,
      line[b + 17] == 0x3A, line[b + 20] == 0x20,
      let day = digits(0, 2), let monthIndex = months.firstIndex(of: monthKey),
      let year = digits(7, 4), let hour = digits(12, 2), let minute = digits(15, 2),
      let second = digits(18, 2), let offsetHours = digits(22, 2),
      let offsetMinutes = digits(24, 2),
      line[b + 21] == 0x2B || line[b + 21] == 0x2D,
      hour < 24, minute < 60, second < 61, offsetMinutes < 60,
      offsetHours * 60 + offsetMinutes <= Instant.maxOffsetMinutes,
      let date = LocalDate(year: year, month: monthIndex + 1, day: day)
    else { return nil }
    let offset = Int64(offsetHours * 3600 + offsetMinutes * 60) * (line[b + 21] == 0x2D ? -1 : 1)
    // A leap second (:60) counts as the last second of its minute, in its own day.
    let wall = date.daysSinceEpoch * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
    return Instant(seconds: wall - offset)
  }
}

/// Reads a byte buffer left to right.
struct ByteCursor {
  let bytes: UnsafeRawBufferPointer
  var position = 0

  init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  var atEnd: Bool { position >= bytes.count }
  var peek: UInt8? { atEnd ? nil : bytes[position] }

  /// Consumes `byte` if it comes next.
  mutating func skip(_ byte: UInt8) -> Bool {
    guard peek == byte else { return false }
    position += 1
    return true
  }

  /// Consumes up to (not including) the next space or the end.
  mutating func token() -> Range<Int>? {
    let start = position
    while position < bytes.count, bytes[position] != 0x20 { position += 1 }
    return start..<position
  }

  /// Consumes decimal digits (at most 18) and returns their value.
  mutating func number() -> Int? {
    let start = position
    var value = 0
    while position < bytes.count, position - start < 18, (0x30...0x39).contains(bytes[position]) {
      value = value * 10 + Int(bytes[position] - 0x30)
      position += 1
    }
    return position > start ? value : nil
  }

  /// Index of the next `byte` from the current position, without consuming.
  func find(_ byte: UInt8) -> Int? {
    var i = position
    while i < bytes.count {
      if bytes[i] == byte { return i }
      i += 1
    }
    return nil
  }

  /// Index of the next `first` immediately followed by `second`.
  func find(_ first: UInt8, followedBy second: UInt8) -> Int? {
    var i = position
    while i + 1 < bytes.count {
      if bytes[i] == first && bytes[i + 1] == second { return i }
      i += 1
    }
    return nil
  }

  /// Index of the quote closing a string that started just before `position`; a backslash
  /// escapes the next byte (Apache writes `\"`, nginx `\x22`).
  func endOfQuoted() -> Int? {
    var i = position
    while i < bytes.count {
      switch bytes[i] {
      case 0x5C: i += 2
      case 0x22: return i
      default: i += 1
      }
    }
    return nil
  }
}

/// nginx/Apache `combined` (and `common`) access logs of a proxy in front of the TSA.
struct CombinedFormat: LineFormat {
  let minTokenBytes: Int64
  /// `--client-ip-from x-forwarded-for`: the address field may be a list; its first is the client.
  var forwardedList = false
  private var endpoints = EndpointNames()

  init(minTokenBytes: Int64, forwardedList: Bool = false) {
    self.minTokenBytes = minTokenBytes
    self.forwardedList = forwardedList
  }

  mutating func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason> {
    CombinedLogParser.parse(line, forwardedList: forwardedList).flatMap { request in
      let isPost = request.method.map { line[$0].elementsEqual("POST".utf8) }
      return Classification.outcome(
        isPost: isPost, status: request.status, bodyBytes: request.bodyBytes,
        minTokenBytes: minTokenBytes
      ).map { outcome in
        Record(
          time: request.time,
          outcome: outcome,
          user: String(decoding: line[request.remoteUser ?? request.remoteAddress], as: UTF8.self),
          httpStatus: request.status, bodyBytes: request.bodyBytes,
          // Only a time-stamp request has an endpoint: a scanner's probes name any path at all.
          endpoint: isPost == true
            ? request.target.flatMap { endpoints.name(String(decoding: line[$0], as: UTF8.self)) }
            : nil)
      }
    }
  }
}

/// What may stand in a log's client address field.
enum ClientAddress {
  /// One IPv4 address (`10.0.0.5`), one IPv6 address (`2001:db8::1`, `::ffff:10.0.0.5`), or `-`.
  static func isAddress(_ bytes: UnsafeRawBufferPointer.SubSequence) -> Bool {
    isAddress(String(decoding: bytes, as: UTF8.self))
  }

  static func isAddress(_ text: String) -> Bool {
    if text == "-" { return true }
    var v4 = in_addr()
    var v6 = in6_addr()
    return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
  }
}

extension InputFormat {
  /// nginx's and Apache's access log of a proxy in front of the TSA.
  public static let combined = InputFormat(name: "combined")
}

extension LineFormatEntry {
  static let combined = LineFormatEntry(
    format: .combined, help: "nginx or Apache access log of a proxy in front of the TSA",
    brief: "nginx/Apache access log",
    recognises: { $0.fields == nil && $0.parses(CombinedLineCheck()) },
    parser: { options in
      SyslogWrapped(
        inner: CombinedFormat(
          minTokenBytes: options.minTokenBytes, forwardedList: options.clientFromForwardedFor))
    },
    readsRawBytes: true, timeOfMalformedLine: CombinedLogParser.bestEffortTime)
}

/// Whether a line is a combined log line at all (whatever its request).
private struct CombinedLineCheck: LineFormat {
  mutating func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason> {
    CombinedLogParser.parse(line).map { _ in nil }
  }
}
