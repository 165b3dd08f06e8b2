import TSALedger
import TSAModel

extension Reconciliation {
  /// The reconciliation in words and a table of months.
  public func report(asOf description: String) -> Report {
    let verdict: String
    switch difference {
    case 0: verdict = "The books agree with the provider: \(booksUsed) stamps used."
    case 1...:
      verdict =
        "The provider counts \(difference) more stamps than the books (\(providerUsed) against"
        + " \(booksUsed)): import the logs still missing (see the months below against the"
        + " provider's list by period), or find the clients that stamp outside the proxy."
    default:
      verdict =
        "The books hold \(-difference) more stamps than the provider counts (\(booksUsed) against"
        + " \(providerUsed)): a log may have been imported under the wrong contract, or the"
        + " provider's counter is older than the as-of time."
    }
    return Report(
      title: "TSA reconciliation",
      facts: [
        Fact("contract", "Contract", contractCode), Fact("as_of", "As of", description),
        Fact("provider_used", "Provider used", String(providerUsed)),
        Fact("books_used", "Books used", String(booksUsed)),
        Fact("difference", "Difference", String(difference)),
      ],
      table: ReportTable(
        columns: [Column("month", "Month"), Column("stamps", "Stamps in the books")],
        rows: byMonth.map { Row(.body, [.text($0.month), .integer($0.stamps)]) }
          + [Row(.total, [.text("Total"), .integer(booksUsed)])]),
      notes: [verdict], moment: end, language: .en)
  }
}
