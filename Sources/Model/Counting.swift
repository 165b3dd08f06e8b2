/// What is counted in sentences, with its forms: English singular and plural; Czech for 1,
/// for 2–4, and for 0 and 5 and more.
public enum CountedNoun: Sendable {
  case stamp, day, line, file, authFailure, probe, error, token

  public var english: (one: String, other: String) {
    switch self {
    case .stamp: ("stamp", "stamps")
    case .day: ("day", "days")
    case .line: ("line", "lines")
    case .file: ("file", "files")
    case .authFailure: ("auth failure", "auth failures")
    case .probe: ("probe", "probes")
    case .error: ("error", "errors")
    case .token: ("token", "tokens")
    }
  }

  public var czech: (one: String, few: String, many: String) {
    switch self {
    case .stamp: ("razítko", "razítka", "razítek")
    case .day: ("den", "dny", "dní")
    case .line: ("řádek", "řádky", "řádků")
    case .file: ("soubor", "soubory", "souborů")
    case .authFailure: ("neúspěšné přihlášení", "neúspěšná přihlášení", "neúspěšných přihlášení")
    case .probe: ("kontrola dostupnosti", "kontroly dostupnosti", "kontrol dostupnosti")
    case .error: ("chyba", "chyby", "chyb")
    case .token: ("token", "tokeny", "tokenů")
    }
  }
}

/// Counts in fixed English, for the lines scripts read.
public enum PlainCount {
  /// `10412` → `10 412` (or with `,`).
  public static func grouped(_ digits: String, separator: Character) -> String {
    let negative = digits.hasPrefix("-")
    let body = Array(negative ? digits.dropFirst() : Substring(digits))
    var out = ""
    for (index, ch) in body.enumerated() {
      if index > 0 && (body.count - index) % 3 == 0 { out.append(separator) }
      out.append(ch)
    }
    return (negative ? "-" : "") + out
  }

  /// An English count as the import summary and the alert status line write it (their forms
  /// are fixed for the scripts that read them): thousands apart by a space, `10 412 lines`.
  public static func of(_ n: Int64, _ noun: CountedNoun) -> String {
    "\(grouped(String(n), separator: " ")) \(n == 1 ? noun.english.one : noun.english.other)"
  }

  /// `1 552 bytes`, as the import summary writes sizes.
  public static func bytes(_ n: Int) -> String { "\(grouped(String(n), separator: " ")) bytes" }
}
