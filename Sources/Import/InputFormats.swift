import TSAModel

/// An input format tsa-report reads (the README's table of formats), by the name `--format` takes. The line
/// formats are listed once, in `InputFormats.lines`; besides them there are `auto` (decide
/// from the name and first bytes) and `tsr` (whole DER files, not lines).
public struct InputFormat: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public let rawValue: String

  init(name: String) { rawValue = name }

  /// A format by its name; nil for a name no format has.
  public init?(rawValue: String) {
    guard let format = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
    self = format
  }

  public var description: String { rawValue }

  /// Decide from the file's name and first bytes.
  public static let auto = InputFormat(name: "auto")
  /// `.tsr` replies and `.tst` tokens, a whole file each.
  public static let tsr = InputFormat(name: "tsr")

  /// Every format `--format` takes, `auto` first.
  public static var allCases: [InputFormat] { [.auto] + InputFormats.lines.map(\.format) + [.tsr] }

  /// The formats one can name with `--format` (every one but `auto`): read by the messages
  /// that list them, so a new format is listed everywhere.
  public static var named: [InputFormat] { allCases.filter { $0 != .auto } }

  /// Every format with what it reads, as the import help says it.
  public static var described: String { InputFormats.described }

  /// Every format, as `--format`'s help lists them.
  public static var listed: String { InputFormats.listed }
}

/// The first complete line of an input, as the format detector offers it to every line
/// format: its bytes (a syslog prefix taken off), its text, and its JSON fields when it is an
/// object (parsed once for all).
struct FirstLine {
  /// The line without its newline.
  var bytes: [UInt8]
  var text: String
  /// Nil unless the line is a JSON object.
  var fields: [String: JSONScalar]?

  /// Whether `format` reads the line without a malformed reason.
  func parses(_ format: some LineFormat) -> Bool {
    var parser = format
    return bytes.withUnsafeBytes {
      if case .success = parser.parse($0) { return true }
      return false
    }
  }
}

/// One line format, whole: its name, what the help says of it, how its first line is
/// recognised and how its lines are read. Adding a format is a file with its parser and its
/// entry, and one line in `InputFormats.lines`.
struct LineFormatEntry: Sendable {
  var format: InputFormat
  /// What the import help says of it, in brackets after the name (formats with the same words
  /// are named together: `caddy and traefik (their JSON access logs)`).
  var help: String
  /// The short note `--format`'s help gives it, if any.
  var brief: String? = nil
  /// True when an input's first line is of this format. Tried in the registry's order.
  var recognises: @Sendable (FirstLine) -> Bool
  /// The parser of its lines for one import.
  var parser: @Sendable (ImportOptions) -> any LineFormat
  /// A line whose bytes are not all UTF-8 is still read (a proxy's raw URL bytes), as long as
  /// the user it names is text.
  var readsRawBytes = false
  /// The time of a malformed line, when the format can still find one.
  var timeOfMalformedLine: (@Sendable (UnsafeRawBufferPointer) -> Instant?)? = nil
}

/// Every line format, in the order the detector tries them and the help lists them.
enum InputFormats {
  static let lines: [LineFormatEntry] = [
    .combined, .nginxJSON, .caddy, .traefik, .haproxy, .jsonl, .csv,
  ]

  /// The entry of a line format.
  static func entry(_ format: InputFormat) -> LineFormatEntry? {
    lines.first { $0.format == format }
  }

  /// `combined (…), nginx-json (…), caddy and traefik (…), …, tsr (…)`: the formats as the
  /// import help names them.
  static var described: String {
    var parts: [String] = []
    var index = 0
    while index < lines.count {
      var names = [lines[index].format.rawValue]
      while index + 1 < lines.count && lines[index + 1].help == lines[index].help {
        index += 1
        names.append(lines[index].format.rawValue)
      }
      parts.append("\(names.joined(separator: " and ")) (\(lines[index].help))")
      index += 1
    }
    return (parts + ["tsr (.tsr replies and .tst tokens)"]).joined(separator: ", ")
  }

  /// `auto, combined (nginx/Apache access log), nginx-json, …, csv or tsr (DER tokens)`: the
  /// formats as `--format`'s help lists them.
  static var listed: String {
    let names =
      ["auto"]
      + lines.map { entry in entry.brief.map { "\(entry.format) (\($0))" } ?? "\(entry.format)" }
    return names.joined(separator: ", ") + " or tsr (DER tokens)"
  }
}
