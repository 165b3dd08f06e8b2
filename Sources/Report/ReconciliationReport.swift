import TSALedger
import TSAModel

extension Reconciliation {
  /// The reconciliation in words, a table of months and, for the stamps left, the packages they
  /// are left in.
  public func report(asOf description: String, language: Language = .en) -> Report {
    let words = Words(language)
    func say(_ en: String, _ cs: String) -> String { language.pick(en: en, cs: cs) }
    let n = words.number
    var verdicts: [String] = []
    if let providerUsed, let difference {
      switch difference {
      case 0:
        verdicts.append(
          say(
            "Used: the books agree with the provider, \(words.stamps(booksUsed)).",
            "Použito — evidence souhlasí s poskytovatelem, \(words.stamps(booksUsed))."))
      case 1...:
        verdicts.append(
          say(
            "Used: the provider counts \(n(difference)) more stamps than the books"
              + " (\(n(providerUsed)) against \(n(booksUsed))): import the logs still missing (see"
              + " the months below against the provider's list by period), or find the clients"
              + " that stamp outside the proxy.",
            "Použito — poskytovatel počítá o \(n(difference)) razítek více než evidence"
              + " (\(n(providerUsed)) proti \(n(booksUsed))); importujte chybějící logy (porovnejte"
              + " měsíce níže s přehledem poskytovatele za období), nebo najděte klienty, kteří"
              + " razítkují mimo proxy."))
      default:
        verdicts.append(
          say(
            "Used: the books hold \(n(-difference)) more stamps than the provider counts"
              + " (\(n(booksUsed)) against \(n(providerUsed))): a log may have been imported under"
              + " the wrong contract, or the provider's counter is older than the as-of time.",
            "Použito — evidence má o \(n(-difference)) razítek více, než počítá poskytovatel"
              + " (\(n(booksUsed)) proti \(n(providerUsed))); log mohl být importován pod"
              + " nesprávnou smlouvu, nebo je počítadlo poskytovatele starší než zvolený okamžik."))
      }
    }
    if let providerLeft, let leftDifference {
      let packages = packagesLeft.map { item in
        let ref = item.package.ref.map { " (\($0))" } ?? ""
        return say(
          "package \(item.package.id)\(ref): \(n(item.stamps))",
          "balíček \(item.package.id)\(item.package.ref.map { " \($0)" } ?? "") –"
            + " \(words.stamps(item.stamps))")
      }.joined(separator: ", ")
      let within =
        packagesLeft.isEmpty
        ? say("no paid, valid package", "žádný zaplacený platný balíček") : packages
      switch leftDifference {
      case 0:
        verdicts.append(
          say(
            "Left: the books agree with the provider, \(words.stamps(booksLeft)) (\(within)).",
            "Zbývá — evidence souhlasí s poskytovatelem, \(words.stamps(booksLeft)) (\(within))."))
      case 1...:
        verdicts.append(
          say(
            "Left: the provider has \(n(leftDifference)) more stamps left than the books"
              + " (\(n(providerLeft)) against \(n(booksLeft)); the books' are in \(within)): a"
              + " package recorded with fewer stamps or paid later than the provider has it, or"
              + " stamps in the books that the provider did not count (compare Used).",
            "Zbývá — poskytovateli zbývá o \(n(leftDifference)) razítek více než evidenci"
              + " (\(n(providerLeft)) proti \(n(booksLeft)); z toho \(within)); balíček"
              + " zapsaný s menším počtem razítek nebo zaplacený později, než ho vede poskytovatel,"
              + " nebo razítka v evidenci, která poskytovatel nezapočetl (porovnejte Použito)."))
      default:
        verdicts.append(
          say(
            "Left: the books have \(n(-leftDifference)) more stamps left than the provider"
              + " (\(n(booksLeft)) against \(n(providerLeft)); the books' are in \(within)): a"
              + " package in the books the provider has not delivered or that was entered twice,"
              + " a validity longer than the provider's, or stamps the provider counted that the"
              + " books lack (compare Used).",
            "Zbývá — evidenci zbývá o \(n(-leftDifference)) razítek více než poskytovateli"
              + " (\(n(booksLeft)) proti \(n(providerLeft)); z toho \(within)); balíček"
              + " v evidenci, který poskytovatel nedodal nebo byl zadán dvakrát, delší platnost"
              + " než u poskytovatele, nebo razítka započtená poskytovatelem, která evidence nemá"
              + " (porovnejte Použito)."))
      }
    }
    var facts = [
      Fact("contract", words[.contract], contractCode),
      Fact("as_of", words[.asOf], description),
    ]
    if let providerUsed {
      facts += [
        Fact("provider_used", say("Provider used", "Použito u poskytovatele"), n(providerUsed)),
        Fact("books_used", say("Books used", "Použito v evidenci"), n(booksUsed)),
        Fact("difference", say("Difference", "Rozdíl"), n(difference ?? 0)),
      ]
    }
    if let providerLeft {
      facts += [
        Fact("provider_left", say("Provider left", "Zbývá u poskytovatele"), n(providerLeft)),
        Fact("books_left", say("Books left", "Zbývá v evidenci"), n(booksLeft)),
        Fact(
          "left_difference", say("Difference left", "Rozdíl zbývajících"), n(leftDifference ?? 0)),
      ]
    }
    return Report(
      title: say("TSA reconciliation", "Odsouhlasení časových razítek"), facts: facts,
      table: ReportTable(
        columns: [
          words.column("month", .month),
          Column("stamps", say("Stamps in the books", "Razítek v evidenci")),
        ],
        rows: byMonth.map { Row(.body, [.text($0.month), .integer($0.stamps)]) }
          + [Row(.total, [words.term(.total), .integer(booksUsed)])]),
      notes: verdicts, moment: end, language: language)
  }
}
