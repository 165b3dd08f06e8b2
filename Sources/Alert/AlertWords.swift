import Foundation
import TSALedger
import TSAModel
import TSAReport

/// What an alert says to a person, in English or Czech: summaries, reasons, the mail's subject,
/// notices and advice. The monitoring status line is always English (`AlertEvaluator.statusLine`):
/// parsers read it.
struct AlertWords: Sendable {
  let language: Language
  let words: Words
  let zone: ReportZone

  init(_ language: Language, zone: ReportZone) {
    self.language = language
    self.words = Words(language)
    self.zone = zone
  }

  /// `WARNING`; in Czech `VAROVÁNÍ`.
  func level(_ level: AlertLevel) -> String {
    switch (level, language) {
    case (_, .en): level.name
    case (.ok, .cs): "OK"
    case (.warning, .cs): "VAROVÁNÍ"
    case (.critical, .cs): "KRITICKÝ STAV"
    }
  }

  /// Czech "is in the state …": `v pořádku`, `ve stavu VAROVÁNÍ`, `v KRITICKÉM STAVU`.
  private func czechState(_ level: AlertLevel) -> String {
    switch level {
    case .ok: "v pořádku"
    case .warning: "ve stavu VAROVÁNÍ"
    case .critical: "v KRITICKÉM STAVU"
    }
  }

  /// `9.3%`; in Czech `9,3 %`.
  func percent(_ share: Decimal) -> String {
    var value = share
    var rounded = Decimal()
    NSDecimalRound(&rounded, &value, 1, .plain)
    return language.pick(en: "\(rounded)%", cs: words.decimal("\(rounded)") + " %")
  }

  /// English counts keep the fixed form scripts read (`1 087 stamps`); Czech ones agree.
  private func count(_ n: Int64, _ noun: Words.Noun) -> String {
    language.pick(en: PlainCount.of(n, noun), cs: words.counted(n, noun))
  }

  /// `F2112000371: 7 stamps left (3.5%), runway 4 days`; in Czech
  /// `F2112000371: zbývá 7 razítek (3,5 %), vystačí na 4 dny`.
  func summary(_ alert: ContractAlert) -> String {
    let left = count(alert.remaining, .stamp)
    var text =
      language.pick(
        en: "\(alert.contractCode): \(left) left (\(percent(alert.share)))",
        cs: "\(alert.contractCode): \(czechLeft(alert.remaining, left)) (\(percent(alert.share)))")
    if let days = alert.runwayDays {
      text +=
        language.pick(
          en: ", runway " + count(Int64(days), .day), cs: ", vystačí na " + count(Int64(days), .day)
        )
      if let until = alert.paceUntil {
        text +=
          language.pick(
            en: " at the pace up to \(words.date(until))",
            cs: " při spotřebě do \(words.date(until))")
      }
    }
    switch alert.stale {
    case nil: break
    case .noLines?:
      text += language.pick(en: ", no line in the books yet", cs: ", v evidenci zatím žádný řádek")
    case .since(let newest)?:
      text +=
        language.pick(
          en: ", nothing new since \(words.instant(newest, in: zone))",
          cs: ", nic nového od \(words.instant(newest, in: zone))")
    }
    return text
  }

  /// `zbývá 1 razítko`, `zbývají 3 razítka`, `zbývá 5 razítek`.
  private func czechLeft(_ n: Int64, _ counted: String) -> String {
    ((2...4).contains(n) ? "zbývají " : "zbývá ") + counted
  }

  func reason(_ reason: AlertReason) -> String {
    switch (reason, language) {
    case (.fewerThan(let n), .en): "fewer than \(n) stamps left"
    case (.fewerThan(let n), .cs): "zbývá méně než \(words.counted(n, .stamp))"
    case (.lessThanShare(let p), .en): "less than \(percent(p)) of the stamps left"
    case (.lessThanShare(let p), .cs): "zbývá méně než \(percent(p)) razítek"
    case (.runway(let days, let limit), .en):
      "the stamps last \(count(Int64(days), .day)) at the current pace (limit \(limit))"
    case (.runway(let days, let limit), .cs):
      "při současné spotřebě razítka vystačí na \(count(Int64(days), .day)) (limit \(limit))"
    case (.expires(let package, let until, let remaining), .en):
      "package \(package) expires on \(until.iso) with \(count(remaining, .stamp)) left"
    case (.expires(let package, let until, let remaining), .cs):
      "balíček \(package) propadne \(words.date(until)) a zbývá v něm"
        + " \(count(remaining, .stamp))"
    case (.unfunded(let n), .en): "\(count(n, .stamp)) unfunded: no paid, valid package covers them"
    case (.unfunded(let n), .cs):
      "\(count(n, .stamp)) bez krytí: nepokrývá je žádný zaplacený platný balíček"
    case (.stale(let days, let limit), .en):
      "no new line for \(count(days, .day)) (limit \(count(limit, .day))): is the import"
        + " running, and the log path right?"
    case (.stale(let days, let limit), .cs):
      "žádný nový řádek za \(count(days, .day)) (limit \(count(limit, .day))): běží import a je"
        + " cesta k logu správná?"
    case (.noLines, .en): "the books hold no line at all"
    case (.noLines, .cs): "v evidenci není žádný řádek"
    }
  }

  /// `WARNING: F2112000371: …` and a line per reason.
  func details(_ alert: ContractAlert) -> [String] {
    // One colon to a line in Czech: the summary has its own (`F2112000371: zbývá …`).
    ["\(level(alert.level))\(language.pick(en: ": ", cs: " — "))\(summary(alert))"]
      + alert.reasons.map { "  - " + reason($0) }
  }

  func newestLine(_ newest: Instant?) -> String {
    let when =
      newest.map { words.instant($0, in: zone) }
      ?? (language.pick(en: "none yet", cs: "zatím žádný"))
    return language.pick(
      en: "Newest line in the books: \(when)", cs: "Nejnovější řádek v evidenci: \(when)")
  }

  func subject(_ notices: [AlertNotice]) -> String {
    let worst = notices.map(\.alert.level).max() ?? .ok
    let parts = notices.map { notice -> String in
      switch (notice.kind, language) {
      case (.resolved, .en): "resolved: \(summary(notice.alert))"
      case (.resolved, .cs): "vyřešeno: \(summary(notice.alert))"
      case (.reminder, .en): "still \(level(notice.alert.level)): \(summary(notice.alert))"
      case (.reminder, .cs): "stále \(level(notice.alert.level)) — \(summary(notice.alert))"
      case (.changed, _): summary(notice.alert)
      }
    }
    return "[TSA \(level(worst))] " + parts.joined(separator: "; ")
  }

  func notice(_ notice: AlertNotice) -> String {
    let code = notice.alert.contractCode
    let now = level(notice.alert.level)
    let was = level(notice.previous)
    switch (notice.kind, language) {
    case (.resolved, .en): return "Resolved: \(code) is OK again (was \(was))."
    case (.resolved, .cs): return "Vyřešeno: \(code) je opět v pořádku (předtím \(was))."
    case (.reminder, .en): return "Reminder: \(code) is still \(now)."
    case (.reminder, .cs):
      return "Připomínka: \(code) je stále \(czechState(notice.alert.level))."
    case (.changed, .en): return "\(code) is now \(now) (was \(was))."
    case (.changed, .cs):
      return "\(code) je nyní \(czechState(notice.alert.level)) (předtím \(was))."
    }
  }

  func packagesOf(_ code: String) -> String {
    language.pick(en: "Packages of \(code):", cs: "Balíčky smlouvy \(code):")
  }

  func status(_ status: PackageStatus) -> String {
    // In English the status's own name, as the status line writes it.
    language.pick(en: status.rawValue, cs: words[status.label])
  }

  /// `package 2 (FV-2026-0820): 1,000 stamps for 3,630.00 CZK excl. VAT`
  private func described(_ package: Package) -> String {
    let name =
      "\(language.pick(en: "package", cs: "balíček")) \(package.id)\(package.ref.map { " (\($0))" } ?? "")"
    let stamps = words.stamps(package.stamps)
    guard let price = package.price else { return "\(name): \(stamps)" }
    let money =
      language.pick(
        en: "\(words.money(price, currency: package.currency)) \(package.currency) excl. VAT",
        cs: "\(words.money(price, currency: package.currency)) bez DPH")
    return language.pick(
      en: "\(name): \(stamps) for \(money)", cs: "\(name): \(stamps) za \(money)")
  }

  /// What to do, in two paragraphs: one for whoever orders and pays (no commands), one for
  /// whoever keeps the books (the command, with the contract's own last package's figures).
  func advice(contract: ContractBalance) -> [String] {
    let code = contract.contractCode
    let date = language.pick(en: "YYYY-MM-DD", cs: "RRRR-MM-DD")
    if let unpaid = contract.packages.first(where: { $0.status == .unpaid })?.package {
      return language.pick(
        en: [
          "What to do: \(described(unpaid)) of \(code) is ordered but not paid yet; its stamps"
            + " count only once it is paid. Pay it.",
          "For whoever keeps the books: once it is paid, record the day:\n"
            + "  tsa-report package pay \(unpaid.id) --date \(date)",
        ],
        cs: [
          "Co udělat: \(described(unpaid)) smlouvy \(code) je objednaný, ale ještě nezaplacený;"
            + " jeho razítka se počítají až po zaplacení. Zaplaťte ho.",
          "Pro toho, kdo vede evidenci: po zaplacení zapište den platby:\n"
            + "  tsa-report package pay \(unpaid.id) --date \(date)",
        ])
    }
    let last = contract.packages.last?.package
    // The provider's own rule: packages are never ordered through its customer portal (the
    // contract's prices are not set there); the portal is where the count is read.
    let order =
      language.pick(
        en: "What to do: order a new package of qualified time stamps for \(code) through the"
          + " organisation's usual order channel, at the contract's prices, and pay it"
          + (last.map { "; the last one was \(described($0))." } ?? ".")
          + " Do not order it through the provider's customer portal (PostSignum: the"
          + " contract's special prices are not set there); the portal is where the count of"
          + " stamps left is checked.",
        cs: "Co udělat: objednejte nový balíček kvalifikovaných časových razítek pro smlouvu"
          + " \(code) obvyklou objednávkovou cestou organizace, za ceny ze smlouvy, a zaplaťte ho"
          + (last.map { "; poslední balíček byl \(described($0))." } ?? ".")
          + " Neobjednávejte ho přes zákaznický portál poskytovatele (PostSignum: smluvní ceny"
          + " tam nejsou nastaveny); na portálu se jen kontroluje počet zbývajících razítek.")
    var command = "  tsa-report package add --contract \(code)"
    if let last {
      command += " --stamps \(last.stamps)"
      if let price = last.price { command += " --price \(price)" }
      if last.currency != "CZK" { command += " --currency \(last.currency)" }
      if let rate = last.vatRate { command += " --vat-rate \(rate)" }
    } else {
      command += language.pick(en: " --stamps N --price P", cs: " --stamps POČET --price CENA")
    }
    command += " --paid \(date)"
    let record =
      language.pick(
        en: "For whoever keeps the books: once it is paid, record it (with its invoice number as"
          + " --ref):\n" + command,
        cs: "Pro toho, kdo vede evidenci: po zaplacení ho zapište (číslo faktury jako --ref):\n"
          + command)
    return [order, record]
  }

  var footer: String {
    language.pick(
      en: "tsa-report alert; this message is sent once per change of state, and as a reminder.",
      cs: "tsa-report alert; tato zpráva se posílá jednou při každé změně stavu a jako připomínka.")
  }
}
