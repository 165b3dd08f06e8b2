import Foundation

/// This machine's names, as `hostname` and `hostname -f` give them.
package enum HostName {
  /// The bare name (`gethostname`).
  package static var short: String { ProcessInfo.processInfo.hostName }

  /// The fully qualified name, as `hostname -f` finds it (the canonical name of the host name in
  /// /etc/hosts or DNS); nil when that has no dot, which no mail server accepts as a domain.
  package static func fullyQualified() -> String? {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
    let name = String(
      decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var hints = addrinfo()
    hints.ai_flags = AI_CANONNAME
    hints.ai_family = AF_UNSPEC
    var result: UnsafeMutablePointer<addrinfo>?
    var canonical = name
    if getaddrinfo(name, nil, &hints, &result) == 0, let first = result {
      if let text = first.pointee.ai_canonname { canonical = String(cString: text) }
      freeaddrinfo(first)
    }
    return canonical.contains(".") && !canonical.hasSuffix(".") ? canonical : nil
  }
}
