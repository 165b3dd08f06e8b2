import TSALedger
import TSAModel

extension Reconciliation {
  /// The reconciliation in words, a table of months and, for the stamps left, the packages they
  /// are left in.
  public func report(asOf description: String) -> Report {
    var verdicts: [String] = []
    if let providerUsed, let difference {
      switch difference {
      case 0: verdicts.append("Used: the books agree with the provider, \(booksUsed) stamps.")
      case 1...:
        verdicts.append(
          "Used: the provider counts \(difference) more stamps than the books (\(providerUsed)"
            + " against \(booksUsed)): import the logs still missing (see the months below"
            + " against the provider's list by period), or find the clients that stamp outside"
            + " the proxy.")
      default:
        verdicts.append(
          "Used: the books hold \(-difference) more stamps than the provider counts"
            + " (\(booksUsed) against \(providerUsed)): a log may have been imported under the"
            + " wrong contract, or the provider's counter is older than the as-of time.")
      }
    }
    if let providerLeft, let leftDifference {
      let packages = packagesLeft.map { item in
        "package \(item.package.id)" + (item.package.ref.map { " \($0)" } ?? "")
          + ": \(item.stamps)"
      }.joined(separator: ", ")
      let within = packagesLeft.isEmpty ? "no paid, valid package" : packages
      switch leftDifference {
      case 0:
        verdicts.append(
          "Left: the books agree with the provider, \(booksLeft) stamps (\(within)).")
      case 1...:
        verdicts.append(
          "Left: the provider has \(leftDifference) more stamps left than the books"
            + " (\(providerLeft) against \(booksLeft); the books' are in \(within)): a package"
            + " recorded with"
            + " fewer stamps or paid later than the provider has it, or stamps in the books that"
            + " the provider did not count (compare Used).")
      default:
        verdicts.append(
          "Left: the books have \(-leftDifference) more stamps left than the provider"
            + " (\(booksLeft) against \(providerLeft); the books' are in \(within)): a package in"
            + " the books the"
            + " provider has not delivered or that was entered twice, a validity longer than the"
            + " provider's, or stamps the provider counted that the books lack (compare Used).")
      }
    }
    var facts = [Fact("contract", "Contract", contractCode), Fact("as_of", "As of", description)]
    if let providerUsed {
      facts += [
        Fact("provider_used", "Provider used", String(providerUsed)),
        Fact("books_used", "Books used", String(booksUsed)),
        Fact("difference", "Difference", String(difference ?? 0)),
      ]
    }
    if let providerLeft {
      facts += [
        Fact("provider_left", "Provider left", String(providerLeft)),
        Fact("books_left", "Books left", String(booksLeft)),
        Fact("left_difference", "Difference left", String(leftDifference ?? 0)),
      ]
    }
    return Report(
      title: "TSA reconciliation", facts: facts,
      table: ReportTable(
        columns: [Column("month", "Month"), Column("stamps", "Stamps in the books")],
        rows: byMonth.map { Row(.body, [.text($0.month), .integer($0.stamps)]) }
          + [Row(.total, [.text("Total"), .integer(booksUsed)])]),
      notes: verdicts, moment: end, language: .en)
  }
}
