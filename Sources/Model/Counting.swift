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

/// Counts as sentences write them.
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

  /// A count and its noun: `10,412 lines` (English groups thousands with commas, everywhere);
  /// in Czech `10 412 řádků`.
  public static func of(_ n: Int64, _ noun: CountedNoun, _ language: Language = .en) -> String {
    "\(number(n, language)) \(noun.form(n, language))"
  }

  /// A decimal with its digits as given, thousands grouped: `1,949.31`; in Czech `1 949,31`.
  public static func decimal(_ text: String, _ language: Language = .en) -> String {
    let parts = text.split(separator: ".", maxSplits: 1)
    let whole = grouped(String(parts[0]), separator: language.pick(en: ",", cs: " "))
    guard parts.count == 2 else { return whole }
    return whole + language.pick(en: ".", cs: ",") + parts[1]
  }

  /// `10,412`; in Czech `10 412`.
  public static func number(_ n: Int64, _ language: Language = .en) -> String {
    grouped(String(n), separator: language.pick(en: ",", cs: " "))
  }

  /// `1,552 bytes` (`1 552 bajtů`), as the import summary writes sizes.
  public static func bytes(_ n: Int, _ language: Language = .en) -> String {
    let n = Int64(n)
    return "\(number(n, language)) "
      + language.pick(
        en: n == 1 ? "byte" : "bytes", cs: n == 1 ? "bajt" : (2...4).contains(n) ? "bajty" : "bajtů"
      )
  }
}

extension CountedNoun {
  /// The noun's form for `n` in `language`.
  public func form(_ n: Int64, _ language: Language) -> String {
    switch language {
    case .en: return n == 1 ? english.one : english.other
    case .cs: return n == 1 ? czech.one : (2...4).contains(n) ? czech.few : czech.many
    }
  }
}
