import Foundation
import Testing

@testable import TSAImport

/// Credentials never reach the books: every shape a log or a client's event has been seen to
/// carry them in. The secret in each is `Pa55` and must not survive, in part or whole.
@Suite struct RedactionTests {
  @Test(arguments: [
    "GET https://alice:Pa55@tsa.example.cz/TSS HTTP/1.1",
    "https://alice:Pa/55@tsa.example.cz/TSS",  // a '/' in the password
    "https://alice:P@a55@tsa.example.cz/TSS",  // an '@' in the password
    "proxy alice:Pa55@proxy.example.cz:3128",  // no scheme
    "Authorization: Basic Pa55 x Proxy-Authorization: Basic Pa55",  // every header
    "Authorization: Pa55",  // no scheme
    "POST /tsa?authorization=Bearer%20Pa55 HTTP/1.1",  // URL-encoded
    "POST /tsa?user=a&password=Pa55&x=1 HTTP/1.1",
    "POST /tsa?passwd=Pa55", "POST /tsa?pwd=Pa55", "POST /tsa?token=Pa55",
    "POST /tsa?access_token=Pa55", "POST /tsa?key=Pa55", "POST /tsa?secret=Pa55",
    "POST /tsa?signature=Pa55", "POST /tsa;jsessionid=Pa55?x=1",
    #"{"authorization":"Basic Pa55"}"#,
  ])
  func noShapeOfACredentialSurvives(_ text: String) {
    let redacted = Redaction.redactText(text)
    #expect(!redacted.contains("Pa55") && !redacted.contains("55"), "\(redacted)")
    #expect(redacted.contains("[redacted]"), "\(redacted)")
  }

  @Test func whatIsNoCredentialStays() {
    for text in [
      #"10.0.0.5 - alice [05/Oct/2026:10:00:00 +0200] "POST /TSS/TSS_user/ HTTP/1.1" 200 1551"#,
      "mail tsa@example.cz at 10:00:00", "https://tsa.example.cz/TSS?document=42",
    ] {
      #expect(Redaction.redactText(text) == text)
    }
  }

  @Test func anEndpointKeepsNeitherCredentialsNorParameters() {
    #expect(
      Redaction.endpoint("https://a:P@55@tsa.example.cz/TSS;jsessionid=x?k=1")
        == "https://tsa.example.cz/TSS")
    #expect(Redaction.endpoint("/TSS/TSS_user/;jsessionid=Pa55") == "/TSS/TSS_user/")
  }

  /// A password that sits where the excerpt is cut keeps none of its characters: the line is
  /// redacted first, then cut.
  @Test func aPasswordAtTheCutOfAnExcerptLeavesNothing() throws {
    let folder = TemporaryFolder()
    let store = try makeStore(folder)
    let padding = String(repeating: "x", count: 180)
    let line = "garbage \(padding) https://alice:Pa55Word@tsa.example.cz/ and more\n"
    let summary = try run(
      store, [folder.write("bad.log", line + logLine("bob", "05/Oct/2026:10:00:00 +0200"))],
      ImportOptions(format: .combined, allowMalformed: true))[0]
    #expect(summary.malformed == 1)
    let kept = try #require(try store.malformedLines(sourceContaining: nil).first)
    #expect(kept.excerpt.count <= LineReader.excerptLength)
    #expect(!kept.excerpt.contains("Pa"), "\(kept.excerpt)")
    for file in ["books.sqlite", "books.sqlite-wal"] {
      let bytes = (try? Data(contentsOf: URL(fileURLWithPath: folder.file(file)))) ?? Data()
      #expect(bytes.range(of: Data("Pa55".utf8)) == nil, "\(file)")
    }
  }
}

/// Redaction reads a line once: no shape of text an outsider can write makes it backtrack (a
/// 4 KB line once took 52 s of CPU). Each 1 MB line here would take hours if it did; the bound is
/// generous so that only a hang fails (the speed itself is the bench's).
@Test(arguments: [
  String(repeating: "a:", count: 500_000), String(repeating: "a:a", count: 333_333) + "@",
  "https://" + String(repeating: ":a", count: 500_000),
  "x://" + String(repeating: "a:@", count: 333_333) + "/",
  String(repeating: "authorization=", count: 70_000), String(repeating: "a.", count: 500_000) + ":",
  String(repeating: "u:p@", count: 250_000), String(repeating: "?password=&", count: 90_000),
])
func redactionIsLinearInTheLinesLength(_ line: String) {
  let clock = ContinuousClock()
  let elapsed = clock.measure { _ = Redaction.redactText(line) }
  #expect(elapsed < .seconds(5), "\(line.prefix(12))…: \(elapsed)")
}

/// A password in a request target without a scheme (`POST user:SECRET@host/TSS/`) is dropped
/// like one in a URL.
@Test func aRequestTargetWithUserInformationIsRedacted() {
  for text in [
    "POST user:SECRET@host/TSS/ HTTP/1.1", "POST alice:SECRET@tsa.example.cz/TSS/ HTTP/1.1",
    #""POST user:SECRET@10.0.0.1:8080/TSS/ HTTP/1.1""#,
  ] {
    let redacted = Redaction.redactText(text)
    #expect(!redacted.contains("SECRET") && redacted.contains("[redacted]@"), "\(redacted)")
  }
}
