import TSAModel

/// Why an import could not run, with the path and what to do.
public enum ImportError: Error, Equatable, Sendable {
  case inputNotFound(path: String)
  case unreadable(path: String, reason: String)
  case malformedInStrictMode(path: String, line: Int64, reason: MalformedReason)
  case unknownFormat(path: String)
  case unknownContractInRecord(path: String, line: Int64, code: String, known: [String])
  /// Several contracts, and no rule says which one a line's user or login is billed to.
  case noContractFor(path: String, line: Int64, user: String?, account: String?, known: [String])
  /// More than half the lines of an input were malformed: nothing was written.
  case mostlyMalformed(summaries: [SourceSummary])
}

extension ImportError: CustomStringConvertible {
  public var description: String {
    switch self {
    case .inputNotFound(let path):
      return "\(path): no such file or directory. Check the path (a log, a directory of logs)."
    case .unreadable(let path, let reason):
      return "\(path): cannot read it: \(reason). Check its permissions."
    case .malformedInStrictMode(let path, let line, let reason):
      return "\(path):\(line): \(reason). --strict stops at the first malformed line and"
        + " writes nothing; import without --strict to keep the good lines and list the bad"
        + " ones with `tsa-report rejects`."
    case .unknownFormat(let path):
      return "\(path): cannot tell its format from its name or its first line. Choose one with"
        + " --format (\(InputFormat.named.map(\.rawValue).joined(separator: ", ")))."
    case .noContractFor(let path, let line, let user, let account, let known):
      let who = [user.map { "user '\($0)'" }, account.map { "login '\($0)'" }].compactMap { $0 }
      let rules = [
        account.map { "tsa-report contract edit \(known[0]) --add-account \($0)" },
        user.map { "tsa-report user set \($0) --contract \(known[0])" },
      ].compactMap { $0 }
      return "\(path):\(line): nothing says which contract "
        + (who.isEmpty ? "this line" : who.joined(separator: " with "))
        + " is billed to, and the books hold \(known.count) (\(known.joined(separator: ", "))):"
        + " nothing was imported. Add the rule, e.g. "
        + (rules.isEmpty ? "" : rules.joined(separator: " or ") + ", ")
        + "or import the log with --contract ID."
    case .unknownContractInRecord(let path, let line, let code, let known):
      return "\(path):\(line): the record names contract '\(code)', which the books do not know"
        + (known.isEmpty ? "" : " (known: \(known.joined(separator: ", ")))")
        + ". Add it with `tsa-report contract add \(code)` and import again; nothing was written."
    case .mostlyMalformed(let summaries):
      return summaries.filter(\.isMostlyMalformed).map { summary in
        let how = summary.detected ? "the format auto picked" : "the format given"
        let all = summary.malformed == summary.lines ? "none" : "most"
        return
          "\(summary.path): \(all) of its lines could be read: \(summary.malformed) of"
          + " \(summary.lines) malformed, read as \(summary.format.rawValue) (\(how)). First"
          + " reasons: "
          + summary.firstMalformed.prefix(3).map { "line \($0.line): \($0.reason)" }
          .joined(separator: "; ")
          + ". Nothing was written. Is it this format? Name the right one with --format"
          + (summary.format == .nginxJSON ? ", or the log's keys with --field ROLE=KEY" : "")
          + "; to keep what can be read anyway, import with --allow-malformed."
      }.joined(separator: "\n")
    }
  }
}

extension ImportError: SaidInLanguages {
  public func description(in language: Language) -> String {
    language.pick(en: description, cs: czech)
  }

  /// The same sentences in Czech.
  private var czech: String {
    switch self {
    case .inputNotFound(let path):
      return "\(path): takový soubor ani složka neexistuje. Zkontrolujte cestu (log, složka"
        + " s logy)."
    case .unreadable(let path, let reason):
      return "\(path) nelze číst (\(reason)). Zkontrolujte oprávnění."
    case .malformedInStrictMode(let path, let line, let reason):
      return "\(path):\(line) — \(reason). --strict zastaví na prvním vadném řádku a nic"
        + " nezapíše; importujte bez --strict, dobré řádky se uloží a vadné vypíše"
        + " tsa-report rejects."
    case .unknownFormat(let path):
      return "\(path) — formát nelze poznat z názvu ani z prvního řádku. Zvolte ho přes"
        + " --format (\(InputFormat.named.map(\.rawValue).joined(separator: ", ")))."
    case .noContractFor(let path, let line, let user, let account, let known):
      let who = [user.map { "uživatel '\($0)'" }, account.map { "účet '\($0)'" }]
        .compactMap { $0 }
      let rules = [
        account.map { "tsa-report contract edit \(known[0]) --add-account \($0)" },
        user.map { "tsa-report user set \($0) --contract \(known[0])" },
      ].compactMap { $0 }
      return "\(path):\(line) — nic neříká, které smlouvě se účtuje "
        + (who.isEmpty ? "tento řádek" : who.joined(separator: " s "))
        + ", a evidence má smluv \(known.count) (\(known.joined(separator: ", "))); nic nebylo"
        + " importováno. Přidejte pravidlo, např. "
        + (rules.isEmpty ? "" : rules.joined(separator: " nebo ") + ", ")
        + "nebo log importujte s --contract ČÍSLO."
    case .unknownContractInRecord(let path, let line, let code, let known):
      return "\(path):\(line) — záznam uvádí smlouvu '\(code)', kterou evidence nezná"
        + (known.isEmpty ? "" : " (známé \(known.joined(separator: ", ")))")
        + ". Přidejte ji příkazem tsa-report contract add \(code) a importujte znovu; nic nebylo"
        + " zapsáno."
    case .mostlyMalformed(let summaries):
      return summaries.filter(\.isMostlyMalformed).map { summary in
        let how = summary.detected ? "formát zvolený automaticky" : "zadaný formát"
        let read =
          summary.malformed == summary.lines
          ? "žádný z jeho řádků nešlo přečíst" : "většinu jeho řádků nešlo přečíst"
        return
          "\(summary.path) — \(read)"
          + " (vadných \(summary.malformed) z \(summary.lines), čteno jako"
          + " \(summary.format.rawValue), \(how)). První důvody: "
          + summary.firstMalformed.prefix(3).map {
            "řádek \($0.line) \($0.reason.description(in: .cs))"
          }
          .joined(separator: "; ")
          + ". Nic nebylo zapsáno. Je to tento formát? Uveďte správný přes --format"
          + (summary.format == .nginxJSON ? " nebo klíče logu přes --field ROLE=KLÍČ" : "")
          + "; chcete-li přesto uložit, co lze přečíst, importujte s --allow-malformed."
      }.joined(separator: "\n")
    }
  }
}
