/// `--format auto`: the format from the file's name, else from its first bytes.
enum FormatDetector {
  /// The format of `input`; nil when it holds no complete line yet (an empty log right after
  /// rotation): nothing to read, and nothing wrong.
  static func detect(_ input: InputFile) throws -> InputFormat? {
    var name = input.path.lowercased()
    if name.hasSuffix(".gz") { name.removeLast(3) }
    if name.hasSuffix(".tsr") || name.hasSuffix(".tst") { return .tsr }
    let head = try input.head(512)
    // DER: a SEQUENCE tag and bytes no text log has.
    if head.first == 0x30, head.count > 1, head[1] >= 0x80 || head.contains(where: { $0 < 0x09 }) {
      return .tsr
    }
    guard let whole = try input.firstLine() else { return nil }
    // Through syslog: the format of what it wraps.
    let start = whole.withUnsafeBytes { SyslogPrefix.parse($0)?.payload } ?? 0
    let line = Array(whole[start...])
    var text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    let first = FirstLine(
      bytes: Array(line.dropLast()), text: text,
      fields: text.hasPrefix("{")
        ? Array(text.utf8).withUnsafeBytes { JSONLine.parse($0) } ?? [:] : nil)
    if let entry = InputFormats.lines.first(where: { $0.recognises(first) }) { return entry.format }
    if name.hasSuffix(".log") || name.contains("access") { return .combined }
    throw ImportError.unknownFormat(path: input.displayName)
  }
}
