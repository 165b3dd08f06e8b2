/// The language of a report's labels.
public enum Language: String, Sendable, CaseIterable {
  case en, cs
}

/// The words of reports in one language: fixed phrases by their English text, and the sentences
/// with numbers in them. English is the default; `--lang cs` gives Czech.
public struct Words: Sendable {
  public let language: Language

  public init(_ language: Language) { self.language = language }

  public static let english = Words(.en)

  /// A fixed phrase.
  func callAsFunction(_ english: String) -> String {
    language == .cs ? Words.czech[english] ?? english : english
  }

  /// A column: its key (CSV header, JSON key) and title, both in the report's language.
  func column(_ key: String, _ englishTitle: String) -> Column {
    guard language == .cs else { return Column(key, englishTitle) }
    let title = self(englishTitle)
    return Column(Words.czechKeys[key] ?? key, title)
  }

  /// What is counted in sentences, with its forms: English singular and plural; Czech for 1,
  /// for 2–4, and for 0 and 5 and more.
  public enum Noun: Sendable {
    case stamp, day, line, file, authFailure, probe, error

    var english: (one: String, other: String) {
      switch self {
      case .stamp: ("stamp", "stamps")
      case .day: ("day", "days")
      case .line: ("line", "lines")
      case .file: ("file", "files")
      case .authFailure: ("auth failure", "auth failures")
      case .probe: ("probe", "probes")
      case .error: ("error", "errors")
      }
    }

    var czech: (one: String, few: String, many: String) {
      switch self {
      case .stamp: ("razítko", "razítka", "razítek")
      case .day: ("den", "dny", "dní")
      case .line: ("řádek", "řádky", "řádků")
      case .file: ("soubor", "soubory", "souborů")
      case .authFailure: ("neúspěšné přihlášení", "neúspěšná přihlášení", "neúspěšných přihlášení")
      case .probe: ("kontrola dostupnosti", "kontroly dostupnosti", "kontrol dostupnosti")
      case .error: ("chyba", "chyby", "chyb")
      }
    }
  }

  /// A number and its noun in the form the number takes: `1 day`, `2 days`; in Czech `1 den`,
  /// `2 dny`, `5 dní`. Thousands are grouped (`1 087 stamps`).
  public func counted(_ n: Int64, _ noun: Noun) -> String {
    let number = TextRenderer.groupThousands(String(n))
    switch language {
    case .en: return "\(number) \(n == 1 ? noun.english.one : noun.english.other)"
    case .cs:
      let forms = noun.czech
      return "\(number) \(n == 1 ? forms.one : (2...4).contains(n) ? forms.few : forms.many)"
    }
  }

  /// `1 stamp`, `1 087 stamps`; in Czech `1 razítko`, `3 razítka`, `5 razítek`.
  func stamps(_ n: Int64) -> String { counted(n, .stamp) }

  func unbilled(_ counts: [Outcome: Int64], malformed: Int64) -> String {
    func n(_ value: Int64) -> String { TextRenderer.groupThousands(String(value)) }
    let c = { (outcome: Outcome) in n(counts[outcome, default: 0]) }
    switch language {
    case .en:
      let count = { (outcome: Outcome, noun: Noun) in counted(counts[outcome, default: 0], noun) }
      return
        "Seen but not billed: \(c(.rejected)) rejected by TSA · \(count(.authFailure, .authFailure))"
        + " · \(count(.probe, .probe)) · \(count(.error, .error)) · \(n(malformed)) malformed"
    case .cs:
      return "Zaznamenáno, ale neúčtováno: odmítnuto TSA \(c(.rejected)) · neúspěšná přihlášení"
        + " \(c(.authFailure)) · kontroly dostupnosti \(c(.probe)) · chyby \(c(.error))"
        + " · vadné řádky \(n(malformed))"
    }
  }

  func unpriced(_ n: Int64) -> String {
    language == .en
      ? "\(stamps(n)) without a known price (unfunded, or drawn from a package without a price):"
        + " counted, not in the costs."
      : "\(stamps(n)) bez známé ceny (nekrytá, nebo z balíčku bez ceny): v počtech jsou, v"
        + " nákladech ne."
  }

  func mixedCurrencies(_ currencies: [String]) -> String {
    language == .en
      ? "Costs are not shown: the packages are priced in \(currencies.joined(separator: ", "));"
        + " report one contract at a time with --contract."
      : "Náklady nejsou uvedeny: balíčky mají ceny v různých měnách"
        + " (\(currencies.joined(separator: ", "))); vyberte jednu smlouvu pomocí --contract."
  }

  func endOfDay(_ day: LocalDate, _ instant: String) -> String {
    language == .en ? "end of \(day.iso) (\(instant))" : "konec dne \(day.iso) (\(instant))"
  }

  func runway(_ code: String, left: Int64, perDay: String, window: Int, days: Int, until: LocalDate)
    -> String
  {
    language == .en
      ? "\(code): \(stamps(left)) left; \(perDay) a day over the last \(window) days; runway"
        + " \(counted(Int64(days), .day)), until about \(until.iso)."
      : "\(code): zbývá \(stamps(left)); \(perDay) denně za posledních \(window) dní; vystačí na"
        + " \(counted(Int64(days), .day)), přibližně do \(until.iso)."
  }

  func noRecentUse(_ code: String, left: Int64, window: Int) -> String {
    language == .en
      ? "\(code): \(stamps(left)) left; none used in the last \(window) days."
      : "\(code): zbývá \(stamps(left)); za posledních \(window) dní žádná spotřeba."
  }

  func expiryWarning(package: Package, until: LocalDate, unused: Int64) -> String {
    let name = "\(package.id)\(package.ref.map { " (\($0))" } ?? "")"
    return language == .en
      ? "Warning: package \(name) expires on \(until.iso) with about \(stamps(unused)) unused at"
        + " this pace."
      : "Upozornění: balíček \(name) propadne \(until.iso) a při této spotřebě v něm zůstane asi"
        + " \(stamps(unused))."
  }

  func unfundedWarning(_ code: String, _ n: Int64) -> String {
    language == .en
      ? "Warning: \(code) has \(stamps(n)) that no paid, valid package covers (unfunded). Record"
        + " the purchase or its payment: tsa-report package add / package pay."
      : "Upozornění: smlouva \(code) má \(stamps(n)) bez krytí zaplaceným platným balíčkem."
        + " Zaznamenejte nákup nebo platbu: tsa-report package add / package pay."
  }

  static let czech: [String: String] = [
    "TSA stamp usage": "Spotřeba časových razítek", "TSA stamp balance": "Stav časových razítek",
    "TSA stamps, one by one": "Časová razítka jednotlivě", "TSA stamps": "Časová razítka",
    "Interval": "Období", "Time zone": "Časové pásmo", "Filters": "Filtry", "Currency": "Měna",
    "As of": "Ke dni", "none": "žádné", "contract": "smlouva", "user": "uživatel",
    "Total": "Celkem", "total": "celkem", "unfunded": "nekryto", "(none)": "(žádné)",
    "Day": "Den", "Week": "Týden", "Month": "Měsíc", "Quarter": "Čtvrtletí", "Year": "Rok",
    "Contract": "Smlouva", "User": "Uživatel", "Cost centre": "Nákladové středisko",
    "Package": "Balíček", "Source": "Zdroj", "Endpoint": "Koncový bod",
    "(unknown)": "(neznámý)", "Stamps": "Razítka", "Cost excl. VAT": "Cena bez DPH",
    "VAT": "DPH", "Cost incl. VAT": "Cena s DPH", "Ref": "Doklad", "Paid": "Zaplaceno",
    "Valid until": "Platnost do", "Status": "Stav", "Used": "Použito", "Remaining": "Zbývá",
    "Expired": "Propadlo", "Unfunded": "Nekryto", "Opening balance": "Počáteční stav",
    "Purchased": "Nakoupeno", "Closing balance": "Konečný stav", "Local time": "Místní čas",
    "Serial": "Sériové číslo", "unpaid": "nezaplaceno", "active": "aktivní",
    "exhausted": "vyčerpáno", "expired": "propadlo", "stamps": "razítek",
    "Opening balance + purchased − used − expired = closing balance (stamps of paid packages).":
      "Počáteční stav + nakoupeno − použito − propadlo = konečný stav (razítka zaplacených balíčků).",
  ]

  static let czechKeys: [String: String] = [
    "day": "den", "week": "tyden", "month": "mesic", "quarter": "ctvrtleti", "year": "rok",
    "contract": "smlouva", "user": "uzivatel", "cost_centre": "nakladove_stredisko",
    "package": "balicek", "source": "zdroj", "endpoint": "koncovy_bod", "stamps": "razitka",
    "cost_excl_vat": "cena_bez_dph",
    "vat": "dph", "cost_incl_vat": "cena_s_dph", "ref": "doklad", "paid": "zaplaceno",
    "valid_until": "platnost_do", "status": "stav", "used": "pouzito", "remaining": "zbyva",
    "expired": "propadlo", "unfunded": "nekryto", "opening": "pocatecni_stav",
    "purchased": "nakoupeno", "closing": "konecny_stav", "local_time": "mistni_cas",
    "serial": "seriove_cislo",
  ]
}
