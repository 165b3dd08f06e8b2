/// Text from logs and from users as a terminal (or an e-mail) shows it. Anyone who can send a
/// request to the proxy writes into its log, so a user name or a request line may hold escape
/// sequences (clear the screen, set the title, an OSC 8 link), a bell, C1 controls or Unicode
/// format characters that reorder or hide text (U+202E). Each such character is written as an
/// escape — `\e`, `\t`, `\u{202e}` — and can neither drive the terminal nor disguise the text.
/// CSV, JSON and XLSX keep the exact value.
public enum TerminalText {
  public static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: needsEscape) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
      guard needsEscape(scalar) else {
        out.unicodeScalars.append(scalar)
        continue
      }
      switch scalar.value {
      case 0x1B: out += "\\e"
      case 0x09: out += "\\t"
      case 0x0A: out += "\\n"
      case 0x0D: out += "\\r"
      default: out += "\\u{" + String(scalar.value, radix: 16) + "}"
      }
    }
    return out
  }

  /// Each line of a text of several, its line ends kept.
  public static func escapedLines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map {
      escaped(String($0))
    }.joined(separator: "\n")
  }

  /// C0 controls, DEL, C1 controls, and format characters (bidi embeddings, overrides and
  /// isolates, zero-width characters, the byte order mark).
  public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value >= 0x20 && value < 0x7F { return false }
    if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) { return true }
    return scalar.properties.generalCategory == .format
  }
}
