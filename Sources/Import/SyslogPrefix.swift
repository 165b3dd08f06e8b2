import TSAModel

/// A proxy's log lines as syslog delivers them: nginx's `access_log syslog:server=…`, HAProxy's
/// `log … format rfc3164|rfc5424`, and the files rsyslog writes on a central host. The prefix is
/// taken off, the sending host kept (`usage --by host` tells two proxies apart), and the rest
/// read as the wrapped format. Lines without a prefix are read as they are.
///
/// Forms: RFC 3164 `<190>Nov 26 13:40:00 proxy1 nginx: MSG` (rsyslog's traditional files write it
/// without `<PRI>`), rsyslog's high-precision files `2026-11-26T13:40:00.123+01:00 proxy1 nginx:
/// MSG`, and RFC 5424 `<190>1 2026-11-26T13:40:00.123+01:00 proxy1 nginx - - - MSG`. The time of
/// the wrapped line counts; the prefix's is only the time of delivery.
enum SyslogPrefix {
  /// The sending host and where the wrapped line starts, or nil when the line has no prefix.
  static func parse(_ line: UnsafeRawBufferPointer) -> (host: String, payload: Int)? {
    var i = 0
    func token() -> Range<Int>? {
      let start = i
      while i < line.count && line[i] != 0x20 { i += 1 }
      guard i > start, i < line.count else { return nil }
      defer { i += 1 }
      return start..<i
    }
    if line.first == 0x3C {  // <PRI>
      var end = 1
      while end < line.count && end <= 4 && (0x30...0x39).contains(line[end]) { end += 1 }
      guard end > 1, end < line.count, line[end] == 0x3E else { return nil }
      i = end + 1
      // RFC 5424: a version, then timestamp, host, app, procid, msgid, structured data
      if i + 1 < line.count, line[i] == 0x31, line[i + 1] == 0x20 {
        i += 2
        guard token() != nil, let host = token(), token() != nil, token() != nil, token() != nil
        else { return nil }
        guard skipStructuredData(line, &i), i < line.count else { return nil }
        return (text(line, host), i)
      }
    }
    // RFC 3164: `Mmm dd hh:mm:ss` (15 bytes, the day padded with a space), or an RFC 3339 time
    if i + 16 <= line.count, isMonth(line, i), line[i + 3] == 0x20, line[i + 6] == 0x20,
      line[i + 9] == 0x3A, line[i + 12] == 0x3A, line[i + 15] == 0x20
    {
      i += 16
    } else if let time = token(), time.count >= 20, line[time.lowerBound + 4] == 0x2D,
      line[time.lowerBound + 10] == 0x54
    {
      // i is past the time
    } else {
      return nil
    }
    guard let host = token(), let tag = token(), line[tag.upperBound - 1] == 0x3A else {
      return nil
    }
    return (text(line, host), i)
  }

  private static let months = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ].map { Array($0.utf8) }

  private static func isMonth(_ line: UnsafeRawBufferPointer, _ at: Int) -> Bool {
    months.contains { $0.elementsEqual(line[at..<at + 3]) }
  }

  /// `-`, or one or more `[id param="value" …]` elements, and the space after.
  private static func skipStructuredData(_ line: UnsafeRawBufferPointer, _ i: inout Int) -> Bool {
    if i < line.count, line[i] == 0x2D {
      i += 1
    } else {
      while i < line.count, line[i] == 0x5B {
        var quoted = false
        i += 1
        while i < line.count {
          let byte = line[i]
          i += 1
          if byte == 0x5C && quoted {
            i += 1
          } else if byte == 0x22 {
            quoted.toggle()
          } else if byte == 0x5D && !quoted {
            break
          }
        }
      }
    }
    guard i < line.count, line[i] == 0x20 else { return false }
    i += 1
    return true
  }

  private static func text(_ line: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
    String(decoding: line[range], as: UTF8.self)
  }
}

/// Any proxy log format, its lines possibly wrapped by syslog.
struct SyslogWrapped: LineFormat {
  var inner: any LineFormat

  mutating func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason> {
    guard let (host, start) = SyslogPrefix.parse(line) else { return inner.parse(line) }
    return inner.parse(UnsafeRawBufferPointer(rebasing: line[start...])).map { record in
      record.map { record in
        var record = record
        record.host = host
        return record
      }
    }
  }
}
