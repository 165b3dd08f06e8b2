import Foundation
import TSAModel
import TSAReport
import TSASystem

/// The language the command says things in — its notes, warnings and errors, as its reports:
/// `--lang` when the command line has it, else the setting `lang`, else English. Found once,
/// before the command line is parsed, so that a value the parser refuses (`--from 2026-10-1`)
/// is refused in it too; the machine's own words (a monitoring status line, `--help`) stay
/// English.
enum Speech {
  /// Set once in `main`, before anything is said.
  nonisolated(unsafe) static var language: Language = .en

  /// How this run writes numbers, money and days for a person (`1,000` / `1 000`, `2026-11-02` /
  /// `2. 11. 2026`).
  static var words: Words { Words(language) }

  /// What this run says: one argument per language, as `Language.pick`.
  static func say(en: String, cs: String) -> String { language.pick(en: en, cs: cs) }

  /// The same, for short words: `word("Lines", "Řádků")`.
  static func word(_ en: String, _ cs: String) -> String { language.pick(en: en, cs: cs) }

  /// The language of a command line: its `--lang` (the last one, as the parser takes it), else
  /// the setting of the settings file it reads; English when neither names a language.
  static func find(in arguments: [String]) -> Language {
    var flag: String?
    var config: String?
    var index = arguments.startIndex
    while index < arguments.endIndex, arguments[index] != "--" {
      let argument = arguments[index]
      let next = index + 1 < arguments.endIndex ? arguments[index + 1] : nil
      if argument == "--lang" {
        flag = next
      } else if argument.hasPrefix("--lang=") {
        flag = String(argument.dropFirst("--lang=".count))
      } else if argument == "--config" {
        config = next
      } else if argument.hasPrefix("--config=") {
        config = String(argument.dropFirst("--config=".count))
      }
      index += 1
    }
    if let flag { return Language(rawValue: flag) ?? .en }
    // A settings file that cannot be read is said by the command itself, in English.
    let setting = (try? ConfigFile.load(config))?.string("lang")
    return setting.flatMap(Language.init(rawValue:)) ?? .en
  }
}

/// Writes a note in the run's language.
func note(en: String, cs: String) { note(Speech.say(en: en, cs: cs)) }

/// argument-parser's own words around a refused command line (`Error: The value … is invalid
/// for …`, `Usage:`, `See … for more information.`), said in Czech for a Czech run. What is not
/// recognised stays as argument-parser wrote it.
enum ParserWords {
  private static let czech: [(pattern: String, template: String)] = [
    (#"^Error: "#, "Chyba: "),
    (#"The value '(.*?)' is invalid for '(.*?)'"#, "Hodnota '$1' neplatí pro '$2'"),
    (#"Missing expected argument '(.*?)'"#, "Chybí argument '$1'"),
    (
      #"Unknown option '(.*?)'\. Did you mean '(.*?)'\?"#,
      "Neznámá volba '$1'. Nemysleli jste '$2'?"
    ),
    (#"Unknown option '(.*?)'"#, "Neznámá volba '$1'"),
    (#"(?m)^Help:  "#, "Nápověda:  "),
    (#"(?m)^Usage: "#, "Použití: "),
    (#"(?m)^  See '(.*?)' for more information\."#, "  Více viz '$1'."),
  ]

  /// The message in `language`.
  static func said(_ message: String, in language: Language) -> String {
    guard language == .cs else { return message }
    var text = message
    for (pattern, template) in czech {
      let expression = try! NSRegularExpression(pattern: pattern)
      text = expression.stringByReplacingMatches(
        in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
    return text
  }
}
