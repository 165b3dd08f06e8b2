import Foundation
import Testing

@testable import TSAAlert
@testable import TSALedger
@testable import TSAModel
@testable import TSAStore

@Suite struct AlertTests {
  let folder = TemporaryFolder()
  let shareOnly = (
    warning: AlertThresholds(below: [.percent(20)], runwayDays: nil, expiryDays: nil),
    critical: AlertThresholds(below: [.percent(5)], runwayDays: nil, expiryDays: nil)
  )

  /// A sendmail stand-in that appends each message to a file, or fails when told to.
  func fakeSendmail(failing: Bool = false) throws -> (Sendmail, String) {
    let outbox = folder.file("outbox")
    let script = folder.write(
      failing ? "failing-sendmail" : "sendmail",
      failing
        ? "#!/bin/sh\necho 'mail server down' >&2\nexit 75\n"
        : "#!/bin/sh\ncat >> \(outbox)\necho '=====' >> \(outbox)\n")
    // Run through sh: executing a file just written can fail with ETXTBSY while other tests
    // start processes in parallel.
    return (Sendmail(command: ["/bin/sh", script]), outbox)
  }

  func importStamps(_ store: Store, count: Int, at time: Instant, tag: String) throws {
    guard count > 0 else { return }
    let seconds = time.seconds
    let stamp =
      LocalDate(daysSinceEpoch: seconds / 86_400).iso
      + String(
        format: "T%02d:%02d:%02dZ", seconds % 86_400 / 3600, seconds % 3600 / 60, seconds % 60)
    let text = (0..<count).map { #"{"time":"\#(stamp)","user":"u","id":"\#(tag)-\#($0)"}"# + "\n" }
      .joined()
    _ = try run(store, [folder.write("\(tag).jsonl", text)])
  }

  func sent(_ outbox: String) -> [String] {
    ((try? String(contentsOfFile: outbox, encoding: .utf8)) ?? "").components(
      separatedBy: "=====\n"
    )
    .filter { !$0.isEmpty }
  }

  @Test func aDayOfCronRunsSendsOneMessagePerChangeOfState() throws {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(contractCode: "F2112000371", stamps: 100, paid: LocalDate(iso: "2026-01-01")))
    let start = Instant(seconds: LocalDate(iso: "2026-11-25")!.daysSinceEpoch * 86_400)
    try importStamps(store, count: 70, at: start.adding(seconds: -3600), tag: "before")
    let (sendmail, outbox) = try fakeSendmail()
    let options = AlertOptions(
      warning: shareOnly.warning, critical: shareOnly.critical, mailTo: ["ucetni@example.cz"],
      mailFrom: "tsa@example.cz", sendmail: sendmail)
    var levels: [AlertLevel] = []
    for run in 0..<288 {  // every five minutes for a day
      let now = start.adding(seconds: Int64(run) * 300)
      // one stamp every 10 minutes until 97 of 100 are used; then a new package arrives
      if run % 2 == 0 && run <= 54 {
        try importStamps(store, count: 1, at: now.adding(seconds: -1), tag: "run\(run)")
      }
      if run == 200 {
        try store.addPackage(
          PackageDraft(contractCode: "F2112000371", stamps: 200, paid: LocalDate(iso: "2026-11-25"))
        )
      }
      let outcome = try AlertRunner.run(
        store: store, options: options, now: now, zone: prague, host: "test.example")
      levels.append(outcome.level)
    }
    let messages = sent(outbox)
    #expect(messages.count == 3)
    #expect(
      messages.map { $0.split(separator: "\r\n").first { $0.hasPrefix("Subject:") } ?? "" } == [
        // 81 of 100 used, 81 in the last 30 days: 2.7 a day, 19 ÷ 2.7 = 7 days
        "Subject: [TSA WARNING] F2112000371: 19 stamps left (19%), runway 7 days",
        // 96 used: 3.2 a day, 4 ÷ 3.2 = 1 day
        "Subject: [TSA CRITICAL] F2112000371: 4 stamps left (4%), runway 1 day",
        // 98 used, 200 more bought: 202 of 300 left, 3.27 a day: 61 days
        "Subject: [TSA OK] resolved: F2112000371: 202 stamps left (67.3%), runway 61 days",
      ])
    #expect(
      levels.first == .ok && levels.contains(.warning) && levels.contains(.critical)
        && levels.last == .ok)
  }

  @Test func aFailedSendIsAnErrorAndTheNextRunSends() throws {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(contractCode: "F2112000371", stamps: 10, paid: LocalDate(iso: "2026-01-01")))
    let now = Instant(seconds: LocalDate(iso: "2026-11-25")!.daysSinceEpoch * 86_400 + 3600)
    try importStamps(store, count: 9, at: now.adding(seconds: -60), tag: "used")
    let (failing, _) = try fakeSendmail(failing: true)
    var options = AlertOptions(
      mailTo: ["ucetni@example.cz"], mailFrom: "tsa@example.cz", sendmail: failing)
    #expect(throws: MailError.self) {
      try AlertRunner.run(
        store: store, options: options, now: now, zone: prague, host: "test.example")
    }
    #expect(try store.alertStates().isEmpty)  // nothing recorded: the notice is still due
    let (working, outbox) = try fakeSendmail()
    options.sendmail = working
    let outcome = try AlertRunner.run(
      store: store, options: options, now: now.adding(seconds: 300), zone: prague,
      host: "test.example")
    #expect(outcome.level == .critical)
    #expect(sent(outbox).count == 1)
    // and not again five minutes later
    _ = try AlertRunner.run(
      store: store, options: options, now: now.adding(seconds: 600), zone: prague,
      host: "test.example")
    #expect(sent(outbox).count == 1)
  }

  @Test func aLastingProblemIsRemindedAfterAWeek() throws {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(contractCode: "F2112000371", stamps: 10, paid: LocalDate(iso: "2026-01-01")))
    let now = Instant(seconds: LocalDate(iso: "2026-11-02")!.daysSinceEpoch * 86_400)
    try importStamps(store, count: 9, at: now.adding(seconds: -60), tag: "used")
    let (sendmail, outbox) = try fakeSendmail()
    let options = AlertOptions(
      mailTo: ["a@example.cz"], mailFrom: "tsa@example.cz", sendmail: sendmail)
    for day in [0, 1, 6, 7, 8, 14] {
      _ = try AlertRunner.run(
        store: store, options: options, now: now.adding(seconds: Int64(day) * 86_400), zone: prague,
        host: "test.example")
    }
    let subjects = sent(outbox).map {
      $0.split(separator: "\r\n").first { $0.hasPrefix("Subject:") } ?? ""
    }
    #expect(subjects.count == 3)  // day 0, the reminder on day 7, and on day 14
    #expect(subjects.dropFirst().allSatisfy { $0.contains("still CRITICAL") })
  }

  @Test func alwaysPrintsAndRecordsNothing() throws {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(contractCode: "F2112000371", stamps: 200, paid: LocalDate(iso: "2026-01-01")))
    try importStamps(store, count: 193, at: Instant(seconds: 1_795_000_000), tag: "used")
    let outcome = try AlertRunner.run(
      store: store, options: AlertOptions(mailFrom: "x@y", mode: .always),
      now: Instant(seconds: 1_795_000_100), zone: prague, host: "test.example")
    #expect(
      outcome.output.hasPrefix("TSA CRITICAL - F2112000371: 7 stamps left (3.5%), runway 1 day\n"))
    #expect(try store.alertStates().isEmpty)
  }

  @Test func aDryRunShowsTheMessageAndRecordsNothing() throws {
    let store = try makeStore(folder)
    try store.addPackage(
      PackageDraft(contractCode: "F2112000371", stamps: 10, paid: LocalDate(iso: "2026-01-01")))
    let now = Instant(seconds: LocalDate(iso: "2026-11-25")!.daysSinceEpoch * 86_400 + 3600)
    try importStamps(store, count: 9, at: now.adding(seconds: -60), tag: "used")
    let (sendmail, outbox) = try fakeSendmail()
    let options = AlertOptions(
      mailTo: ["a@example.cz"], mailFrom: "tsa@example.cz", sendmail: sendmail, mode: .dryRun)
    let outcome = try AlertRunner.run(
      store: store, options: options, now: now, zone: prague, host: "test.example")
    #expect(outcome.level == .critical)
    #expect(outcome.output.contains("Would send to a@example.cz:"))
    #expect(outcome.output.contains("Subject: [TSA CRITICAL] F2112000371: 1 stamp left (10%)"))
    #expect(sent(outbox).isEmpty)
    #expect(try store.alertStates().isEmpty)
  }

  @Test func unfundedStampsAreCritical() throws {
    let store = try makeStore(folder)
    try importStamps(store, count: 1, at: Instant(seconds: 1_795_000_000), tag: "one")
    let alerts = AlertEvaluator.evaluate(
      try Books(store).balances(
        contractCode: nil, asOf: LocalDate(iso: "2026-11-20")!, zone: prague),
      warning: .defaultWarning, critical: .defaultCritical, today: LocalDate(iso: "2026-11-20")!)
    #expect(alerts[0].level == .critical)
    #expect(alerts[0].reasons.contains(.unfunded(1)))
  }

  @Test func theMessageIsProperRFC5322() {
    let message = MailMessage(
      from: "tsa@example.cz", to: ["a@example.cz", "b@example.cz"],
      subject: "[TSA WARNING] Smlouva Česká pošta: zbývá 7 razítek", body: "line\n.\nend",
      date: Instant(seconds: 1_795_000_000), messageID: "x@host")
    let text = message.text
    #expect(text.contains("Subject: =?UTF-8?B?"))
    #expect(text.contains("\r\nAuto-Submitted: auto-generated\r\n"))
    #expect(text.contains("\r\nContent-Type: text/plain; charset=utf-8\r\n"))
    #expect(text.contains("\r\nMessage-ID: <x@host>\r\n"))
    #expect(text.hasSuffix("\r\n\r\nline\r\n..\r\nend"))
    // the encoded subject decodes back to the original
    let words = text.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix {
      $0.hasPrefix("Subject:") || $0.hasPrefix(" ")
    }
    let decoded = words.map {
      $0.replacingOccurrences(of: "Subject: ", with: "").trimmingCharacters(in: .whitespaces)
    }
    .map {
      String(decoding: Data(base64Encoded: String($0.dropFirst(10).dropLast(2)))!, as: UTF8.self)
    }.joined()
    #expect(decoded == "[TSA WARNING] Smlouva Česká pošta: zbývá 7 razítek")
  }

  @Test func dateHeaderIsRFC5322() {
    // 2026-11-25 16:20:00 UTC was a Wednesday
    let instant = Instant(
      seconds: LocalDate(iso: "2026-11-25")!.daysSinceEpoch * 86_400 + 16 * 3600 + 20 * 60)
    #expect(MailMessage.rfc5322Date(instant) == "Wed, 25 Nov 2026 16:20:00 +0000")
  }
}
