/// The provider's counter of used stamps against the books.
public struct Reconciliation: Sendable, Equatable {
  public var contractCode: String
  /// Stamps the provider says were used.
  public var providerUsed: Int64
  /// Stamps granted in the books up to the same moment (funded or not).
  public var booksUsed: Int64
  /// The books' stamps per local month, to compare with the provider's list by period.
  public var byMonth: [(month: String, stamps: Int64)]
  /// The moment compared.
  public var end: Instant

  /// Positive: the provider counts more than the books hold (stamps not imported yet, or used
  /// outside the logged clients); negative: the books hold more.
  public var difference: Int64 { providerUsed - booksUsed }

  public static func == (a: Reconciliation, b: Reconciliation) -> Bool {
    a.contractCode == b.contractCode && a.providerUsed == b.providerUsed
      && a.booksUsed == b.booksUsed && a.byMonth.elementsEqual(b.byMonth, by: { $0 == $1 })
      && a.end == b.end
  }
}

extension Reconciliation {
  /// Compares the provider's counter for `contractCode` with the books up to `end`.
  public static func make(
    store: Store, contractCode: String, providerUsed: Int64, end: Instant, zone: ReportZone
  ) throws -> Reconciliation {
    try store.reading {
      try read(
        store: store, contractCode: contractCode, providerUsed: providerUsed, end: end, zone: zone)
    }
  }

  private static func read(
    store: Store, contractCode: String, providerUsed: Int64, end: Instant, zone: ReportZone
  ) throws -> Reconciliation {
    let contract = try store.contract(code: contractCode)
    let booksUsed = try store.stampTotalsByContract(before: end)[contract.code] ?? 0
    let first = try store.firstStampTime(contractCode: contract.code)
    var byMonth: [(String, Int64)] = []
    if let first, first < end {
      let period = Period(
        from: zone.localDate(of: first).firstOfMonth,
        through: zone.localDate(of: end.adding(seconds: -1)), zone: zone)
      let summary = try UsageReport.summary(
        period: period, dimensions: [.month], filters: UsageFilters(contractCode: contract.code),
        store: store)
      for group in summary.groups {
        if case .period(let month) = group.key.first { byMonth.append((month, group.tally.stamps)) }
      }
    }
    return Reconciliation(
      contractCode: contract.code, providerUsed: providerUsed, booksUsed: booksUsed,
      byMonth: byMonth, end: end)
  }

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
